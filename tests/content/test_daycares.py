"""The daycares section: the seven daycares from the agency's documents, the
finder citizens use to pick one, and what editors can do in the admin."""

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from daycares.models import ChildcareProgramme, DaycareIndexPage, DaycarePage
from home import seed
from home.models import HomePage
from tests.staff import VerifiedLoginMixin

pytestmark = pytest.mark.django_db

# Transcribed from seed 000 ("시설현황 — 국공립어린이집(7)" and "국공립어린이집 운영현황 총괄").
SEED_DAYCARES = {
    "노원든든어린이집": {
        "district": "노원구",
        "address": "서울특별시 노원구 초안산로2라길 26 월계센트럴아이파크 단지 내",
        "opened_on": datetime.date(2020, 3, 1),
        "floor_area_m2": Decimal("227.50"),
        "capacity": 45,
        "programmes": {"야간연장보육", "장애아보육"},
    },
    "서대문든든어린이집": {
        "district": "서대문구",
        "address": "서울특별시 서대문구 거북골로 100 래미안루센티아 단지 내",
        "opened_on": datetime.date(2020, 5, 1),
        "floor_area_m2": Decimal("378.96"),
        "capacity": 71,
        "programmes": {"시간제보육", "야간연장보육", "거점형야간보육"},
    },
    "새우개하나어린이집": {
        "district": "중랑구",
        "address": "서울특별시 중랑구 용마산로139다길 17",
        "opened_on": datetime.date(2020, 7, 1),
        "floor_area_m2": Decimal("591.28"),
        "capacity": 68,
        "programmes": {"장애아보육", "야간연장보육", "거점형야간보육"},
    },
    "응암행복어린이집": {
        "district": "은평구",
        "address": "서울특별시 은평구 은평로 220 녹번이편한세상캐슬 단지 내",
        "opened_on": datetime.date(2020, 7, 1),
        "floor_area_m2": Decimal("774.85"),
        "capacity": 98,
        "programmes": {"야간연장보육", "장애아보육"},
    },
    "영등포든든어린이집": {
        "district": "영등포구",
        "address": "서울특별시 영등포구 대림로35가길 9",
        "opened_on": datetime.date(2020, 9, 1),
        "floor_area_m2": Decimal("489.88"),
        "capacity": 65,
        "programmes": {"다문화보육", "장애아보육", "거점형야간보육"},
    },
    "강동든든어린이집": {
        "district": "강동구",
        "address": "서울특별시 강동구 아리수로93가길 110 리버스트4단지 내",
        "opened_on": datetime.date(2020, 9, 21),
        "floor_area_m2": Decimal("545.00"),
        "capacity": 95,
        "programmes": {"야간연장보육", "장애아보육"},
    },
    "송파든든어린이집": {
        "district": "송파구",
        "address": "서울특별시 송파구 위례서이로 25 위례포레샤인 13단지 내",
        "opened_on": datetime.date(2021, 3, 1),
        "floor_area_m2": Decimal("407.00"),
        "capacity": 77,
        "programmes": {"야간연장보육", "장애아보육"},
    },
}


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def summary(container) -> dict[str, str]:
    """An agency-summary-list as {key: value text}."""
    return {
        row.find("dt").get_text(strip=True): " ".join(row.find("dd").get_text(" ", strip=True).split())
        for row in container.select(".agency-summary-list__row")
    }


def load_daycares(home):
    """The daycares section as the site's loader builds it. Until the home
    loader hands /daycares/ over to this app, the skeleton has a plain content
    page at that address: the section takes its place."""
    for page in Page.objects.child_of(home).filter(slug="daycares").not_type(DaycareIndexPage):
        page.delete()
    report = seed.LoadReport()
    index = seed.load_section("daycares", home, report)
    return index, report


@pytest.fixture
def daycares_index(home_page):
    index, _ = load_daycares(home_page)
    return index


