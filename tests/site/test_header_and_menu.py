"""The header every public page has: the agency's identity, 통합검색,
신청 현황 조회, 글자 크기, and 전체메뉴 built from the page tree, which also
works without JavaScript as its own page (/menu/)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from home.models import ContactSettings

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_header_has_identity_search_lookup_and_text_size(client, site_content):
    page = html(client.get("/services/"))
    header = page.find("header", id="krds-header")
    assert header.find(class_="agency-brand__name").get_text(strip=True) == "서울특별시 사회서비스원"
    search = header.find("form", role="search")
    assert search["action"] == "/search/" and search.find("input")["name"] == "q"
    assert header.find("a", string="신청 현황 조회")["href"] == "/requests/status/"
    # The text-size control needs its script: hidden until the script shows it.
    control = header.find(attrs={"data-text-size-control": True})
    assert control.has_attr("hidden")
    assert [b.get_text() for b in control.find_all("button", attrs={"data-text-size": True})] == [
        "작게", "보통", "크게", "더 크게", "가장 크게"]


def test_the_header_shows_the_main_number_only_when_set(client, site_content):
    assert "대표전화" not in html(client.get("/")).find("header").get_text()
    ContactSettings.objects.update(phone="02-1234-5678")
    header = html(client.get("/")).find("header")
    assert header.find("a", href="tel:0212345678").get_text(" ", strip=True) == "대표전화 02-1234-5678"


def test_the_menu_lists_sections_and_their_menu_pages(client, site_content):
    page = html(client.get("/"))
    top = [a.get_text(strip=True) for a in page.select(".agency-gnb__link")]
    assert top[:3] == ["기관소개", "사업안내", "센터 찾기"]
    menu = page.find(id="all-menu")
    assert menu.has_attr("hidden") and menu["role"] == "dialog"
    sections = {
        section.find(class_="agency-menu-tree__title").get_text(strip=True):
            [a.get_text(strip=True) for a in section.select(".agency-menu-tree__pages a")]
        for section in menu.select(".agency-menu-tree__section")
    }
    assert "긴급돌봄" in sections["사업안내"] and "방문요양" in sections["사업안내"]
    assert "미션과 비전" in sections["기관소개"]
    # Forms are reached from their service page, not listed in the menu.
    assert "긴급돌봄 신청" not in sections["사업안내"]


def test_without_javascript_the_menu_button_is_a_link_to_the_menu_page(client, site_content):
    button = html(client.get("/")).find(attrs={"data-menu-toggle": True})
    assert button.name == "a" and button["href"] == "/menu/"
    page = html(client.get("/menu/"))
    assert page.find("h1").get_text(strip=True) == "전체메뉴"
    assert page.select_one("main .agency-menu-tree a[href='/services/emergency-care/']")


def test_an_unpublished_page_leaves_the_menu_at_once(client, site_content):
    service = Page.objects.get(slug="emergency-care")
    service.unpublish()
    assert not html(client.get("/menu/")).select_one("main a[href='/services/emergency-care/']")


def test_the_current_section_is_marked(client, site_content):
    page = html(client.get("/services/emergency-care/"))
    link = page.find("a", class_="agency-gnb__link", string="사업안내")
    assert link["aria-current"] == "true" and "is-active" in link["class"]
