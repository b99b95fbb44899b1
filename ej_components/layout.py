"""The page layout: the whole HTML document around a page's content."""

from __future__ import annotations

from typing import Any

import htpy
from django.conf import settings
from django.contrib import messages as django_messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from htpy import Node, Renderable, a, body, div, head, li, meta, nav, p, script, span, ul

from ej_components.catalog import component
from ej_components.examples import (
    HOSTILE_TEXT,
    LONG_PORTUGUESE_TEXT,
    example_request,
    example_user,
)
from ej_components.forms import csrf_input
from ej_components.helpers import as_text
from ej_components.messages import messages_list
from ej_components.primitives import button, card, empty_state, link

__all__ = ["account_menu", "page", "site_footer", "site_header", "site_name"]


def site_name() -> str:
    return str(getattr(settings, "EJ_SITE_NAME", "") or "EJ")


def _user(request: HttpRequest) -> Any:
    # RequestFactory requests (gallery examples, tests) may have no user.
    return getattr(request, "user", None) or AnonymousUser()


def _navigation() -> list[tuple[str, str]]:
    return [
        ("/", _("Home")),
        ("/conversations/", _("Conversations")),
        ("/boards/", _("Boards")),
    ]


def _is_current(request: HttpRequest, href: str) -> bool:
    path = getattr(request, "path", "")
    return path == href if href == "/" else path.startswith(href)


def _logo() -> Renderable:
    return htpy.svg(
        class_="brand__logo",
        viewBox="0 0 32 32",
        width="32",
        height="32",
        aria_hidden="true",
        focusable="false",
    )[
        htpy.circle(cx="12", cy="16", r="9", class_="brand__logo-left"),
        htpy.circle(cx="20", cy="16", r="9", class_="brand__logo-right"),
    ]


@component(
    examples={
        "logged out": lambda: {"request": example_request()},
        "logged in": lambda: {"request": example_request(user=example_user())},
        "long Portuguese text": lambda: {
            "request": example_request(user=example_user(name=LONG_PORTUGUESE_TEXT))
        },
        "hostile text": lambda: {"request": example_request(user=example_user(name=HOSTILE_TEXT))},
    }
)
def account_menu(*, request: HttpRequest) -> Renderable:
    """Who is logged in, with a log-out button; or links to log in and sign up."""
    user = _user(request)
    if user.is_authenticated:
        name = getattr(user, "display_name", None) or str(user)
        return div(class_="account")[
            a(class_="account__name", href="/account/")[
                span(class_="visually-hidden")[_("Logged in as")], " ", name
            ],
            a(class_="account__login", href="/conversations/favorites/")[_("Favorites")],
            htpy.form(class_="account__logout", method="post", action="/logout/")[
                csrf_input(request),
                button(text=_("Log out"), variant="secondary", type="submit"),
            ],
        ]
    return div(class_="account")[
        a(class_="account__login", href="/login/")[_("Log in")],
        link(href="/signup/", text=_("Sign up"), variant="primary"),
    ]


@component(
    examples={
        "logged out": lambda: {"request": example_request()},
        "logged in": lambda: {"request": example_request(user=example_user())},
        "on conversations": lambda: {"request": example_request(path="/conversations/")},
    }
)
def site_header(*, request: HttpRequest) -> Renderable:
    """Site name, main navigation and the account menu."""
    return htpy.header(class_="site-header")[
        div(class_="site-header__inner container")[
            a(class_="brand", href="/")[_logo(), span(class_="brand__name")[site_name()]],
            nav(class_="site-nav", aria_label=_("Main"))[
                ul(class_="site-nav__list")[
                    [
                        li[
                            a(
                                class_="site-nav__link",
                                href=href,
                                aria_current="page" if _is_current(request, href) else None,
                            )[label]
                        ]
                        for href, label in _navigation()
                    ]
                ]
            ],
            account_menu(request=request),
        ]
    ]


