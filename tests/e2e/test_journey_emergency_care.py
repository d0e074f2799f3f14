"""A citizen applies for emergency care from the home page, makes a mistake,
fixes it from the error summary, checks the answers, gets a reference and
looks the request up."""

import re

from playwright.sync_api import expect

from .accessibility import assert_accessible
from .answers import EMERGENCY, fill_emergency_care


def test_apply_fix_a_mistake_and_look_up(page, live_site):
    page.goto("/")
    page.get_by_role("link", name="긴급돌봄 신청").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("긴급돌봄 신청")
    assert_accessible(page, "empty form")

    fill_emergency_care(page, phone="010-2222")  # one digit group short
    page.get_by_role("button", name="계속").click()

    summary = page.get_by_role("alert")
    # Focus moves to the summary, so a screen reader reads it out first.
    expect(page.locator(":focus")).to_contain_text("입력한 내용을 확인해 주세요")
    expect(page).to_have_title(re.compile("^오류: "))
    assert_accessible(page, "with errors")
    summary.get_by_role("link").first.click()
    phone = page.get_by_label("전화번호")
    expect(phone).to_be_focused()
    # The message is tied to the field, and nothing else typed was lost.
    message = page.locator(f"#{phone.get_attribute('aria-describedby').split()[-1]}")
    expect(message).to_contain_text("전화번호")
    expect(page.get_by_label("신청하시는 분의 이름")).to_have_value(EMERGENCY["name"])
    expect(page.get_by_label("더 알려 주실 내용 (선택)")).to_have_value(EMERGENCY["description"])
    expect(page.get_by_label("개인정보 수집·이용에 동의합니다")).to_be_checked()

    phone.fill("010-2222-3333")
    page.get_by_role("button", name="계속").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("확인")
    expect(page.get_by_role("main")).to_contain_text("010-2222-3333")
    assert_accessible(page, "check answers")

    page.get_by_role("button", name="신청서 보내기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("신청서가 접수되었습니다")
    reference = page.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"EC-\d{4}-\d{4}-\d{4}", reference)
    assert_accessible(page, "confirmation")

    page.get_by_role("link", name="처리 상황 확인").click()
    page.get_by_label("접수번호").fill(reference)
    page.get_by_label("전화번호").fill("01022223333")
    page.get_by_role("button", name="조회하기").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(reference)
    expect(main).to_contain_text("접수")
    assert_accessible(page, "status")

    receipt = live_site.mail_to(EMERGENCY["email"])
    assert receipt and reference in receipt[-1].get_body().get_content()