def results(html):
    return [item.h3.get_text(strip=True) for item in html.select(".daycare-results__item")]


def selected(html, name):
    option = html.find("select", attrs={"name": name}).find("option", selected=True)
    return option.get_text(strip=True) if option else None


# Loading -----------------------------------------------------------------------------------------


def test_the_seven_daycares_load_with_the_seed_facts(daycares_index):
    assert daycares_index.url == "/daycares/"
    assert daycares_index.show_in_menus
    daycares = DaycarePage.objects.child_of(daycares_index).live().prefetch_related("programmes")
    loaded = {
        page.title: {
            "district": page.district,
            "address": page.address,
            "opened_on": page.opened_on,
            "floor_area_m2": page.floor_area_m2,
            "capacity": page.capacity,
            "programmes": {programme.name for programme in page.programmes.all()},
        }
        for page in daycares
    }
    assert loaded == SEED_DAYCARES
    assert sum(page.capacity for page in daycares) == 519  # the seed's 합계 of 보육정원
    assert not any(page.phone for page in daycares)  # no phone numbers in the documents


def test_the_programmes_are_the_five_kinds_of_care_and_three_agency_wide_ones(daycares_index):
    kinds = {
        kind: [programme.name for programme in ChildcareProgramme.objects.filter(kind=kind)]
        for kind in ChildcareProgramme.Kind.values
    }
    assert sorted(kinds["vulnerable"]) == sorted(["장애아보육", "야간연장보육", "다문화보육", "시간제보육",
                                                  "거점형야간보육"])
    assert sorted(kinds["common"]) == sorted(["발달통합지원", "안과검진", "문화예술교육"])
    assert all(programme.description for programme in ChildcareProgramme.objects.all())


def test_loading_again_keeps_what_editors_changed_and_adds_nothing(daycares_index, home_page):
    daycare = DaycarePage.objects.get(slug="songpa-deundeun")
    daycare.phone = "02-000-0000"
    daycare.save_revision().publish()
    programme = ChildcareProgramme.objects.get(slug="hourly")
    programme.description = "편집자가 고친 설명"
    programme.save()

    index, report = load_daycares(home_page)

    assert index.pk == daycares_index.pk
    assert report.created == []
    assert len(report.kept) == 8
    assert DaycarePage.objects.count() == 7
    assert DaycareIndexPage.objects.count() == 1
    assert ChildcareProgramme.objects.count() == 8
    assert DaycarePage.objects.get(slug="songpa-deundeun").phone == "02-000-0000"
    assert ChildcareProgramme.objects.get(slug="hourly").description == "편집자가 고친 설명"


# The finder --------------------------------------------------------------------------------------


def test_the_index_lists_every_daycare_with_its_facts(client, daycares_index):
    response = client.get("/daycares/")
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "국공립어린이집"
    assert html.select_one(".daycare-count").get_text(strip=True) == "어린이집 7곳"
    assert sorted(results(html)) == sorted(SEED_DAYCARES)

    first = html.select_one(".daycare-results__item")
    assert first.h3.a["href"] == "/daycares/nowon-deundeun/"
    facts = summary(first)
    assert facts["자치구"] == "노원구"
    assert facts["주소"] == SEED_DAYCARES["노원든든어린이집"]["address"]
    assert facts["보육정원"] == "45명"
    tags = [tag.get_text(strip=True) for tag in first.select(".krds-badge")]
    assert sorted(tags) == sorted(SEED_DAYCARES["노원든든어린이집"]["programmes"])

    # The agency-wide programmes are explained below the list.
    text = html.get_text()
    for name in ("발달통합지원", "안과검진", "문화예술교육"):
        assert name in text


