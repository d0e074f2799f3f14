"""사례집: the filterable listing, a casebook's page, the editor's forms and the
seed loader."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home import seed
from home.models import HomePage
from services.models import CasebookCase, CasebookIndexPage, CasebookPage, CasebookPageTag
from tests.staff import VerifiedLoginMixin

pytestmark = pytest.mark.django_db

# The sample casebook as the seed data gives it (services/seed/casebooks.toml).
SAMPLE = seed.data("casebooks")["page"]["children"][0]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def count_queries(request):
    sqls = []

    def record(execute, sql, params, many, context):
        sqls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        request()
    return len(sqls)


@pytest.fixture
def index(home_page, replace_section):
    replace_section("casebooks")  # these tests build their own casebooks
    page = home_page.add_child(instance=CasebookIndexPage(title="사례집", slug="casebooks"))
    page.save_revision().publish()
    return page


def tag(name):
    return Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)


def add_casebook(index, title, year=2023, category=CasebookPage.BEST_PRACTICE, tags=(), cases=(),
                 **fields):
    page = index.add_child(instance=CasebookPage(
        title=title, slug=f"cb-{CasebookPage.objects.count()}", year=year, category=category,
        summary=f"{title} 요약입니다.",
        tagged_items=[CasebookPageTag(tag=tag(name)) for name in tags],
        cases=[CasebookCase(**case) for case in cases],
        **fields,
    ))
    page.save_revision().publish()
    return page


def listed_titles(html):
    return [a.get_text(strip=True) for a in html.select(".agency-casebook-list h3 a")]


def result_heading(html):
    return html.select_one("#casebook-results").get_text(" ", strip=True)


@pytest.fixture
def library(index):
    add_casebook(index, "2021 돌봄실천 사례집", 2021, CasebookPage.CARE_PRACTICE, tags=["치매"])
    add_casebook(index, "2023 우수사례집", 2023, tags=["치매", "적극개입"])
    add_casebook(index, "2022 운영 가이드", 2022, CasebookPage.GUIDE, tags=["긴급돌봄"])
    add_casebook(index, "2023 돌봄실천 사례집", 2023, CasebookPage.CARE_PRACTICE)
    return index


def test_listing_is_newest_year_first(client, library):
    html = soup(client.get(library.url))
    assert html.h1.get_text(strip=True) == "사례집"
    titles = listed_titles(html)
    assert titles[:2] == ["2023 돌봄실천 사례집", "2023 우수사례집"]
    assert titles[2:] == ["2022 운영 가이드", "2021 돌봄실천 사례집"]
    assert result_heading(html) == "사례집 4권"


def test_filter_by_year_category_and_tag(client, library):
    html = soup(client.get(library.url, {"year": "2023"}))
    assert sorted(listed_titles(html)) == ["2023 돌봄실천 사례집", "2023 우수사례집"]
    assert html.select_one("#casebook-year option[selected]")["value"] == "2023"

    html = soup(client.get(library.url, {"category": CasebookPage.CARE_PRACTICE}))
    assert listed_titles(html) == ["2023 돌봄실천 사례집", "2021 돌봄실천 사례집"]
    assert html.select_one("#casebook-category option[selected]").get_text() == "돌봄실천 사례집"

    html = soup(client.get(library.url, {"tag": tag("치매").slug}))
    assert listed_titles(html) == ["2023 우수사례집", "2021 돌봄실천 사례집"]
    assert html.select_one("#casebook-tag option[selected]").get_text() == "치매"
    assert "사례집 2권" in result_heading(html)

    html = soup(client.get(library.url, {"year": "2023", "tag": tag("치매").slug}))
    assert listed_titles(html) == ["2023 우수사례집"]


def test_filters_offer_only_values_some_casebook_has(client, library):
    html = soup(client.get(library.url))
    assert [o["value"] for o in html.select("#casebook-year option")] == ["", "2023", "2022", "2021"]
    assert [o.get_text() for o in html.select("#casebook-tag option")][1:] == ["긴급돌봄", "적극개입", "치매"]
    form = html.select_one("main form")
    for control in form.select("select"):
        assert form.find("label", attrs={"for": control["id"]})
    assert form.button.get_text(strip=True) == "결과 보기"
    assert form["method"] == "get"


@pytest.mark.parametrize("params", [
    {"year": "abcd"}, {"year": "1999"}, {"year": "-2023"}, {"category": "없는분류"},
    {"tag": "no-such-tag"}, {"page": "xyz"}, {"page": "999"},
])
def test_bad_filter_values_are_ignored(client, library, params):
    html = soup(client.get(library.url, params))
    assert len(listed_titles(html)) == 4
    assert html.select("form option[selected]") == []


def test_a_combination_with_no_casebook_says_so(client, library):
    html = soup(client.get(library.url, {"year": "2021", "category": CasebookPage.GUIDE}))
    assert listed_titles(html) == []
    assert "조건에 맞는 사례집이 없습니다" in html.main.get_text()
    assert "사례집 0권" in result_heading(html)


def test_listing_is_paginated_and_pages_keep_the_filters(client, index):
    for n in range(12):
        add_casebook(index, f"사례집 {n:02d}", 2000 + n, tags=["돌봄"])
    add_casebook(index, "태그 없는 사례집", 2030)
    slug = tag("돌봄").slug

    first = soup(client.get(index.url, {"tag": slug}))
    assert len(listed_titles(first)) == 10
    next_link = first.select_one("a.page-navi.next")
    assert "다음" in next_link.get_text()
    second = soup(client.get(index.url + next_link["href"]))
    assert listed_titles(second) == ["사례집 01", "사례집 00"]
    assert second.select_one("a.page-navi.prev").get_text(" ", strip=True).startswith("이전")


def test_listing_runs_the_same_number_of_queries_for_5_or_50_casebooks(
        client, index, settings, tmp_path, django_assert_max_num_queries):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(title="사례집 PDF", file=ContentFile(b"%PDF", "c.pdf"))

    def add(count):
        for n in range(count):
            add_casebook(index, f"사례집 {n}", 2000 + n % 20, tags=[f"태그{n % 3}", "공통"],
                         document=document)

    add(5)
    client.get(index.url)
    five = count_queries(lambda: client.get(index.url))
    add(45)
    client.get(index.url)
    with django_assert_max_num_queries(five):
        html = soup(client.get(index.url, {"page": "2"}))
    assert len(listed_titles(html)) == 10
    common = tag("공통").slug
    with django_assert_max_num_queries(five):
        html = soup(client.get(index.url, {"tag": common, "year": "2001"}))
    assert listed_titles(html) == ["사례집 41", "사례집 21", "사례집 1", "사례집 1"]


def test_casebook_page_shows_details_cases_and_the_pdf(client, index, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="2023 우수사례집 인쇄본", file=ContentFile(b"x" * 2048, "casebook.pdf")
    )
    casebook = add_casebook(
        index, "2023 우수사례집", 2023, tags=["치매", "적극개입"], document=document,
        cases=[{"title": "첫 사례", "setting": "상황입니다.", "problem": "어려움입니다.",
                "action": "한 일입니다.\n둘째 줄입니다.", "result": "결과입니다."}],
    )
    html = soup(client.get(casebook.url))
    assert html.h1.get_text(strip=True) == "2023 우수사례집"
    assert html.select_one(".agency-warning") is None

    summary = {row.dt.get_text(strip=True): row.dd for row in html.select(".agency-summary-list__row")}
    assert summary["발간 연도"].get_text(strip=True) == "2023년"
    assert summary["분류"].get_text(strip=True) == "우수사례집"
    tag_links = {a.get_text(" ", strip=True).split(" ")[0]: a["href"] for a in summary["태그"].find_all("a")}
    assert tag_links["#치매"] == f"{index.url}?tag={quote(tag('치매').slug)}"

    download = html.select_one(".agency-document")
    assert download.a["href"] == document.url
    assert "PDF" in download.get_text() and "2.0" in download.get_text()

    section = html.select_one("section.agency-case")
    assert section.h2.get_text(" ", strip=True) == "사례 1 첫 사례"
    assert [h.get_text() for h in section.find_all("h3")] == ["상황과 배경", "어려움", "한 일", "결과"]
    assert section.find("br")  # line breaks the editor typed are kept

    # Following a tag link shows the casebooks with that tag.
    add_casebook(index, "다른 사례집", 2022, tags=["긴급돌봄"])
    listing = soup(client.get(tag_links["#치매"]))
    assert listed_titles(listing) == ["2023 우수사례집"]


def test_sample_casebook_from_the_seed_warns_and_shows_its_cases(client, home_page):
    index = seed.load_section("casebooks", home_page)
    sample = CasebookPage.objects.get(slug=SAMPLE["slug"])
    assert sample.is_sample and sample.year == 2023
    assert sample.get_category_display() == "우수사례집"

    html = soup(client.get(sample.url))
    warning = html.select_one(".agency-warning")
    assert "이 사례집은 예시 내용입니다. 편집자가 실제 사례집으로 바꿔 주세요." in warning.get_text()
    case_titles = [s.h2.get_text(" ", strip=True) for s in html.select("section.agency-case")]
    assert len(case_titles) == 4
    text = html.main.get_text()
    assert "인지상정" in text and "125회" in text
    assert "521명(21.0%)" in text
    assert "울림두레돌봄사회적협동조합" in text

    listing = soup(client.get(index.url))
    assert listed_titles(listing) == [sample.title]
    assert "예시 내용" in listing.select_one(".agency-casebook-list__item").get_text()


def test_loader_is_idempotent_and_keeps_editors_changes(home_page, replace_section):
    replace_section("casebooks")
    assert not CasebookIndexPage.objects.exists() and not CasebookPage.objects.exists()
    report = seed.LoadReport()
    index = seed.load_section("casebooks", home_page, report)
    assert index.slug == "casebooks" and index.title == "사례집" and index.show_in_menus
    assert index.get_parent().specific == home_page
    assert len(report.created) == 2

    sample = CasebookPage.objects.get(slug=SAMPLE["slug"])
    sample.cases = list(sample.cases.all())[:2]
    sample.is_sample = False
    sample.save_revision().publish()

    again = seed.LoadReport()
    seed.load_section("casebooks", home_page, again)
    assert again.created == []
    assert CasebookIndexPage.objects.count() == 1
    assert CasebookPage.objects.count() == 1
    sample.refresh_from_db()
    assert sample.cases.count() == 2
    assert not sample.is_sample
    assert sorted(t.name for t in sample.tags.all()) == sorted(SAMPLE["tags"])


class CasebookAdminTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        # The whole site is loaded once per test run (tests/conftest.py).
        cls.home = HomePage.objects.get()
        cls.index = CasebookIndexPage.objects.get()

    def setUp(self):
        self.login()

    def test_editor_creates_a_casebook_with_a_case_in_the_admin(self):
        self.assertCanCreate(
            self.index,
            CasebookPage,
            nested_form_data({
                "title": "2024 돌봄실천 사례집",
                "slug": "care-practice-2024",
                "year": 2024,
                "category": CasebookPage.CARE_PRACTICE,
                "tags": "치매, 긴급돌봄",
                "summary": "돌봄 현장의 실천 사례를 모았습니다.",
                "cases": inline_formset([{
                    "title": "긴급돌봄 사례",
                    "setting": "돌봄이 갑자기 끊겼습니다.",
                    "problem": "당장 돌봐 줄 사람이 없었습니다.",
                    "action": "긴급돌봄을 연계했습니다.",
                    "result": "돌봄이 이어졌습니다.",
                }]),
                "body": streamfield([("paragraph", rich_text("<p>발간사</p>"))]),
            }),
        )
        casebook = CasebookPage.objects.get(slug="care-practice-2024")
        assert [c.title for c in casebook.cases.all()] == ["긴급돌봄 사례"]
        assert sorted(t.name for t in casebook.tags.all()) == ["긴급돌봄", "치매"]
        response = self.client.get(casebook.url)
        self.assertContains(response, "긴급돌봄을 연계했습니다.")
        self.assertNotContains(response, "agency-warning")

    def test_editor_sees_korean_labels_on_the_casebook_form(self):
        response = self.client.get(f"/admin/pages/add/services/casebookpage/{self.index.pk}/")
        labels = ["발간 연도", "분류", "태그", "요약", "예시 내용", "인쇄용 파일(PDF)", "사례", "상황/배경"]
        for label in labels:
            self.assertContains(response, label)

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(CasebookIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CasebookIndexPage, {CasebookPage})
        self.assertAllowedParentPageTypes(CasebookPage, {CasebookIndexPage})
        self.assertAllowedSubpageTypes(CasebookPage, set())
        self.assertCanNotCreateAt(HomePage, CasebookPage)

    def test_only_one_casebook_index(self):
        self.assertFalse(CasebookIndexPage.can_create_at(self.home))
