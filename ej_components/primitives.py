"""Building blocks: links, buttons, cards, progress bars and empty states."""

from __future__ import annotations

import htpy
from django.utils import formats
from django.utils.translation import gettext as _
from htpy import Node, Renderable, a, article, div, p, section, span

from ej_components.catalog import component
from ej_components.examples import HOSTILE_TEXT, LONG_PORTUGUESE_TEXT, LONG_PORTUGUESE_WORD
from ej_components.helpers import as_text, heading, safe_url

__all__ = ["BUTTON_VARIANTS", "button", "card", "empty_state", "link", "progress_bar"]

BUTTON_VARIANTS = ("primary", "secondary", "danger")
BUTTON_TYPES = ("button", "submit", "reset")


def _button_classes(variant: str | None) -> list[str]:
    if variant is None:
        return []
    if variant not in BUTTON_VARIANTS:
        raise ValueError(f"button variant must be one of {BUTTON_VARIANTS}, got {variant!r}")
    return ["button", f"button--{variant}"]


@component(
    examples={
        "default": lambda: {"href": "/conversations/", "text": _("See conversations")},
        "as button": lambda: {"href": "/signup/", "text": _("Sign up"), "variant": "primary"},
        "current page": lambda: {"href": "/", "text": _("Home"), "current": True},
        "external": lambda: {
            "href": "https://www.djangoproject.com/",
            "text": "Django",
            "external": True,
        },
        "long Portuguese text": lambda: {"href": "/", "text": LONG_PORTUGUESE_TEXT},
        "hostile text": lambda: {
            "href": "javascript:alert(1)",
            "text": HOSTILE_TEXT,
            "class_": HOSTILE_TEXT,
        },
    }
)
def link(
    *,
    href: str,
    text: Node,
    variant: str | None = None,
    current: bool = False,
    external: bool = False,
    class_: str | None = None,
) -> Renderable:
    """A link; ``variant`` makes it look like a button. URLs that could run code become ``#``."""
    return a(
        href=safe_url(href),
        class_=[*_button_classes(variant), class_],
        aria_current="page" if current else None,
        rel="noopener noreferrer" if external else None,
    )[as_text(text)]


@component(
    examples={
        "primary": lambda: {"text": _("Send")},
        "secondary": lambda: {"text": _("Cancel"), "variant": "secondary"},
        "danger": lambda: {"text": _("Delete"), "variant": "danger"},
        "submit": lambda: {"text": _("Save"), "type": "submit"},
        "disabled": lambda: {"text": _("Send"), "disabled": True},
        "long Portuguese text": lambda: {"text": LONG_PORTUGUESE_TEXT},
        "hostile text": lambda: {
            "text": HOSTILE_TEXT,
            "class_": HOSTILE_TEXT,
            "value": HOSTILE_TEXT,
        },
    }
)
def button(
    *,
    text: Node,
    variant: str = "primary",
    type: str = "button",
    disabled: bool = False,
    name: str | None = None,
    value: str | None = None,
    class_: str | None = None,
) -> Renderable:
    """A button (``type="submit"`` inside forms)."""
    if type not in BUTTON_TYPES:
        raise ValueError(f"button type must be one of {BUTTON_TYPES}, got {type!r}")
    return htpy.button(
        type=type,
        class_=[*_button_classes(variant), class_],
        disabled=disabled,
        name=name,
        value=value,
    )[as_text(text)]


