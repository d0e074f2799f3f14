"""`make bench`: the site search under gunicorn with production settings,
over HTTP on the loopback, page cache bypassed (a session cookie).

1. The seeded site: the relevance set (tests/search/relevance.toml) once to
   warm up and for hit@1/@3/@10 and MRR, then ROUNDS more passes, one request
   after another, for the server time p50/p95 (wall time of each request on
   the loopback; the site sends no Server-Timing header). The index is
   built first with `manage.py update_index`.
2. The same site with 1,000 generated pages added (tests/search/generated_site.py,
   then `manage.py update_index`): the same figures again.
3. Each gunicorn worker's memory (VmRSS) after the searches.

Prints the figures and whether the target (p95 ≤ 80 ms on 2 CPUs) is met;
asserts only that every response was 200. SEARCH_BACKEND (e.g.
wagtail.search.backends.database) picks the backend the site runs with.

Environment: BENCH_SEARCH_ROUNDS (timed passes over the set, default 3).
"""

import http.client
import os
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.bench.loadgen import percentile
from tests.bench.production_site import container_concurrency, production_site, server_url
from tests.bench.test_http import BYPASS_CACHE
from tests.search.generated_site import SLUG_PREFIX
from tests.search.relevance import evaluate, load_queries, result_paths
from tests.site_server import manage

ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "3"))
P95_MS_TARGET = 80.0  # issue 14: uncached, 2 CPUs
GENERATED_PAGES = 1000
SLOWEST = 5  # queries named with their time, for whoever tunes the backend
COOKIE = "; ".join(f"{name}={value}" for name, value in BYPASS_CACHE.items())


class Searcher:
    """One keep-alive connection to the site; records each search's time and status."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.times_ms: list[float] = []
        self.statuses: dict[int, int] = {}
        self.cache_headers: set[str] = set()
        self.top_three: list[str] = []  # the first three results of every query, for the generated share

    def search(self, query: str) -> str:
        path = "/search/?" + urlencode({"q": query})
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Cookie": COOKIE, "Accept-Language": "ko"})
        response = self.connection.getresponse()
        body = response.read()
        self.times_ms.append((time.perf_counter() - started) * 1000)
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        self.cache_headers.add(response.getheader("X-Page-Cache", "-"))
        return body.decode()

    def results_for(self, query: str) -> list[str]:
        paths = result_paths(self.search(query))
        self.top_three.extend(paths[:3])
        return paths

    def close(self):
        self.connection.close()


def measure(site, label: str, misses_shown: bool = False) -> dict:
    queries = load_queries()
    searcher = Searcher(site.url)
    try:
        figures = evaluate(searcher.results_for, queries)  # also the warm-up pass
        searcher.times_ms.clear()
        by_query: dict[str, list[float]] = {}
        for _ in range(ROUNDS):
            for item in queries:
                searcher.search(item.query)
                by_query.setdefault(item.query, []).append(searcher.times_ms[-1])
    finally:
        searcher.close()
    times = sorted(searcher.times_ms)
    slowest = sorted(by_query.items(), key=lambda entry: -sorted(entry[1])[len(entry[1]) // 2])[:SLOWEST]
    row = {"label": label, "figures": figures, "p50": percentile(times, 50), "p95": percentile(times, 95),
           "max": times[-1], "requests": len(times), "statuses": searcher.statuses,
           "cache": searcher.cache_headers}
    print(f"\n{label}: {figures.summary()}")
    generated = sum(SLUG_PREFIX in path for path in searcher.top_three)
    if generated:
        print(f"  generated pages hold {generated} of the {len(searcher.top_three)} top-3 places")
    if misses_shown:
        print("\n".join(f"  miss: {miss}" for miss in figures.misses))
    if "hit" in row["cache"]:
        print("  WARNING: some searches were answered from the page cache; the times are too low")
    print(f"  server time over {row['requests']} searches (one at a time, page cache bypassed): "
          f"p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, max {row['max']:.1f} ms")
    print("  slowest (median ms): " + ", ".join(
        f"{query!r} {sorted(ms)[len(ms) // 2]:.0f}" for query, ms in slowest))
    return row


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return [int(pid) for pid in children.read_text().split()]
    pids = []  # without CONFIG_PROC_CHILDREN: look for processes whose parent is the master
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def memory_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def print_memory(site, when: str) -> None:
    master = site.process.pid
    workers = worker_pids(master)
    sizes = [memory_mb(pid) for pid in workers]
    print(f"  memory (VmRSS) {when}: master {memory_mb(master) or 0:.0f} MB; workers " + ", ".join(
        f"{pid} {size:.0f} MB" for pid, size in zip(workers, sizes, strict=True) if size is not None))


def test_search_figures(django_db_blocker):
    with django_db_blocker.unblock():
        server = server_url()
    workers, threads = container_concurrency()
    backend = os.environ.get("SEARCH_BACKEND") or "the settings' default (SEARCH_BACKEND unset)"
    print(f"\n\nSite search under gunicorn, production settings: {workers} workers × {threads} threads "
          f"on {os.cpu_count()} CPUs, backend {backend}, load average {os.getloadavg()[0]:.1f}")
    # One client sends every search, hundreds a minute: no limit to measure.
    with production_site("benchsearch", server, RATE_LIMIT_SEARCHES_PER_MINUTE=str(10**9)) as site:
        # The site is built by load_content, whose pages the task worker would
        # index; there is no worker here, so index now.
        manage("update_index", env=site.env)
        print_memory(site, "before any search")
        rows = [measure(site, "seeded site", misses_shown=True)]
        print_memory(site, "after the searches")
        print(f"  … adding {GENERATED_PAGES} generated pages, then update_index", flush=True)
        started = time.monotonic()
        manage("shell", "-c", f"from tests.search.generated_site import build; build({GENERATED_PAGES})",
               env=site.env)
        manage("update_index", env=site.env)
        print(f"  … done in {time.monotonic() - started:.0f} s", flush=True)
        rows.append(measure(site, f"seeded site + {GENERATED_PAGES} generated pages"))
        print_memory(site, "after the searches")

    print(f"\nTarget (2 CPUs): uncached search p95 ≤ {P95_MS_TARGET:g} ms")
    for row in rows:
        met = "met" if row["p95"] <= P95_MS_TARGET else "NOT met"
        print(f"  {row['label']:<40} p95 {row['p95']:6.1f} ms  {met}")
    print("(hit figures on the generated site: the same expected pages among 1,000 more that compete)")
    print(f"(load average {os.getloadavg()[0]:.1f} after the run: other work on the machine "
          f"raises every time)")
    failures = {row["label"]: row["statuses"] for row in rows if set(row["statuses"]) != {200}}
    assert not failures, failures
