"""The public list of conversations and a person's favourites."""

from __future__ import annotations

from urllib.parse import urlencode

import htpy
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from htpy import Node, Renderable, div, p

from ej.conversations import cache as page_cache
from ej.conversations import selectors
from ej.conversations.components import conversation_card
from ej.conversations.forms import ConversationSearchForm
from ej.conversations.models import Conversation, Tag
from ej.conversations.routes import router
from ej_components.layout import page
from ej_components.pagination import pagination
from ej_components.primitives import button, empty_state, link
from ej_components.sections import content_section


def conversation_grid(conversations) -> Renderable:
    """Cards for annotated conversations (see ``selectors.with_stats``)."""
    return htpy.ul(class_="conversation-grid")[
        [
            htpy.li(class_="conversation-grid__item")[
                conversation_card(
                    conversation=conversation,
                    tags=list(conversation.tags.all()),
                    comments=conversation.n_comments,
                    participants=conversation.n_participants,
                    voted=getattr(conversation, "n_voted", None),
                )
            ]
            for conversation in conversations
        ]
    ]


def cached_conversation_grid(conversations) -> Renderable:
    """:func:`conversation_grid` for readers who are not logged in: the cards are the same for
    all of them, so they come from the page cache, keyed by each conversation's versions; the
    statistics are read only for the cards missing."""
    conversations = list(conversations)

    def render(missing: list[int]) -> dict[int, Renderable]:
        annotated = selectors.with_stats(Conversation.objects.filter(pk__in=missing))
        return {
            conversation.pk: conversation_card(
                conversation=conversation,
                tags=list(conversation.tags.all()),
                comments=conversation.n_comments,
                participants=conversation.n_participants,
            )
            for conversation in annotated
        }

    cards = page_cache.fragments(conversations, "card", render)
    return htpy.ul(class_="conversation-grid")[
        [
            htpy.li(class_="conversation-grid__item")[cards[conversation.pk]]
            for conversation in conversations
            if conversation.pk in cards
        ]
    ]


def search_box(*, action: str, query: str, tag: Tag | None) -> Renderable:
    return htpy.form(class_="conversation-search", method="get", action=action, role="search")[
        htpy.label(class_="field__label", for_="conversation-q")[_("Search conversations")],
        div(class_="conversation-search__row")[
            htpy.input(type="search", id="conversation-q", name="q", value=query, maxlength="100"),
            tag is not None and htpy.input(type="hidden", name="tag", value=tag.slug),
            button(text=_("Search"), type="submit", variant="secondary"),
        ],
        tag is not None
        and p(class_="conversation-search__tag")[
            _("Tagged “%(tag)s”.") % {"tag": tag.name},
            " ",
            htpy.a(href=action + ("?" + urlencode({"q": query}) if query else ""))[
                _("Show every tag")
            ],
        ],
    ]


def listing_body(
    request: HttpRequest,
    queryset,
    *,
    action: str,
    empty_title: str,
    empty_message: str,
    empty_action: Node = None,
) -> Renderable:
    """Search box, cards, pagination and the empty state, for any list of conversations."""
    form = ConversationSearchForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    query, tag_slug = cleaned.get("q", ""), cleaned.get("tag", "")
    tag = Tag.objects.filter(slug=tag_slug).first() if tag_slug else None
    found = selectors.search(queryset, query=query, tag=tag.slug if tag else "")
    logged_in = request.user.is_authenticated
    if logged_in:  # each card shows the person's progress: not cached
        found = selectors.with_stats(found, user=request.user)
    paginator = Paginator(found.order_by("-created", "-id"), settings.EJ_CONVERSATIONS_PER_PAGE)
    current = paginator.get_page(request.GET.get("page"))
    if current.object_list:
        grid = conversation_grid if logged_in else cached_conversation_grid
        results: Node = [
            grid(current.object_list),
            pagination(page=current, query=request.GET),
        ]
    elif query or tag:
        results = empty_state(
            title=_("No conversation matches your search"),
            message=_("Try other words, or look at every conversation."),
            action=link(href=action, text=_("Show every conversation")),
        )
    else:
        results = empty_state(title=empty_title, message=empty_message, action=empty_action)
    return div(class_="conversation-listing")[
        search_box(action=action, query=query, tag=tag),
        results,
    ]


@router.route("", name="conversation-list", methods=["GET"])
def conversation_list(request: HttpRequest):
    can_create = request.user.has_perm("ej_conversations.can_create")
    new = can_create and link(
        href=reverse("conversation-create"), text=_("New conversation"), variant="primary"
    )
    return page(
        request,
        title=_("Conversations"),
        description=_("Join a conversation: vote on comments and write your own."),
        content=content_section(
            title=_("Conversations"),
            intro=_("Vote on what others said, and say what you think."),
            width="wide",
            body=[
                new and div(class_="page-actions")[new],
                listing_body(
                    request,
                    Conversation.objects.listed(),
                    action=reverse("conversation-list"),
                    empty_title=_("No conversations yet"),
                    empty_message=_("When a conversation opens, it will show up here."),
                ),
            ],
        ),
    )


@router.route("favorites/", name="conversation-favorites", login=True, methods=["GET"])
def favorites(request: HttpRequest):
    return page(
        request,
        title=_("Your favourite conversations"),
        content=content_section(
            title=_("Your favourite conversations"),
            width="wide",
            body=listing_body(
                request,
                selectors.favorites_of(request.user),
                action=reverse("conversation-favorites"),
                empty_title=_("No favourites yet"),
                empty_message=_("Mark a conversation as favourite (★) to find it here again."),
                empty_action=link(href=reverse("conversation-list"), text=_("See conversations")),
            ),
        ),
    )
