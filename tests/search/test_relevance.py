"""The site search against the relevance test set (relevance.toml), through
the real search view on the loaded site: hit@3 ≥ 0.9 and no query without a
result. The set itself is checked too, so that a renamed slug fails here by
name instead of quietly lowering the score."""

import pytest
from django.test import Client
from wagtail.models import Page

from tests.search.relevance import WHO, evaluate, load_queries, result_paths

pytestmark = pytest.mark.django_db

HIT_AT_3_TARGET = 0.9
MIN_QUERIES = 80


def test_the_set_has_enough_real_queries():
    queries = load_queries()
    assert len(queries) >= MIN_QUERIES
    texts = [item.query for item in queries]
    assert len(set(texts)) == len(texts), "a query is listed twice"
    assert {item.who for item in queries} <= WHO
    assert all(item.expected for item in queries), "a query without an expected page"


def test_every_expected_page_is_a_live_page(site_content):
    live = {page.url for page in Page.objects.live().public().specific() if page.url}
    missing = sorted({(item.query, path) for item in load_queries() for path in item.expected
                      if path not in live})
    assert not missing, "expected pages that are not live pages:\n" + "\n".join(
        f"  {path} (for {query!r})" for query, path in missing)


def test_search_finds_what_people_type(site_content, settings):
    # One client sends all 124 searches in seconds: no robot, so no limit.
    settings.RATE_LIMIT_SEARCHES_PER_MINUTE = 10_000
    client = Client()

    def results_for(query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, (query, response.status_code)
        return result_paths(response.content)

    figures = evaluate(results_for)
    print("\n" + figures.report())
    assert not figures.zero_results, "queries without any result:\n" + figures.report()
    assert figures.hit_at_3 >= HIT_AT_3_TARGET, (
        f"hit@3 {figures.hit_at_3:.2f} < {HIT_AT_3_TARGET}\n" + figures.report())
