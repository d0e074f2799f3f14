"""axe-core finds nothing on any public page type, nor on the states a
person meets (search with and without results, with a section chosen, with
only some words found, the header's as-you-type list; forms with errors, the status
lookup, the training survey, the 404 page), at desktop width and on a 360 px phone. The journeys
check the states along the way (check answers, confirmation, status)."""


import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible

PAGE_TYPES = [
    "HomePage", "ContentPage", "NoticeIndexPage", "NoticePage", "ServiceIndexPage", "ServicePage",
    "CentreIndexPage", "CentrePage", "CasebookIndexPage", "CasebookPage", "DaycareIndexPage",
    "DaycarePage", "RequestFormPage", "TrainingIndexPage", "TrainingPage", "LegalPage",
    "PrivacyPolicyPage",
]


def test_the_sweep_knows_every_page_type_on_the_site(live_site):
    # A new page type must be added to PAGE_TYPES (and so be checked).
    assert sorted(live_site.page_types) == sorted(PAGE_TYPES)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type(page, live_site, page_type):
    page.goto(live_site.page_types[page_type])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, page_type)


# The search page's states: no query; results (with promotions above them);
# a section chosen; only some of the words found (the notice); nothing found
# (이것을 찾으셨나요?, the main sections, the number to call).
SEARCH_STATES = {
    "": "h1",
    "?q=긴급돌봄 신청": ".agency-search-promotions",
    "?q=방문목욕": "ol.agency-search-results mark",
    "?q=방문목욕&section=centres": ".agency-search-sections [aria-current=page]",
    "?q=수영장 방문목욕": ".agency-search-notice",
    "?q=초록숩": ".agency-search-suggestion",
    "?q=찾을수없는낱말": ".agency-search-empty .agency-contact",
}


@pytest.mark.parametrize("query", list(SEARCH_STATES))
def test_search(page, query):
    page.goto(f"/search/{query}")  # the parameters the search view reads
    expect(page.locator(SEARCH_STATES[query]).first).to_be_visible()
    assert_accessible(page, f"search {query!r}")


def test_search_suggestions_open_under_the_header_box(page):
    page.goto("/")
    page.locator("#site-search").press_sequentially("방문", delay=50)
    expect(page.locator("#site-search-suggest .agency-suggest__list a").first).to_be_visible()
    assert_accessible(page, "header suggestions open")


@pytest.mark.parametrize("query", ["archive/", "?seats=1&topic=quality"])
def test_training_archive_and_filtered_listing(page, live_site, query):
    page.goto(live_site.page_types["TrainingIndexPage"] + query)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"trainings {query}")


def test_form_with_every_error(page, live_site):
    page.goto(live_site.page_types["RequestFormPage"])
    page.get_by_role("button", name="계속").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "every field in error")


def test_consulting_form_empty_and_with_errors(page):
    page.goto("/services/consulting-application/")
    assert_accessible(page, "empty")
    page.get_by_role("button", name="계속").click()
    expect(page.get_by_role("alert")).to_contain_text("기관명을 입력해 주세요.")
    assert_accessible(page, "with errors")


def test_status_lookup_states(page):
    page.goto("/requests/status/")
    assert_accessible(page, "empty")
    page.get_by_role("button", name="조회하기").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "with errors")
    page.get_by_label("접수번호").fill("EC-AAAA-BBBB")
    page.get_by_label("전화번호").fill("010-1111-2222")
    page.get_by_role("button", name="조회하기").click()
    assert_accessible(page, "nothing found")


