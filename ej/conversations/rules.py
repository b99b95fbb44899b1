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

from django.db.models import (
    Count,
    Exists,
    Field,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from boogie.compiled import CompiledQuery
from boogie.rules import compute, register_perm, register_value, value_exists
from ej.conversations.approved import Approved, approved
from ej.conversations.approved import forget as approved_forget
from ej.conversations.models import Comment, Conversation, Vote

# The opinion-group work registers a value under this name that returns
# ``{comment_id: weight}`` for (user, conversation); next_comment then uses it.
PRIORITIES_VALUE = "ej_clusters.comment_priorities"

_random = secrets.SystemRandom()


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


_MEMO = "_ej_rules_memo"


def _memory(conversation: Conversation) -> dict:
    # Rules are checked several times per request on the same instance; ask the database once.
    return conversation.__dict__.setdefault(_MEMO, {})


def _memo(conversation: Conversation, key: tuple, compute_value) -> Any:
    memo = _memory(conversation)
    if key not in memo:
        memo[key] = compute_value()
    return memo[key]


def forget(conversation: Conversation) -> None:
    """Drop what the rules remembered of ``conversation`` (after a change that alters it: a
    comment, a vote, a moderator)."""
    conversation.__dict__.pop(_MEMO, None)


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
    return user.has_perm("ej_conversations.is_moderator") or _facts(user, conversation).listed


class _Facts(NamedTuple):
    listed: bool  # named a moderator of the conversation
    written: int  # comments written there, pending or approved


def _listed(*, user: int, conversation: Any) -> Exists:
    return Exists(
        Conversation.moderators.through.objects.filter(conversation_id=conversation, user_id=user)
    )


def _written(*, user: int, conversation: Any) -> Coalesce:
    written = (
        Comment.objects.filter(conversation_id=conversation, author_id=user)
        .exclude(status=Comment.Status.REJECTED)
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    # A bare Field: the databases return this count as an int already, and a typed output
    # field would have Django convert it on every row of the person's votes.
    return Coalesce(Subquery(written, output_field=IntegerField()), Value(0), output_field=Field())


def _facts_query(*, user: int, conversation: int):
    here = OuterRef("pk")
    return (
        Conversation.objects.filter(pk=conversation)
        .annotate(
            listed=_listed(user=user, conversation=here),
            written=_written(user=user, conversation=here),
        )
        .values_list("listed", "written")
    )


_FACTS = CompiledQuery(_facts_query, user=int, conversation=int)


def _facts(user: Any, conversation: Conversation) -> _Facts:
    """What the rules need to know about a person in a conversation, read in one query."""

    def read() -> _Facts:
        rows = _FACTS.rows(user=user.pk, conversation=conversation.pk)
        return _Facts(bool(rows[0][0]), rows[0][1]) if rows else _Facts(False, 0)

    return _memo(conversation, ("facts", user.pk), read)


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
    return max(limit - _facts(user, conversation).written, 0)


class Progress(NamedTuple):
    voted: int
    total: int


@register_value("ej_conversations.progress")
def progress(user, conversation) -> Progress:
    """``(voted, total)``: the person's votes (skips included) on the approved comments, and how
    many approved comments there are."""
    if not _is_participant(user):
        return Progress(0, conversation.comments.approved().count())
    return _ballot(user, conversation).progress()


class Ballot(NamedTuple):
    approved: Approved
    voted: frozenset[int]  # the comments the person voted on here, whatever their status now

    def progress(self) -> Progress:
        return Progress(len(self.voted & self.approved.members), len(self.approved))

    def unvoted(self) -> list[int]:
        voted = self.voted
        return [pk for pk in self.approved.ids if pk not in voted]


def _votes_query(*, user: int, conversation: int):
    # One row of the person's facts (no comment), then one row per vote of theirs here: one
    # range of the (author, conversation) index.
    facts = (
        Conversation.objects.filter(pk=conversation)
        .annotate(
            listed=_listed(user=user, conversation=conversation),
            written=_written(user=user, conversation=conversation),
        )
        .order_by()
        .values_list(Value(None, output_field=IntegerField()), "listed", "written")
    )
    votes = (
        Vote.objects.filter(author_id=user, conversation_id=conversation)
        .order_by()
        .values_list("comment_id", Value(False), Value(0))
    )
    return facts.union(votes, all=True)


_VOTES = CompiledQuery(_votes_query, user=int, conversation=int)


def _ballot(user: Any, conversation: Conversation) -> Ballot:
    """The approved comments (kept by the process, see :mod:`ej.conversations.approved`) and
    the person's votes, which both the progress and the routing read: one query per request (a
    vote forgets it, see :func:`ej.conversations.services.vote_cast`), which also gives the
    person's :func:`_facts`."""

    def read() -> Ballot:
        listing = approved(conversation)
        voted = set()
        for comment_id, listed, written in _VOTES.rows(user=user.pk, conversation=conversation.pk):
            if comment_id is None:
                _memory(conversation).setdefault(("facts", user.pk), _Facts(bool(listed), written))
            else:
                voted.add(comment_id)
        return Ballot(listing, frozenset(voted))

    return _memo(conversation, ("ballot", user.pk), read)


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

    ``user`` may be ``None`` or anonymous (a random approved comment). Two queries while there
    are comments left to vote on (the person's votes, which the progress reads too, then the
    chosen comment), one more for the skipped ones, whatever the number of comments and votes;
    and a read of the approved comments when the conversation's content has changed since this
    process last read them (:mod:`ej.conversations.approved`).

    To plug opinion-group priorities in, register a value named ``ej_clusters.comment_priorities``
    that takes ``(user, conversation)`` and returns the mapping; the registered value
    ``ej_conversations.next_comment`` passes it here.
    """
    if not _is_participant(user):
        return conversation.comments.approved().order_by("?").first()
    found = _unvoted_drawn(conversation, priorities or {}, user=user)
    if found is not None:
        found.conversation = conversation  # as conversation.comments would have set it
        return found
    return (
        conversation.comments.approved()
        .filter(votes__author=user, votes__choice=Vote.Choice.SKIP)
        .order_by("votes__modified", "id")
        .first()
    )


# The drawn comment, read only if it is still approved: the listing a process keeps may miss a
# change whose bump did not reach the cache, or a comment deleted with its author (a cascade
# sends no signal).
_APPROVED_BY_ID = CompiledQuery(
    lambda *, pk: Comment.objects.filter(pk=pk, status=Comment.Status.APPROVED), pk=int
)
_ABSENT = object()


def _unvoted_drawn(
    conversation: Conversation, priorities: Mapping[int, float], *, user: Any
) -> Comment | None:
    chosen = _unvoted_chosen(_ballot(user, conversation), priorities, user=user)
    if chosen is None:
        return None
    found = _APPROVED_BY_ID.first(pk=chosen)
    if found is None:
        # The listing is out of date: read it and the ballot again, and draw once more.
        approved_forget(conversation)
        forget(conversation)
        chosen = _unvoted_chosen(_ballot(user, conversation), priorities, user=user)
        found = None if chosen is None else _APPROVED_BY_ID.first(pk=chosen)
    return found


def _unvoted_chosen(ballot: Ballot, priorities: Mapping[int, float], *, user: Any) -> int | None:
    own = next((pk for pk in ballot.approved.by(user.pk) if pk not in ballot.voted), None)
    if own is not None:
        return own
    ids = ballot.unvoted()
    if not ids:
        return None
    if not priorities:
        return _random.choice(ids)
    # What the mapping gives a comment it does not hold, asked once: the lookups below stay in C
    # (``in`` and ``[]``), not one ``get`` call per comment in Python.
    missing = max(float(priorities.get(_ABSENT, 1.0)), 0.0)
    weights = [max(float(priorities[pk]), 0.0) if pk in priorities else missing for pk in ids]
    if sum(weights) > 0:
        return _random.choices(ids, weights=weights, k=1)[0]
    return _random.choice(ids)


@register_value("ej_conversations.next_comment")
def next_comment_value(user, conversation) -> Comment | None:
    priorities = None
    if value_exists(PRIORITIES_VALUE):
        priorities = compute(PRIORITIES_VALUE, user, conversation)
    return next_comment(user, conversation, priorities=priorities)
