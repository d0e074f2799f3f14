"""The conversation between an applicant and staff, end to end (issue: the
request conversation): a family member applies for 긴급돌봄 typing "내일",
is promised a time and given the team's number, gets an SMS with the
reference; staff ask for more information; the applicant answers with a
file from the status page; the deadline stands still meanwhile and runs on
after the answer. A deadline that spans a public holiday is promised right,
and the staff dashboard counts what the queue holds."""

import datetime
import re

from playwright.sync_api import expect

from tests.upload_samples import pdf_bytes

from .accessibility import assert_accessible
from .admin import open_menu
from .answers import choose, fill_emergency_care, look_up

SEOUL = datetime.timezone(datetime.timedelta(hours=9))
WEEKDAYS = "월화수목금토일"


def korean_day(day: datetime.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"


def test_apply_with_tomorrow_get_sms_answer_staff_with_a_file(page, open_tab, log_in, live_site, tmp_path):
    citizen = open_tab()
    phone = "010-4545-6767"
    citizen.goto("/services/emergency-care-application/")
    fill_emergency_care(citizen, name="이순자", phone=phone, district="마포구", start="내일")
    choose(citizen, "진행 상황을 어떻게 알려 드릴까요?", "문자(휴대전화)")
    citizen.get_by_role("button", name="계속").click()

    # The typed word comes back as a full date with its weekday.
    tomorrow = datetime.datetime.now(SEOUL).date() + datetime.timedelta(days=1)
    expect(citizen.get_by_role("main")).to_contain_text(korean_day(tomorrow))
    citizen.get_by_role("button", name="신청서 보내기").click()

    reference = citizen.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"EC-\d{4}-\d{4}-\d{4}", reference)
    promise = citizen.locator("#status-promise")
    expect(promise).to_contain_text("까지")
    expect(promise).to_contain_text("연락드립니다")
    # The team's number, as a link a phone can call.
    expect(citizen.locator("main a[href^='tel:']").first).to_be_visible()
    assert_accessible(citizen, "confirmation with promise")

    texts = live_site.sms_to(phone)
    assert texts and reference in texts[-1]
    assert "이순자" not in texts[-1]  # no name in an SMS, only the reference and a link

    # Staff ask for more: a message is required, then the request waits.
    log_in(page, "northwest")
    open_menu(page, "민원 큐", "긴급돌봄 서북권")
    page.get_by_role("link", name=reference).click()
    main = page.get_by_role("main")
    page.get_by_label("바꿀 상태").select_option(label="보완요청")
    page.get_by_role("button", name="상태 바꾸기").click()
    expect(main).to_contain_text("보완요청에는 신청인에게 무엇이 더 필요한지 적어 주세요.")
    page.get_by_label("바꿀 상태").select_option(label="보완요청")
    page.get_by_label("신청인에게 보일 안내").fill("장기요양등급 결정서를 사진으로 보내 주세요.")
    page.get_by_role("button", name="상태 바꾸기").click()
    expect(main).to_contain_text("처리 기한을 멈췄습니다")
    assert_accessible(page, "request waiting for the applicant", reflow=False)

    # The applicant reads what is needed and answers with a file.
    look_up(citizen, reference, phone)
    waiting = citizen.locator("#waiting-request")
    expect(waiting).to_contain_text("장기요양등급 결정서를 사진으로 보내 주세요.")
    assert_accessible(citizen, "status page waiting for an answer")
    citizen.get_by_role("button", name="답변 보내기").click()  # nothing typed: a Korean error, no 500
    expect(citizen.get_by_role("alert").first).to_contain_text("답변")
    assert_accessible(citizen, "reply with an error")
    picture = tmp_path / "결정서.pdf"
    picture.write_bytes(pdf_bytes())
    citizen.get_by_label("답변", exact=True).fill("결정서 사진을 보냅니다.")
    citizen.get_by_label("첨부파일 (선택)").set_input_files(picture)
    citizen.get_by_role("button", name="답변 보내기").click()
    result = citizen.get_by_role("main")
    expect(result).to_contain_text("결정서 사진을 보냅니다.")
    expect(result).to_contain_text("결정서.pdf")
    expect(citizen.locator("#waiting-request")).to_have_count(0)
    assert_accessible(citizen, "status page after the answer")

    # Staff see the answer and its file; the deadline runs again.
    page.reload()
    expect(main).to_contain_text("결정서 사진을 보냅니다.")
    replied = main.get_by_role("list", name="답변과 함께 받은 파일")
    expect(replied.get_by_role("link", name="결정서.pdf 내려받기")).to_be_visible()
    expect(main).to_contain_text("처리 기한을 다시 셉니다")


