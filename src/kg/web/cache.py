"""Answers kept per store version, and HTTP validators (ETag) derived from it.

A store version never changes: `kg build` writes a new versioned directory and the server switches
to it (app.follow_rebuilds). So an answer computed for one version stays right for as long as that
version is served, and a cache keyed on the version needs no invalidation logic beyond "drop
everything when the version changes". Only the embedded store has versions; on an external store
(which others may write to) nothing is cached.

Bounded by the total size of what it holds (an estimate for result rows, exact for bytes); least
recently used entries go first. Errors are never cached.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Callable

from flask import current_app, request

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_FRACTION = 8  # one entry may take at most 1/8 of the budget


class VersionedCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
        self.version: str | None = None
        self.entries: OrderedDict = OrderedDict()   # key -> (value, size)
        self.size = 0
        self.hits = self.misses = 0
        self._lock = threading.Lock()

    def get(self, version: str | None, key, compute: Callable[[], object], size: Callable[[object], int]):
        """The cached value for key in this store version, or compute (outside the lock) and keep it."""
        if version is None or self.max_bytes <= 0:
            return compute()
        with self._lock:
            if version != self.version:
                self.entries.clear()
                self.size, self.version = 0, version
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return self.entries[key][0]
            self.misses += 1
        value = compute()  # two threads may compute the same answer once each; both are right
        n = size(value)
        with self._lock:
            if version == self.version and key not in self.entries and n <= self.max_bytes // MAX_ENTRY_FRACTION:
                self.entries[key] = (value, n)
                self.size += n
                while self.size > self.max_bytes:
                    _, (_, dropped) = self.entries.popitem(last=False)
                    self.size -= dropped
        return value

    def stats(self) -> dict:
        with self._lock:
            return {"entries": len(self.entries), "bytes": self.size, "hits": self.hits, "misses": self.misses}


def served_version() -> str | None:
    """The store version being served (plus the number of admin writes to it), or None on an
    external store."""
    version = current_app.extensions.get("kg_version")
    if version is None:
        return None
    return f"{version.name}+{current_app.extensions.get('kg_writes', 0)}"


def written() -> None:
    """An admin route changed the served version in place: what was cached or tagged is stale."""
    current_app.extensions["kg_writes"] = current_app.extensions.get("kg_writes", 0) + 1


def cached(key, compute: Callable[[], object], size: Callable[[object], int]):
    """Shorthand for the app's cache and the served version."""
    return current_app.extensions["kg_cache"].get(served_version(), key, compute, size)


# -- HTTP validators -------------------------------------------------------------------------------
# A GET answer depends only on the store version, the URL and the headers that negotiate it, so an
# ETag over exactly those lets a client revalidate (If-None-Match -> 304) without any work here.

NEGOTIATING = ("Accept", "Accept-Language")
LANG_COOKIE = "kg_lang"  # the browser's language choice (kg.web.pages)


def etag_for_request() -> str | None:
    version = served_version()
    if version is None or request.method not in ("GET", "HEAD"):
        return None
    parts = [version, request.full_path, request.cookies.get(LANG_COOKIE, "")]
    parts += [request.headers.get(h, "") for h in NEGOTIATING]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
