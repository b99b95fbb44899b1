"""Who may do what in a conversation, and the values computed for a person in it.

Permissions (``user.has_perm(name, conversation)``):

- ``ej_conversations.can_see``: the conversation is not hidden, or the person moderates it;
- ``ej_conversations.can_vote``: can see it, and is logged in or the conversation accepts
  anonymous votes;
- ``ej_conversations.can_comment``: logged in, can see it, and has comments left;
- ``ej_conversations.can_moderate``: author, listed moderator, board owner or staff (or the
  model permission ``ej_conversations.is_moderator``);
- ``ej_conversations.can_edit``: author, board owner or staff;
- ``ej_conversations.can_promote``: staff (or ``ej_conversations.can_publish_promoted``);
- ``ej_conversations.can_create`` (no object): staff, promoters and board owners;
- ``ej_conversations.can_favorite``: logged in and can see it.

Values (``compute(name, user, conversation)``): ``ej_conversations.comment_limit``,
``ej_conversations.remaining_comments``, ``ej_conversations.progress`` and
``ej_conversations.next_comment``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, NamedTuple

from boogie.rules import compute, register_perm, register_value, value_exists
from ej.conversations.models import Comment, Conversation, Vote

# The opinion-group work registers a value under this name that returns
# ``{comment_id: weight}`` for (user, conversation); next_comment then uses it.
PRIORITIES_VALUE = "ej_clusters.comment_priorities"

_random = secrets.SystemRandom()


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _memo(conversation: Conversation, key: tuple, compute_value) -> Any:
    # Rules are checked several times per request on the same instance; ask the database once.
    memo = conversation.__dict__.setdefault("_ej_rules_memo", {})
    if key not in memo:
        memo[key] = compute_value()
    return memo[key]


def is_editor(user: Any, conversation: Conversation) -> bool:
    if not _authenticated(user):
        return False
    if user.is_staff or user.pk == conversation.author_id:
        return True
    return conversation.board_id is not None and _memo(
        conversation,
        ("board-owner", user.pk),
        lambda: conversation.board.owner_id == user.pk,
    )


def is_moderator(user: Any, conversation: Conversation) -> bool:
    if not _authenticated(user):
        return False
    if is_editor(user, conversation):
        return True
    return _memo(
        conversation,
        ("moderator", user.pk),
        lambda: (
            user.has_perm("ej_conversations.is_moderator")
            or conversation.moderators.filter(pk=user.pk).exists()
        ),
    )


@register_perm("ej_conversations.can_see")
def can_see(user, conversation) -> bool:
    return not conversation.is_hidden or is_moderator(user, conversation)


@register_perm("ej_conversations.can_vote")
def can_vote(user, conversation) -> bool:
    allowed = _authenticated(user) or conversation.allow_anonymous_votes
    return allowed and can_see(user, conversation)


@register_perm("ej_conversations.can_comment")
def can_comment(user, conversation) -> bool:
    if not _authenticated(user) or not can_see(user, conversation):
        return False
    remaining = remaining_comments(user, conversation)
    return remaining is None or remaining > 0


@register_perm("ej_conversations.can_moderate")
def can_moderate(user, conversation) -> bool:
    return is_moderator(user, conversation)


@register_perm("ej_conversations.can_edit")
def can_edit(user, conversation) -> bool:
    return is_editor(user, conversation)


@register_perm("ej_conversations.can_promote")
def can_promote(user, conversation=None) -> bool:
    if not _authenticated(user):
        return False
    return user.is_staff or user.has_perm("ej_conversations.can_publish_promoted")


@register_perm("ej_conversations.can_create")
def can_create(user) -> bool:
    if not _authenticated(user):
        return False
    return can_promote(user) or user.boards.exists()


@register_perm("ej_conversations.can_favorite")
def can_favorite(user, conversation) -> bool:
    return _authenticated(user) and can_see(user, conversation)


@register_value("ej_conversations.comment_limit")
def comment_limit(user, conversation) -> int | None:
    """How many comments ``user`` may write here; ``None`` means no limit (editors and
    moderators)."""
    if is_moderator(user, conversation):
        return None
    return conversation.comment_limit


@register_value("ej_conversations.remaining_comments")
def remaining_comments(user, conversation) -> int | None:
    """Comments ``user`` may still write; ``None`` means no limit.

    Pending and approved comments count; a rejected comment gives its place back (its author
    was told why and may try again).
    """
    if not _authenticated(user):
        return 0
    limit = comment_limit(user, conversation)
    if limit is None:
        return None
    written = _memo(
        conversation,
        ("comments-written", user.pk),
        lambda: (
            conversation.comments.filter(author=user)
            .exclude(status=Comment.Status.REJECTED)
            .count()
        ),
    )
    return max(limit - written, 0)


class Progress(NamedTuple):
    voted: int
    total: int


@register_value("ej_conversations.progress")
def progress(user, conversation) -> Progress:
    """``(voted, total)``: the person's votes (skips included) on the approved comments, and how
    many approved comments there are."""
    total = conversation.comments.approved().count()
    if not _is_participant(user):
        return Progress(0, total)
    voted = Vote.objects.filter(
        author=user, comment__conversation=conversation, comment__status=Comment.Status.APPROVED
    ).count()
    return Progress(voted, total)


def _is_participant(user: Any) -> bool:
    # Anonymous participants are saved User rows, so they pass as authenticated users do.
    return user is not None and getattr(user, "pk", None) is not None


def next_comment(
    user: Any, conversation: Conversation, *, priorities: Mapping[int, float] | None = None
) -> Comment | None:
    """The comment ``user`` should vote on next, or ``None`` when there is none left.

    Only approved comments are offered, in this order:

    1. the person's own approved comments they have not voted on yet (oldest first);
    2. an approved comment they have not voted on, drawn at random; with ``priorities``
       (``{comment_id: weight}``, weights ≥ 0, a missing comment weighs 1) the draw is
       proportional to the weights, and comments weighing 0 come only when nothing else is left;
    3. the comments they skipped, the one skipped longest ago first.

    ``user`` may be ``None`` or anonymous (a random approved comment). At most three queries, or
    four with priorities, whatever the number of comments and votes.

    To plug opinion-group priorities in, register a value named ``ej_clusters.comment_priorities``
    that takes ``(user, conversation)`` and returns the mapping; the registered value
    ``ej_conversations.next_comment`` passes it here.
    """
    approved = conversation.comments.approved()
    if not _is_participant(user):
        return approved.order_by("?").first()
    own = approved.filter(author=user).unvoted_by(user).order_by("created", "id").first()
    if own is not None:
        return own
    unvoted = approved.unvoted_by(user)
    if priorities is None:
        found = unvoted.order_by("?").first()
    else:
        found = _weighted_choice(unvoted, priorities)
    if found is not None:
        return found
    return (
        approved.filter(votes__author=user, votes__choice=Vote.Choice.SKIP)
        .order_by("votes__modified", "id")
        .first()
    )


def _weighted_choice(comments, priorities: Mapping[int, float]) -> Comment | None:
    ids = list(comments.values_list("id", flat=True))
    if not ids:
        return None
    weights = [max(float(priorities.get(pk, 1.0)), 0.0) for pk in ids]
    if sum(weights) > 0:
        chosen = _random.choices(ids, weights=weights, k=1)[0]
    else:
        chosen = _random.choice(ids)
    return comments.model.objects.get(pk=chosen)


@register_value("ej_conversations.next_comment")
def next_comment_value(user, conversation) -> Comment | None:
    priorities = None
    if value_exists(PRIORITIES_VALUE):
        priorities = compute(PRIORITIES_VALUE, user, conversation)
    return next_comment(user, conversation, priorities=priorities)
