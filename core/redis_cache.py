"""django-redis, made to give up at once on a Redis server that has just failed.

The socket timeouts (settings: `REDIS_SOCKET_TIMEOUT`...) bound each cache call, but a page makes
several (the page cache, Wagtail's site root paths, one per image rendition...): against a frozen
server each would wait its full timeout. After a failure this backend therefore treats the server as
unreachable for `RETRY_AFTER_SECONDS` (per process) and answers every call as a miss straight away,
so that an outage costs one timeout per process every few seconds, not one per call.

This module imports no model: Django may open the cache while the apps are still loading.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Per process, shared by the threads' backend instances: server location -> monotonic deadline.
_down_until = {}
_lock = threading.Lock()


class CacheSkipped(Exception):
    """The call was not sent: the server failed a moment ago."""


def reset_breakers():
    """Forget recent failures (tests, or a process that knows the server is back)."""
    with _lock:
        _down_until.clear()


class _GuardedClient:
    """Wraps django-redis's client: skips calls while the server is marked down, marks it on failure."""

    def __init__(self, client, location, retry_after):
        self._client = client
        self._location = location
        self._retry_after = retry_after

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if _down_until.get(self._location, 0) > time.monotonic():
                # RedisCache's omit_exception turns this into a miss (IGNORE_EXCEPTIONS).
                raise ConnectionInterrupted(connection=None) from CacheSkipped(self._location)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                with _lock:
                    _down_until[self._location] = time.monotonic() + self._retry_after
                logger.warning(
                    "Cache Redis injoignable : il est ignoré pendant %s s (pages servies sans cache).",
                    self._retry_after,
                )
                raise

        return guarded


class _DropSkippedCalls(logging.Filter):
    """django-redis logs every ignored exception; the skipped calls of an open breaker are noise."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        return not (error is not None and isinstance(error.__cause__, CacheSkipped))


_drop_skipped_calls = _DropSkippedCalls()


class ResilientRedisCache(RedisCache):
    """django-redis's RedisCache with a per-process breaker (OPTIONS: RETRY_AFTER_SECONDS)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        options = params.get("OPTIONS", {})
        self._retry_after = float(options.get("RETRY_AFTER_SECONDS", 5))
        self._location = str(server)
        if self.logger is not None:
            self.logger.addFilter(_drop_skipped_calls)  # one shared filter: added once

    @property
    def client(self):
        return _GuardedClient(super().client, self._location, self._retry_after)
