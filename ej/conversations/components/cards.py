"""How a conversation is shown: as a card in lists, and as the header of its own page."""

from __future__ import annotations

from collections.abc import Sequence

import htpy
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from htpy import Node, Renderable, div, h1, li, p, span, ul

from ej.conversations.examples import example_conversation, example_tags
from ej.conversations.models import Conversation, Tag
from ej_components.catalog import component
from ej_components.examples import (
    HOSTILE_TEXT,
    LONG_PORTUGUESE_TEXT,
    LONG_PORTUGUESE_WORD,
    example_request,
    example_user,
)
from ej_components.forms import csrf_input
from ej_components.helpers import safe_url
from ej_components.primitives import card, link
from ej_components.registry import html

__all__ = [
    "attribution_note",
    "conversation_card",
    "conversation_header",
    "conversation_stats",
    "conversation_summary",
    "favorite_button",
    "tag_list",
]

POLIS_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


@component(
    examples={
        "default": lambda: {"tags": example_tags()},
        "linked": lambda: {"tags": example_tags(), "href": "/conversations/"},
        "empty": lambda: {"tags": []},
        "hostile text": lambda: {"tags": [Tag(name=HOSTILE_TEXT, slug="x")], "href": HOSTILE_TEXT},
    }
)
def tag_list(*, tags: Sequence[Tag], href: str | None = None) -> Renderable:
    """A conversation's tags; with ``href`` (a list page) each filters that list."""
    if not tags:
        return htpy.fragment[None]
    return ul(class_="tag-list", aria_label=_("Tags"))[
        [
            li(class_="tag-list__item")[
                htpy.a(class_="tag", href=f"{safe_url(href)}?tag={tag.slug}")[tag.name]
                if href
                else span(class_="tag")[tag.name]
            ]
            for tag in tags
        ]
    ]


def _stats(comments: int, participants: int) -> str:
    comments_text = ngettext("%(count)d comment", "%(count)d comments", comments) % {
        "count": comments
    }
    participants_text = ngettext(
        "%(count)d participant", "%(count)d participants", participants
    ) % {"count": participants}
    return f"{comments_text} · {participants_text}"


@component(
    examples={
        "default": lambda: {
            "conversation": example_conversation(),
            "tags": example_tags(),
            "comments": 24,
            "participants": 130,
        },
        "logged in with progress": lambda: {
            "conversation": example_conversation(),
            "comments": 24,
            "participants": 130,
            "voted": 10,
        },
        "hidden": lambda: {"conversation": example_conversation(is_hidden=True)},
        "empty": lambda: {"conversation": example_conversation(), "comments": 0},
        "long Portuguese text": lambda: {
            "conversation": example_conversation(
                title=LONG_PORTUGUESE_WORD, text=LONG_PORTUGUESE_TEXT
            ),
            "tags": [Tag(name=LONG_PORTUGUESE_WORD, slug="x")],
        },
        "hostile text": lambda: {
            "conversation": example_conversation(title=HOSTILE_TEXT, text=HOSTILE_TEXT),
            "tags": [Tag(name=HOSTILE_TEXT, slug="x")],
        },
    }
)
def conversation_card(
    *,
    conversation: Conversation,
    tags: Sequence[Tag] = (),
    comments: int = 0,
    participants: int = 0,
    voted: int | None = None,
    heading_level: int = 2,
) -> Renderable:
    """A conversation in a list: title (the link), question, tags and how many took part.

    ``voted`` (for a logged-in person) adds how many of the comments they voted on.
    """
    footer: list[Node] = [_stats(comments, participants)]
    if voted is not None and comments:
        footer.append(
            span(class_="conversation-card__progress")[
                " · ",
                _("you voted on %(voted)d of %(total)d")
                % {"voted": min(voted, comments), "total": comments},
            ]
        )
    return card(
        class_="conversation-card"
        + (" conversation-card--hidden" if conversation.is_hidden else ""),
        heading_level=heading_level,
        title=conversation.title,
        href=conversation.get_absolute_url(),
        body=[
            conversation.is_hidden and p(class_="conversation-card__hidden")[_("Hidden")],
            p(class_="conversation-card__question")[conversation.text],
            tag_list(tags=tags),
        ],
        footer=footer,
    )


html.register(
    Conversation,
    role="card",
    renderer=lambda conversation, **kwargs: conversation_card(conversation=conversation, **kwargs),
)


@component(
    examples={
        "default": lambda: {
            "action": "/conversations/transporte-publico/favorite/",
            "is_favorite": False,
            "request": example_request(user=example_user()),
        },
        "favourite": lambda: {
            "action": "/conversations/transporte-publico/favorite/",
            "is_favorite": True,
            "request": example_request(user=example_user()),
        },
    }
)
def favorite_button(*, action: str, is_favorite: bool, request: HttpRequest) -> Renderable:
    """Add the conversation to the person's favourites, or take it out (a toggle button)."""
    return div(class_="favorite", id="favorite", data_ej_region=True)[
        htpy.form(method="post", action=action, class_="favorite__form")[
            csrf_input(request),
            htpy.button(
                type="submit",
                class_=["button", "button--secondary", "favorite__button"],
                aria_pressed="true" if is_favorite else "false",
            )[
                span(class_="favorite__icon", aria_hidden="true")["★" if is_favorite else "☆"],
                " ",
                _("Favourite"),
            ],
        ]
    ]


