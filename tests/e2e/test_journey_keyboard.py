"""The whole emergency-care application with the keyboard alone: skip link,
Tab order through every question, arrow keys in radio groups and the
district list, Space for boxes, Enter to send — focus always visible."""

import datetime

from playwright.sync_api import expect

from .accessibility import assert_accessible
from .answers import start_date
from .keyboard import choose_option, focused_text, tab_to


def test_emergency_care_with_the_keyboard_alone(page):
    page.goto("/services/emergency-care-application/")
    page.keyboard.press("Tab")
    assert focused_text(page) == "본문 바로가기"
    page.keyboard.press("Enter")

    keys = page.keyboard
    tab_to(page, "신청하시는 분의 이름")
    keys.type("정하늘")
    tab_to(page, "본인")  # first answer of the relation question
    keys.press("ArrowDown")  # → 가족
    expect(page.get_by_label("가족", exact=True)).to_be_checked()
    tab_to(page, "전화번호")
    keys.type("010-4444-5555")
    tab_to(page, "돌봄이 필요한 분이 사는 자치구")
    choose_option(page, "강서구")
    tab_to(page, "아동")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # → 노인
    tab_to(page, "예")  # 장애가 있습니까?
    keys.press("ArrowDown")  # → 아니요
    tab_to(page, "받던 돌봄 서비스가 끊겼거나")
    keys.press("Space")
    tab_to(page, "재가서비스")
    keys.press("Space")
    tab_to(page, "지정할 날짜")  # past the radios 오늘 / 내일 / 날짜 지정
    keys.type(start_date(5).replace("-", "."))
    tab_to(page, "위 내용을 읽었으며, 개인정보 수집·이용에 동의합니다.")
    keys.press("Space")
    tab_to(page, "계속")
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("확인")
    main = page.get_by_role("main")
    start = datetime.date.fromisoformat(start_date(5))
    for answer in ("정하늘", "가족", "010-4444-5555", "강서구", "노인", "재가서비스",
                   f"{start.year}년 {start.month}월 {start.day}일"):
        expect(main).to_contain_text(answer)
    tab_to(page, "신청서 보내기")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("신청서가 접수되었습니다")
    assert_accessible(page, "confirmation after the keyboard journey")
