"""알림·소식: the dated list, its pages, the RSS feed, the editor's forms and
the seed loader."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home import seed
from home.models import HomePage, NoticeIndexPage, NoticePage
from tests.staff import VerifiedLoginMixin

pytestmark = pytest.mark.django_db

START = datetime.date(2023, 1, 1)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def index(home_page, replace_section):
    replace_section("notices")  # these tests post their own notices
    page = home_page.add_child(instance=NoticeIndexPage(title="알림·소식", slug="notices"))
    page.save_revision().publish()
    return page


def add_notice(index, title, date, category=NoticePage.NOTICE, intro="안내 요약입니다."):
    page = index.add_child(instance=NoticePage(title=title, slug=f"n-{NoticePage.objects.count()}",
                                               date=date, category=category, intro=intro))
    page.save_revision().publish()
    return page


def add_many(index, count):
    for n in range(count):
        add_notice(index, f"알림 {n:02d}", START + datetime.timedelta(days=n))


def count_queries(request):
    """How many SQL queries `request()` runs."""
    sqls = []

    def record(execute, sql, params, many, context):
        sqls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        request()
    return len(sqls)


def listed_titles(html):
    return [a.get_text(strip=True) for a in html.select(".agency-notice-list h2 a")]


def test_list_is_newest_first_by_date_then_by_latest_added(client, index):
    add_notice(index, "가장 오래된 글", datetime.date(2023, 3, 1))
    add_notice(index, "같은 날 먼저 올린 글", datetime.date(2023, 9, 1))
    add_notice(index, "같은 날 나중에 올린 글", datetime.date(2023, 9, 1))
    add_notice(index, "가장 새 글", datetime.date(2024, 1, 5), category=NoticePage.RECRUITMENT)

    html = soup(client.get(index.url))
    assert html.h1.get_text(strip=True) == "알림·소식"
    assert listed_titles(html) == [
        "가장 새 글", "같은 날 나중에 올린 글", "같은 날 먼저 올린 글", "가장 오래된 글",
    ]
    first = html.select_one(".agency-notice-list__item")
    assert "채용" in first.get_text()
    assert first.find("time")["datetime"] == "2024-01-05"
    assert "2024년 1월 5일" in first.get_text()


def test_list_shows_only_published_notices(client, index):
    add_notice(index, "공개된 글", START)
    draft = add_notice(index, "내린 글", START)
    draft.unpublish()
    assert listed_titles(soup(client.get(index.url))) == ["공개된 글"]


def test_list_is_paginated_ten_per_page_with_korean_labels(client, index):
    add_many(index, 25)

    first = soup(client.get(index.url))
    assert listed_titles(first) == [f"알림 {n:02d}" for n in range(24, 14, -1)]
    nav = first.select_one("nav.krds-pagination")
    assert nav.select_one(".page-navi.next").get_text(" ", strip=True).startswith("다음")
    assert nav.select_one(".page-navi.prev") is None
    assert nav.select_one("[aria-current=page]").get_text(strip=True) == "1"

    second = soup(client.get(index.url, {"page": 2}))
    assert listed_titles(second) == [f"알림 {n:02d}" for n in range(14, 4, -1)]
    assert second.select_one(".page-navi.prev").get_text(" ", strip=True).startswith("이전")

    last = soup(client.get(index.url, {"page": 3}))
    assert listed_titles(last) == [f"알림 {n:02d}" for n in range(4, -1, -1)]
    assert last.select_one(".page-navi.next") is None


@pytest.mark.parametrize("bad_page", ["abc", "0", "-1", "999", ""])
def test_a_bad_page_number_shows_a_page_instead_of_an_error(client, index, bad_page):
    add_many(index, 12)
    html = soup(client.get(index.url, {"page": bad_page}))
    assert len(listed_titles(html)) in (10, 2)


def test_empty_list_says_so(client, index):
    html = soup(client.get(index.url))
    assert "아직 올라온 글이 없습니다" in html.main.get_text()
    assert html.select_one("nav.krds-pagination") is None


def test_list_runs_the_same_number_of_queries_for_5_or_50_notices(client, index,
                                                                   django_assert_max_num_queries):
    add_many(index, 5)
    client.get(index.url)  # warm caches (site root paths, settings)
    five = count_queries(lambda: client.get(index.url))
    add_many(index, 45)
    client.get(index.url)
    with django_assert_max_num_queries(five):
        html = soup(client.get(index.url, {"page": 3}))
    assert len(listed_titles(html)) == 10


def test_rss_feed_is_valid_rss_with_newest_notices_first(client, index):
    add_notice(index, "지난해 글", datetime.date(2022, 12, 1))
    add_notice(index, "새해 교육 안내", datetime.date(2024, 1, 2), category=NoticePage.EDUCATION,
               intro="교육 일정을 알려 드립니다.")
    newest = add_notice(index, "2월 채용 공고", datetime.date(2024, 2, 1), category=NoticePage.RECRUITMENT)

    response = client.get(index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert "알림·소식" in channel.findtext("title")
    assert channel.findtext("description")
    assert channel.findtext("language") == "ko"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["2월 채용 공고", "새해 교육 안내", "지난해 글"]
    assert items[0].findtext("link") == "http://testserver" + newest.url
    assert items[0].findtext("category") == "채용"
    assert items[1].findtext("description") == "교육 일정을 알려 드립니다."
    assert "02 Jan 2024" in items[1].findtext("pubDate")


def test_rss_feed_runs_the_same_number_of_queries_for_5_or_50_notices(client, index,
                                                                      django_assert_max_num_queries):
    add_many(index, 5)
    client.get(index.url + "rss/")
    five = count_queries(lambda: client.get(index.url + "rss/"))
    add_many(index, 45)
    with django_assert_max_num_queries(five):
        response = client.get(index.url + "rss/")
    assert len(ET.fromstring(response.content).find("channel").findall("item")) == NoticeIndexPage.FEED_SIZE


def test_list_page_announces_its_feed_to_browsers_and_readers(client, index):
    html = soup(client.get(index.url))
    alternate = html.head.find("link", rel="alternate", type="application/rss+xml")
    assert alternate["href"] == index.url + "rss/"
    assert html.main.find("a", href=index.url + "rss/")


def test_notice_page_shows_date_category_intro_and_body(client, index):
    notice = add_notice(index, "교육 안내", datetime.date(2023, 7, 31), category=NoticePage.EDUCATION,
                        intro="민간기관 종사자 교육을 지원합니다.")
    notice.body = [("paragraph", "<p>강사 파견 교육을 제공합니다.</p>")]
    notice.save_revision().publish()

    html = soup(client.get(notice.url))
    assert html.h1.get_text(strip=True) == "교육 안내"
    main = html.main.get_text()
    assert "교육" in html.select_one(".agency-caption").get_text()
    assert html.main.find("time")["datetime"] == "2023-07-31"
    assert "민간기관 종사자 교육을 지원합니다." in main
    assert "강사 파견 교육을 제공합니다." in main
    assert html.main.find("a", href=index.url)


def test_latest_gives_the_newest_notices_in_constant_queries(index, django_assert_max_num_queries):
    add_many(index, 12)
    with django_assert_max_num_queries(3):
        latest = NoticeIndexPage.latest(3)
    assert [n.title for n in latest] == ["알림 11", "알림 10", "알림 09"]
    add_many(index, 40)
    with django_assert_max_num_queries(3):
        assert len(NoticeIndexPage.latest(20)) == 20


def test_latest_is_empty_without_a_notice_index(replace_section):
    assert len(NoticeIndexPage.latest(3)) == 3  # the loaded site's notices
    replace_section("notices")
    assert NoticeIndexPage.latest(3) == []


class NoticeAdminTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        # The whole site is loaded once per test run (tests/conftest.py).
        cls.home = HomePage.objects.get()
        cls.index = NoticeIndexPage.objects.get()

    def setUp(self):
        self.login()

    def test_editor_creates_a_notice_in_the_admin(self):
        self.assertCanCreate(
            self.index,
            NoticePage,
            nested_form_data({
                "title": "요양보호사 채용 공고",
                "slug": "care-worker-recruitment",
                "date": "2024-03-04",
                "category": NoticePage.RECRUITMENT,
                "intro": "종합재가센터 요양보호사를 모집합니다.",
                "body": streamfield([("paragraph", rich_text("<p>지원 방법을 확인하세요.</p>"))]),
            }),
        )
        notice = NoticePage.objects.get(slug="care-worker-recruitment")
        assert notice.date == datetime.date(2024, 3, 4)
        response = self.client.get(self.index.url)
        titles = listed_titles(BeautifulSoup(response.content, "html.parser"))
        assert titles[0] == "요양보호사 채용 공고"

    def test_new_notice_form_is_dated_today(self):
        from django.utils import timezone

        response = self.client.get(f"/admin/pages/add/home/noticepage/{self.index.pk}/")
        self.assertContains(response, "게시일")
        self.assertContains(response, timezone.localdate().isoformat())

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(NoticeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NoticeIndexPage, {NoticePage})
        self.assertAllowedParentPageTypes(NoticePage, {NoticeIndexPage})
        self.assertAllowedSubpageTypes(NoticePage, set())
        self.assertCanNotCreateAt(HomePage, NoticePage)

    def test_only_one_notice_index(self):
        self.assertFalse(NoticeIndexPage.can_create_at(self.home))


def test_loader_builds_the_section_from_the_seed_and_is_idempotent(client, home_page, replace_section):
    replace_section("notices")
    assert not NoticeIndexPage.objects.exists() and not NoticePage.objects.exists()
    report = seed.LoadReport()
    index = seed.load_section("notices", home_page, report)
    assert index.slug == "notices" and index.title == "알림·소식" and index.show_in_menus
    assert index.get_parent().specific == home_page
    notices = list(index.notices())
    assert [(n.date, n.get_category_display()) for n in notices] == [
        (datetime.date(2023, 9, 1), "공지"),
        (datetime.date(2023, 9, 1), "공지"),
        (datetime.date(2023, 7, 31), "교육"),
    ]
    assert len(report.created) == 4

    integration = NoticePage.objects.get(slug="home-care-centre-integration")
    html = soup(client.get(integration.url))
    assert "2023년 9월부터 2024년 2월까지" in html.main.get_text()
    assert "서대문, 은평, 마포" in html.main.find("table").get_text()

    integration.title = "편집자가 고친 제목"
    integration.save_revision().publish()
    again = seed.LoadReport()
    seed.load_section("notices", home_page, again)
    assert again.created == []
    assert NoticePage.objects.count() == 3
    assert NoticeIndexPage.objects.count() == 1
    assert NoticePage.objects.get(slug="home-care-centre-integration").title == "편집자가 고친 제목"

    listing = soup(client.get(index.url))
    assert len(listed_titles(listing)) == 3
    main_menu = [a.get_text(strip=True) for a in listing.select("header a, nav a")]
    assert "알림·소식" in main_menu
