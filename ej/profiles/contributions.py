"""What a person contributed: conversations, comments, votes by conversation, favourites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch

__all__ = ["Contributions", "VotesInConversation", "contributions_of", "conversation_url"]

LIST_LIMIT = 100


def conversation_url(conversation: Any) -> str:
    try:
        return conversation.get_absolute_url()
    except NoReverseMatch:
        return f"/conversations/{conversation.slug}/"


@dataclass(frozen=True)
class VotesInConversation:
    conversation: Any
    agree: int
    disagree: int
    skip: int
    open_comments: int  # approved comments in the conversation

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.skip


@dataclass
class Contributions:
    conversations: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    votes: list[VotesInConversation] = field(default_factory=list)
    favorites: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    limit: int = LIST_LIMIT


def contributions_of(user) -> Contributions:
    """The person's contributions, most recent first; each list holds at most ``LIST_LIMIT``
    items and ``counts`` says how many there are in all."""
    from ej.conversations.models import Comment, Conversation, FavoriteConversation, Vote

    conversations = Conversation.objects.filter(author=user).annotate(
        n_comments=Count("comments", filter=Q(comments__status="approved"), distinct=True)
    )
    comments = (
        Comment.objects.filter(author=user)
        .select_related("conversation")
        .annotate(
            n_agree=Count("votes", filter=Q(votes__choice=1)),
            n_disagree=Count("votes", filter=Q(votes__choice=-1)),
            n_skip=Count("votes", filter=Q(votes__choice=0)),
        )
        .order_by("-created", "-id")
    )
    vote_rows = (
        Vote.objects.filter(author=user)
        .values("comment__conversation")
        .annotate(
            agree=Count("id", filter=Q(choice=1)),
            disagree=Count("id", filter=Q(choice=-1)),
            skip=Count("id", filter=Q(choice=0)),
            last=Max("modified"),
        )
        .order_by("-last")
    )
    vote_rows = list(vote_rows[:LIST_LIMIT])
    voted_ids = [row["comment__conversation"] for row in vote_rows]
    voted = Conversation.objects.filter(pk__in=voted_ids).annotate(
        n_comments=Count("comments", filter=Q(comments__status="approved"), distinct=True)
    )
    by_id = {conversation.pk: conversation for conversation in voted}
    votes = [
        VotesInConversation(
            conversation=by_id[row["comment__conversation"]],
            agree=row["agree"],
            disagree=row["disagree"],
            skip=row["skip"],
            open_comments=by_id[row["comment__conversation"]].n_comments,
        )
        for row in vote_rows
        if row["comment__conversation"] in by_id
    ]
    favorites = FavoriteConversation.objects.filter(user=user).select_related("conversation")
    return Contributions(
        conversations=list(conversations.order_by("-created", "-id")[:LIST_LIMIT]),
        comments=list(comments[:LIST_LIMIT]),
        votes=votes,
        favorites=[favorite.conversation for favorite in favorites[:LIST_LIMIT]],
        counts={
            "conversations": conversations.count(),
            "comments": Comment.objects.filter(author=user).count(),
            "votes": Vote.objects.filter(author=user).count(),
            "favorites": favorites.count(),
        },
    )
