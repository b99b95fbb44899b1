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


def _identity(conversation: Any) -> str:
    # The creation time tells apart two conversations that got the same id (a test database
    # rolled back, a database restored from a backup while Redis kept its keys).
    created = int(conversation.created.timestamp() * 1_000_000) if conversation.created else 0
    return f"{conversation.pk}.{created}"


def _key(conversation: Any, version: Versions | int, name: str, *, language: bool) -> str:
    if isinstance(version, tuple):
        version = ".".join(map(str, version))
    suffix = f":{get_language() or '-'}" if language else ""
    return f"ej-page:{_identity(conversation)}:{version}:{name}{suffix}"


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
    content version, with a marker where each per-request piece goes (the card drawn for the
    reader, the statistics line, the opinion groups). Markers hold a random token made when the
    page was rendered, so no text written by people can be one."""

    conversation: Any
    html: str
    holes: dict[str, str]  # name -> marker
    approved: list[tuple]

    def fill(self, pieces: dict[str, Any]) -> Markup:
        html = self.html
        for name, marker in self.holes.items():
            html = html.replace(marker, str(pieces.get(name) or ""), 1)
        return _rendered(html)


@dataclass
class ReaderVisit:
    page: ReaderPage
    version: Versions
    stats: Markup | None  # the statistics line, when a recent enough one is cached


def holes(*names: str) -> dict[str, str]:
    token = secrets.token_hex(12)
    return {name: f"ej-hole-{token}-{name}" for name in names}


def _slug_key(slug: str) -> str:
    return f"ej-page-slug:{slug}"


def _reader_key(identity: str, content: int) -> str:
    return f"ej-reader:{identity}:{content}:{get_language() or '-'}"


def _reader_stats_key(identity: str) -> str:
    return f"ej-reader-stats:{identity}:{get_language() or '-'}"


def reader_stats_seconds() -> float:
    return float(getattr(settings, "EJ_PAGE_READER_STATS_SECONDS", 5))


def reader_page(slug: str) -> ReaderVisit | None:
    """The cached reader page of the conversation at ``slug``, if its content is up to date:
    three reads from the cache and no query.

    Votes do not make the page older, only its statistics line: readers without a session (who
    cast no vote) get the line as counted at the last vote, or at most
    ``EJ_PAGE_READER_STATS_SECONDS`` earlier, so that a stream of votes costs one count every
    few seconds instead of one per vote. Whoever votes has a session, and the exact count.
    """
    try:
        identity = cache.get(_slug_key(slug))
        pk = int(identity.split(".")[0]) if isinstance(identity, str) else None
        version = versions([pk]).get(pk) if pk is not None else None
        if version is None:
            return None
        page_key, stats_key = _reader_key(identity, version[0]), _reader_stats_key(identity)
        found = cache.get_many([page_key, stats_key])
    except Exception:
        log.warning("page cache: the cache failed; rendering without it", exc_info=True)
        return None
    page = found.get(page_key)
    if not isinstance(page, ReaderPage) or page.conversation.slug != slug:
        return None
    stats = None
    if isinstance(found.get(stats_key), tuple):
        (content, votes), rendered_at, html = found[stats_key]
        fresh = (content, votes) == version or (
            content == version[0] and time.time() - rendered_at < reader_stats_seconds()
        )
        stats = _rendered(html) if fresh else None
    return ReaderVisit(page, version, stats)


def reader_page_store(page: ReaderPage, version: Versions) -> None:
    identity = _identity(page.conversation)
    cache.set_many(
        {
            _reader_key(identity, version[0]): page,
            _slug_key(page.conversation.slug): identity,
        },
        timeout=TIMEOUT,
    )


def reader_stats_store(conversation: Any, version: Versions, html: str) -> None:
    cache.set(
        _reader_stats_key(_identity(conversation)),
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
