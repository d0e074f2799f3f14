"""Rate limits as production runs them: gunicorn with several workers, each
request on a new connection (no keep-alive), so whichever worker answers
must see the same counts; and counts that outlive the workers.

The target is the status lookup (reference + phone number), the form a
script would use to guess references. Its allowance comes from
RATE_LIMIT_LOOKUPS_PER_15_MINUTES, set small here.
"""

import http.client
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

from tests.production.conftest import WORKERS

LIMIT = 5
LOOKUP = "/requests/status/"
# At once: more connections than a worker has threads, so several workers answer.
PARALLEL = 8


def fetch(site, method, path, headers=None, body=None, timeout=180):
    """One request on its own connection; (status, headers, body)."""
    address = urllib.parse.urlsplit(site.url)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


class Visitor:
    """Someone at the status lookup: the CSRF cookie and token from one GET,
    then lookups of a reference that does not exist (200 with an error, or
    429 once over the limit). `forwarded_for` is the X-Forwarded-For header
    the request arrives with (as a proxy in front would write it)."""

    def __init__(self, site, forwarded_for=None):
        self.site = site
        self.forwarded_for = forwarded_for
        status, headers, _ = fetch(site, "GET", LOOKUP, headers=self._forwarded(forwarded_for))
        assert status == 200
        cookie = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or []:
            cookie.load(value)
        self.token = cookie["csrftoken"].value

    @staticmethod
    def _forwarded(value):
        return {"X-Forwarded-For": value} if value is not None else {}

    def look_up(self, forwarded_for=None) -> int:
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": self.token, "reference": "EC-2345-6789", "phone": "010-2345-6789",
        })
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.token}",
            **self._forwarded(forwarded_for if forwarded_for is not None else self.forwarded_for),
        }
        status, _, page = fetch(self.site, "POST", LOOKUP, headers=headers, body=body)
        assert status in (200, 429), page[:500]
        return status

    def look_up_many(self, count, forwarded_for=None) -> list[int]:
        """`count` lookups, PARALLEL at a time; the statuses in any order."""
        values = forwarded_for or [None] * count
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            return list(pool.map(self.look_up, values))


def tally(statuses):
    return {200: statuses.count(200), 429: statuses.count(429)}


def test_the_limit_holds_whichever_worker_answers(start_production_site):
    assert WORKERS >= 3
    with start_production_site(RATE_LIMIT_LOOKUPS_PER_15_MINUTES=str(LIMIT)) as site:
        visitor = Visitor(site)
        # 40 lookups over fresh connections, 8 at a time, spread over 3 workers:
        # counts kept per process would let up to 3 × LIMIT through.
        assert tally(visitor.look_up_many(40)) == {200: LIMIT, 429: 40 - LIMIT}


def _worker_pids(log, pattern):
    return set(re.findall(pattern, log))


def test_counts_survive_workers_being_recycled(start_production_site):
    max_requests = 10
    with start_production_site(
        max_requests=max_requests, RATE_LIMIT_LOOKUPS_PER_15_MINUTES=str(LIMIT),
    ) as site:
        first = _worker_pids(site.log, r"Booting worker with pid: (\d+)")
        assert len(first) == WORKERS
        visitor = Visitor(site)
        assert tally(visitor.look_up_many(3)) == {200: 3, 429: 0}

        # Cheap requests until every worker that counted those has been
        # replaced (gunicorn restarts a worker after max_requests). A request
        # may wait while workers boot, which takes a while on a busy machine.
        def live(_):
            return fetch(site, "GET", "/healthz/live")[0]

        deadline = time.monotonic() + 600
        while not first <= _worker_pids(site.log, r"Worker exiting \(pid: (\d+)\)"):
            assert time.monotonic() < deadline, site.log
            with ThreadPoolExecutor(max_workers=3) as pool:
                assert set(pool.map(live, range(15))) == {200}

        # The new workers know of the 3 lookups: only LIMIT - 3 more pass.
        assert tally(visitor.look_up_many(20)) == {200: LIMIT - 3, 429: 20 - (LIMIT - 3)}


def test_behind_one_proxy_each_client_has_its_own_bucket(start_production_site):
    with start_production_site(
        TRUSTED_PROXY_COUNT="1", RATE_LIMIT_LOOKUPS_PER_15_MINUTES=str(LIMIT),
    ) as site:
        one = Visitor(site, forwarded_for="203.0.113.10")
        other = Visitor(site, forwarded_for="198.51.100.20")
        assert tally(one.look_up_many(LIMIT + 5)) == {200: LIMIT, 429: 5}
        # Another citizen behind the same proxy is not blocked by the first.
        assert tally(other.look_up_many(3)) == {200: 3, 429: 0}
        # The first one writing addresses of its own in front of what the
        # proxy appended gets nothing more: only the proxy's entry counts.
        spoofed = [f"10.0.{n}.1, 203.0.113.10" for n in range(10)]
        assert tally(one.look_up_many(10, forwarded_for=spoofed)) == {200: 0, 429: 10}
        # The same addresses as the proxy's own entry are new clients indeed.
        assert one.look_up(forwarded_for="1.2.3.4, 192.0.2.30") == 200


def test_without_a_proxy_x_forwarded_for_is_ignored(start_production_site):
    # TRUSTED_PROXY_COUNT defaults to 0: anyone can send the header, so it
    # must not give a client a new bucket.
    with start_production_site(RATE_LIMIT_LOOKUPS_PER_15_MINUTES=str(LIMIT)) as site:
        visitor = Visitor(site)
        invented = [f"192.0.2.{n}" for n in range(20)]
        assert tally(visitor.look_up_many(20, forwarded_for=invented)) == {200: LIMIT, 429: 20 - LIMIT}
