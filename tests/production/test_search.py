"""The search as production runs it (gunicorn, several workers, production
settings, a new connection per request): every worker answers the same, and
a synonym an editor adds is used by all of them at once — the list is kept
with the page cache's generation, not in one worker's memory."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from tests.production.test_rate_limits import fetch
from tests.search.relevance import result_paths
from tests.site_server import ROOT

REQUESTS = 12  # over 3 workers, each several times


def first_results(site, query: str) -> list[str]:
    def search(_):
        status, _headers, body = fetch(site, "GET", "/search/?q=" + quote(query))
        assert status == 200, body[:300]
        links = result_paths(body)  # the results list as the relevance test reads it
        return links[0] if links else ""

    with ThreadPoolExecutor(6) as pool:
        return list(pool.map(search, range(REQUESTS)))


def test_every_worker_finds_the_same(production_site):
    assert set(first_results(production_site, "초록숲")) == {"/centres/choroksup-day-care/"}


def test_a_new_synonym_is_used_by_every_worker_at_once(production_site):
    # Every worker has looked, and found nothing.
    assert "/centres/choroksup-day-care/" not in first_results(production_site, "푸른숲")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c",
         "from search.models import SynonymGroup; SynonymGroup.objects.create(terms='초록숲, 푸른숲')"],
        cwd=ROOT, env=production_site.env, check=True, stdout=subprocess.DEVNULL,
    )
    assert set(first_results(production_site, "푸른숲")) == {"/centres/choroksup-day-care/"}
