"""사업안내: one page per service, grouped for citizens and providers, with
who can get it, what they get, how to apply and which centres provide it."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home import seed
from home.models import ContentPage, HomePage
from services.models import CareService, CentreIndexPage, CentrePage, ServiceIndexPage, ServicePage
from tests.staff import VerifiedLoginMixin

pytestmark = pytest.mark.django_db

# 쉬운 안내 first (tests/content/test_easy_read.py), then the same three in detail.
SECTIONS = [
    "누가 받을 수 있나요", "무엇을 받나요", "비용은 얼마인가요", "얼마나 걸리나요", "어떻게 신청하나요",
]
DETAIL = {"who": "자세한 대상 기준", "what": "자세한 서비스 내용", "how": "자세한 신청 방법"}
CITIZEN_TITLES = [
    "방문요양", "방문목욕", "방문간호", "장애인활동지원", "돌봄SOS (일시재가·동행지원)", "긴급돌봄",
    "치매 대상자 지원", "데이케어(주야간보호)",
]
PROVIDER_TITLES = ["민간기관 지원 (교육·컨설팅·대관)"]
# The service pages as the seed data lists them (services/seed/services.toml).
INDEX_SLUG = seed.data("services")["page"]["slug"]
SERVICES = seed.data("services")["page"]["children"]


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def main(response):
    return soup(response).find("main")


def section(html, heading):
    """The text of the <section> whose h2 is `heading`, or None."""
    h2 = html.find("h2", string=heading)
    return " ".join(h2.find_parent("section").get_text().split()) if h2 else None


def load_services(home):
    report = seed.LoadReport()
    return seed.load_section("services", home, report), report


@pytest.fixture
def services(home_page):
    index, _ = load_services(home_page)
    return index


def a_centre(home, title, district, address, services, live=True):
    index = CentreIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CentreIndexPage(title="센터 찾기", slug="centres"))
    centre = CentrePage(title=title, kind=CentrePage.HOME_CARE, district=district, address=address,
                        live=live)
    centre.services = services
    index.add_child(instance=centre)
    return centre


# --- what a visitor sees ----------------------------------------------------

@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s["slug"])
def test_every_service_page_loads_with_its_sections(client, services, service):
    response = client.get(f"/services/{service['slug']}/")
    assert response.status_code == 200
    html = main(response)
    assert [h1.get_text(strip=True) for h1 in html.find_all("h1")] == [service["title"]]
    assert html.find("p", class_="agency-lead").get_text(strip=True) == service["intro"]
    h2s = [h2.get_text(strip=True) for h2 in html.find_all("h2")]
    assert h2s[:5] == SECTIONS
    assert [h for h in h2s if h in DETAIL.values()] == list(DETAIL.values())
    # No skipped heading levels (h1 → h2 → h3).
    levels = [int(h.name[1]) for h in html.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    meta = soup(response).find("meta", attrs={"name": "description"})
    assert meta["content"] == service["search_description"]


def test_the_index_groups_services_for_citizens_and_for_providers(client, services):
    response = client.get("/services/")
    assert response.status_code == 200
    html = main(response)
    assert html.h1.get_text(strip=True) == "사업안내"
    groups = {
        h2.get_text(strip=True): [a.get_text(strip=True) for a in h2.find_parent("section").select("h3 a")]
        for h2 in html.select("section > h2")
    }
    assert groups == {"시민을 위한 서비스": CITIZEN_TITLES, "민간 제공기관을 위한 지원": PROVIDER_TITLES}
    link = html.find("a", string="긴급돌봄")
    assert link["href"] == "/services/emergency-care/"
    assert "기존 돌봄이 갑자기 끊기거나" in link.find_parent("li").get_text()
    # The index's own body follows the lists.
    assert html.find("h2", string="다른 기관에서 돌봄을 받기 어려웠다면")


def test_the_index_is_in_the_main_menu(client, services):
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "주 메뉴"})
    assert "사업안내" in [a.get_text(strip=True) for a in nav.find_all("a")]
    assert nav.find("a", string="사업안내")["href"] == "/services/"


def test_emergency_care_names_both_types_it_supports(client, services):
    html = main(client.get("/services/emergency-care/"))
    eligibility = section(html, DETAIL["who"])
    assert "유형1: 기존 돌봄서비스가 중단될 위기에 놓인 노인과 장애인" in eligibility
    assert "유형1-1: 코로나19 외의 이유로 즉시 돌봄이 필요한 분" in eligibility
    assert "유형2~4" in eligibility and "현재 지원하지 않습니다" in eligibility
    table = html.find("table")
    assert [th.get_text(strip=True) for th in table.select("tbody th")] == ["유형1", "유형1-1"]


def test_day_care_is_for_people_eligible_for_long_term_home_care(client, services):
    html = main(client.get("/services/day-care/"))
    assert "장기요양 재가급여 대상" in section(html, DETAIL["who"])
    assert "기능회복 훈련" in html.find("table").get_text()
    # The report's plan to hand the two centres back is not hidden.
    assert "2023년 10월~2024년 3월" in section(html, DETAIL["how"])


def test_care_sos_shows_ages_criteria_and_median_income_bands(client, services):
    html = main(client.get("/services/care-sos/"))
    eligibility = section(html, DETAIL["who"])
    for fact in ("만 50~64세", "만 65세 이상", "만 6세 이상", "중위소득 85% 이하", "중위소득 120% 이하",
                 "2022년 6월"):
        assert fact in eligibility, fact
    bands = [th.get_text(strip=True) for th in html.find("table").select("tbody th")]
    assert bands == ["중위소득 85% 이하", "중위소득 100% 이하", "중위소득 120% 이하"]
    assert "동주민센터(돌봄SOS센터)에 신청" in section(html, DETAIL["how"])
    # Income bands belong to 돌봄SOS, not to long-term care.
    assert "중위소득" not in main(client.get("/services/visiting-care/")).get_text()


@pytest.mark.parametrize(("slug", "facts"), [
    ("visiting-care", ["신체활동 지원", "인지활동 지원", "일상생활 지원", "정서 지원"]),
    ("visiting-bath", ["요양보호사 2명", "목욕 전", "목욕 중", "목욕 후"]),
    ("visiting-nursing", ["방문간호 지시서", "욕창 및 상처 소독"]),
    ("disability-support", ["만 6세 이상 만 65세 미만", "「장애인복지법」"]),
    ("dementia-care", ["190명(98.4%)", "치매안심센터", "인지상정"]),
    ("provider-support", ["재무·회계·법무·노무", "대관", "57(1,208)"]),
])
def test_each_page_carries_its_own_facts(client, services, slug, facts):
    text = main(client.get(f"/services/{slug}/")).get_text(" ", strip=True)
    for fact in facts:
        assert fact in text, fact


def test_links_inside_the_seeded_text_lead_to_real_service_pages(client, services):
    checked = set()
    for page in ServicePage.objects.live():
        for a in main(client.get(page.url)).select("a[href^='/services/']"):
            assert client.get(a["href"]).status_code == 200, (page.slug, a["href"])
            checked.add(a["href"])
    # The FAQ answers and how-to-apply notes cross-link these pages.
    assert {"/services/care-sos/", "/services/emergency-care/", "/services/dementia-care/",
            "/services/visiting-care/", "/services/day-care/"} <= checked


def test_a_service_page_lists_the_centres_that_provide_it(client, services, home_page):
    visiting_care = CareService.objects.get(slug="visiting-care")
    a_centre(home_page, "테스트종합재가센터", "마포구", "서울특별시 마포구 테스트로 1", [visiting_care])
    a_centre(home_page, "준비중종합재가센터", "은평구", "서울특별시 은평구 테스트로 2", [visiting_care],
             live=False)

    html = main(client.get("/services/visiting-care/"))
    centres = html.find("h2", string="제공하는 센터").find_parent("section")
    item = centres.find("a", string="테스트종합재가센터").find_parent("li")
    assert "마포구" in item.get_text() and "서울특별시 마포구 테스트로 1" in item.get_text()
    assert item.a["href"] == CentrePage.objects.get(title="테스트종합재가센터").url
    assert "준비중종합재가센터" not in centres.get_text()
    finder = centres.find("a", href=lambda h: h and "?service=" in h)
    assert finder["href"] == "/centres/?service=visiting-care#list-heading"
    assert "방문요양" in finder.get_text()

    # A service the centre does not offer does not list it; a service with no
    # care-service link has no centre section at all.
    assert "테스트종합재가센터" not in main(client.get("/services/visiting-bath/")).get_text()
    assert main(client.get("/services/emergency-care/")).find("h2", string="제공하는 센터") is None


def test_start_button_only_when_there_is_a_live_application_page(client, services, home_page):
    page = ServicePage.objects.get(slug="visiting-care")
    assert main(client.get(page.url)).select(".agency-apply") == []

    form = ContentPage(title="방문요양 신청", slug="apply-visiting-care", live=False)
    home_page.add_child(instance=form)
    page.apply_page = form
    page.apply_label = "방문요양 신청하기"
    page.save_revision().publish()
    assert main(client.get(page.url)).select(".agency-apply") == []  # draft form: no button

    form.save_revision().publish()
    buttons = main(client.get(page.url)).select(".agency-apply")
    assert len(buttons) == 1
    assert buttons[0]["href"] == "/apply-visiting-care/"
    assert buttons[0].get_text(strip=True) == "방문요양 신청하기"
    assert buttons[0].find_parent("section").h2.get_text(strip=True) == "어떻게 신청하나요"


def test_empty_sections_are_left_out(client, services):
    page = ServicePage.objects.get(slug="visiting-care")  # no online form: no apply button either
    page.eligibility = page.easy_who = ""
    page.how_to_apply = page.easy_how = ""
    page.save_revision().publish()
    h2s = [h2.get_text(strip=True) for h2 in main(client.get(page.url)).find_all("h2")]
    assert "누가 받을 수 있나요" not in h2s and "어떻게 신청하나요" not in h2s
    assert "무엇을 받나요" in h2s


# --- constant query counts --------------------------------------------------

def count_queries(client, url):
    client.get(url)  # warm caches (site root paths) first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_services(index, n, start=0):
    for i in range(start, start + n):
        audience = "provider" if i % 5 == 0 else "citizen"
        index.add_child(instance=ServicePage(title=f"서비스 {i}", slug=f"service-{i}", intro=f"요약 {i}",
                                             audience=audience))


def test_the_index_runs_the_same_number_of_queries_for_5_or_50_services(
    client, services, django_assert_max_num_queries
):
    for page in ServicePage.objects.child_of(services):
        page.delete()
    add_services(services, 5)
    with_five = count_queries(client, "/services/")
    add_services(services, 45, start=5)
    client.get("/services/")
    with django_assert_max_num_queries(with_five):
        html = main(client.get("/services/"))
    assert len(html.select("section h3 a")) == 50


def test_a_service_page_runs_the_same_number_of_queries_for_2_or_20_centres(
    client, services, home_page, replace_section, django_assert_max_num_queries
):
    replace_section("centres")  # only the centres made here provide the service
    service = CareService.objects.get(slug="visiting-care")
    for i in range(2):
        a_centre(home_page, f"센터 {i}", "마포구", f"주소 {i}", [service])
    with_two = count_queries(client, "/services/visiting-care/")
    for i in range(2, 20):
        a_centre(home_page, f"센터 {i}", "마포구", f"주소 {i}", [service])
    client.get("/services/visiting-care/")
    with django_assert_max_num_queries(with_two):
        html = main(client.get("/services/visiting-care/"))
    assert len(html.select(".agency-service-centres__item")) == 20


# --- the loader -------------------------------------------------------------

def test_loader_builds_the_tree_and_is_safe_to_re_run(home_page, replace_section):
    replace_section(INDEX_SLUG)
    assert not ServiceIndexPage.objects.exists() and not ServicePage.objects.exists()
    care_services = CareService.objects.count()  # made by the centre loader
    index, first = load_services(home_page)
    assert index.url == "/services/" and index.show_in_menus and index.live
    assert len(first.created) == 10
    pages = ServicePage.objects.child_of(index)
    assert [p.slug for p in pages.order_by("path")] == [s["slug"] for s in SERVICES]
    assert all(p.live and p.search_description for p in pages)
    dementia = pages.get(slug="dementia-care")
    assert [s.slug for s in dementia.care_services.all()] == ["visiting-care", "day-care"]
    assert not pages.get(slug="emergency-care").care_services.exists()
    assert pages.get(slug="provider-support").audience == "provider"

    edited = pages.get(slug="care-sos")
    edited.intro = "편집자가 고친 요약"
    edited.save_revision().publish()
    pages.get(slug="visiting-bath").delete()

    index_again, second = load_services(home_page)
    assert index_again.pk == index.pk
    assert second.created == ["방문목욕"]
    assert len(second.kept) == 9
    assert ServicePage.objects.count() == 9 and ServiceIndexPage.objects.count() == 1
    assert ServicePage.objects.get(slug="care-sos").intro == "편집자가 고친 요약"
    assert CareService.objects.count() == care_services  # reused, never duplicated


def test_loader_reuses_care_services_the_centre_loader_made(home_page, replace_section):
    # As if the centre loader had so far made only 방문요양: the service loader
    # reuses that entry and makes the others with the shared names.
    replace_section(INDEX_SLUG)
    replace_section("centres")
    CareService.objects.exclude(slug="visiting-care").delete()
    made = CareService.objects.get(slug="visiting-care")
    load_services(home_page)
    assert ServicePage.objects.get(slug="visiting-care").care_services.get() == made
    assert CareService.objects.filter(slug="visiting-care").count() == 1
    assert dict(CareService.objects.values_list("slug", "name")) == {
        "visiting-care": "방문요양", "visiting-bath": "방문목욕", "visiting-nursing": "방문간호",
        "disability-support": "장애인활동지원", "care-sos": "돌봄SOS", "day-care": "주야간보호",
    }


def test_loader_keeps_an_index_the_editors_moved_to_another_slug(home_page):
    index, _ = load_services(home_page)
    index.slug = "business"
    index.save_revision().publish()
    again, report = load_services(home_page)
    assert again.pk == index.pk and ServiceIndexPage.objects.count() == 1
    assert report.created == []


def test_loader_refuses_to_take_over_another_page_at_services(home_page, replace_section):
    replace_section(INDEX_SLUG)
    home_page.add_child(instance=ContentPage(title="사업 소개", slug="services"))
    with pytest.raises(seed.SlugTaken, match="사업 소개"):
        seed.load_section("services", home_page)
    assert not ServicePage.objects.exists()


# --- editors ------------------------------------------------------------------

class ServicePageAdminTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed.load()
        cls.index, _ = load_services(HomePage.objects.get())

    def setUp(self):
        self.login()

    def test_editor_creates_a_service_page(self):
        service = CareService.objects.get(slug="visiting-care")
        data = nested_form_data({
            "title": "가사지원",
            "slug": "housework",
            "audience": "citizen",
            "intro": "집안일이 어려운 분을 돕습니다.",
            "eligibility": rich_text("<p>혼자 집안일을 하기 어려운 분</p>"),
            "benefits": rich_text("<p>청소와 세탁</p>"),
            "how_to_apply": rich_text("<p>동주민센터에 문의하십시오.</p>"),
            "apply_page": "",
            "apply_label": "신청하기",
            "body": streamfield([("paragraph", rich_text("<p>더 알아두실 내용</p>"))]),
            "easy_cost": rich_text("<p>비용은 전화로 물어보세요.</p>"),
            "self_check": streamfield([]),
        })
        # A multiple-choice field: nested_form_data would flatten a list into
        # "care_services-0", so it is added as the browser sends it.
        data["care_services"] = [service.pk]
        self.assertCanCreate(self.index, ServicePage, data)
        page = ServicePage.objects.get(slug="housework")
        self.assertEqual(list(page.care_services.all()), [service])
        response = self.client.get(page.url)
        self.assertContains(response, "혼자 집안일을 하기 어려운 분")
        self.assertContains(response, "청소와 세탁")
        self.assertContains(response, "비용은 전화로 물어보세요.")
        self.assertNotContains(response, "agency-apply")
        self.assertContains(self.client.get(self.index.url), "가사지원")

    def test_seeded_pages_pass_the_editors_validation_and_open_in_the_admin(self):
        for page in [self.index, *ServicePage.objects.child_of(self.index)]:
            page.full_clean()  # lengths of intro, title, search description…
            page.body.stream_block.clean(page.body)  # tables, chart, FAQ as the block forms expect
            response = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertEqual(response.status_code, 200, page.slug)

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ServicePage, {ServiceIndexPage})
        self.assertAllowedSubpageTypes(ServicePage, set())
        from services.models import RequestFormPage

        self.assertAllowedSubpageTypes(ServiceIndexPage, {ServicePage, RequestFormPage})
        self.assertCanNotCreateAt(HomePage, ServicePage)
        self.assertCanNotCreateAt(ServicePage, ServicePage)

    def test_the_editor_sees_korean_labels(self):
        response = self.client.get(f"/admin/pages/add/services/servicepage/{self.index.pk}/")
        for label in ("누가 받을 수 있나요", "무엇을 받나요", "어떻게 신청하나요", "신청 페이지",
                      "제공 센터 찾기 기준"):
            self.assertContains(response, label)


def test_the_index_can_be_created_under_the_home_page_only():
    assert set(ServiceIndexPage.allowed_parent_page_models()) == {HomePage}
