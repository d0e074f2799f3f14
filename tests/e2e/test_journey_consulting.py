"""A private provider finds the consulting service, applies with an
attachment, and gets a reference; the support team's queue receives it."""

import re

from playwright.sync_api import expect

from tests.upload_samples import pdf_bytes

from .accessibility import assert_accessible
from .admin import open_menu

# A real PDF (one blank page): the upload check opens it.
PDF = pdf_bytes()


def test_provider_requests_consulting_with_an_attachment(page, open_tab, log_in, tmp_path):
    page.goto("/")
    page.get_by_role("link", name="사업안내").first.click()
    page.get_by_role("link", name="민간기관 지원 (교육·컨설팅·대관)").click()
    page.get_by_role("link", name="신청하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("민간기관 상담·컨설팅 신청")

    page.get_by_label("기관명").fill("햇살재가복지센터")
    page.get_by_label("사업자등록번호").fill("123-45-67891")
    page.get_by_role("group", name="기관 유형").get_by_label("장기요양기관").check()
    page.get_by_label("기관이 있는 자치구").select_option(label="노원구")
    page.get_by_label("담당자 이름").fill("이지은")
    page.get_by_label("전화번호").fill("02-950-1234")
    page.get_by_label("전자우편 (선택)").fill("jieun@example.com")
    # An office landline receives no 문자: news by e-mail.
    news = page.get_by_role("group", name="진행 상황을 어떻게 알려 드릴까요?")
    news.get_by_label("전자우편", exact=True).check()
    page.get_by_role("group", name="어떤 주제로 상담받고 싶습니까?").get_by_label("노무").check()
    page.get_by_label("상담받고 싶은 내용").fill("요양보호사 근로계약서와 휴게시간 운영을 점검받고 싶습니다.")
    plan = tmp_path / "근로계약서.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("첨부파일 (선택)").set_input_files(plan)
    page.get_by_label("개인정보 수집·이용에 동의합니다").check()
    page.get_by_role("button", name="계속").click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("근로계약서.pdf")
    expect(main).to_contain_text("햇살재가복지센터")
    assert_accessible(page, "check answers with a file")
    page.get_by_role("button", name="신청서 보내기").click()
    reference = page.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"CN-\d{4}-\d{4}-\d{4}", reference), reference
    assert_accessible(page, "confirmation")

    staff = open_tab()
    log_in(staff, "support")
    open_menu(staff, "민원 큐", "민간기관지원")
    staff.get_by_role("link", name=reference).click()
    expect(staff.get_by_role("main")).to_contain_text("햇살재가복지센터")
    expect(staff.get_by_role("link", name="근로계약서.pdf 내려받기")).to_be_visible()
