"""Training, as a new user would try it: an editor publishes a training with
2 seats; three providers book; the third is put on the waiting list; the
first cancels through the e-mailed link; the third is promoted and e-mailed;
after the session staff mark attendance, the attendees answer the survey and
staff see the averages. axe-core finds nothing on any booking page state."""

import datetime
import re

from playwright.sync_api import expect

from .accessibility import assert_accessible
from .admin import open_menu

# Time passes: the session is moved to yesterday in the site's own database.
SESSION_IS_OVER = """
import datetime
from django.utils import timezone
from agency_site import page_cache
from services.models import TrainingSession
TrainingSession.objects.filter(page__title={title!r}).update(
    date=timezone.localdate() - datetime.timedelta(days=1))
page_cache.invalidate()
"""


def link_in(message, path):
    return re.search(rf"http://\S+{path}\S+/", message.get_body(("plain",)).get_content()).group()


def publish_training(page, title, day):
    page.goto("/admin/pages/")
    page.get_by_role("link", name="'서울특별시 사회서비스원' 의 하위 페이지 탐색").click()
    page.get_by_role("link", name="'교육 안내' 의 하위 페이지 탐색").click()
    page.get_by_role("link", name="하위 페이지 추가").click()
    page.get_by_role("link", name="교육", exact=True).click()
    page.get_by_role("textbox", name="제목*").fill(title)
    page.get_by_role("textbox", name="요약*").fill("요양보호사를 위한 치매 돌봄 실무 교육입니다.")
    page.get_by_label("분야*").select_option(label="치매전문교육")
    page.get_by_role("checkbox", name="전문서비스직").check()
    page.get_by_role("textbox", name="날짜*").fill(day.isoformat())
    page.get_by_role("textbox", name="시작 시각*").fill("14:00")
    page.get_by_role("textbox", name="끝 시각*").fill("17:00")
    page.get_by_role("spinbutton", name="정원*").fill("2")
    page.keyboard.press("Escape")  # close any date/time picker left open
    more = page.locator("footer").get_by_role("button", name="더 보기", exact=True)  # "More actions"
    expect(more).to_have_attribute("aria-expanded", "false")  # its script is ready: a click opens it
    more.click()
    page.get_by_role("button", name="게시").click()
    expect(page.get_by_role("status")).to_contain_text("게시")


def book(provider, title, n, check=False):
    provider.goto("/trainings/")
    provider.get_by_role("link", name=title).click()
    provider.get_by_role("link", name=re.compile("신청하기")).first.click()
    if check:
        assert_accessible(provider, "booking form")
    provider.get_by_label("기관명").fill(f"햇살재가복지센터 {n}")
    provider.get_by_label("사업자등록번호").fill("123-45-67891")
    provider.get_by_role("group", name="기관 유형").get_by_label("장기요양기관").check()
    provider.get_by_label("기관이 있는 자치구").select_option(label="노원구")
    provider.get_by_label("참석자 이름").fill(f"참석자{n}")
    provider.get_by_label("직위·직무").fill("요양보호사")
    provider.get_by_label("전화번호").fill(f"010-8100-{n:04d}")
    provider.get_by_role("textbox", name="전자우편").fill(f"booker{n}-{provider.viewport_name}@example.com")
    provider.get_by_label("개인정보 수집·이용에 동의합니다").check()
    provider.get_by_role("button", name="계속").click()
    if check:
        assert_accessible(provider, "check answers")
    provider.get_by_role("button", name="신청서 보내기").click()
    return provider.get_by_role("heading", level=1).inner_text()


