"""A process's short memory: values kept for a few seconds, for what every request would
otherwise ask Redis or the database again (opinion-group routing, pending recomputations)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["ExpiringMemo"]

_MISSING = object()


class ExpiringMemo:
    """``key → value`` for ``seconds`` each. Bounded: expired entries go when it holds more than
    ``size``. Not shared between processes: each keeps its own."""

    def __init__(self, seconds: float, *, size: int = 1000):
        self.seconds, self.size = seconds, size
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, default: Any = None) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return default
        return entry[1]

    def __contains__(self, key: Hashable) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def set(self, key: Hashable, value: Any = True) -> None:
        now = time.monotonic()
        if len(self._entries) > self.size:
            # Threads of one process (gthread workers) share the memo: another may be dropping
            # the same entries, so each goes with pop, from a copy taken in one step.
            for stale, (expiry, _value) in list(self._entries.items()):
                if expiry <= now:
                    self._entries.pop(stale, None)
        self._entries[key] = (now + self.seconds, value)

    def remember(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value kept for ``key``; when there is none, ``build()``'s, kept from now on."""
        found = self.get(key, _MISSING)
        if found is _MISSING:
            found = build()
            self.set(key, found)
        return found

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()
