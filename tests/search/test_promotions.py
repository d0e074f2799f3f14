"""Search promotions (search.promotions): links editors put above the results
for a query, for what is not a page (신청 현황 조회) or a form that should
come first; the starting ones from search/seed/promotions.toml."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from agency_site.page_cache.invalidation import _shown_on_pages
from search import promotions
from search import seed as search_seed
from services.models import RequestFormPage

pytestmark = pytest.mark.django_db


def promoted(client, query, **params):
    """[(title, href)] of the promotions shown for `query`, checking they sit
    in their own box above the results and not in the results' list."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    box = html.select_one(".agency-search-promotions")
    if box is None:
        return []
    assert not box.find_parent("ol") and not box.select("ol.agency-search-results")
    results = html.select_one("ol.agency-search-results")
    if results is not None:
        assert box.sourceline < results.sourceline  # above the results
    return [(a.get_text(strip=True), a["href"]) for a in box.select("a")]


def test_the_status_lookup_is_promoted_for_what_people_type_to_find_it(client, site_content):
    for query in ("신청 현황", "신청현황", "접수 조회", "내 신청 진행 상황"):
        assert promoted(client, query)[0] == ("신청 현황 조회", "/requests/status/"), query


def test_the_forms_are_promoted_for_applying_the_most_specific_alone(client, site_content):
    forms = [("긴급돌봄 신청", "/services/emergency-care-application/"),
             ("민간기관 상담·컨설팅 신청", "/services/consulting-application/"),
             ("교육 신청", "/trainings/booking/")]
    assert promoted(client, "신청") == forms  # in the seed file's order
    assert promoted(client, "온라인 신청하는 곳") == forms  # "신청" inside a longer query
    assert promoted(client, "긴급돌봄 신청하려면") == forms[:1]  # a more specific term wins
    assert promoted(client, "교육 신청") == forms[2:]
    assert promoted(client, "신청 조회")[0] == ("신청 현황 조회", "/requests/status/")
    assert len(promoted(client, "신청 조회")) <= promotions.MAX_SHOWN


def test_unrelated_queries_and_later_pages_show_no_promotions(client, site_content):
    assert promoted(client, "방문목욕") == []
    assert promoted(client, "서울특별시", page="2") == []
    assert promoted(client, "신청", page="2") == []


def test_an_editors_promotion_shows_at_once_and_an_unpublished_page_never(client, site_content):
    query = Query.get("우리 동네 복지관")
    SearchPromotion.objects.create(query=query, external_link_url="https://example.org/welfare",
                                   external_link_text="복지관 찾기", sort_order=0)
    assert promoted(client, "우리 동네 복지관") == [("복지관 찾기", "https://example.org/welfare")]

    form = RequestFormPage.objects.get(slug="consulting-application")
    form.unpublish()
    assert "민간기관 상담·컨설팅 신청" not in [title for title, _href in promoted(client, "신청")]


def test_a_promotion_change_empties_the_page_cache():
    assert _shown_on_pages(SearchPromotion) and _shown_on_pages(Query)


def test_the_starting_promotions_load_once_and_editors_keep_them(site_content):
    added = SearchPromotion.objects.count()
    assert added > 5
    lookup = SearchPromotion.objects.filter(page__isnull=True).first()
    assert lookup.external_link_url == settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/requests/status/"
    assert search_seed.load_promotions() == 0  # loaded already: nothing added

    SearchPromotion.objects.all().delete()
    assert search_seed.load_promotions() == added  # an empty list: the starting ones again
    SearchPromotion.objects.exclude(pk=SearchPromotion.objects.first().pk).delete()
    assert search_seed.load_promotions() == 0  # editors deleted some: they stay deleted


def test_editors_find_the_promotions_in_the_admin(admin_client, site_content):
    from django.urls import reverse

    listing = admin_client.get(reverse("wagtailsearchpromotions:index"))
    assert listing.status_code == 200 and "신청 현황" in listing.content.decode()
    query = Query.objects.get(query_string="신청 현황")
    edit = admin_client.get(reverse("wagtailsearchpromotions:edit", args=(query.pk,)))
    assert edit.status_code == 200
    # A whole address, which the admin's form accepts as it is (it refuses a bare path).
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/requests/status/" in edit.content.decode()