def test_a_deadline_across_a_public_holiday_is_promised_right(page, live_site):
    # The consulting queue counts business days; give it enough of them to span
    # a public holiday whatever the day the test runs.
    live_site.manage("shell", "-c", (
        "from services.models import Queue;"
        "q = Queue.objects.get(rules__kind='consulting', rules__district='');"
        "q.sla_unit = 'business_days'; q.sla_value = 30; q.save()"
    ))
    expected = add_working_days(datetime.datetime.now(SEOUL), 30)
    page.goto("/services/consulting-application/")
    fill_consulting(page)
    page.get_by_role("button", name="계속").click()
    page.get_by_role("button", name="신청서 보내기").click()
    expect(page.locator("#status-promise")).to_contain_text(f"영업일 기준 {korean_day(expected)}")


def test_dashboard_counts_match_the_queue(page, open_tab, log_in):
    from .answers import apply_for_emergency_care

    apply_for_emergency_care(open_tab(), name="최민호", phone="010-7878-1212", district="은평구")
    log_in(page, "northwest")
    panel = page.locator("table.sr-queue-counts")
    assert_accessible(page, "dashboard with queue counts", reflow=False)
    new = panel.locator("tbody tr", has_text="긴급돌봄 서북권").locator("td").first
    count = int(re.match(r"\d+", new.inner_text().strip()).group())
    assert count >= 1
    new.get_by_role("link").click()
    expect(page.locator("main table tbody tr")).to_have_count(count)
    assert_accessible(page, "listing of new requests", reflow=False)

    open_menu(page, "민원 큐", "처리 현황 보고서")
    expect(page.get_by_role("heading", name="주별 접수 건수")).to_be_visible()
    assert_accessible(page, "staff report", reflow=False)


def add_working_days(start: datetime.datetime, days: int) -> datetime.date:
    """The test's own count (independent of the site's): weekdays that are not
    one of the public holidays below, starting the day after receipt, or the
    next working day when received after 18:00 or on a day off."""
    def working(day):
        return day.weekday() < 5 and day not in HOLIDAYS

    day = start.date()
    if not working(day) or start.time() >= datetime.time(18):
        day += datetime.timedelta(days=1)
        while not working(day):
            day += datetime.timedelta(days=1)
    while days:
        day += datetime.timedelta(days=1)
        if working(day):
            days -= 1
    return day


# Korean public holidays the test may span (from the official calendar).
HOLIDAYS = {
    datetime.date(2026, 12, 25), datetime.date(2027, 1, 1), datetime.date(2027, 2, 8),
    datetime.date(2027, 2, 9), datetime.date(2027, 3, 1), datetime.date(2027, 5, 3),
    datetime.date(2027, 5, 5), datetime.date(2027, 5, 13), datetime.date(2027, 7, 19),
    datetime.date(2027, 8, 16), datetime.date(2027, 9, 14), datetime.date(2027, 9, 15),
    datetime.date(2027, 9, 16), datetime.date(2027, 10, 4), datetime.date(2027, 10, 11),
    datetime.date(2027, 12, 27),
}


def fill_consulting(page):
    page.get_by_label("기관명").fill("햇살재가복지센터")
    page.get_by_label("사업자등록번호").fill("123-45-67891")
    page.get_by_role("group", name="기관 유형").get_by_label("장기요양기관").check()
    page.get_by_label("기관이 있는 자치구").select_option(label="노원구")
    page.get_by_label("담당자 이름").fill("이지은")
    page.get_by_label("전화번호").fill("010-950-1234")
    page.get_by_role("group", name="어떤 주제로 상담받고 싶습니까?").get_by_label("노무").check()
    page.get_by_label("상담받고 싶은 내용").fill("휴게시간 운영을 점검받고 싶습니다.")
    page.get_by_label("개인정보 수집·이용에 동의합니다").check()
