"""A conversation's page, and voting, commenting and favourites.

Without JavaScript each form posts and the route redirects back (POST, redirect, GET). The
page's script sends the same forms with ``Accept: application/json`` and gets
``{"html": ..., "message": ...}``: the new participation region (or favourite button) to put in
place of the old one. Errors come as 400 (bad input), 403 or 404, with ``{"error": ...}`` or,
for a comment form, the region with the errors next to the field.
"""

from __future__ import annotations

import functools
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from htpy import Node, div, p
from markupsafe import escape

from ej.conversations import cache as page_cache
from ej.conversations import selectors, services
from ej.conversations.components import (
    attribution_note,
    comment_card,
    conversation_header,
    conversation_stats,
    conversation_summary,
    favorite_button,
)
from ej.conversations.errors import CommentLimitReached
from ej.conversations.forms import CommentForm
from ej.conversations.http import json_error, json_region, login_url, safe_next, wants_json
from ej.conversations.models import Choice, Comment, Conversation
from ej.conversations.participants import participant_for
from ej.conversations.routes import router
from ej.conversations.routes.helpers import (
    add_errors,
    conversation_page,
    draw_approved,
    page_versions,
    participation_region,
    require_visible,
)
from ej_components.primitives import link
from ej_components.registry import RendererNotFound, html


def _favorite(request: HttpRequest, conversation: Conversation) -> Node:
    if not request.user.has_perm("ej_conversations.can_favorite", conversation):
        return None
    return favorite_button(
        action=conversation.url("conversation-favorite"),
        is_favorite=selectors.is_favorite(request.user, conversation),
        request=request,
    )


def _actions(request: HttpRequest, conversation: Conversation) -> list[Node]:
    actions = []
    if request.user.has_perm("ej_conversations.can_edit", conversation):
        actions.append(link(href=conversation.url("conversation-edit"), text=_("Edit")))
    if request.user.has_perm("ej_conversations.can_moderate", conversation):
        actions.append(link(href=conversation.url("conversation-moderate"), text=_("Moderate")))
    return actions


def _board_link(conversation: Conversation) -> Node:
    if not conversation.board_id:
        return None
    board = conversation.board
    return link(href=board.get_absolute_url(), text=board.name)


def _opinion_group(request: HttpRequest, conversation: Conversation) -> Node:
    """Room for the person's opinion group: filled by whatever registers the ``opinion-group``
    role for conversations (the opinion-group app), empty until then."""
    try:
        renderer = html.renderer(Conversation, "opinion-group")
    except RendererNotFound:
        return None
    return renderer(conversation, request=request)


def _stats(request: HttpRequest, conversation: Conversation) -> Node:
    """How many took part: exact (keyed by both versions of the page cache)."""
    return page_cache.fragment(
        conversation,
        page_versions(request, conversation),
        "stats",
        lambda: conversation_stats(**selectors.counts(conversation)),
    )


def _header(request: HttpRequest, conversation: Conversation, *, stats: Node = None) -> Node:
    """The header: what is the same for everyone comes from the page cache (see
    ``ej.conversations.cache``); the favourite and organizer buttons are the reader's own."""
    version = page_versions(request, conversation)
    summary = page_cache.fragment(
        conversation,
        version and version[0],
        "summary",
        lambda: conversation_summary(
            conversation=conversation,
            tags=list(conversation.tags.all()),
            board_link=_board_link(conversation),
        ),
    )
    return conversation_header(
        conversation=conversation,
        summary=summary,
        stats=stats if stats is not None else _stats(request, conversation),
        favorite=_favorite(request, conversation),
        actions=_actions(request, conversation),
    )


def _detail_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    comment_form=None,
    holes: dict[str, str] | None = None,
):
    """The conversation's page; with ``holes``, their markers stand where the statistics, the
    participation region and the opinion groups go (see ``_reader_page``)."""
    if holes:
        stats, participation, groups = holes["stats"], holes["participation"], holes["groups"]
    else:
        stats = None
        participation = participation_region(request, conversation, comment_form=comment_form)
        groups = _opinion_group(request, conversation)
    return conversation_page(
        request,
        conversation,
        title=conversation.title,
        description=conversation.text,
        content=div(class_="container conversation-page")[
            _header(request, conversation, stats=stats),
            participation,
            groups,
            attribution_note(source=conversation.source, source_url=conversation.source_url),
        ],
    )


def _reader_without_session(request: HttpRequest) -> bool:
    """Nobody logged in, no vote, no message: the page is the same for every such reader but
    for the card drawn for them (and their CSRF token, when anonymous votes are allowed)."""
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


# The value of the CSRF field our forms render (``ej_components.forms.csrf_input``).
_CSRF_VALUE = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')


