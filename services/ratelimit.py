"""Per-client rate limits for public forms and lookups, kept in Django's cache.

A fixed window per (purpose, client address): simple, and enough to stop a
script from hammering the forms or guessing references. With several
application servers, set REDIS_URL so they share the counts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from agency_site.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    purpose: str  # e.g. "submit", "lookup"
    max_requests: int
    window_seconds: int


SUBMIT = Limit("submit", settings.RATE_LIMIT_SUBMITS_PER_HOUR, window_seconds=60 * 60)
LOOKUP = Limit("lookup", settings.RATE_LIMIT_LOOKUPS_PER_15_MINUTES, window_seconds=15 * 60)

MESSAGE = "요청이 너무 많습니다. 잠시 뒤(15분~1시간)에 다시 시도해 주세요. 급하시면 전화로 문의해 주세요."


def client_address(request) -> str:
    """The client's address (behind proxies: see agency_site.client_ip)."""
    return client_ip(request)


def hit(request, limit: Limit) -> bool:
    """Count one attempt; False when the client is over the limit."""
    key = f"ratelimit:{limit.purpose}:{client_address(request)}"
    added = cache.add(key, 1, timeout=limit.window_seconds)
    if added:
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.window_seconds)
        return True
    return count <= limit.max_requests
