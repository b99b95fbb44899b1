"""The approved comments of a conversation, as each process keeps them until the conversation's
content changes.

Every vote answered with the next card needs them: the person's progress counts them and the
next comment is drawn from those they have not voted on. They change only when a comment is
written or moderated, and both bump the conversation's content version
(:mod:`ej.conversations.cache`, after the commit). So a process keeps the listing together with
the content version it read first, and reads the listing again from the database when the
version has moved on: a request costs one small cache read instead of reading every approved
comment, and the listing is never older than the cached pages are.

Reading the version before the database is what keeps it right: a change committed after the
listing was read bumps the version after that, and the next request reads again.

When the cache cannot give the version (Redis down), the listing is read from the database on
every request, as if nothing were kept. A change whose bump never reached the cache shows within
``KEEP_SECONDS``; and the comment drawn from a listing is read only if it is still approved
(:func:`ej.conversations.rules.next_comment`), so a comment rejected or deleted meanwhile is
never offered: its miss makes the process read the listing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boogie.memo import ExpiringMemo
from ej.conversations import cache
from ej.conversations.models import Comment

__all__ = ["Approved", "approved", "forget", "forget_all"]

# How long a process keeps a listing, at most: a change whose bump did not reach the cache (it
# was down for a moment) shows within this time.
KEEP_SECONDS = 60.0
_kept = ExpiringMemo(KEEP_SECONDS, size=200)


@dataclass(frozen=True)
class Approved:
    """The approved comments: their ids oldest first, and who wrote which."""

    ids: tuple[int, ...]
    members: frozenset[int]
    authors: dict[int, tuple[int, ...]]  # author id → their approved comments, oldest first

    @classmethod
    def of(cls, rows: list[tuple[int, int]]) -> Approved:
        """From ``(comment id, author id)`` rows, oldest first."""
        authors: dict[int, list[int]] = {}
        for pk, author_id in rows:
            authors.setdefault(author_id, []).append(pk)
        ids = tuple(pk for pk, _author_id in rows)
        return cls(ids, frozenset(ids), {author: tuple(own) for author, own in authors.items()})

    def __len__(self) -> int:
        return len(self.ids)

    def by(self, author_id: Any) -> tuple[int, ...]:
        return self.authors.get(author_id, ())


def _read(conversation: Any) -> Approved:
    rows = (
        Comment.objects.filter(conversation_id=conversation.pk, status=Comment.Status.APPROVED)
        .order_by("created", "id")
        .values_list("id", "author_id")
    )
    return Approved.of(list(rows))


def approved(conversation: Any) -> Approved:
    """The approved comments of ``conversation`` (see the module's description)."""
    version = cache.versions([conversation.pk]).get(conversation.pk)
    if version is None:
        return _read(conversation)
    content = version[0]
    key = cache.identity(conversation)
    kept = _kept.get(key)
    if kept is not None and kept[0] == content:
        return kept[1]
    listing = _read(conversation)
    _kept.set(key, (content, listing))
    return listing


def forget(conversation: Any) -> None:
    """Read the listing of ``conversation`` again at its next use, in this process."""
    _kept.forget(cache.identity(conversation))


def forget_all() -> None:
    """Forget every listing this process keeps (tests start each with none)."""
    _kept.clear()
