"""What the API says about a person's next card in a conversation: the comment to vote on and
their progress. Shared by ``next-comment`` and a vote cast with ``next``."""

from __future__ import annotations

from boogie.rules import compute


def progress_of(user, conversation) -> dict:
    voted, total = compute("ej_conversations.progress", user, conversation)
    return {
        "voted": voted,
        "total": total,
        "remaining": max(total - voted, 0),
        "comments_left": compute("ej_conversations.remaining_comments", user, conversation),
    }


def next_card(user, conversation) -> dict:
    comment = compute("ej_conversations.next_comment", user, conversation)
    return {"comment": comment, "progress": progress_of(user, conversation)}
