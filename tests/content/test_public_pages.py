"""What a visitor sees on every public page: Korean, navigable, with the
agency's contact details."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from home.models import ContactSettings, ContentPage

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_home_page_is_korean_with_hero_and_quick_links(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "ko"
    assert html.h1.get_text(strip=True) == home_page.hero_title
    # Task first: the four things people come to do, then the sections.
    cards = html.select("a.agency-task")
    quick_links = [card.select_one(".agency-task__title").get_text(strip=True) for card in cards]
    assert quick_links == [
        "긴급돌봄 신청", "우리 구 센터 찾기", "신청 현황 조회", "교육 신청", "사업안내", "국공립어린이집",
        "사례집", "기관소개",
    ]
    hrefs = [card["href"] for card in cards]
    assert hrefs[:4] == [
        "/services/emergency-care-application/", "/centres/", "/requests/status/", "/trainings/",
    ]
    # Each card has its icon, drawn from a vendored file.
    icons = [img["src"] for img in html.select("a.agency-task img")]
    assert len(icons) == 8 and all(client.get(src).status_code == 200 for src in icons)
    # 전화로 문의하기: each team's number.
    calls = html.select_one(".agency-call-box")
    assert calls.find("a", href="tel:0220388569") and calls.find("a", href="tel:0220388717")


def test_main_navigation_follows_the_page_tree(client, home_page):
    hidden = ContentPage(title="내부 안내", slug="internal", show_in_menus=False)
    home_page.add_child(instance=hidden)
    added = ContentPage(title="채용 안내", slug="jobs", show_in_menus=True)
    home_page.add_child(instance=added)

    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "주 메뉴"})
    items = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert items == [
        "기관소개", "사업안내", "센터 찾기", "국공립어린이집", "사례집", "교육 안내", "알림·소식",
        "채용 안내",
    ]


def test_navigation_marks_the_current_section(client, home_page):
    nav = soup(client.get("/about/organisation/")).find("nav", attrs={"aria-label": "주 메뉴"})
    current = nav.find("a", attrs={"aria-current": True})
    assert current.get_text(strip=True) == "기관소개"
    assert current["aria-current"] == "true"  # inside the section, not the section page itself


def test_breadcrumb_shows_the_way_back_home(client, home_page):
    crumbs = soup(client.get("/about/organisation/")).find("nav", attrs={"aria-label": "현재 위치"})
    assert [a.get_text(strip=True) for a in crumbs.find_all("a")] == ["홈", "기관소개"]
    assert [a["href"] for a in crumbs.find_all("a")] == ["/", "/about/"]


def test_every_page_has_a_skip_link_to_the_main_content(client, home_page):
    html = soup(client.get("/about/"))
    skip = html.select_one("#krds-skip-link a")
    assert skip.get_text(strip=True) == "본문 바로가기"
    assert html.find(id=skip["href"].lstrip("#")).name == "main"


def test_footer_contact_details_come_from_the_site_setting(client, home_page):
    footer = soup(client.get("/")).footer
    assert "서울특별시 마포구 마포대로 89" in footer.get_text()
    assert "대표 전화" not in footer.get_text()  # not in the agency's documents: not shown

    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.phone = "02-1234-5678"
    contact.opening_hours = "평일 09:00–18:00"
    contact.save()

    footer = soup(client.get("/about/")).footer
    phone = footer.find("a", href="tel:0212345678")
    assert phone.get_text(strip=True) == "02-1234-5678"
    assert "평일 09:00–18:00" in footer.get_text()


def test_content_page_shows_its_stream_of_headings_and_text(client, home_page):
    html = soup(client.get("/about/"))
    assert html.h1.get_text(strip=True) == "기관소개"
    headings = [h.get_text(strip=True) for h in html.main.find_all("h2")]
    assert headings[:2] == ["설립 목적", "미션과 비전"]
    assert "언제든, 어디서든, 믿음직한 동반자" in html.main.get_text()


def test_unknown_address_gets_a_korean_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = soup(response)
    assert html.html["lang"] == "ko"
    assert html.h1.get_text(strip=True) == "페이지를 찾을 수 없습니다"


def test_server_error_page_is_korean_and_self_contained(client, settings):
    from django.template.loader import render_to_string

    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert html.html["lang"] == "ko"
    assert html.h1.get_text(strip=True) == "일시적인 오류가 발생했습니다"


def test_search_finds_pages_by_korean_words(client, home_page):
    html = soup(client.get("/search/", {"q": "초록숲데이케어센터"}))
    results = [a.get_text(strip=True) for a in html.select(".agency-search-results a")]
    assert "마포구립 초록숲데이케어센터" in results

    html = soup(client.get("/search/", {"q": "없는낱말"}))
    assert "검색어와 맞는 페이지가 없습니다" in html.main.get_text()


def test_health_endpoint_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_endpoint_says_unavailable_when_the_database_fails(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_search_results_are_paginated_and_keep_the_query(client, home_page):
    html = soup(client.get("/search/", {"q": "서울특별시"}))
    count = html.find("h2", string=lambda text: text and "검색 결과" in text).get_text()
    total = int(count.split()[-1].rstrip("건"))
    assert total > 10
    assert len(html.select(".agency-search-results > li")) == 10
    next_link = html.find("a", rel="next")["href"]
    assert "q=%EC%84%9C%EC%9A%B8" in next_link and "page=2" in next_link
    page_two = soup(client.get("/search/" + next_link))
    assert len(page_two.select(".agency-search-results > li")) == min(10, total - 10)


def test_every_centre_and_daycare_is_within_three_clicks_of_the_home_page(client, home_page):
    """Follow the site's own links from the home page, breadth first."""
    from daycares.models import DaycarePage
    from services.models import CentrePage

    wanted = {p.url for p in CentrePage.objects.live()} | {p.url for p in DaycarePage.objects.live()}
    assert len(wanted) == 21
    seen, frontier = {"/"}, ["/"]
    for _click in range(3):
        next_frontier = []
        for url in frontier:
            response = client.get(url)
            if not response["Content-Type"].startswith("text/html"):
                continue  # e.g. the RSS feed
            for link in soup(response).select("main a[href^='/'], nav a[href^='/']"):
                href = link["href"].split("#")[0].split("?")[0]
                if href and href not in seen and not href.startswith(("/admin", "/documents")):
                    seen.add(href)
                    next_frontier.append(href)
        frontier = next_frontier
    assert wanted <= seen, sorted(wanted - seen)
