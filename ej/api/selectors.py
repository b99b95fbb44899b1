"""What the API reads for a requester: each query encodes the same rule as a permission of
``ej/conversations/rules.py`` (tests check that they agree person by person).

- :func:`conversations_visible_to` is ``ej_conversations.can_see`` as a queryset;
- :func:`conversations_moderated_by` is ``ej_conversations.can_moderate``;
- :func:`comments_visible_to`: approved comments of visible conversations, one's own comments,
  and every comment of the conversations one moderates.

:func:`visible_conversation` and :func:`visible_comment` read one object by its key (a compiled
query: they are on the voting path) and ask the rules themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from boogie.compiled import CompiledQuery
from ej.conversations import selectors as conversation_selectors
from ej.conversations.models import Comment, Conversation, Vote

__all__ = [
    "comments_visible_to",
    "conversation_list",
    "conversation_statistics",
    "conversations_moderated_by",
    "conversations_visible_to",
    "visible_comment",
    "visible_conversation",
    "votes_of",
]


def _authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _moderates_everything(user: Any) -> bool:
    return user.is_staff or user.has_perm("ej_conversations.is_moderator")


def _moderated(user: Any) -> Q:
    listed = Conversation.moderators.through.objects.filter(
        conversation_id=OuterRef("pk"), user_id=user.pk
    )
    return Q(author=user) | Q(board__owner=user) | Q(Exists(listed))


def conversations_moderated_by(user: Any) -> QuerySet:
    conversations = Conversation.objects.all()
    if not _authenticated(user):
        return conversations.none()
    if _moderates_everything(user):
        return conversations
    return conversations.filter(_moderated(user))


def conversations_visible_to(user: Any) -> QuerySet:
    conversations = Conversation.objects.all()
    if not _authenticated(user):
        return conversations.filter(is_hidden=False)
    if _moderates_everything(user):
        return conversations
    return conversations.filter(Q(is_hidden=False) | _moderated(user))


def conversation_list(
    user: Any,
    *,
    search: str = "",
    tag: str = "",
    board: str = "",
    promoted: bool | None = None,
) -> QuerySet:
    """The conversations ``user`` can see, filtered, newest first, with their counts."""
    conversations = conversations_visible_to(user)
    conversations = conversation_selectors.search(conversations, query=search, tag=tag)
    if board:
        conversations = conversations.filter(board__slug=board)
    if promoted is not None:
        conversations = conversations.filter(is_promoted=promoted)
    conversations = conversation_selectors.with_stats(conversations, user=user)
    return conversations.select_related("author").order_by("-created", "-id")


def conversation_statistics(conversation: Conversation) -> dict[str, Any]:
    """Counts of comments by status and of votes by choice (on approved comments)."""
    comments = conversation_selectors.status_counts(conversation)
    votes = dict(
        Vote.objects.for_conversation(conversation)
        .on_approved_comments()
        .order_by()
        .values_list("choice")
        .annotate(n=Count("id"))
    )
    return {
        "comments": {status: comments.get(status, 0) for status in Comment.Status.values},
        "votes": {
            choice.word: votes.get(choice.value, 0)
            for choice in (Vote.Choice.AGREE, Vote.Choice.DISAGREE, Vote.Choice.SKIP)
        },
    }


def comments_visible_to(user: Any) -> QuerySet:
    visible = conversations_visible_to(user).values("pk")
    shown = Q(status=Comment.Status.APPROVED, conversation__in=visible)
    if _authenticated(user):
        moderated = conversations_moderated_by(user).values("pk")
        shown |= Q(author=user) | Q(conversation__in=moderated)
    return Comment.objects.filter(shown).select_related("conversation")


def votes_of(user: Any) -> QuerySet:
    """The person's own votes; nobody else's, whoever asks."""
    if not _authenticated(user):
        return Vote.objects.none()
    return Vote.objects.filter(author=user).select_related("comment__conversation")


# With the board: the rules ask who owns it (its owner organizes the conversation).
_CONVERSATION_BY_SLUG = CompiledQuery(
    lambda *, slug: Conversation.objects.filter(slug=slug).select_related("board")[:1], slug=str
)
_COMMENT_BY_ID = CompiledQuery(
    lambda *, pk: Comment.objects.filter(pk=pk).select_related("conversation__board")[:1],
    pk=int,
)


def visible_conversation(user: Any, slug: str) -> Conversation | None:
    """The conversation at ``slug`` if ``user`` can see it (``ej_conversations.can_see``)."""
    conversation = _CONVERSATION_BY_SLUG.first(slug=slug)
    if conversation is None or not user.has_perm("ej_conversations.can_see", conversation):
        return None
    return conversation


def visible_comment(user: Any, pk: int) -> Comment | None:
    """The comment ``pk`` if :func:`comments_visible_to` would list it for ``user``."""
    comment = _COMMENT_BY_ID.first(pk=pk)
    if comment is None:
        return None
    conversation = comment.conversation
    if comment.status == Comment.Status.APPROVED and user.has_perm(
        "ej_conversations.can_see", conversation
    ):
        return comment
    if _authenticated(user) and (
        comment.author_id == user.pk or user.has_perm("ej_conversations.can_moderate", conversation)
    ):
        return comment
    return None
