"""Fixed-window rate limits kept in Django's cache (Redis in production).

::

    if not rate_limit_hit("signup", client_ip(request) or "unknown", limit=10, window=3600):
        return too_many_requests(...)

Counters are created with ``cache.add`` and raised with ``cache.incr``, both atomic in Redis and
in the in-process cache. Keys hold a digest of the identity, never an e-mail or address in clear.
When the cache does not answer, the request is let through (and logged): a cache outage must not
lock everybody out.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

__all__ = ["rate_limit_hit", "rate_limit_key", "rate_limit_reset"]

log = logging.getLogger(__name__)


def rate_limit_key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{scope}\0{identity}".encode()).hexdigest()[:40]
    return f"ratelimit:{scope}:{digest}"


def rate_limit_hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one event for ``identity`` in ``scope``; ``True`` while the count is within ``limit``.

    ``limit`` 0 or less turns the limit off. The window starts with the first event and lasts
    ``window`` seconds.
    """
    if limit <= 0:
        return True
    key = rate_limit_key(scope, identity)
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr: a new window starts
            cache.add(key, 1, timeout=window)
            count = 1
    except Exception:
        log.warning("rate limit %s: the cache failed; letting the request through", scope)
        return True
    if count is None:  # django-redis ignoring a connection error
        log.warning("rate limit %s: the cache did not answer; letting the request through", scope)
        return True
    return count <= limit


def rate_limit_reset(scope: str, identity: str) -> None:
    cache.delete(rate_limit_key(scope, identity))