@component(examples={"default": dict})
def site_footer() -> Renderable:
    """What EJ is, and links that matter on every page."""
    links = _navigation()
    if getattr(settings, "EJ_GALLERY", False):
        links.append(("/components/", _("Components")))
    return htpy.footer(class_="site-footer")[
        div(class_="site-footer__inner container")[
            p(class_="site-footer__about")[
                _(
                    "%(site)s is a participation platform: people vote on short comments, and "
                    "the opinion groups that form show what each group thinks and where "
                    "everyone agrees."
                )
                % {"site": site_name()}
            ],
            nav(class_="site-footer__nav", aria_label=_("Footer"))[
                ul[[li[a(href=href)[label]] for href, label in links]]
            ],
            p(class_="site-footer__license")[_("Free software, under the AGPL 3.0 license.")],
        ]
    ]


def _example_content() -> Renderable:
    return div(class_="container stack")[
        htpy.h1[_("Conversations")],
        card(
            title=_("Public transport"),
            body=_("How should the city spend its transport budget?"),
            href="/conversations/1/",
        ),
    ]


@component(
    document=True,
    examples={
        "logged out": lambda: {
            "request": example_request(path="/conversations/"),
            "title": _("Conversations"),
            "content": _example_content(),
        },
        "logged in": lambda: {
            "request": example_request(path="/conversations/", user=example_user()),
            "title": _("Conversations"),
            "content": _example_content(),
        },
        "messages": lambda: {
            "request": example_request(
                user=example_user(),
                messages=[
                    (django_messages.SUCCESS, _("Vote saved.")),
                    (django_messages.ERROR, _("Your comment could not be saved.")),
                ],
            ),
            "title": _("Conversations"),
            "content": _example_content(),
        },
        "empty": lambda: {
            "request": example_request(),
            "title": _("Conversations"),
            "content": div(class_="container")[
                empty_state(
                    title=_("No conversations yet"),
                    message=_("When a conversation opens, it will show up here."),
                )
            ],
        },
        "long Portuguese text": lambda: {
            "request": example_request(user=example_user(name=LONG_PORTUGUESE_TEXT)),
            "title": LONG_PORTUGUESE_TEXT,
            "description": LONG_PORTUGUESE_TEXT,
            "content": div(class_="container")[htpy.h1[LONG_PORTUGUESE_TEXT]],
        },
        "hostile text": lambda: {
            "request": example_request(user=example_user(name=HOSTILE_TEXT)),
            "title": HOSTILE_TEXT,
            "description": HOSTILE_TEXT,
            "content": div(class_="container")[htpy.h1[HOSTILE_TEXT]],
        },
    },
)
def page(
    request: HttpRequest,
    *,
    title: Node,
    content: Node,
    description: Node = None,
) -> Renderable:
    """A whole HTML document: head, skip link, header, messages, ``content`` and footer.

    ``title`` goes before the site name in ``<title>``; ``content`` brings its own ``<h1>``.
    """
    site = site_name()
    title = str(as_text(title) or "")
    full_title = site if not title or title == site else f"{title} · {site}"
    description = str(
        as_text(description)
        or _(
            "Conversations where people vote on short comments and discover the opinion "
            "groups they form."
        )
    )
    language = get_language() or settings.LANGUAGE_CODE
    messages = list(get_messages(request))
    return htpy.html(lang=language, dir="rtl" if get_language_bidi() else "ltr")[
        head[
            meta(charset="utf-8"),
            meta(name="viewport", content="width=device-width, initial-scale=1"),
            htpy.title[full_title],
            meta(name="description", content=description),
            htpy.link(rel="icon", href=static("img/favicon.svg"), type="image/svg+xml"),
            htpy.link(rel="stylesheet", href=static("css/main.css")),
            script(src=static("js/ej.js"), defer=True),
        ],
        body[
            a(class_="skip-link", href="#main")[_("Skip to content")],
            site_header(request=request),
            htpy.main(id="main", class_="site-main", tabindex="-1")[
                messages
                and div(class_="container site-messages")[messages_list(messages=messages)],
                content,
            ],
            site_footer(),
        ],
    ]
