"""What the conversation routes share: the page frame, visibility and the participation
region."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest
from htpy import Node, div

from ej.conversations import cache as page_cache
from ej.conversations import rules, selectors
from ej.conversations.components import participation
from ej.conversations.forms import CommentForm
from ej.conversations.models import Choice, Comment, Conversation
from ej.conversations.participants import participant_for
from ej_components.layout import page

_random = secrets.SystemRandom()
T = TypeVar("T")


def require_visible(request: HttpRequest, conversation: Conversation) -> None:
    """A hidden conversation does not exist for those who may not see it."""
    if not request.user.has_perm("ej_conversations.can_see", conversation):
        raise Http404


def conversation_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    title: str,
    content: Node,
    description: str | None = None,
) -> Node:
    """A page about a conversation, in its board's colours when it has a board."""
    palette = conversation.board.palette_class if conversation.board_id else None
    return page(
        request,
        title=title,
        description=description,
        content=div(class_=["palette", palette])[content],
    )


def submit(form: forms.Form, call: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a service call for a valid form: ``(True, result)``, or ``(False, None)`` with the
    service's errors put on the form."""
    try:
        return True, call()
    except ValidationError as error:
        add_errors(form, error)
        return False, None


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors next to the form's fields (or on top for other fields)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)


def page_versions(request: HttpRequest, conversation: Conversation) -> page_cache.Versions | None:
    """The conversation's page-cache versions, read once per request (``None``: no cache)."""
    memo = request.__dict__.setdefault("_ej_page_versions", {})
    if conversation.pk not in memo:
        memo[conversation.pk] = page_cache.versions([conversation.pk]).get(conversation.pk)
    return memo[conversation.pk]


def _anonymous_card(
    request: HttpRequest, conversation: Conversation, approved: list[tuple] | None = None
) -> tuple[Any, int]:
    """A random approved comment and how many there are, for a reader who has not voted: drawn
    from ``approved`` (see ``page_cache.approved_comments``, read when not given), without a
    query when it has the comments' text."""
    rows = approved
    if rows is None:
        rows = page_cache.approved_comments(conversation, page_versions(request, conversation))
    if not rows:
        return None, 0
    pk, author_id, text = _random.choice(rows)
    if text is None:
        comment = _approved_comment(conversation, pk)
    else:
        comment = Comment(
            pk=pk,
            conversation=conversation,
            author_id=author_id,
            text=text,
            status=Comment.Status.APPROVED,
        )
    return comment, len(rows)


def _approved_comment(conversation: Conversation, pk: int) -> Comment | None:
    # Drawn among the ids alone (too many comments to cache their text): one query, and another
    # when it is no longer approved.
    comment = conversation.comments.approved().filter(pk=pk).first()
    return comment or rules.next_comment(None, conversation)


def draw_approved(conversation: Conversation, approved: list[tuple]) -> tuple[int, str] | None:
    """A random approved comment for a reader who has not voted, as ``(id, text)``, drawn from
    ``approved`` (see ``page_cache.approved_comments``) as :func:`participation_region` draws
    it; ``None`` when there is none."""
    if not approved:
        return None
    pk, _author_id, text = _random.choice(approved)
    if text is None:
        comment = _approved_comment(conversation, pk)
        if comment is None:
            return None
        pk, text = comment.pk, comment.text
    return pk, text


def participation_region(
    request: HttpRequest,
    conversation: Conversation,
    *,
    comment_form: forms.Form | None = None,
    focus: str | None = None,
    approved: list[tuple] | None = None,
    drawn: tuple[Any, int] | None = None,
) -> Node:
    """What the person does on the page (see the ``participation`` component). For a reader who
    has not voted yet, ``approved`` may bring the approved comments to draw the card from, or
    ``drawn`` the comment already drawn and how many approved comments there are."""
    participant = participant_for(request)
    if participant is None:
        if drawn is not None:
            comment, total = drawn
        else:
            comment, total = _anonymous_card(request, conversation, approved)
        progress = rules.Progress(0, total)
    else:
        comment = rules.next_comment_value(participant, conversation)
        progress = rules.progress(participant, conversation)
    if comment is not None:
        comment.conversation = conversation
    current = selectors.current_vote(participant, comment) if comment is not None else None
    user = request.user
    return participation(
        conversation=conversation,
        request=request,
        comment=comment,
        voted=progress.voted,
        total=progress.total,
        comment_form=comment_form or CommentForm(),
        remaining=rules.remaining_comments(user, conversation),
        own_comments=selectors.own_comments(user, conversation),
        can_vote=user.has_perm("ej_conversations.can_vote", conversation),
        is_own=_is_own(comment, participant),
        current=Choice(current) if current is not None else None,
        focus=focus,
    )


def _is_own(comment: Any, participant: Any) -> bool:
    return comment is not None and participant is not None and comment.author_id == participant.pk
