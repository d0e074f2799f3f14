"""Searches that have to be worked out count against a per-address allowance
(agency_site.ratelimit, shared by every worker): a robot is stopped with a
Korean page and the number to call; another visitor is not affected."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.RATE_LIMIT_SEARCHES_PER_MINUTE = 3


def test_over_the_allowance_a_search_is_refused_in_korean_with_the_phone(site_content, three_a_minute):
    robot = Client(REMOTE_ADDR="203.0.113.7")
    for query in ["돌봄", "방문목욕", "초록숲"]:
        assert robot.get("/search/", {"q": query}).status_code == 200
    refused = robot.get("/search/", {"q": "어르신"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "검색이 너무 많습니다" in html and 'href="tel:' in html
    assert robot.get("/search/suggest/", {"q": "방문"}).status_code == 429
    # Someone else, at another address, still searches.
    assert Client(REMOTE_ADDR="198.51.100.20").get("/search/", {"q": "어르신"}).status_code == 200


def test_the_empty_search_page_is_never_counted(site_content, three_a_minute):
    visitor = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(5):
        assert visitor.get("/search/").status_code == 200
