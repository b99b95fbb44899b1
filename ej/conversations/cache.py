"""Rendered pieces of conversation and board pages, kept in Django's cache (Redis in production,
shared by every Gunicorn worker and host; the in-process cache otherwise).

Every key carries the versions of its conversation, two counters kept in the cache itself:

- the **content** version, bumped when a comment is written, when comments are moderated and when
  the conversation, its tags or its board change;
- the **votes** version, bumped by every vote saved.

A piece that shows vote counts (the statistics line, a conversation's card) is keyed by both;
the rest (title, question, tags, the approved comments) by the content version only, so a stream
of votes does not throw the whole page away. The bumps run in the after-commit signals of
``ej.conversations.signals``, inside the request that wrote: when a person's vote, comment or
moderation is answered, the versions have moved, and the next page anyone loads is rendered
again. A cached piece is never older than its viewer's own action.

A version starts at the current time in nanoseconds, not at 1: if its key is evicted or Redis
restarts empty, the new version cannot meet pieces cached under the old one.

When the cache does not answer (Redis down: django-redis ignores the error and answers
``None``), :func:`versions` has nothing, nothing is read or written, and pages are rendered
from the database as if there were no cache: a miss, not an error.

Only what is the same for every reader is kept: per-person parts (progress, the next card,
favourite and organizer buttons, anything with a CSRF token) are rendered for each request.
The pieces are HTML rendered by our components (which escape every value) and are put back in
pages as :class:`markupsafe.Markup`; nothing else is ever marked safe here.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language
from markupsafe import Markup

__all__ = [
    "APPROVED_LIMIT",
    "TIMEOUT",
    "ReaderPage",
    "ReaderVisit",
    "approved_comments",
    "bump",
    "bump_on_commit",
    "fragment",
    "fragments",
    "holes",
    "identity",
    "reader_page",
    "reader_page_store",
    "reader_stats_store",
    "versions",
]

log = logging.getLogger(__name__)

# Pieces expire after this many seconds even without a bump (deleted accounts, whose comments
# and votes go without signals, are forgotten by then).
TIMEOUT = 15 * 60
VERSION_TIMEOUT = 24 * 3600
# Up to this many approved comments are cached with their text (anonymous readers draw their
# card from them); above it, only the ids, and the drawn comment is read from the database.
APPROVED_LIMIT = 400

CONTENT, VOTES = "c", "v"
Versions = tuple[int, int]


def _version_key(conversation_id: int, kind: str) -> str:
    return f"ej-conv:{conversation_id}:{kind}"


def versions(conversation_ids: Iterable[int]) -> dict[int, Versions]:
    """``{id: (content version, votes version)}``; conversations whose versions the cache cannot
    give (it is down) are left out, and their pieces are not cached."""
    ids = list(dict.fromkeys(conversation_ids))
    keys = {(pk, kind): _version_key(pk, kind) for pk in ids for kind in (CONTENT, VOTES)}
    try:
        found = cache.get_many(keys.values())
        missing = {key for key in keys.values() if key not in found}
        if missing:
            start = time.time_ns()
            for key in missing:
                # add() keeps the value another process may have put meanwhile.
                cache.add(key, start, timeout=VERSION_TIMEOUT)
            found.update(cache.get_many(missing))
    except Exception:  # the in-process cache never fails; a misconfigured one might
        log.warning("page cache: the cache failed; rendering without it", exc_info=True)
        return {}
    result = {}
    for pk in ids:
        content, votes = found.get(keys[pk, CONTENT]), found.get(keys[pk, VOTES])
        if content is not None and votes is not None:
            result[pk] = (content, votes)
    return result


def bump(conversation_ids: Iterable[int], *, content: bool = False, votes: bool = False) -> None:
    """Move the versions of these conversations on: what was cached under them is not read
    again. A version the cache no longer has needs no bump (a new one starts when read)."""
    kinds = [kind for kind, wanted in ((CONTENT, content), (VOTES, votes)) if wanted]
    for pk in set(conversation_ids):
        for kind in kinds:
            try:
                cache.incr(_version_key(pk, kind))
            except ValueError:  # not in the cache
                pass
            except Exception:
                log.warning("page cache: could not bump conversation %s", pk, exc_info=True)


def bump_on_commit(conversation_ids: Iterable[int], **kinds: bool) -> None:
    ids = list(conversation_ids)
    transaction.on_commit(lambda: bump(ids, **kinds))


def identity(conversation: Any) -> str:
    # The creation time tells apart two conversations that got the same id (a test database
    # rolled back, a database restored from a backup while Redis kept its keys).
    created = int(conversation.created.timestamp() * 1_000_000) if conversation.created else 0
    return f"{conversation.pk}.{created}"


def _key(conversation: Any, version: Versions | int, name: str, *, language: bool) -> str:
    if isinstance(version, tuple):
        version = ".".join(map(str, version))
    suffix = f":{get_language() or '-'}" if language else ""
    return f"ej-page:{identity(conversation)}:{version}:{name}{suffix}"


def _rendered(html: str) -> Markup:
    # The only place this module marks text safe: HTML that our components rendered, each
    # value escaped by htpy, stored as it was and given back unchanged.
    return Markup(html)  # noqa: S704


def fragment(
    conversation: Any,
    version: Versions | int | None,
    name: str,
    render: Callable[[], Any],
    *,
    language: bool = True,
) -> Any:
    """The piece ``name`` of a conversation, from the cache or rendered by ``render()`` (and
    cached). ``version`` is what the piece depends on: ``(content, votes)`` or the content
    version alone; ``None`` (the cache is down) renders without caching."""
    if version is None:
        return render()
    key = _key(conversation, version, name, language=language)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout=TIMEOUT)
    return _rendered(html)


def fragments(
    conversations: Iterable[Any],
    name: str,
    render_many: Callable[[list[int]], dict[int, Any]],
) -> dict[int, Markup]:
    """The piece ``name`` of several conversations at once (a list page), keyed by both their
    versions: one read for all of them, and one call of ``render_many(ids)`` for the ones
    missing. Returns ``{id: HTML}``."""
    conversations = list(conversations)
    known = versions(conversation.pk for conversation in conversations)
    keys = {
        conversation.pk: _key(conversation, known[conversation.pk], name, language=True)
        for conversation in conversations
        if conversation.pk in known
    }
    found = cache.get_many(keys.values()) if keys else {}
    result = {pk: _rendered(found[key]) for pk, key in keys.items() if key in found}
    missing = [c.pk for c in conversations if c.pk not in result]
    if missing:
        rendered = {pk: str(html) for pk, html in render_many(missing).items()}
        cache.set_many(
            {keys[pk]: html for pk, html in rendered.items() if pk in keys}, timeout=TIMEOUT
        )
        result.update({pk: _rendered(html) for pk, html in rendered.items()})
    return result


def approved_comments(conversation: Any, version: Versions | None) -> list[tuple]:
    """The approved comments of a conversation, oldest first, as ``(id, author id, text)``, or
    ``(id, None, None)`` for each when there are more than :data:`APPROVED_LIMIT`."""
    from ej.conversations.models import Comment

    def read() -> list[tuple]:
        approved = conversation.comments.filter(status=Comment.Status.APPROVED).order_by(
            "created", "id"
        )
        rows = list(approved.values_list("id", "author_id", "text")[: APPROVED_LIMIT + 1])
        if len(rows) <= APPROVED_LIMIT:
            return rows
        return [(pk, None, None) for pk in approved.values_list("id", flat=True)]

    if version is None:
        return read()
    key = _key(conversation, version[0], "approved", language=False)
    rows = cache.get(key)
    if rows is None:
        rows = read()
        cache.set(key, rows, timeout=TIMEOUT)
    return rows


# Whole pages for readers without a session, with holes for what each request draws.


@dataclass
class ReaderPage:
    """A conversation's page as every reader without a session sees it, rendered once per
    content version, with holes where each per-request piece goes (the statistics line, the
    opinion groups, the id and text of the comment drawn for the reader, the CSRF token).

    The page is kept cut at its holes: ``parts`` alternates text and hole names (``text, name,
    text, ..., text``), and :meth:`fill` joins it back in one pass, so that the pieces put in
    (text written by people among them) are never read again for markers. Markers hold a random
    token made when the page was rendered, so no text written by people can be one either."""

    conversation: Any
    content: int  # the content version it was rendered at
    parts: list[str]
    approved: list[tuple]

    @classmethod
    def cut(
        cls,
        conversation: Any,
        content: int,
        html: str,
        markers: dict[str, str],
        approved: list[tuple],
        *,
        inserts: dict[str, str] | None = None,
    ) -> ReaderPage:
        """The page ``html`` (rendered with ``markers`` from :func:`holes`) cut at its holes.
        ``inserts`` are HTML rendered once with the page, put in place of their markers first;
        they may have holes of their own (markers of the same call of :func:`holes`)."""
        html = str(html)
        for name, insert in (inserts or {}).items():
            html = html.replace(markers[name], str(insert), 1)
        names = {marker: name for name, marker in markers.items() if name not in (inserts or {})}
        # Longest first: no marker is cut short by another that begins like it.
        pattern = "|".join(re.escape(marker) for marker in sorted(names, key=len, reverse=True))
        parts = re.split(f"({pattern})", html)
        for index in range(1, len(parts), 2):
            parts[index] = names[parts[index]]
        return cls(conversation, content, parts, approved)

    def has_hole(self, name: str) -> bool:
        return name in self.parts[1::2]

    def fill(self, pieces: dict[str, Any]) -> Markup:
        """The page with each hole replaced by its piece (HTML, or nothing when missing)."""
        parts = list(self.parts)
        for index in range(1, len(parts), 2):
            piece = pieces.get(parts[index])
            parts[index] = "" if piece is None else str(piece)
        return _rendered("".join(parts))


@dataclass
class ReaderVisit:
    page: ReaderPage
    version: Versions
    stats: Markup | None  # the statistics line, when a recent enough one is cached


def holes(*names: str) -> dict[str, str]:
    """``{name: marker}``: one random token for all the markers of a page."""
    token = secrets.token_hex(12)
    return {name: f"ej-hole-{token}-{name}" for name in names}


def _slug_key(slug: str) -> str:
    return f"ej-page-slug:{slug}"


def _reader_key(identity: str) -> str:
    # Not keyed by the content version: the page carries the one it was rendered at (read with
    # the versions, in the same round trip), and a newer page takes the older one's place.
    return f"ej-reader-page:{identity}:{get_language() or '-'}"


def _reader_stats_key(identity: str) -> str:
    return f"ej-reader-stats:{identity}:{get_language() or '-'}"


def reader_stats_seconds() -> float:
    return float(getattr(settings, "EJ_PAGE_READER_STATS_SECONDS", 5))


# The conversation each slug was last found at, in this process: a guess that lets
# reader_page() read the slug and what it points to in one round trip (the slug is read and
# checked every time; a wrong guess costs a second round trip, never a wrong page).
_slug_identities: dict[str, str] = {}
_SLUG_IDENTITIES_MAX = 10_000


def _reader_keys(identity: str) -> list[str]:
    """The keys read for a reader page: the versions, the page, its statistics line."""
    pk = int(identity.split(".")[0])
    return [
        _version_key(pk, CONTENT),
        _version_key(pk, VOTES),
        _reader_key(identity),
        _reader_stats_key(identity),
    ]


def _read_reader_keys(slug: str) -> tuple[list[str], dict[str, Any]] | None:
    slug_key = _slug_key(slug)
    guess = _slug_identities.get(slug)
    if guess is None:
        identity = cache.get(slug_key)
    else:
        keys = _reader_keys(guess)
        found = cache.get_many([slug_key, *keys])
        identity = found.get(slug_key)
    if not isinstance(identity, str):
        _slug_identities.pop(slug, None)
        return None
    if identity != guess:
        keys = _reader_keys(identity)
        found = cache.get_many(keys)
        if len(_slug_identities) >= _SLUG_IDENTITIES_MAX:
            _slug_identities.clear()
        _slug_identities[slug] = identity
    return keys, found


def reader_page(slug: str) -> ReaderVisit | None:
    """The cached reader page of the conversation at ``slug``, if its content is up to date:
    one round trip to the cache (the conversation at ``slug``, and its versions, page and
    statistics line), two the first time a process reads ``slug``, and no query.

    Votes do not make the page older, only its statistics line: readers without a session (who
    cast no vote) get the line as counted at the last vote, or at most
    ``EJ_PAGE_READER_STATS_SECONDS`` earlier, so that a stream of votes costs one count every
    few seconds instead of one per vote. Whoever votes has a session, and the exact count.
    """
    try:
        read = _read_reader_keys(slug)
    except Exception:
        log.warning("page cache: the cache failed; rendering without it", exc_info=True)
        return None
    if read is None:
        return None
    (content_key, votes_key, page_key, stats_key), found = read
    content, votes = found.get(content_key), found.get(votes_key)
    page = found.get(page_key)
    if (
        content is None
        or votes is None
        or not isinstance(page, ReaderPage)
        or page.content != content
        or page.conversation.slug != slug
    ):
        return None
    version = (content, votes)
    stats = None
    if isinstance(found.get(stats_key), tuple):
        (stats_content, stats_votes), rendered_at, html = found[stats_key]
        fresh = (stats_content, stats_votes) == version or (
            stats_content == content and time.time() - rendered_at < reader_stats_seconds()
        )
        stats = _rendered(html) if fresh else None
    return ReaderVisit(page, version, stats)


def reader_page_store(page: ReaderPage) -> None:
    known_as = identity(page.conversation)
    cache.set_many(
        {
            _reader_key(known_as): page,
            _slug_key(page.conversation.slug): known_as,
        },
        timeout=TIMEOUT,
    )


def reader_stats_store(conversation: Any, version: Versions, html: str) -> None:
    cache.set(
        _reader_stats_key(identity(conversation)),
        (tuple(version), time.time(), str(html)),
        timeout=TIMEOUT,
    )


# What bumps the versions (connected in ConversationsConfig.ready).


def on_vote_saved(sender: Any, vote: Any, **kwargs: Any) -> None:
    conversation_id = getattr(vote.comment, "conversation_id", None)
    if conversation_id is not None:
        bump([conversation_id], votes=True)


def on_comment_created(sender: Any, comment: Any, **kwargs: Any) -> None:
    bump([comment.conversation_id], content=True)


def on_comments_moderated(sender: Any, comments: Any, **kwargs: Any) -> None:
    bump([comment.conversation_id for comment in comments], content=True)


def on_conversation_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        # Its address may have been another conversation's, deleted (or rolled back) since.
        forget_slug = lambda: cache.delete(_slug_key(instance.slug))  # noqa: E731
        forget_slug()
        transaction.on_commit(forget_slug)
    bump_on_commit([instance.pk], content=True)


def on_conversation_tags_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from ej.conversations.models import Conversation

    if isinstance(instance, Conversation):
        bump_on_commit([instance.pk], content=True)
    elif kwargs.get("pk_set"):
        bump_on_commit(kwargs["pk_set"], content=True)  # a tag's conversations


def on_conversation_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump_on_commit([instance.pk], content=True)


def on_board_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        return
    ids = list(instance.conversations.values_list("id", flat=True))
    if ids:
        bump_on_commit(ids, content=True)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from ej.boards.models import Board
    from ej.conversations import signals
    from ej.conversations.models import Conversation, Vote

    uid = "ej-page-cache"
    signals.vote_saved.connect(on_vote_saved, sender=Vote, dispatch_uid=uid)
    signals.comment_created.connect(on_comment_created, dispatch_uid=uid)
    signals.comments_moderated.connect(on_comments_moderated, dispatch_uid=uid)
    post_save.connect(on_conversation_saved, sender=Conversation, dispatch_uid=uid)
    post_delete.connect(on_conversation_deleted, sender=Conversation, dispatch_uid=uid)
    post_save.connect(on_board_saved, sender=Board, dispatch_uid=uid)
    m2m_changed.connect(
        on_conversation_tags_changed, sender=Conversation.tags.through, dispatch_uid=uid
    )
