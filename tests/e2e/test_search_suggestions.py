"""The header's as-you-type list (search/static/search/suggest.js) in a real
browser: it appears under the box with its count read out, its links work
from the keyboard, Esc closes it, Tab leaves it; and without JavaScript the
same box simply opens the results page."""

import re

from playwright.sync_api import expect

from .conftest import VIEWPORTS


def type_query(page, text):
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially(text, delay=40)
    return box


def test_the_list_appears_is_counted_and_its_links_work(page):
    page.goto("/")
    type_query(page, "방문목욕")
    suggestions = page.locator("#site-search-suggest")
    expect(suggestions).to_be_visible()
    links = suggestions.locator(".agency-suggest__list a")
    expect(links.first).to_be_visible()
    number = links.count()
    assert 0 < number <= 6 + 4  # page titles and promotions
    expect(page.locator("#site-search-suggest-status")).to_have_text(f"추천 검색 결과 {number}건")
    assert page.locator("#site-search-suggest-status").get_attribute("aria-live") == "polite"
    box = suggestions.bounding_box()
    assert box["width"] <= page.viewport_size["width"]  # nothing wider than the screen

    # ↓ goes into the list; Enter follows the link.
    page.locator("#site-search").press("ArrowDown")
    first = links.first
    expect(first).to_be_focused()
    href = first.get_attribute("href")
    first.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_esc_closes_the_list_and_focus_is_never_held(page):
    page.goto("/")
    box = type_query(page, "돌봄")
    suggestions = page.locator("#site-search-suggest")
    expect(suggestions).to_be_visible()
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_be_focused()

    # Open again, go into the list, Esc comes back to the box.
    box.press("End")
    box.press_sequentially("SOS", delay=40)
    expect(suggestions).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_be_focused()

    # Tab walks through the button and the links and on out of the list, which closes.
    box.fill("")
    box.press_sequentially("어르신", delay=40)
    expect(suggestions).to_be_visible()
    stops = suggestions.locator("a").count() + 1  # the search button, then each link
    for _ in range(stops + 1):
        page.keyboard.press("Tab")
    assert page.evaluate("!document.querySelector('.agency-search').contains(document.activeElement)")
    expect(suggestions).to_be_hidden()


def test_the_all_results_link_and_enter_in_the_box_open_the_results_page(page):
    page.goto("/")
    box = type_query(page, "어르신")
    expect(page.locator("#site-search-suggest")).to_be_visible()
    box.press("Enter")  # the form, as without the list
    page.wait_for_url("**/search/?q=*")
    expect(page.locator("h2.agency-search-count")).to_contain_text("‘어르신’ 검색 결과")
    expect(page.locator("#site-search-suggest")).to_be_hidden()


def test_without_javascript_the_header_box_reaches_the_results(browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="ko-KR", java_script_enabled=False,
                                  **VIEWPORTS["mobile"])
    try:
        page = context.new_page()
        page.goto("/")
        page.locator("#site-search").fill("방문 목욕")
        page.locator(".agency-search button[type=submit]").click()
        page.wait_for_url("**/search/?q=*")
        expect(page.locator("h2.agency-search-count")).to_contain_text("‘방문 목욕’ 검색 결과")
        expect(page.locator("ol.agency-search-results a").first).to_be_visible()
        assert page.locator("#site-search-suggest").count() == 0  # no script, no list
    finally:
        context.close()
