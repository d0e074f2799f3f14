"""Staff of the team whose queue received a request find it there, take it,
work it to 완료 with a message, and the applicant sees the outcome."""

from playwright.sync_api import expect

from .admin import open_menu
from .answers import apply_for_emergency_care, look_up


def test_staff_assign_and_resolve_a_request_from_their_queue(page, open_tab, log_in):
    citizen = open_tab()
    reference = apply_for_emergency_care(citizen, name="박민수", phone="010-3333-4444",
                                         district="마포구")  # 마포구 → 서북권 queue

    log_in(page, "northwest")
    open_menu(page, "민원 큐", "긴급돌봄 서북권")
    expect(page.get_by_role("heading", level=1)).to_contain_text("서비스 요청")
    page.get_by_role("link", name=reference).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("긴급돌봄 서북권")
    expect(main).to_contain_text("박민수")

    page.get_by_role("button", name="나에게 배정").click()
    expect(main).to_contain_text("지금 담당자: northwest 담당자")
    page.get_by_label("바꿀 상태").select_option(label="진행중")
    page.get_by_role("button", name="상태 바꾸기").click()
    expect(page.get_by_label("바꿀 상태")).to_contain_text("완료")
    page.get_by_label("바꿀 상태").select_option(label="완료")
    page.get_by_label("신청인에게 보일 안내").fill("내일 오전에 요양보호사가 방문합니다.")
    page.get_by_role("button", name="상태 바꾸기").click()
    expect(main).to_contain_text("종료되어")

    look_up(citizen, reference, "010-3333-4444")
    result = citizen.get_by_role("main")
    expect(result).to_contain_text("완료")
    expect(result).to_contain_text("내일 오전에 요양보호사가 방문합니다.")
