"""Reads for the conversation pages, each a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ej.conversations.models import Comment, Conversation, FavoriteConversation, Vote


def _count(queryset: QuerySet, group: str, counted: str = "pk", distinct: bool = False):
    # One correlated subquery; order_by() keeps the models' ordering out of its GROUP BY.
    rows = queryset.order_by().values(group).annotate(n=Count(counted, distinct=distinct))
    return Coalesce(Subquery(rows.values("n")[:1], output_field=IntegerField()), Value(0))


def with_stats(queryset: QuerySet, *, user: Any = None) -> QuerySet:
    """Annotate ``n_comments`` (approved), ``n_participants`` (distinct voters) and, for a
    logged-in ``user``, ``n_voted`` (their votes on approved comments); prefetch tags."""
    approved = Comment.objects.filter(conversation=OuterRef("pk"), status=Comment.Status.APPROVED)
    votes = Vote.objects.filter(comment__conversation=OuterRef("pk"))
    queryset = queryset.select_related("board").prefetch_related("tags")
    queryset = queryset.annotate(
        n_comments=_count(approved, "conversation"),
        n_participants=_count(votes, "comment__conversation", "author", distinct=True),
    )
    if user is not None and user.is_authenticated:
        own = votes.filter(author=user, comment__status=Comment.Status.APPROVED)
        queryset = queryset.annotate(n_voted=_count(own, "comment__conversation"))
    return queryset


def counts(conversation: Conversation) -> dict[str, int]:
    """``{"comments": approved comments, "participants": distinct voters}``, in one query."""
    row = (
        with_stats(Conversation.objects.filter(pk=conversation.pk))
        .prefetch_related(None)
        .values_list("n_comments", "n_participants")
        .first()
    )
    comments, participants = row or (0, 0)
    return {"comments": comments, "participants": participants}


def search(queryset: QuerySet, *, query: str = "", tag: str = "") -> QuerySet:
    """Conversations whose title or question contains every word of ``query``, tagged ``tag``."""
    for word in query.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if tag:
        queryset = queryset.filter(tags__slug=tag)
    return queryset


def favorites_of(user: Any) -> QuerySet:
    visible = Q(is_hidden=False) | Q(author=user) | Q(moderators=user)
    ids = FavoriteConversation.objects.filter(user=user).values("conversation_id")
    return Conversation.objects.filter(visible, pk__in=ids).distinct()


def is_favorite(user: Any, conversation: Conversation) -> bool:
    if not user.is_authenticated:
        return False
    return FavoriteConversation.objects.filter(user=user, conversation=conversation).exists()


def status_counts(conversation: Conversation) -> dict[str, int]:
    """``{status: number of comments}`` for the moderation tabs, in one query."""
    rows = conversation.comments.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def moderation_comments(conversation: Conversation, *, status: str, query: str = "") -> QuerySet:
    comments = conversation.comments.filter(status=status).select_related("author")
    for word in query.split():
        comments = comments.filter(text__icontains=word)
    if status == Comment.Status.PENDING:
        return comments.order_by("created", "id")
    return comments.order_by("-moderated_at", "-created", "-id")


def own_comments(user: Any, conversation: Conversation, *, limit: int = 10) -> list[Comment]:
    if not user.is_authenticated:
        return []
    return list(conversation.comments.filter(author=user).order_by("-created", "-id")[:limit])


def current_vote(participant: Any, comment: Comment) -> int | None:
    if participant is None:
        return None
    return (
        Vote.objects.filter(author=participant, comment=comment)
        .values_list("choice", flat=True)
        .first()
    )