def test_self_check_question_error_and_results(page):
    """받을 수 있는지 알아보기: a question, its error, a "call the team" result
    and, after going back, the "apply online" result."""
    page.goto("/services/emergency-care/self-check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("돌봄이 필요한 분이 서울에 사시나요?")
    assert_accessible(page, "self-check question")
    page.get_by_role("button", name="다음").click()
    expect(page.get_by_role("alert")).to_contain_text("‘예’ 또는 ‘아니요’를 골라 주세요.")
    assert_accessible(page, "self-check with an error")
    for answer in ("예", "예", "아니요"):
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="다음").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("전화로 상황을 말씀해 주세요")
    assert_accessible(page, "self-check result: call the team")
    page.get_by_role("button", name="이전 질문").click()
    expect(page.get_by_label("아니요", exact=True)).to_be_checked()
    page.get_by_label("예", exact=True).check()
    page.get_by_role("button", name="다음").click()
    page.get_by_label("아니요", exact=True).check()
    page.get_by_role("button", name="결과 보기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("신청할 수 있을 것 같습니다")
    assert_accessible(page, "self-check result: apply online")


# Made in the site's own database (not the test database it was copied
# from): an unpublished training whose session ended yesterday, one
# confirmed attendee, and the signed survey link we would e-mail them.
SURVEY_BOOKING = """
import datetime
from django.utils import timezone
from wagtail.models import Site
from agency_site import page_cache
from services.training import survey as surveys
from services.models import TrainingPage, TrainingSession
from tests.trainings import booking_for, make_training

home = Site.objects.get(is_default_site=True).root_page.specific
training = make_training(home, title="만족도 조사 화면 확인용 교육")
session = training.sessions.get()
booking = booking_for(session, 9001)
TrainingSession.objects.filter(pk=session.pk).update(date=timezone.localdate() - datetime.timedelta(days=1))
TrainingPage.objects.filter(pk=training.pk).update(live=False)
page_cache.invalidate()
print(surveys.survey_token(booking))
"""


@pytest.fixture(scope="module")
def survey_link(live_site):
    return f"/requests/survey/{live_site.manage('shell', '-c', SURVEY_BOOKING).split()[-1]}/"


def test_training_survey_empty_and_with_errors(page, survey_link):
    page.goto(survey_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("교육 만족도 조사")
    assert_accessible(page, "empty")
    page.get_by_label("4 만족").first.check()
    page.get_by_role("button", name="응답 보내기").click()
    expect(page.get_by_role("alert")).to_contain_text("강사의 강의에 얼마나 만족하셨는지 골라 주세요.")
    assert_accessible(page, "with errors")


def test_training_survey_broken_link(page):
    response = page.goto("/requests/survey/broken-link/")
    assert response.status == 400
    page.js_errors.clear()  # the browser logs the 400 itself
    expect(page.get_by_role("heading", level=1)).to_have_text("링크를 열 수 없습니다")
    assert_accessible(page, "broken link")


def test_page_not_found(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    page.js_errors.clear()  # the browser logs the 404 itself
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "404")


def test_the_checker_catches_problems(page):
    """The harness itself: a page with an unlabelled field and an image
    without text fails."""
    page.set_content('<html><body><main><img src="data:,"><input></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_checker_catches_a_table_that_scrolls_inside_its_box(open_tab):
    """The width check looks inside the page: a wide table in a scrolling box
    fails on a phone even though the page itself is not wider than the screen."""
    page = open_tab()
    page.set_viewport_size({"width": 360, "height": 640})
    page.viewport_name = "mobile"
    page.set_content(
        '<html lang="ko"><head><title>표</title><meta name="viewport" content="width=device-width">'
        '</head><body><main><h1>표</h1>'
        '<div style="overflow-x:auto" tabindex="0" role="region" aria-label="표">'
        '<table style="width:600px"><tr><th>날짜</th><td>신청하기</td></tr></table></div>'
        '</main></body></html>'
    )
    with pytest.raises(AssertionError, match="inside a box"):
        assert_accessible(page)


def test_site_menu_page_and_the_open_menu(page, live_site):
    page.goto("/menu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("전체메뉴")
    assert_accessible(page, "site menu page")
    page.goto("/")
    page.get_by_role("button", name="전체메뉴").click()
    menu = page.get_by_role("dialog", name="전체메뉴")
    expect(menu).to_be_visible()
    assert_accessible(page, "전체메뉴 open")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()


def test_largest_text_size_still_fits(page, live_site):
    """글자 크기 at its largest: every page type's content still reflows."""
    page.goto("/")
    page.get_by_role("button", name="글자 크기").click()
    page.get_by_role("button", name="가장 크게").click()
    for page_type in ("ServicePage", "TrainingPage", "RequestFormPage"):
        page.goto(live_site.page_types[page_type])
        assert page.evaluate("document.documentElement.dataset.textSize") == "xxlg"
        assert_accessible(page, f"{page_type} at the largest text size")


def test_training_sessions_on_a_phone_show_apply_for_each_session(page, live_site):
    page.goto(live_site.page_types["TrainingPage"])
    assert_accessible(page, "sessions table")
    links = page.get_by_role("link", name="신청하기")
    assert links.count() >= 1
    width = page.evaluate("document.documentElement.clientWidth")
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "신청하기 is off screen"
