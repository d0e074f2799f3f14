"""Centres: every centre from the agency's report is on the site with its
facts, citizens can filter the list, and every one of the 25 districts gets
an answer to "which centre serves my district?"."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from agency_site.districts import DISTRICTS, REGIONS
from home import seed
from home.models import HomePage
from services.models import CareService, CentreIndexPage, CentrePage
from tests.staff import VerifiedLoginMixin

pytestmark = pytest.mark.django_db

# Transcribed from the agency's 2023 report (seed 000, 주요 시설현황 / 데이케어센터 운영현황).
EXPECTED = {
    "성동종합재가센터": ("성동구", "2019-07-23", "아차산로 33", "353"),
    "은평종합재가센터": ("은평구", "2019-08-28", "진흥로 77", "242"),
    "강서종합재가센터": ("강서구", "2019-09-18", "공항대로 325", "466"),
    "노원종합재가센터": ("노원구", "2019-10-23", "한글비석로 432", "275"),
    "마포종합재가센터": ("마포구", "2020-01-17", "마포대로11길 44-81", "206"),
    "송파종합재가센터": ("송파구", "2020-09-28", "위례성대로 18", "243"),
    "영등포종합재가센터": ("영등포구", "2020-09-28", "선유로 130", "192"),
    "양천종합재가센터": ("양천구", "2020-09-28", "목동로 177", "263"),
    "도봉종합재가센터": ("도봉구", "2020-11-18", "도봉로136길 7", "262"),
    "중랑종합재가센터": ("중랑구", "2020-11-30", "중랑역로 62", "266"),
    "강동종합재가센터": ("강동구", "2020-12-14", "양재대로 1410", "258"),
    "서대문종합재가센터": ("서대문구", "2020-12-14", "연희로 142", "231"),
    "마포구립 초록숲데이케어센터": ("마포구", "2020-09-09", "마포대로11길 44-81", "366"),
    "강서구립 든든데이케어센터": ("강서구", "2020-11-02", "공항대로2가길 5", "242"),
}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def centres(home_page):
    return seed.load_section("centres", home_page)


def result_titles(html):
    return [h.get_text(strip=True) for h in html.select(".agency-results__item h3")]


def test_all_fourteen_centres_with_the_reports_facts(client, centres):
    pages = CentrePage.objects.live()
    assert pages.filter(kind=CentrePage.HOME_CARE).count() == 12
    assert pages.filter(kind=CentrePage.DAY_CARE).count() == 2
    for title, (district, opened, street, area) in EXPECTED.items():
        page = pages.get(title=title)
        assert (page.district, page.opened_on.isoformat(), page.floor_area_m2) == (
            district, opened, Decimal(area)
        )
        assert street in page.address
        html = soup(client.get(page.url))
        facts = html.select_one(".agency-summary-list").get_text(" ", strip=True)
        assert street in facts and f"{area}㎡" in facts
        assert f"{int(opened[:4])}년 {int(opened[5:7])}월 {int(opened[8:])}일" in facts


def test_day_care_capacity_and_services(client, centres):
    choroksup = CentrePage.objects.get(title="마포구립 초록숲데이케어센터")
    dundun = CentrePage.objects.get(title="강서구립 든든데이케어센터")
    assert (choroksup.capacity, dundun.capacity) == (31, 25)
    assert "31명 (2023년 7월 31일 기준)" in soup(client.get(choroksup.url)).get_text()
    seongdong = CentrePage.objects.get(title="성동종합재가센터")
    assert [s.name for s in seongdong.services.all()] == [
        "방문요양", "방문목욕", "방문간호", "장애인활동지원", "돌봄SOS",
    ]
    nowon = CentrePage.objects.get(title="노원종합재가센터")
    assert "발달장애 청소년 방과후 활동서비스" in [s.name for s in nowon.services.all()]


def test_centre_page_has_local_business_structured_data(client, centres):
    import json

    page = CentrePage.objects.get(title="은평종합재가센터")
    html = soup(client.get(page.url))
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "은평종합재가센터"
    assert "진흥로 77" in data["address"]["streetAddress"]
    assert data["foundingDate"] == "2019-08-28"


def test_filter_by_district_service_and_kind(client, centres):
    index_url = centres.url
    html = soup(client.get(index_url))
    assert len(result_titles(html)) == 14

    html = soup(client.get(index_url, {"district": "마포구"}))
    assert sorted(result_titles(html)) == ["마포구립 초록숲데이케어센터", "마포종합재가센터"]

    html = soup(client.get(index_url, {"service": "visiting-nursing"}))
    assert result_titles(html) == ["성동종합재가센터"]

    html = soup(client.get(index_url, {"kind": "day_care"}))
    assert len(result_titles(html)) == 2
    # The form keeps what was chosen.
    assert html.find("select", id="filter-kind").find("option", selected=True)["value"] == "day_care"

    html = soup(client.get(index_url, {"district": "종로구"}))
    assert result_titles(html) == []
    assert "조건에 맞는 센터가 없습니다" in html.get_text()


def test_nonsense_filters_are_ignored_not_errors(client, centres):
    html = soup(client.get(centres.url, {"district": "<script>", "service": "x", "kind": "?",
                                         "page": "abc", "my_district": "없는구"}))
    assert len(result_titles(html)) == 14
    assert html.find(id="finder-answer") is None


@pytest.mark.parametrize("district", DISTRICTS)
def test_every_district_gets_an_answer(client, centres, district):
    html = soup(client.get(centres.url, {"my_district": district}))
    answer = html.find(id="finder-answer")
    text = answer.get_text(" ", strip=True)
    assert district in text
    in_region = any(district in region.districts for region in REGIONS)
    if in_region:
        link = answer.find("a")
        centre = CentrePage.objects.get(url_path__endswith=link["href"].split("/centres/")[1])
        assert centre.district == district and centre.kind == CentrePage.HOME_CARE
    else:
        assert "종합재가센터가 없습니다" in text
        assert "마포대로 89" in text  # where to go instead


def test_listing_queries_do_not_grow_with_the_number_of_centres(client, home_page, replace_section,
                                                               django_assert_max_num_queries):
    replace_section("centres")
    index = home_page.add_child(instance=CentreIndexPage(title="센터 찾기", slug="centres"))
    service = CareService.objects.get(slug="visiting-care")

    def add_centres(count):
        for n in range(count):
            page = CentrePage(title=f"센터 {n}", slug=f"c-{CentrePage.objects.count()}",
                              district="마포구", address="주소", opened_on=datetime.date(2020, 1, 1))
            page.services = [service]
            index.add_child(instance=page)

    add_centres(5)
    client.get(index.url)  # warm caches (site root, content types)
    with django_assert_max_num_queries(20) as few:
        client.get(index.url)
    add_centres(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = soup(client.get(index.url))
    assert len(result_titles(html)) == CentreIndexPage.PAGE_SIZE


def test_editor_changes_a_phone_number_and_the_site_shows_it(client, admin_client, centres):
    page = CentrePage.objects.get(title="도봉종합재가센터")
    before = soup(client.get(page.url))
    assert "등록된 번호가 없습니다" not in before.get_text()  # an empty field is hidden, not announced
    assert "전화" not in [dt.get_text(strip=True) for dt in before.select(".agency-summary-list__key")]

    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert admin_client.get(edit_url).status_code == 200
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "kind": page.kind, "district": page.district,
        "address": page.address, "phone": "02-2038-0000", "opened_on": page.opened_on.isoformat(),
        "floor_area_m2": str(page.floor_area_m2), "rooms": page.rooms, "capacity": "",
        "capacity_as_of": "", "intro": page.intro, "notice": page.notice, "body": streamfield([]),
        "search_description": page.search_description, "action-publish": "publish",
    })
    services_before = [s.pk for s in page.services.all()]
    data["services"] = services_before  # a multi-value field, not a nested list
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    html = soup(client.get(page.url))
    assert html.find("a", href="tel:0220380000").get_text(strip=True) == "02-2038-0000"
    assert [s.pk for s in CentrePage.objects.get(pk=page.pk).services.all()] == services_before


class CentrePageAdminTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed.load()
        cls.index = seed.load_section("centres", HomePage.objects.get())

    def setUp(self):
        self.login()

    def test_editor_creates_a_centre(self):
        service = CareService.objects.get(slug="visiting-care")
        data = nested_form_data({
            "title": "관악종합재가센터",
            "slug": "gwanak",
            "kind": "home_care",
            "district": "관악구",
            "address": "서울특별시 관악구 어딘가 1",
            "phone": "",
            "opened_on": "2026-01-02",
            "floor_area_m2": "100",
            "rooms": "",
            "capacity": "",
            "capacity_as_of": "",
            "intro": "",
            "notice": "",
            "body": streamfield([]),
        })
        data["services"] = [service.pk]
        self.assertCanCreate(self.index, CentrePage, data)
        page = CentrePage.objects.get(slug="gwanak")
        self.assertEqual(list(page.services.all()), [service])
        response = self.client.get(self.index.url, {"my_district": "관악구"})
        self.assertContains(response, "관악종합재가센터")

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(CentrePage, {CentreIndexPage})
        self.assertAllowedSubpageTypes(CentrePage, set())
        self.assertAllowedParentPageTypes(CentreIndexPage, {HomePage})