def _reader_card(
    request: HttpRequest, conversation: Conversation, approved: list[tuple], holes: dict[str, str]
) -> str | None:
    """The participation region of readers without a session, rendered once with their page:
    the comment drawn for each reader leaves holes for its id and its text, and the vote form
    (when the conversation takes anonymous votes) one for the reader's CSRF token. ``None`` when
    a CSRF field could not be told apart: then no page is kept, and each reader's is rendered."""
    comment = None
    # An id nothing else in the region reads like, put in place of the drawn comment's.
    placeholder = 10**17 + secrets.randbelow(9 * 10**17)
    if approved:
        comment = Comment(
            pk=placeholder,
            conversation=conversation,
            text=holes["text"],
            status=Comment.Status.APPROVED,
        )
    region = participation_region(request, conversation, drawn=(comment, len(approved)))
    # str() twice: htpy renders a Markup, whose methods would escape what they are given.
    card = str(str(region)).replace(str(placeholder), holes["pk"])
    card, tokens = _CSRF_VALUE.subn(lambda match: match[1] + holes["csrf"] + match[2], card)
    if card.count("csrfmiddlewaretoken") != tokens:
        return None
    return card


def _reader_response(request: HttpRequest, visit: page_cache.ReaderVisit) -> HttpResponse | None:
    """The reader page filled for this request; ``None`` when the comment drawn for the reader
    is gone (the route renders the page)."""
    page = visit.page
    conversation = page.conversation
    stats = visit.stats
    if stats is None:
        request._ej_page_versions = {conversation.pk: visit.version}
        stats = _stats(request, conversation)
        page_cache.reader_stats_store(conversation, visit.version, stats)
    pieces = {"stats": stats, "groups": _opinion_group(request, conversation)}
    if page.approved:
        drawn = draw_approved(conversation, page.approved)
        if drawn is None:
            return None
        pieces["pk"], pieces["text"] = str(drawn[0]), escape(drawn[1])
    if page.has_hole("csrf"):
        pieces["csrf"] = get_token(request)
    return HttpResponse(page.fill(pieces))


def _reader_page(request: HttpRequest, conversation: Conversation, version) -> HttpResponse:
    """Render the page for readers without a session once per content version, with holes for
    the statistics, the opinion groups (whose app keeps its own freshness) and the comment
    drawn for the reader, and keep it in the cache."""
    approved = page_cache.approved_comments(conversation, version)
    holes = page_cache.holes("stats", "participation", "groups", "pk", "text", "csrf")
    card = _reader_card(request, conversation, approved, holes)
    if card is None:
        return _detail_page(request, conversation)
    html = _detail_page(request, conversation, holes=holes)
    page = page_cache.ReaderPage.cut(
        conversation, version[0], str(html), holes, approved, inserts={"participation": card}
    )
    page_cache.reader_page_store(page)
    visit = page_cache.ReaderVisit(page, version, None)
    return _reader_response(request, visit) or _detail_page(request, conversation)


def _from_reader_cache(view):
    """Readers without a session get the cached page (no query), filled for them; on a miss,
    the route runs and caches it. Runs before the route looks the conversation up."""

    @functools.wraps(view)
    def cached(request: HttpRequest, **kwargs):
        if _reader_without_session(request):
            visit = page_cache.reader_page(kwargs["conversation"])
            if visit is not None:
                response = _reader_response(request, visit)
                if response is not None:
                    return response
        return view(request, **kwargs)

    return cached


@router.route(
    "<model:conversation>/",
    name="conversation-detail",
    methods=["GET"],
    decorators=[_from_reader_cache],
)
def detail(request: HttpRequest, conversation: Conversation):
    require_visible(request, conversation)
    if _reader_without_session(request):
        version = page_versions(request, conversation)
        if version is not None:
            return _reader_page(request, conversation, version)
    return _detail_page(request, conversation)


def _back(request: HttpRequest, conversation: Conversation) -> str:
    return safe_next(request, conversation.get_absolute_url() + "#participation")


@router.route("<model:conversation>/vote/", name="conversation-vote", methods=["POST"])
def vote(request: HttpRequest, conversation: Conversation):
    require_visible(request, conversation)
    as_json = wants_json(request)
    if not request.user.has_perm("ej_conversations.can_vote", conversation):
        if as_json:
            return json_error(_("Log in to vote in this conversation."), status=403)
        return redirect(login_url(conversation.get_absolute_url()))
    try:
        comment_id = int(request.POST.get("comment", ""))
    except ValueError:
        return _refused(request, conversation, _("Choose a comment to vote on."), status=400)
    comment = conversation.comments.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    try:
        Choice.parse(request.POST.get("choice", ""))
    except ValueError:
        return _refused(request, conversation, _("A vote is agree, disagree or skip."), status=400)
    if not comment.is_approved:
        message = _(
            "This comment is not open for votes: it is awaiting moderation or was rejected."
        )
        return _refused(request, conversation, message, status=400)
    participant = participant_for(request, create=True)
    try:
        services.vote_cast(author=participant, comment=comment, choice=request.POST["choice"])
    except ValidationError as error:
        return _refused(request, conversation, error.messages[0], status=400)
    message = _("Vote saved.")
    if as_json:
        return json_region(
            participation_region(request, conversation, focus="card"), message=message
        )
    messages.success(request, message)
    return redirect(_back(request, conversation))


