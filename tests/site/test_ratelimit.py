"""The rate-limit store (agency_site.ratelimit): counts every process
shares — in the database here (the tests' default cache is per-process
memory and must not matter), in Redis when REDIS_URL is set."""

import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import RequestFactory

from agency_site import ratelimit as store
from agency_site.models import RateLimitCount
from services.requests import ratelimit

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 100
T0 = 1_000_000  # a window starts here (a multiple of WINDOW)


def client(address="10.0.0.1", **meta):
    return RequestFactory().get("/", REMOTE_ADDR=address, **meta)


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, set by the test: clock.now = seconds."""

    class Clock:
        now = T0 + 1

    fixed = Clock()
    monkeypatch.setattr(store, "_now", lambda: fixed.now)
    return fixed


# --- the allowance ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_client_is_stopped_after_its_allowance_and_others_are_not():
    limit = ratelimit.Limit("test", max_requests=3, window_seconds=60)
    one, other = client("10.0.0.1"), client("10.0.0.2")
    assert [ratelimit.hit(one, limit) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit(other, limit)
    assert ratelimit.hit(one, ratelimit.Limit("other-purpose", 3, 60))


@pytest.mark.django_db
def test_counts_do_not_live_in_the_default_cache():
    limit = ratelimit.Limit("test", max_requests=2, window_seconds=60)
    assert ratelimit.hit(client(), limit) and ratelimit.hit(client(), limit)
    cache.clear()  # a restarted worker's memory, or a cache that evicts
    assert not ratelimit.hit(client(), limit)
    assert RateLimitCount.objects.get().count == 3


@pytest.mark.django_db
def test_a_cost_counts_that_many():
    limit = ratelimit.Limit("bytes", max_requests=1000, window_seconds=60)
    assert ratelimit.hit(client(), limit, cost=600)
    assert ratelimit.hit(client(), limit, cost=400)
    assert not ratelimit.hit(client(), limit, cost=1)
    # cost=0 only asks.
    assert ratelimit.hit(client(), ratelimit.Limit("bytes", 2000, 60), cost=0)
    with pytest.raises(ValueError):
        ratelimit.hit(client(), limit, cost=-5)


@pytest.mark.django_db
def test_other_keys_than_addresses(clock):
    limit = store.Limit("login-name", max_requests=1, window_seconds=WINDOW)
    assert store.hit_key("hong", limit)
    assert not store.hit_key("hong", limit)
    assert store.hit_key("kim", limit)


def test_a_purpose_is_a_short_word():
    for bad in ["", "a:b", "x" * 81]:
        with pytest.raises(ValueError):
            store.Limit(bad, 1, 60)
    with pytest.raises(ValueError):
        store.Limit("ok", 1, 0)


# --- windows -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_allowance_comes_back_as_the_previous_window_slides_out(clock):
    limit = store.Limit("slide", max_requests=10, window_seconds=WINDOW)
    assert all(store.hit(client(), limit) for _ in range(10))
    assert not store.hit(client(), limit)  # 11 counted in the first window

    # Right after the window turns, the last window still counts almost fully:
    # no second allowance at once (a plain fixed window would give one).
    clock.now = T0 + WINDOW + 1
    assert not store.hit(client(), limit)
    # Halfway through: 11 × ½ of the previous window + 1 so far.
    clock.now = T0 + WINDOW + WINDOW // 2
    assert [store.hit(client(), limit) for _ in range(4)] == [True, True, True, False]
    # Two windows later the first one is forgotten; the second (5 counted)
    # still weighs 5 × ¾ = 3.75, so 6 more fit.
    clock.now = T0 + 2 * WINDOW + WINDOW // 4
    assert [store.hit(client(), limit) for _ in range(7)] == [True] * 6 + [False]


@pytest.mark.django_db
def test_rows_carry_their_window_and_expiry(clock):
    store.hit(client(), store.Limit("rows", 5, WINDOW))
    row = RateLimitCount.objects.get()
    assert row.window_start.timestamp() == T0
    assert row.expires_at.timestamp() == T0 + 2 * WINDOW
    assert row.key.startswith("rows:")
    assert "10.0.0.1" not in row.key  # addresses are stored as a keyed hash only


@pytest.mark.django_db
def test_remove_expired_deletes_only_windows_no_longer_read(clock):
    limit = store.Limit("expiry", 5, WINDOW)
    store.hit(client(), limit)
    clock.now = T0 + WINDOW + 1
    store.hit(client(), limit)
    assert store.remove_expired() == 0  # both are still read
    clock.now = T0 + 2 * WINDOW + 1
    assert store.remove_expired() == 1
    assert [r.window_start.timestamp() for r in RateLimitCount.objects.all()] == [T0 + WINDOW]


# --- who is counted --------------------------------------------------------------


@pytest.mark.django_db
def test_ipv6_clients_are_counted_by_their_64_network():
    limit = ratelimit.Limit("v6", max_requests=2, window_seconds=60)
    assert ratelimit.hit(client("2001:db8:1:2::1"), limit)
    assert ratelimit.hit(client("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), limit)  # same household
    assert not ratelimit.hit(client("2001:db8:1:2::ffff"), limit)
    assert ratelimit.hit(client("2001:db8:1:3::1"), limit)  # the next /64 is someone else


def test_buckets():
    assert store.client_bucket(client("203.0.113.7")) == "203.0.113.7"
    assert store.client_bucket(client("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
    assert store.client_bucket(client("::ffff:203.0.113.7")) == "203.0.113.7"
    assert store.client_bucket(client("")) == "unknown"


@pytest.mark.django_db
def test_behind_a_proxy_clients_are_counted_apart(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limit = ratelimit.Limit("proxied", max_requests=1, window_seconds=60)
    one = client("10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client("10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.9")
    spoofing = client("10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    assert ratelimit.hit(one, limit)
    assert ratelimit.hit(other, limit)
    assert not ratelimit.hit(spoofing, limit)


# --- transactions and failures -----------------------------------------------------


@pytest.mark.django_db
def test_inside_a_transaction_a_failing_store_allows_and_leaves_the_transaction_usable(monkeypatch, caplog):
    limit = ratelimit.Limit("broken", max_requests=1, window_seconds=60)
    monkeypatch.setattr(store.DatabaseStore, "SQL", "SELECT 1 / 0 -- {table}")
    with transaction.atomic():
        with caplog.at_level(logging.ERROR, logger="agency_site.ratelimit"):
            assert ratelimit.hit(client(), limit)  # allowed: the forms matter more
        assert "Rate-limit store unavailable" in caplog.text
        # The surrounding transaction goes on (the failure was in a savepoint).
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_counts_inside_a_transaction_are_seen_by_it():
    limit = ratelimit.Limit("in-atomic", max_requests=1, window_seconds=60)
    with transaction.atomic():
        assert ratelimit.hit(client(), limit)
        assert not ratelimit.hit(client(), limit)


def test_an_unreachable_redis_allows_and_logs(settings, caplog):
    settings.RATE_LIMIT_STORE = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="agency_site.ratelimit"):
        assert ratelimit.hit(client(), ratelimit.Limit("no-redis", 0, 60))
    assert "Rate-limit store unavailable" in caplog.text


# --- concurrency: threads with their own database connections ------------------------


def _hammer(limit, threads=20, hits=10):
    """threads × hits at once from one client; the results of all hits."""
    start = threading.Barrier(threads)

    def run(_):
        try:
            start.wait()
            return [store.hit(client(), limit) for _ in range(hits)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return [result for batch in pool.map(run, range(threads)) for result in batch]


def test_simultaneous_hits_are_all_counted_exactly_once(django_db_setup, django_db_blocker):
    # Committed for real (the threads cannot see a test's transaction), under
    # a purpose of its own, removed afterwards.
    purpose = f"race{uuid.uuid4().hex[:8]}"
    limit = store.Limit(purpose, max_requests=150, window_seconds=3600)
    with django_db_blocker.unblock():
        try:
            results = _hammer(limit)
            assert sum(RateLimitCount.objects.filter(key__startswith=f"{purpose}:")
                       .values_list("count", flat=True)) == 200
            assert results.count(True) == 150 and results.count(False) == 50
        finally:
            RateLimitCount.objects.filter(key__startswith=f"{purpose}:").delete()
            connection.close()


# --- Redis (only when REDIS_URL is set) ------------------------------------------------

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")


@pytest.fixture
def redis_store(settings):
    settings.RATE_LIMIT_STORE = "redis"
    settings.REDIS_URL = os.environ["REDIS_URL"]
    purpose = f"redis{uuid.uuid4().hex[:8]}"
    yield purpose
    redis_client = store._store().client
    for name in redis_client.scan_iter(f"{store.REDIS_PREFIX}{purpose}:*"):
        redis_client.delete(name)


@needs_redis
def test_redis_counts_windows_and_expiry(redis_store, clock):
    # Windows starting in the future: Redis drops keys whose expiry has passed.
    start = (int(time.time()) // WINDOW + 10) * WINDOW
    clock.now = start + 1
    limit = store.Limit(redis_store, max_requests=10, window_seconds=WINDOW)
    assert all(store.hit(client(), limit) for _ in range(10))
    assert not store.hit(client(), limit)
    clock.now = start + WINDOW + WINDOW // 2  # 11 × ½ of the last window
    assert [store.hit(client(), limit) for _ in range(5)] == [True] * 4 + [False]
    redis_client = store._store().client
    names = sorted(redis_client.scan_iter(f"{store.REDIS_PREFIX}{redis_store}:*"))
    assert [int(redis_client.get(name)) for name in names] == [11, 5]
    assert redis_client.expiretime(names[0]) == start + 2 * WINDOW


@needs_redis
def test_redis_simultaneous_hits_are_all_counted_exactly_once(redis_store):
    limit = store.Limit(redis_store, max_requests=150, window_seconds=3600)
    results = _hammer(limit)
    assert results.count(True) == 150 and results.count(False) == 50
    redis_client = store._store().client
    names = redis_client.scan_iter(f"{store.REDIS_PREFIX}{redis_store}:*")
    assert sum(int(redis_client.get(name)) for name in names) == 200


# --- production settings ------------------------------------------------------------


def production_settings(**env):
    """RATE_LIMIT_* and the store as production reads them from `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("RATE_LIMIT_", "REDIS_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="agency_site.settings.production", SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="www.example.kr", DATABASE_URL="postgres://agency:pw@db.internal:5432/agency", **env,
    )
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "from services.requests import ratelimit as r; "
        "print(json.dumps([settings.RATE_LIMIT_STORE, r.SUBMIT.max_requests, r.STEP.max_requests,"
        " r.UPLOAD_FILES.max_requests, r.UPLOAD_BYTES.max_requests, r.LOOKUP.max_requests]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_never_counts_in_process_memory():
    assert production_settings() == ["database", 10, 60, 30, 150 * 1024 * 1024, 20]
    assert production_settings(REDIS_URL="redis://cache:6379/0")[0] == "redis"


def test_production_reads_the_allowances_from_the_environment():
    assert production_settings(
        RATE_LIMIT_SUBMITS_PER_HOUR="3", RATE_LIMIT_FORM_STEPS_PER_HOUR="4",
        RATE_LIMIT_UPLOAD_FILES_PER_HOUR="5", RATE_LIMIT_UPLOAD_MB_PER_HOUR="6",
        RATE_LIMIT_LOOKUPS_PER_15_MINUTES="7",
    ) == ["database", 3, 4, 5, 6 * 1024 * 1024, 7]
