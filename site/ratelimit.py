"""Per-client rate limits whose counts every process shares.

    hit(request, limit, cost=1) -> bool    count for the request's client
    hit_key(key, limit, cost=1) -> bool    count for anything else (a user name)
    remove_expired() -> int                the periodic clean-up of the table

Where the counts live: in Redis when REDIS_URL is set (INCRBY and EXPIREAT in
one MULTI/EXEC), otherwise in PostgreSQL (`RateLimitCount`, one upsert per
hit). Never in a process's memory: gunicorn runs several workers and
restarts them after `max_requests`, so per-process counts would allow a
multiple of the limit and forget it on every restart. Django's cache is not
used either (its database backend's incr is a get then a set, not atomic).

Windows: a counter per fixed window (aligned to the epoch, so every process
agrees on the key), read as a sliding window: the previous window's count
is weighted by how much of it still lies within the last `window_seconds`.
Plain fixed windows would let a client spend its allowance at the end of
one window and again at the start of the next (twice the limit within
seconds); this estimate costs one more row read in the same statement.

Every attempt counts, also a refused one: a client that keeps trying stays
refused until it stops (at most two windows).

Clients are counted by address (agency_site.client_ip). An IPv6 client is
counted by its /64 network: a household or a phone gets a whole /64 and may
use any address in it (privacy extensions change it daily), so counting
single IPv6 addresses would give anyone 2^64 allowances. Addresses are
stored only as a keyed hash (HMAC with SECRET_KEY).

If the store fails (Redis unreachable, a database error), the attempt is
allowed and the error logged: the forms matter more than the limit.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from agency_site.client_ip import UNKNOWN, client_ip

logger = logging.getLogger(__name__)

REDIS_PREFIX = "agency:ratelimit:"
# Redis is asked on every form step: a slow or lost server must not hold requests.
REDIS_TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True)
class Limit:
    purpose: str  # e.g. "submit", "lookup"; part of the key
    max_requests: int  # attempts, or files or bytes when hits carry a cost
    window_seconds: int

    def __post_init__(self):
        if not self.purpose or ":" in self.purpose or len(self.purpose) > 80:
            raise ValueError(f"A limit's purpose is a short word without ':' (not {self.purpose!r}).")
        if self.window_seconds <= 0:
            raise ValueError("A limit's window must be at least one second.")


# --- who is counted ----------------------------------------------------------


def client_bucket(request) -> str:
    """What the request's client is counted under: its IPv4 address, or the
    /64 network of its IPv6 address."""
    text = client_ip(request)
    if text == UNKNOWN:
        return UNKNOWN
    address = ipaddress.ip_address(text)
    if address.version == 6:
        if address.ipv4_mapped:  # ::ffff:a.b.c.d is the IPv4 client a.b.c.d
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return text


def storage_key(purpose: str, identity: str) -> str:
    """The stored key: the purpose and a keyed hash of who is counted."""
    digest = hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256).hexdigest()
    return f"{purpose}:{digest[:32]}"


# --- counting ----------------------------------------------------------------


def _now() -> float:
    return time.time()


def hit(request, limit: Limit, cost: int = 1) -> bool:
    """Count `cost` (1 attempt, or n files, or n bytes) for the request's
    client; False when the client is over the limit."""
    return hit_key(client_bucket(request), limit, cost)


def hit_key(identity: str, limit: Limit, cost: int = 1) -> bool:
    """Count `cost` for `identity` (any text: an address, a user name);
    False when it is over the limit. cost=0 only asks."""
    if cost < 0:
        raise ValueError("A hit cannot take attempts back.")
    now = _now()
    window = limit.window_seconds
    start = int(now // window) * window
    key = storage_key(limit.purpose, identity)
    try:
        current, previous = _store().add(key, start, window, cost)
    except StoreError:
        logger.exception("Rate-limit store unavailable; %s allowed without counting.", limit.purpose)
        return True
    weight = 1 - (now - start) / window
    estimate = previous * weight + current
    allowed = estimate <= limit.max_requests
    if not allowed and estimate - cost <= limit.max_requests:
        # Once per client and window, not on every refused attempt after it.
        logger.info("Rate limit %r reached (%s).", limit.purpose, key)
    return allowed


def remove_expired() -> int:
    """Delete the database rows no window reads any more; how many went.
    (Redis keys expire by themselves.) Run it from a periodic job."""
    from agency_site.models import RateLimitCount

    now = datetime.datetime.fromtimestamp(_now(), tz=datetime.UTC)
    deleted, _ = RateLimitCount.objects.filter(expires_at__lte=now).delete()
    return deleted


# --- stores ------------------------------------------------------------------


class StoreError(Exception):
    """The counts could not be read or written."""


def _timestamp(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


class DatabaseStore:
    """Counts in the `RateLimitCount` table. One statement both counts the
    hit (INSERT … ON CONFLICT DO UPDATE, atomic however many processes hit
    the same key at once) and reads the previous window."""

    SQL = """
        WITH current AS (
            INSERT INTO {table} (key, window_start, count, expires_at)
            VALUES (%(key)s, %(start)s, %(cost)s, %(expires)s)
            ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + EXCLUDED.count
            RETURNING count
        )
        SELECT current.count, COALESCE((
            SELECT previous.count FROM {table} AS previous
            WHERE previous.key = %(key)s AND previous.window_start = %(previous)s
        ), 0)
        FROM current
    """

    def add(self, key: str, start: int, window: int, cost: int) -> tuple[int, int]:
        from agency_site.models import RateLimitCount

        sql = self.SQL.format(table=connection.ops.quote_name(RateLimitCount._meta.db_table))
        params = {
            "key": key, "start": _timestamp(start), "cost": cost,
            "expires": _timestamp(start + 2 * window), "previous": _timestamp(start - window),
        }
        try:
            if connection.in_atomic_block:
                # Inside a transaction: in a savepoint, so a failure here
                # leaves the caller's transaction usable.
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    row = cursor.fetchone()
            else:  # autocommit: the one statement is its own transaction
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    row = cursor.fetchone()
        except DatabaseError as error:
            raise StoreError(str(error)) from error
        return int(row[0]), int(row[1])


class RedisStore:
    """Counts in Redis, a key per client and window, expiring by itself."""

    def __init__(self, url: str):
        import redis

        self._errors = redis.RedisError
        self.client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )

    def add(self, key: str, start: int, window: int, cost: int) -> tuple[int, int]:
        name = f"{REDIS_PREFIX}{key}:{start}"
        pipe = self.client.pipeline(transaction=True)  # MULTI … EXEC: all or nothing
        pipe.incrby(name, cost)
        pipe.expireat(name, start + 2 * window)
        pipe.get(f"{REDIS_PREFIX}{key}:{start - window}")
        try:
            current, _, previous = pipe.execute()
        except self._errors as error:
            raise StoreError(str(error)) from error
        return int(current), int(previous or 0)


_redis_stores: dict[str, RedisStore] = {}


def _store():
    """RATE_LIMIT_STORE: "redis" (REDIS_URL) or "database"; read on every
    hit so tests can switch it."""
    if getattr(settings, "RATE_LIMIT_STORE", "database") == "redis":
        url = settings.REDIS_URL
        if url not in _redis_stores:
            _redis_stores[url] = RedisStore(url)  # one connection pool per process
        return _redis_stores[url]
    return DatabaseStore()
