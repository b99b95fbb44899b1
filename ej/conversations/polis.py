"""Load a Pol.is open-data export (``data/polis/<name>/``) into a conversation.

Participants become placeholder users (``polis-<id>@demo.invalid``, no usable password);
comments keep their moderation (1 approved, -1 rejected, 0 pending) and time; for each
participant and comment the latest vote counts. Comments EJ would refuse (shorter than 2 or
longer than 252 characters, or repeating another) are left out with their votes.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from ej.conversations.models import Comment, Conversation, RejectionReason, Vote
from ej.conversations.text import (
    COMMENT_MAX_LENGTH,
    COMMENT_MIN_LENGTH,
    comment_key,
    normalize_text,
)

PLACEHOLDER_DOMAIN = "demo.invalid"
MODERATION = {"1": Comment.Status.APPROVED, "-1": Comment.Status.REJECTED}
REJECTED_TEXT = "Rejected by the moderators of the original Pol.is conversation."


@dataclass(frozen=True)
class LoadResult:
    conversation: Conversation
    created: bool
    comments: int = 0
    skipped_comments: int = 0
    votes: int = 0
    participants: int = 0


def _moment(milliseconds: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(milliseconds) / 1000, tz=datetime.UTC)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_summary(folder: Path) -> dict[str, str]:
    with (folder / "summary.csv").open(newline="", encoding="utf-8") as file:
        return {row[0]: row[1] for row in csv.reader(file) if len(row) >= 2}


def placeholder_email(participant_id: str) -> str:
    return f"polis-{participant_id}@{PLACEHOLDER_DOMAIN}"


def _participants(ids: set[str]) -> dict[str, Any]:
    User = get_user_model()
    emails = {placeholder_email(pid): pid for pid in ids}
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(email=email, name=f"Pol.is participant {pid}", password=make_password(None))
            for email, pid in emails.items()
            if email not in existing
        ],
        batch_size=500,
    )
    users = User.objects.filter(email__in=emails).only("pk", "email")
    return {emails[user.email]: user for user in users}


def _latest_votes(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for row in sorted(rows, key=lambda row: int(row["timestamp"])):
        latest[(row["comment-id"], row["voter-id"])] = row
    return latest


def load_polis_conversation(
    folder: Path,
    *,
    author: Any,
    slug: str,
    title: str,
    board: Any = None,
    source_url: str = "",
    is_promoted: bool = True,
) -> LoadResult:
    """Create the conversation ``slug`` from ``folder``; if it exists already, leave it as is."""
    existing = Conversation.objects.filter(slug=slug).first()
    if existing is not None:
        return LoadResult(conversation=existing, created=False)
    summary = read_summary(folder)
    comment_rows = _rows(folder / "comments.csv")
    vote_rows = _latest_votes(_rows(folder / "votes.csv"))
    with transaction.atomic():
        conversation = Conversation.objects.create(
            author=author,
            board=board,
            slug=slug,
            title=title,
            text=summary.get("conversation-description", title).strip(),
            is_promoted=is_promoted,
            source=Conversation.Source.POLIS,
            source_url=source_url,
        )
        people = _participants(
            {row["author-id"] for row in comment_rows} | {voter for _c, voter in vote_rows}
        )
        comments, seen, skipped = [], set(), 0
        for row in sorted(comment_rows, key=lambda row: int(row["timestamp"])):
            text = normalize_text(row["comment-body"])
            key = comment_key(text)
            if not COMMENT_MIN_LENGTH <= len(text) <= COMMENT_MAX_LENGTH or key in seen:
                skipped += 1
                continue
            seen.add(key)
            status = MODERATION.get(row["moderated"], Comment.Status.PENDING)
            rejected = status == Comment.Status.REJECTED
            moment = _moment(row["timestamp"])
            comments.append(
                Comment(
                    conversation=conversation,
                    author=people[row["author-id"]],
                    text=text,
                    text_key=key,
                    status=status,
                    rejection_reason=RejectionReason.OTHER if rejected else "",
                    rejection_text=REJECTED_TEXT if rejected else "",
                    created=moment,
                    modified=moment,
                )
            )
            comments[-1].polis_id = row["comment-id"]
        Comment.objects.bulk_create(comments, batch_size=500)
        ids = dict(conversation.comments.values_list("text_key", "pk"))
        comment_ids = {comment.polis_id: ids[comment.text_key] for comment in comments}
        votes = []
        for (polis_comment, voter), row in vote_rows.items():
            if polis_comment not in comment_ids:
                continue
            moment = _moment(row["timestamp"])
            votes.append(
                Vote(
                    author=people[voter],
                    comment_id=comment_ids[polis_comment],
                    choice=int(row["vote"]),
                    created=moment,
                    modified=moment,
                )
            )
        Vote.objects.bulk_create(votes, batch_size=1000)
    return LoadResult(
        conversation=conversation,
        created=True,
        comments=len(comments),
        skipped_comments=skipped,
        votes=len(votes),
        participants=len(people),
    )