def test_two_seats_three_providers_a_cancellation_and_a_promotion(
    page, open_tab, log_in, live_site, viewport,
):
    title = f"치매전문교육 시범 과정 ({viewport})"
    log_in(page, "editor")
    publish_training(page, title, datetime.date.today() + datetime.timedelta(days=20))

    first, second, third = open_tab(), open_tab(), open_tab()
    assert book(first, title, 1, check=True) == "교육 자리가 확정되었습니다"
    assert_accessible(first, "confirmed")
    assert book(second, title, 2) == "교육 자리가 확정되었습니다"
    assert book(third, title, 3) == "대기자로 등록되었습니다"
    expect(third.get_by_role("main")).to_contain_text("대기 순번 1번")
    assert_accessible(third, "waitlisted")

    # The training's page now says so, from the database (and through the page cache).
    third.goto("/trainings/")
    third.get_by_role("link", name=title).click()
    expect(third.get_by_role("main")).to_contain_text("대기 가능")

    receipt = live_site.mail_to(f"booker1-{viewport}@example.com")[-1]
    assert receipt.get_content_type() == "multipart/mixed"  # the .ics is attached
    first.goto(link_in(receipt, "/requests/status/"))
    expect(first.get_by_role("main")).to_contain_text(title)
    assert_accessible(first, "booking status")
    first.get_by_role("button", name="신청 취소하기").click()
    expect(first.get_by_role("main")).to_contain_text("자리는 대기하시는 분께 돌아갑니다")
    assert_accessible(first, "cancel: are you sure?")
    first.get_by_role("button", name="네, 신청을 취소합니다").click()
    expect(first.get_by_role("main")).to_contain_text("신청을 취소했습니다")
    assert_accessible(first, "cancelled")

    promoted = [m for m in live_site.mail_to(f"booker3-{viewport}@example.com")
                if "교육 자리가 확정되었습니다" in str(m["Subject"])]
    assert promoted, "the person waiting was not told"
    third.goto(link_in(promoted[-1], "/requests/status/"))
    expect(third.locator("#booking-seat")).to_have_text("확정")
    assert_accessible(third, "promoted")

    # After the session: staff mark who came.
    live_site.manage("shell", "-c", SESSION_IS_OVER.format(title=title))
    staff = open_tab()
    log_in(staff, "support")
    open_menu(staff, "교육 신청")
    staff.get_by_role("link", name=title).click()
    for name in ("참석자2", "참석자3"):
        staff.get_by_role("checkbox", name=f"{name} 출석").check()
    staff.get_by_role("button", name="출석 저장").click()
    expect(staff.get_by_role("checkbox", name="참석자3 출석")).to_be_checked()

    # The daily command asks each attendee once; they answer.
    live_site.manage("send_training_surveys")
    for attendee, n, ratings in ((second, 2, ("5 매우 만족", "4 만족", "5 매우 만족")),
                                 (third, 3, ("4 만족", "4 만족", "3 보통"))):
        invitation = live_site.mail_to(f"booker{n}-{viewport}@example.com")[-1]
        attendee.goto(link_in(invitation, "/requests/survey/"))
        if n == 2:
            attendee.get_by_role("button", name="응답 보내기").click()  # nothing chosen yet
            expect(attendee.get_by_role("alert")).to_be_visible()
            assert_accessible(attendee, "survey with errors")
        for group, answer in zip(attendee.get_by_role("group").all()[:3], ratings, strict=True):
            group.get_by_label(answer, exact=True).check()
        attendee.get_by_label("더 하고 싶은 말씀 (선택)").fill(f"참석자{n}의 의견입니다.")
        attendee.get_by_role("button", name="응답 보내기").click()
        expect(attendee.get_by_role("heading", level=1)).to_contain_text("감사")
        assert_accessible(attendee, "survey thanks")

    # Staff see the averages: content (5+4)/2, instructor 4, usefulness (5+3)/2.
    open_menu(staff, "교육 만족도")
    staff.get_by_role("link", name=title).click()
    row = staff.get_by_role("row").filter(has_text="2명 / 2명")
    expect(row.first).to_contain_text("4.5")
    expect(row.first).to_contain_text("4.0")
    expect(staff.get_by_role("main")).to_contain_text("참석자3의 의견입니다.")
