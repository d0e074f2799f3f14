"""The search as production runs it (gunicorn, several workers, production
settings, a new connection per request): every worker answers the same, and
a synonym or a promotion an editor adds is used by all of them at once — both
are kept with the page cache's generation, not in one worker's memory."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from tests.production.test_rate_limits import fetch
from tests.search.relevance import result_paths
from tests.site_server import ROOT

REQUESTS = 12  # over 3 workers, each several times


def pages_for(site, query: str) -> list[str]:
    """The results page for `query`, REQUESTS times, on new connections in parallel."""
    def search(_):
        status, _headers, body = fetch(site, "GET", "/search/?q=" + quote(query))
        assert status == 200, body[:300]
        return body

    with ThreadPoolExecutor(6) as pool:
        return list(pool.map(search, range(REQUESTS)))


def first_results(site, query: str) -> list[str]:
    # The results list as the relevance test reads it.
    return [(result_paths(body) or [""])[0] for body in pages_for(site, query)]


def as_an_editor(site, code: str) -> None:
    """An edit in another process, as the admin's save would make it."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT, env=site.env, check=True, stdout=subprocess.DEVNULL,
    )


def test_every_worker_finds_the_same(production_site):
    assert set(first_results(production_site, "초록숲")) == {"/centres/choroksup-day-care/"}


def test_a_new_synonym_is_used_by_every_worker_at_once(production_site):
    # Every worker has looked, and found nothing.
    assert "/centres/choroksup-day-care/" not in first_results(production_site, "푸른숲")
    as_an_editor(production_site, "from search.models import SynonymGroup; "
                                  "SynonymGroup.objects.create(terms='초록숲, 푸른숲')")
    assert set(first_results(production_site, "푸른숲")) == {"/centres/choroksup-day-care/"}


def test_a_new_promotion_shows_on_every_worker_at_once(production_site):
    # Every worker has answered (and the page cache kept the page) without it.
    assert not any("별빛 안내" in body for body in pages_for(production_site, "별빛대관"))
    as_an_editor(production_site, (
        "from wagtail.contrib.search_promotions.models import Query, SearchPromotion; "
        "SearchPromotion.objects.create(query=Query.get('별빛대관'), "
        "external_link_url='https://example.org/star', external_link_text='별빛 안내')"
    ))
    assert all("별빛 안내" in body for body in pages_for(production_site, "별빛대관"))