def _refused(request: HttpRequest, conversation: Conversation, message: str, *, status: int):
    if wants_json(request):
        return json_error(message, status=status)
    messages.error(request, message)
    return redirect(_back(request, conversation))


@router.route("<model:conversation>/comment/", name="conversation-comment", methods=["POST"])
def comment(request: HttpRequest, conversation: Conversation):
    require_visible(request, conversation)
    as_json = wants_json(request)
    if not request.user.is_authenticated:
        if as_json:
            return json_error(_("Log in to write a comment."), status=403)
        return redirect(login_url(conversation.get_absolute_url()))
    form = CommentForm(request.POST)
    created = None
    if form.is_valid():
        try:
            created = services.comment_create(
                author=request.user, conversation=conversation, text=form.cleaned_data["text"]
            )
        except CommentLimitReached as error:
            form.add_error("text", error)
        except ValidationError as error:
            add_errors(form, error)
    if created is None:
        if as_json:
            form.fields["text"].widget.attrs["data-ej-focus"] = ""
            region = participation_region(request, conversation, comment_form=form)
            return json_region(region, message=_("Your comment was not sent."), status=400)
        return _detail_page(request, conversation, comment_form=form)
    if created.is_approved:
        message = _("Thank you! Your comment is published and open for votes.")
    else:
        message = _("Thank you! Your comment will be open for votes once a moderator approves it.")
    if as_json:
        return json_region(
            participation_region(request, conversation, focus="comment"), message=message
        )
    messages.success(request, message)
    return redirect(conversation.get_absolute_url() + "#participation")


@router.route(
    "<model:conversation>/favorite/",
    name="conversation-favorite",
    login=True,
    methods=["POST"],
)
def favorite(request: HttpRequest, conversation: Conversation):
    require_visible(request, conversation)
    is_favorite = services.favorite_toggle(user=request.user, conversation=conversation)
    if is_favorite:
        message = _("Added to your favourite conversations.")
    else:
        message = _("Removed from your favourite conversations.")
    if wants_json(request):
        button = favorite_button(
            action=conversation.url("conversation-favorite"),
            is_favorite=is_favorite,
            request=request,
        )
        return json_region(button, message=message)
    messages.success(request, message)
    return redirect(safe_next(request, conversation.get_absolute_url()))


@router.route(
    "<model:conversation>/comments/<model:comment>/", name="comment-detail", methods=["GET"]
)
def comment_detail(request: HttpRequest, conversation: Conversation, comment: Comment):
    require_visible(request, conversation)
    if comment.conversation_id != conversation.pk:
        raise Http404
    is_moderator = request.user.has_perm("ej_conversations.can_moderate", conversation)
    is_author = comment.author_id == request.user.pk
    if not comment.is_approved and not (is_author or is_moderator):
        raise Http404
    comment.conversation = conversation
    participant = participant_for(request)
    current = selectors.current_vote(participant, comment)
    if comment.is_approved:
        card: Node = comment_card(
            comment=comment,
            vote_url=conversation.url("conversation-vote"),
            request=request,
            can_vote=request.user.has_perm("ej_conversations.can_vote", conversation),
            login_url=login_url(request.path),
            is_own=is_author,
            current=Choice(current) if current is not None else None,
            next=request.path,
        )
    else:
        card = div(class_="comment-card")[
            p(class_="comment-card__text")[comment.text],
            p(class_="comment-card__current")[
                _("This comment is %(status)s: only its author and moderators see it.")
                % {"status": comment.get_status_display()}
            ],
        ]
    title = _("A comment in “%(title)s”") % {"title": conversation.title}
    return conversation_page(
        request,
        conversation,
        title=title,
        description=comment.text,
        content=div(class_="container conversation-page")[
            _header(request, conversation),
            div(class_="participation")[
                card,
                p[
                    link(
                        href=conversation.get_absolute_url(),
                        text=_("Go to the conversation"),
                        variant="secondary",
                    )
                ],
            ],
            attribution_note(source=conversation.source, source_url=conversation.source_url),
        ],
    )