def test_the_filters_offer_only_what_matches_a_daycare(client, daycares_index):
    html = soup(client.get("/daycares/"))
    districts = [option.get_text(strip=True) for option in html.select("select[name=district] option")]
    assert districts == ["전체", "중랑구", "노원구", "은평구", "서대문구", "영등포구", "송파구", "강동구"]
    programmes = {option["value"] for option in html.select("select[name=programme] option")}
    assert programmes == {"", "disability", "extended-hours", "multicultural", "hourly", "night-hub"}
    for control in html.select("form.daycare-finder select"):
        assert html.find("label", attrs={"for": control["id"]})
    form = html.select_one("form.daycare-finder")
    assert form["method"] == "get"
    assert form.find("button").get_text(strip=True) == "결과 보기"


def test_filter_by_programme(client, daycares_index):
    html = soup(client.get("/daycares/", {"programme": "multicultural"}))
    assert results(html) == ["영등포든든어린이집"]
    assert html.select_one(".daycare-count").get_text(strip=True) == "조건에 맞는 어린이집 1곳"
    assert selected(html, "programme") == "다문화보육"

    html = soup(client.get("/daycares/", {"programme": "night-hub"}))
    assert sorted(results(html)) == sorted(["서대문든든어린이집", "새우개하나어린이집", "영등포든든어린이집"])


def test_filter_by_district_and_both(client, daycares_index):
    html = soup(client.get("/daycares/", {"district": "송파구"}))
    assert results(html) == ["송파든든어린이집"]
    assert selected(html, "district") == "송파구"

    html = soup(client.get("/daycares/", {"district": "서대문구", "programme": "hourly"}))
    assert results(html) == ["서대문든든어린이집"]

    html = soup(client.get("/daycares/", {"district": "노원구", "programme": "multicultural"}))
    assert results(html) == []
    assert "조건에 맞는 어린이집이 없습니다" in html.select_one(".daycare-empty").get_text()
    assert html.select_one(".daycare-count").get_text(strip=True) == "조건에 맞는 어린이집 0곳"


@pytest.mark.parametrize("params", [
    {"programme": "no-such-programme"},
    {"district": "<script>alert(1)</script>"},
    {"district": "마포구"},  # a real district, but no daycare there
    {"programme": "eye-screening"},  # a programme no daycare is tagged with
    {"page": "abc"},
    {"page": "999"},
    {"programme": ["disability", "x"], "district": ""},  # the last value counts: "x"
])
def test_bad_filter_values_are_ignored(client, daycares_index, params):
    response = client.get("/daycares/", params)
    assert response.status_code == 200
    html = soup(response)
    assert len(results(html)) == 7
    assert selected(html, "programme") == "전체"
    assert selected(html, "district") == "전체"
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_daycare_taken_offline_leaves_the_list_and_its_district_the_filter(client, daycares_index):
    DaycarePage.objects.get(slug="songpa-deundeun").unpublish()
    html = soup(client.get("/daycares/"))
    assert "송파든든어린이집" not in results(html)
    assert html.select_one(".daycare-count").get_text(strip=True) == "어린이집 6곳"
    assert "송파구" not in [o.get_text(strip=True) for o in html.select("select[name=district] option")]


def _add_daycares(index, programmes, start, stop):
    for number in range(start, stop):
        index.add_child(instance=DaycarePage(
            title=f"시험어린이집 {number:02d}", slug=f"test-{number:02d}",
            district="마포구" if number % 2 else "강서구",
            address=f"서울특별시 마포구 시험로 {number}", opened_on=datetime.date(2020, 1, 1),
            capacity=20 + number, programmes=programmes,
        ))


