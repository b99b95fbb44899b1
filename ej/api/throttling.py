"""Rate limits on the API's writes, per person, per client address and per e-mail.

Each limit is a fixed window counted in the Django cache (Redis in production, so every
Gunicorn worker and host shares the counters). On Redis a request's limits are counted in one
round trip (INCR, and EXPIRE for the window's first request); another cache counts with
``cache.incr`` and opens the window with ``cache.add``. The rates are
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["<scope>.<kind>"]`` (``votes.user``,
``votes.address``...), read on each request; ``None`` means no limit.

The client address is the one the proxy reports (:func:`ej.users.network.client_ip`, the
``X-Real-IP`` header Nginx sets), never ``X-Forwarded-For``, which the client can write.
These are fairness limits: brute force on passwords is stopped by django-axes' lockout.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django_redis.cache import RedisCache
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from ej.users.network import client_ip
from ej.users.security import normalize_email

__all__ = [
    "AddressThrottle",
    "EmailThrottle",
    "ScopedThrottles",
    "UserThrottle",
    "parse_rate",
]

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

log = logging.getLogger(__name__)


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"60/minute"`` → ``(60, 60)``: requests allowed and window length in seconds."""
    if not rate:
        return None
    try:
        number, period = rate.split("/")
        requests = int(number)
        seconds = PERIODS[period.strip()[0].lower()]
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(
            f"{rate!r} is not a rate; write requests/period, e.g. 60/minute"
        ) from None
    if requests < 0:
        raise ImproperlyConfigured(f"{rate!r}: the number of requests cannot be negative")
    return requests, seconds


@dataclass(frozen=True)
class _Window:
    key: str
    allowed: int
    timeout: int  # seconds the counter is kept
    retry_after: float  # seconds until the next window


def _redis_cache() -> RedisCache | None:
    """The default cache when it is django-redis' (``cache`` is a proxy to it)."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def _count_all(windows: list[_Window]) -> list[int | None]:
    """:func:`_count` for several counters, in one round trip on Redis (INCR, then EXPIRE NX:
    the first request of a window sets its expiry)."""
    redis_cache = _redis_cache()
    if redis_cache is None:
        return [_count(window.key, timeout=window.timeout) for window in windows]
    try:
        pipeline = redis_cache.client.get_client(write=True).pipeline(transaction=False)
        for window in windows:
            key = redis_cache.client.make_key(window.key)
            pipeline.incr(key)
            pipeline.expire(key, window.timeout, nx=True)
        replies = pipeline.execute()
    except (RedisError, OSError):
        log.warning("rate limits: the cache cannot count; letting the request through")
        return [None] * len(windows)
    return [int(reply) for reply in replies[0::2]]


def _count(key: str, *, timeout: int) -> int | None:
    """Add one to the counter ``key`` (created with that timeout) and return it; ``None`` when
    the cache cannot count (it is down: requests go through). One cache call once the window is
    open."""
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet
        pass
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)  # another request opened the window at the same moment
    except ValueError:
        return None


class ScopedThrottle:
    """One limit of a ``scope`` (votes, comments, tokens): the requests of one identity (a
    person, an address, an e-mail). :class:`ScopedThrottles` counts a request's limits."""

    kind = ""
    timer = staticmethod(time.time)

    def __init__(self, scope: str):
        self.scope = scope

    @property
    def rate_name(self) -> str:
        return f"{self.scope}.{self.kind}"

    def identity(self, request) -> str | None:
        raise NotImplementedError

    def window(self, request) -> _Window | None:
        """The counter this request adds to, or ``None`` when it is not limited."""
        parsed = parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(self.rate_name))
        identity = self.identity(request)
        if parsed is None or identity is None:
            return None
        allowed, seconds = parsed
        now = self.timer()
        window = int(now // seconds)
        key = f"ej-api-throttle:{self.rate_name}:{identity}:{seconds}:{window}"
        return _Window(key, allowed, seconds + 1, (window + 1) * seconds - now)


class UserThrottle(ScopedThrottle):
    """Per logged-in person (anonymous requests are counted by address only)."""

    kind = "user"

    def identity(self, request) -> str | None:
        user = request.user
        return str(user.pk) if user and user.is_authenticated else None


class AddressThrottle(ScopedThrottle):
    """Per client address, as the proxy reports it."""

    kind = "address"

    def get_ident(self, request) -> str:
        return client_ip(getattr(request, "_request", request)) or "unknown"

    def identity(self, request) -> str:
        return self.get_ident(request)


class EmailThrottle(ScopedThrottle):
    """Per e-mail named in the request body (token requests); stored as a digest."""

    kind = "email"

    def identity(self, request) -> str | None:
        data = request.data if hasattr(request, "data") else {}
        email = data.get("email") if isinstance(data, dict) else None
        if not isinstance(email, str) or not email.strip():
            return None
        return hashlib.sha256(normalize_email(email).encode()).hexdigest()[:32]


class ScopedThrottles(BaseThrottle):
    """Several limits of one scope (per person and per address, say) counted together: one
    round trip to Redis for all of them. The request passes when it is under every limit."""

    def __init__(self, scope: str, kinds: tuple[type[ScopedThrottle], ...]):
        self.throttles = [kind(scope) for kind in kinds]
        self.retry_after: float | None = None

    def allow_request(self, request, view) -> bool:
        windows = [throttle.window(request) for throttle in self.throttles]
        counted = [window for window in windows if window is not None]
        if not counted:
            return True
        over = [
            window
            for window, count in zip(counted, _count_all(counted), strict=True)
            if count is not None and count > window.allowed
        ]
        if not over:
            return True
        self.retry_after = max(window.retry_after for window in over)
        return False

    def wait(self) -> float | None:
        return math.ceil(self.retry_after) if self.retry_after is not None else None
