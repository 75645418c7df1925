"""A fixed-window counter in the cache: enough to stop one flood without locking out an office."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle


def hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made in the current `window` seconds."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"lantoa:rl:{scope}:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def seconds_left(*, window: int) -> int:
    """Seconds until the current `window` ends and its counters start again (1 to `window`)."""
    return window - int(time.time()) % window


class RateLimited(Throttled):
    """A 429 with its own message, and a Retry-After header when `wait` is given."""

    def __init__(self, message: str, *, wait: int | None = None) -> None:
        super().__init__(wait)
        self.message = message


class PublicRate(BaseThrottle):
    """Per client address, `PUBLIC_API_RATE` requests a minute to the endpoints open to everybody."""

    window = 60

    def allow_request(self, request: HttpRequest) -> bool:
        return hit(
            scope="public", key=client_address(request), limit=settings.PUBLIC_API_RATE, window=self.window
        )

    def wait(self) -> float:
        return seconds_left(window=self.window)


def client_address(request: object) -> str:
    """REMOTE_ADDR, or the X-Forwarded-For entry added by the outermost trusted proxy."""
    meta = getattr(request, "META", {})
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(meta.get("REMOTE_ADDR", ""))