def test_the_listing_costs_the_same_queries_for_5_or_50_daycares(client, home_page):
    index = home_page.add_child(instance=DaycareIndexPage(title="어린이집", slug="test-daycares"))
    programmes = [
        ChildcareProgramme.objects.create(name="가 보육", slug="a", description="가"),
        ChildcareProgramme.objects.create(name="나 보육", slug="b", description="나"),
    ]
    _add_daycares(index, programmes, 0, 5)
    url = "/test-daycares/"
    client.get(url)  # warm Wagtail's per-site caches
    with CaptureQueriesContext(connection) as five:
        html = soup(client.get(url, {"programme": "a"}))
    assert len(results(html)) == 5
    assert len(html.select(".daycare-results__item .krds-badge")) == 10

    _add_daycares(index, programmes, 5, 50)
    client.get(url)
    with CaptureQueriesContext(connection) as fifty:
        html = soup(client.get(url, {"programme": "a"}))
    assert html.select_one(".daycare-count").get_text(strip=True) == "조건에 맞는 어린이집 50곳"
    assert len(results(html)) == 20  # first page of 20
    assert len(html.select(".daycare-results__item .krds-badge")) == 40
    assert len(fifty) <= len(five), [query["sql"] for query in fifty.captured_queries]

    # The last page, reached from the pagination links, keeps the filter.
    last = html.select(".page-links a")[-1]["href"]
    assert "programme=a" in last and "page=3" in last
    html = soup(client.get(url + last.split("#")[0]))
    assert len(results(html)) == 10


# A daycare's page --------------------------------------------------------------------------------


def test_a_daycare_page_shows_its_facts_and_programmes(client, daycares_index):
    response = client.get("/daycares/nowon-deundeun/")
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "노원든든어린이집"
    assert len(html.find_all("h1")) == 1
    facts = summary(html.select_one(".daycare-facts"))
    assert facts == {
        "자치구": "노원구",
        "주소": "서울특별시 노원구 초안산로2라길 26 월계센트럴아이파크 단지 내",
        "개원일": "2020년 3월 1일",
        "보육정원": "45명",
        "면적": "227.5㎡",
        "주요 공간": "원장실, 보육실, 교사실, 조리실, 유희실 등",
    }
    assert "전화번호" not in facts  # not in the documents: not shown

    links = {a.contents[0].strip(): a["href"] for a in html.select(".daycare-programmes a")}
    assert links == {
        "야간연장보육": "/daycares/?programme=extended-hours#daycare-finder",
        "장애아보육": "/daycares/?programme=disability#daycare-finder",
    }
    # Following a programme link lists the daycares that run it.
    listed = results(soup(client.get(links["장애아보육"].split("#")[0])))
    assert "노원든든어린이집" in listed and "서대문든든어린이집" not in listed

    # A whole number of square metres has no decimals.
    facts = summary(soup(client.get("/daycares/gangdong-deundeun/")).select_one(".daycare-facts"))
    assert facts["면적"] == "545㎡"
    assert facts["개원일"] == "2020년 9월 21일"


def test_a_daycare_page_describes_the_place_for_search_engines(client, daycares_index):
    html = soup(client.get("/daycares/yeongdeungpo-deundeun/"))
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "ChildCare"
    assert data["name"] == "영등포든든어린이집"
    assert data["address"]["streetAddress"] == "서울특별시 영등포구 대림로35가길 9"
    assert data["foundingDate"] == "2020-09-01"
    assert data["maximumAttendeeCapacity"] == 65
    assert data["url"].endswith("/daycares/yeongdeungpo-deundeun/")
    assert "telephone" not in data
    assert html.find("meta", attrs={"name": "description"})["content"].startswith("영등포든든어린이집은")


# Editors -----------------------------------------------------------------------------------------


class DaycareAdminTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed.load()
        cls.home = HomePage.objects.get()
        cls.index, _ = load_daycares(cls.home)

    def setUp(self):
        self.login()

    def test_an_editor_adds_a_daycare_under_the_index(self):
        disability = ChildcareProgramme.objects.get(slug="disability")
        night = ChildcareProgramme.objects.get(slug="night-hub")
        data = nested_form_data({
            "title": "시험든든어린이집",
            "slug": "test-deundeun",
            "intro": "시험으로 만든 어린이집입니다.",
            "district": "마포구",
            "address": "서울특별시 마포구 마포대로 89",
            "phone": "",
            "opened_on": "2024-03-01",
            "floor_area_m2": "300.5",
            "rooms": "보육실 등",
            "capacity": "40",
            "body": streamfield([("paragraph", rich_text("<p>입소 안내는 곧 알려 드립니다.</p>"))]),
        })
        data["programmes"] = [str(disability.pk), str(night.pk)]  # checkboxes: one key, many values
        self.assertCanCreate(self.index, DaycarePage, data)
        page = DaycarePage.objects.get(slug="test-deundeun")
        assert {p.slug for p in page.programmes.all()} == {"disability", "night-hub"}

        html = soup(self.client.get(page.url))
        facts = summary(html.select_one(".daycare-facts"))
        assert facts["개원일"] == "2024년 3월 1일"
        assert facts["면적"] == "300.5㎡"
        assert facts["보육정원"] == "40명"
        assert "입소 안내는 곧 알려 드립니다." in html.get_text()

        listing = soup(self.client.get("/daycares/", {"district": "마포구"}))
        assert results(listing) == ["시험든든어린이집"]

    def test_the_form_shows_programmes_as_checkboxes_with_korean_labels(self):
        daycare = DaycarePage.objects.get(slug="nowon-deundeun")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[daycare.pk]))
        html = soup(response)
        boxes = html.select("input[type=checkbox][name=programmes]")
        assert len(boxes) == 8
        assert sum(box.has_attr("checked") for box in boxes) == 2
        for label in ("개원일", "면적(㎡)", "보육정원", "주요 공간", "자치구", "운영 프로그램"):
            self.assertContains(response, label)

    def test_an_editor_adds_the_phone_number_and_the_site_shows_it(self):
        daycare = DaycarePage.objects.get(slug="gangdong-deundeun")
        data = nested_form_data({
            "title": daycare.title,
            "slug": daycare.slug,
            "intro": daycare.intro,
            "district": daycare.district,
            "address": daycare.address,
            "phone": "02-1234-5678",
            "opened_on": daycare.opened_on.isoformat(),
            "floor_area_m2": str(daycare.floor_area_m2),
            "rooms": daycare.rooms,
            "capacity": str(daycare.capacity),
            "body": streamfield([]),
        })
        data["programmes"] = [str(p.pk) for p in daycare.programmes.all()]
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[daycare.pk]), data)
        assert response.status_code == 302, response.context["form"].errors

        html = soup(self.client.get("/daycares/gangdong-deundeun/"))
        assert summary(html.select_one(".daycare-facts"))["전화번호"] == "02-1234-5678"
        assert html.find("a", href="tel:0212345678")
        data = json.loads(html.find("script", type="application/ld+json").string)
        assert data["telephone"] == "02-1234-5678"
        # Nothing else changed.
        assert summary(html.select_one(".daycare-facts"))["보육정원"] == "95명"
        programmes = {a.contents[0].strip() for a in html.select(".daycare-programmes a")}
        assert programmes == {"야간연장보육", "장애아보육"}

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(DaycareIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(DaycareIndexPage, {DaycarePage})
        self.assertAllowedParentPageTypes(DaycarePage, {DaycareIndexPage})
        self.assertAllowedSubpageTypes(DaycarePage, set())
        self.assertCanNotCreateAt(HomePage, DaycarePage)
        self.assertCanNotCreateAt(DaycarePage, DaycarePage)
        # There is one daycares section.
        assert not DaycareIndexPage.can_create_at(self.home)

    def test_editors_manage_programmes_as_snippets(self):
        response = self.client.get(reverse("wagtailsnippets_daycares_childcareprogramme:list"))
        assert response.status_code == 200
        for name in ("장애아보육", "거점형야간보육", "안과검진"):
            self.assertContains(response, name)
        response = self.client.get(reverse("wagtailsnippets_daycares_childcareprogramme:add"))
        self.assertContains(response, "기관 공통 프로그램")