@component(
    examples={
        "polis": lambda: {
            "source": Conversation.Source.POLIS,
            "source_url": "https://compdemocracy.org/case-studies/2014-seattle-15-per-hour",
        },
        "empty": lambda: {"source": Conversation.Source.EJ},
        "hostile text": lambda: {"source": Conversation.Source.POLIS, "source_url": HOSTILE_TEXT},
    }
)
def attribution_note(*, source: str, source_url: str = "") -> Renderable:
    """Where a conversation's comments and votes come from, with the licence they came under."""
    if source != Conversation.Source.POLIS:
        return htpy.fragment[None]
    return htpy.aside(class_="attribution", aria_label=_("Data source"))[
        p[
            _(
                "The comments and votes of this conversation are open data gathered with the "
                "Polis software and published by The Computational Democracy Project, under "
                "the licence"
            ),
            " ",
            htpy.a(href=POLIS_LICENSE_URL, rel="license")["CC BY 4.0"],
            ". ",
            source_url
            and htpy.a(href=safe_url(source_url), rel="noopener noreferrer")[
                _("How the data was collected")
            ],
        ]
    ]


def _header_examples() -> dict:
    def base(**kwargs):
        return {"conversation": example_conversation(), "tags": example_tags(), **kwargs}

    return {
        "default": lambda: base(),
        "with statistics": lambda: base(comments=24, participants=130),
        "with actions": lambda: base(
            actions=[
                link(href="/conversations/x/edit/", text=_("Edit")),
                link(href="/conversations/x/moderate/", text=_("Moderate")),
            ]
        ),
        "hidden": lambda: base(conversation=example_conversation(is_hidden=True)),
        "long Portuguese text": lambda: base(
            conversation=example_conversation(title=LONG_PORTUGUESE_TEXT, text=LONG_PORTUGUESE_TEXT)
        ),
        "hostile text": lambda: base(
            conversation=example_conversation(title=HOSTILE_TEXT, text=HOSTILE_TEXT)
        ),
    }


@component(
    examples={
        "default": lambda: {"conversation": example_conversation(), "tags": example_tags()},
        "on a board": lambda: {
            "conversation": example_conversation(),
            "board_link": link(href="/prefeitura/", text="Prefeitura"),
        },
        "hidden": lambda: {"conversation": example_conversation(is_hidden=True)},
        "hostile text": lambda: {
            "conversation": example_conversation(title=HOSTILE_TEXT, text=HOSTILE_TEXT),
            "tags": [Tag(name=HOSTILE_TEXT, slug="x")],
        },
    }
)
def conversation_summary(
    *, conversation: Conversation, tags: Sequence[Tag] = (), board_link: Node = None
) -> Renderable:
    """What a conversation is about, the same for every reader: board, title, question, tags
    (the part of its header that pages keep in the cache)."""
    return htpy.fragment[
        board_link is not None and p(class_="conversation-header__board")[board_link],
        h1(class_="conversation-header__title")[conversation.title],
        conversation.is_hidden
        and p(class_="conversation-header__hidden")[
            _("Hidden: only its organizers and moderators see this conversation.")
        ],
        p(class_="conversation-header__question")[conversation.text],
        tag_list(tags=tags, href="/conversations/"),
    ]


@component(
    examples={
        "default": lambda: {"comments": 24, "participants": 130},
        "one of each": lambda: {"comments": 1, "participants": 1},
        "empty": lambda: {"comments": 0, "participants": 0},
    }
)
def conversation_stats(*, comments: int, participants: int) -> Renderable:
    """How many comments are open for votes and how many people voted."""
    return p(class_="conversation-header__stats")[_stats(comments, participants)]


@component(examples=_header_examples())
def conversation_header(
    *,
    conversation: Conversation,
    tags: Sequence[Tag] = (),
    board_link: Node = None,
    favorite: Node = None,
    actions: Sequence[Node] = (),
    comments: int | None = None,
    participants: int | None = None,
    summary: Node = None,
    stats: Node = None,
) -> Renderable:
    """The top of a conversation's page: board, title, the question, tags, how many took part
    (with ``comments`` and ``participants``) and the reader's actions.

    ``summary`` and ``stats``, when given, are :func:`conversation_summary` and
    :func:`conversation_stats` already rendered (pages take them from the cache).
    """
    if summary is None:
        summary = conversation_summary(conversation=conversation, tags=tags, board_link=board_link)
    if stats is None and comments is not None:
        stats = conversation_stats(comments=comments, participants=participants or 0)
    return htpy.header(class_="conversation-header")[
        summary,
        stats,
        (favorite is not None or actions)
        and div(class_="conversation-header__actions")[favorite, list(actions)],
    ]