@component(
    examples={
        "default": lambda: {
            "title": _("Public transport"),
            "body": p[_("How should the city spend its transport budget?")],
            "footer": _("120 votes"),
            "href": "/conversations/",
        },
        "without link": lambda: {"title": _("Public transport"), "body": _("Just text.")},
        "body only": lambda: {"body": _("A card without a title.")},
        "long Portuguese text": lambda: {
            "title": LONG_PORTUGUESE_WORD,
            "body": LONG_PORTUGUESE_TEXT,
            "footer": LONG_PORTUGUESE_TEXT,
        },
        "hostile text": lambda: {
            "title": HOSTILE_TEXT,
            "body": HOSTILE_TEXT,
            "href": HOSTILE_TEXT,
            "class_": HOSTILE_TEXT,
        },
    }
)
def card(
    *,
    title: Node = None,
    body: Node = None,
    footer: Node = None,
    href: str | None = None,
    heading_level: int = 2,
    class_: str | None = None,
) -> Renderable:
    """A box of related content; with ``href`` the title links to it."""
    title = as_text(title)
    return article(class_=["card", class_])[
        title is not None
        and heading(heading_level)(class_="card__title")[
            a(href=safe_url(href))[title] if href else title
        ],
        body is not None and div(class_="card__body")[as_text(body)],
        footer is not None and htpy.footer(class_="card__footer")[as_text(footer)],
    ]


@component(
    examples={
        "default": lambda: {"value": 7, "maximum": 20, "label": _("Comments voted")},
        "complete": lambda: {"value": 20, "maximum": 20, "label": _("Comments voted")},
        "empty": lambda: {"value": 0, "maximum": 20, "label": _("Comments voted")},
        "zero maximum": lambda: {"value": 0, "maximum": 0, "label": _("Comments voted")},
        "fraction": lambda: {"value": 2.5, "maximum": 3, "label": _("Hours")},
        "long Portuguese text": lambda: {"value": 3, "maximum": 9, "label": LONG_PORTUGUESE_TEXT},
        "hostile text": lambda: {"value": 1, "maximum": 2, "label": HOSTILE_TEXT},
    }
)
def progress_bar(
    *, value: int | float, maximum: int | float, label: Node, class_: str | None = None
) -> Renderable:
    """How far along something is, with the numbers written out.

    ``value`` is clamped to ``0..maximum``; a zero ``maximum`` shows an empty bar at 0%.
    """
    maximum = max(maximum, 0)
    value = min(max(value, 0), maximum)
    percent = round(100 * value / maximum) if maximum else 0
    summary = _("%(value)s of %(maximum)s (%(percent)s%%)") % {
        "value": formats.localize(value),
        "maximum": formats.localize(maximum),
        "percent": percent,
    }
    # <progress> needs a positive max; with nothing to do, an empty bar out of 1 says the same.
    bar_value, bar_max = (value, maximum) if maximum else (0, 1)
    return div(class_=["progress", class_])[
        htpy.label(class_="progress__label")[
            span(class_="progress__name")[as_text(label)],
            htpy.progress(
                class_="progress__bar",
                value=str(bar_value),
                max=str(bar_max),
                aria_valuetext=summary,
            )[f"{percent}%"],
        ],
        span(class_="progress__text")[summary],
    ]


@component(
    examples={
        "default": lambda: {
            "title": _("No conversations yet"),
            "message": _("When a conversation opens, it will show up here."),
        },
        "with action": lambda: {
            "title": _("No conversations yet"),
            "message": _("Start one and invite people to vote."),
            "action": link(
                href="/conversations/new/", text=_("New conversation"), variant="primary"
            ),
        },
        "long Portuguese text": lambda: {
            "title": LONG_PORTUGUESE_TEXT,
            "message": LONG_PORTUGUESE_TEXT,
        },
        "hostile text": lambda: {
            "title": HOSTILE_TEXT,
            "message": HOSTILE_TEXT,
            "class_": HOSTILE_TEXT,
        },
    }
)
def empty_state(
    *,
    title: Node,
    message: Node,
    action: Node = None,
    heading_level: int = 2,
    class_: str | None = None,
) -> Renderable:
    """What to show instead of an empty list: what is missing and what to do about it."""
    return section(class_=["empty-state", class_])[
        heading(heading_level)(class_="empty-state__title")[as_text(title)],
        p(class_="empty-state__message")[as_text(message)],
        action is not None and div(class_="empty-state__action")[action],
    ]
