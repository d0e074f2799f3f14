"""Answers the journeys type into the public forms, by visible label."""

import datetime

EMERGENCY = {
    "name": "김영희",
    "relation": "가족",
    "phone": "010-2222-3333",
    "email": "younghee@example.com",
    "district": "은평구",
    "age_group": "노인",
    "birth_year": "1940",
    "disability": "아니요",
    "situation": "다른 이유로 지금 바로 돌봄이 필요합니다",
    "help": "재가서비스",
    "description": "혼자 계신 어머니를 돌볼 사람이 없습니다.",
}


def start_date(days=3) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def choose(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def fill_emergency_care(page, **changes):
    a = {**EMERGENCY, **changes}
    page.get_by_label("신청하시는 분의 이름").fill(a["name"])
    choose(page, "돌봄이 필요한 분과 어떤 관계입니까?", a["relation"])
    page.get_by_label("전화번호").fill(a["phone"])
    page.get_by_label("전자우편 (선택)").fill(a["email"])
    if a["email"]:  # news by both, so that the journeys can read the e-mails too
        choose(page, "진행 상황을 어떻게 알려 드릴까요?", "문자와 전자우편 둘 다")
    page.get_by_label("돌봄이 필요한 분이 사는 자치구").select_option(label=a["district"])
    choose(page, "연령대", a["age_group"])
    page.get_by_label("출생연도 (선택)").fill(a["birth_year"])
    choose(page, "장애가 있습니까?", a["disability"])
    choose(page, "어떤 상황입니까?", a["situation"])
    choose(page, "어떤 도움이 필요합니까?", a["help"])
    start = page.get_by_role("group", name="언제부터 돌봄이 필요하신가요?")
    start.get_by_label("지정할 날짜").fill(a.get("start") or start_date())
    page.get_by_label("더 알려 주실 내용 (선택)").fill(a["description"])
    page.get_by_label("개인정보 수집·이용에 동의합니다").check()


def apply_for_emergency_care(page, **changes) -> str:
    """The whole form, answered correctly; returns the reference it got."""
    page.goto("/services/emergency-care-application/")
    fill_emergency_care(page, **changes)
    page.get_by_role("button", name="계속").click()
    page.get_by_role("button", name="신청서 보내기").click()
    return page.locator("[data-reference]").inner_text().strip()


def look_up(page, reference, phone):
    page.goto("/requests/status/")
    page.get_by_label("접수번호").fill(reference)
    page.get_by_label("전화번호").fill(phone)
    page.get_by_role("button", name="조회하기").click()
