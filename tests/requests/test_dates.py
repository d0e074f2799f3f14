"""Dates as people give them: 오늘 / 내일 / 날짜 지정, and typed dates in
every way Koreans write them, never in the past, echoed back with the
weekday on the check page; the date chosen does not move between the form
and the moment the application is sent."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.seed import LoadReport, load_section
from services.models import EmergencyCareDetails, ServiceRequest
from services.requests.forms import dates
from services.requests.forms.fields import to_data
from tests.requests.test_request_forms import emergency_answers

TUESDAY = datetime.date(2026, 12, 1)  # the day "today" is in most of these tests


@pytest.fixture
def today(monkeypatch):
    """Set Seoul's date for the code under test: `today(day)`; `today.real` is the real one."""
    localdate = timezone.localdate

    def set_today(day):
        def fixed(value=None, timezone=None):  # a moment given is still converted as usual
            return day if value is None else localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fixed)
        return day

    set_today.real = localdate()
    set_today(TUESDAY)
    return set_today


def parse(text, today=TUESDAY):
    return dates.parse(text, today)


def message(text, today=TUESDAY):
    with pytest.raises(ValidationError) as raised:
        dates.parse(text, today)
    return raised.value.messages[0]


# --- typed dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2026-12-08",
        "2026.12.8",
        "2026.12.08",
        "2026. 12. 8.",
        "2026/12/8",
        "20261208",
        "261208",
        "26.12.8",
        "2026년 12월 8일",
        "2026년12월8일",
        "12월 8일",
        "12월8일",
        "12월 8",
        "12/8",
        "12.8",
        "12.8.",
        "12-8",
        "8일",
        "２０２６．１２．８",
        "１２월 ８일",
        "１２／８",  # full-width, from a Korean input method
        " 12월 8일부터 ",
        "12월 8일(화)",
        "2026.12.8 (화요일)",
        "12월 8일 화요일",
    ],
)
def test_a_date_is_read_however_it_is_written(typed):
    assert parse(typed) == datetime.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("word", "days"),
    [("오늘", 0), ("내일", 1), ("모레", 2), ("내일모레", 2), ("글피", 3), ("내일부터", 1)],
)
def test_words_for_near_days(word, days):
    assert parse(word) == TUESDAY + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("1월 2일", datetime.date(2027, 1, 2)),
        ("1/2", datetime.date(2027, 1, 2)),
        ("2일", datetime.date(2027, 1, 2)),
        ("12월 31일", datetime.date(2026, 12, 31)),  # today itself
        ("12월 30일", datetime.date(2027, 12, 30)),  # yesterday's date: next year's
    ],
)
def test_without_a_year_it_is_the_next_such_day_never_a_past_one(typed, meant):
    assert parse(typed, today=datetime.date(2026, 12, 31)) == meant


def test_a_day_of_the_month_alone_is_the_next_such_day():
    assert parse("30일", today=datetime.date(2027, 1, 31)) == datetime.date(2027, 3, 30)  # February has none
    assert parse("15일", today=datetime.date(2026, 12, 10)) == datetime.date(2026, 12, 15)


@pytest.mark.parametrize("typed", ["다음 주쯤", "12월", "2026.12", "abc", "1208", "12월 8일 오후", "8"])
def test_what_is_not_a_date_is_answered_with_examples_near_today(typed):
    assert message(typed) == "날짜를 2026.12.8 또는 12월 8일처럼 적어 주세요."
    assert message(typed, today=datetime.date(2027, 3, 2)) == "날짜를 2027.3.9 또는 3월 9일처럼 적어 주세요."


def test_junk_is_answered_quickly_with_the_same_message():
    for junk in (" " * 100_000 + "x", "1" * 100_000, "(" * 50_000 + "화)"):
        assert message(junk) == "날짜를 2026.12.8 또는 12월 8일처럼 적어 주세요."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2월 30일", "2월 30일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
        ("4/31", "4월 31일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
        ("13월 1일", "13월 1일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
        ("2027.2.29", "2027년 2월 29일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
        # Neither 2026 nor 2027 has one.
        ("2월 29일", "2027년 2월 29일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
        ("32일", "32일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."),
    ],
)
def test_a_day_that_does_not_exist_is_named(typed, expected):
    assert message(typed) == expected


def test_a_weekday_that_does_not_fit_the_date_is_pointed_out():
    assert message("12월 8일(수)") == "2026년 12월 8일은 화요일입니다. 날짜와 요일을 다시 확인해 주세요."


# --- the field: choices, range, the session's copy ------------------------------------


class StartForm(forms.Form):
    start = dates.StartDateField(label="언제부터?")


def clean(data):
    form = StartForm(data)
    return form.cleaned_data["start"] if form.is_valid() else form.errors["start"]


def test_the_radios_choose_today_and_tomorrow(today):
    assert clean({"start_choice": "today"}) == TUESDAY
    assert clean({"start_choice": "tomorrow"}) == TUESDAY + datetime.timedelta(days=1)
    # A radio other than 날짜 지정 wins over the box.
    assert clean({"start_choice": "tomorrow", "start": "12월 20일"}) == datetime.date(2026, 12, 2)
    assert clean({"start_choice": "date", "start": "12월 20일"}) == datetime.date(2026, 12, 20)


def test_a_typed_date_counts_without_a_radio(today):
    assert clean({"start": "모레"}) == datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "날짜를 고르거나 적어 주세요."),
        ({"start_choice": "somewhen"}, "날짜를 고르거나 적어 주세요."),
        ({"start_choice": "date", "start": " "}, "‘날짜 지정’을 골랐다면 아래 칸에 날짜를 적어 주세요."),
        ({"start_choice": "date", "start": "2026.11.30"}, "오늘이나 그 뒤의 날짜를 적어 주세요."),
        ({"start": "2027.12.2"}, "오늘부터 1년 안의 날짜를 적어 주세요."),
        ({"start": "언젠가"}, "날짜를 2026.12.8 또는 12월 8일처럼 적어 주세요."),
    ],
)
def test_field_errors_in_korean(today, data, expected):
    assert clean(data) == [expected]


def test_a_year_ahead_is_the_limit(today):
    assert clean({"start": "2027.12.1"}) == datetime.date(2027, 12, 1)


def test_the_session_keeps_the_day_worked_out_not_the_word(today):
    """Chosen "내일" on Tuesday, sent after midnight: still Wednesday."""
    form = StartForm({"start_choice": "tomorrow"})
    assert form.is_valid()
    kept = {"start": to_data(form.cleaned_data["start"])}
    assert kept == {"start": "2026-12-02"}
    today(datetime.date(2026, 12, 2))
    assert clean(kept) == datetime.date(2026, 12, 2)
    today(datetime.date(2026, 12, 3))  # a day later it has passed: said, not moved
    assert clean(kept) == ["오늘이나 그 뒤의 날짜를 적어 주세요."]


def test_a_kept_date_is_shown_again_with_the_radio_it_means(today):
    rendered = BeautifulSoup(str(StartForm(initial={"start": "2026-12-02"})["start"]), "html.parser")
    assert rendered.find("input", attrs={"value": "tomorrow"}).has_attr("checked")
    rendered = BeautifulSoup(str(StartForm(initial={"start": "2026-12-20"})["start"]), "html.parser")
    assert rendered.find("input", attrs={"value": "date"}).has_attr("checked")
    assert rendered.find("input", attrs={"name": "start"})["value"] == "2026년 12월 20일"
    assert dates.parse("2026년 12월 20일", TUESDAY) == datetime.date(2026, 12, 20)


# --- the emergency care form, through the site ------------------------------------------


@pytest.fixture
def emergency(home_page):
    return load_section("forms", home_page, LoadReport())["emergency_care"]


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def start_answers(**start):
    return {**emergency_answers(desired_start=None), **start}  # None: left out


def checked_answer(client, emergency, label="언제부터 돌봄이 필요하신가요?"):
    check = html(client.get(emergency.url + "check/"))
    return check.find("dt", string=label).find_next("dd").get_text(strip=True)


def test_the_question_is_a_fieldset_with_three_radios_and_a_labelled_box(client, emergency):
    page = html(client.get(emergency.url))
    box = page.find("input", attrs={"name": "desired_start"})
    group = box.find_parent("fieldset")
    assert group.find("legend").get_text(strip=True) == "언제부터 돌봄이 필요하신가요?"
    radios = group.find_all("input", attrs={"type": "radio"})
    labels = [page.find("label", attrs={"for": radio["id"]}).get_text(strip=True) for radio in radios]
    assert labels == ["오늘", "내일", "날짜 지정"]
    assert [radio["id"] for radio in radios] == [f"id_desired_start_{n}" for n in (1, 2, 3)]
    assert page.find("label", attrs={"for": box["id"]}).get_text(strip=True) == "지정할 날짜"
    # The box comes after the third radio, and its hint (with a near example) is read with it.
    assert radios[2].find_next("input") is box
    example = timezone.localdate() + datetime.timedelta(days=7)
    hint = page.find(id=box["aria-describedby"].split()[0]).get_text()
    assert f"예: {example.month}월 {example.day}일, {example.year}.{example.month}.{example.day}" in hint
    assert set(group["aria-describedby"].split()) <= set(box["aria-describedby"].split())


def test_tomorrow_chosen_is_echoed_with_its_weekday(client, emergency):
    sent = client.post(emergency.url, start_answers(desired_start_choice="tomorrow"))
    assert sent.status_code == 303
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    weekday = "월화수목금토일"[tomorrow.weekday()]
    written = f"{tomorrow.year}년 {tomorrow.month}월 {tomorrow.day}일({weekday})"
    assert checked_answer(client, emergency) == written


def test_naeil_typed_is_accepted_and_saved_as_that_day(client, emergency):
    sent = client.post(emergency.url, start_answers(desired_start_choice="date", desired_start="내일"))
    assert sent.status_code == 303
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    written = f"{tomorrow.year}년 {tomorrow.month}월 {tomorrow.day}일("
    assert checked_answer(client, emergency).startswith(written)
    done = client.post(emergency.url + "check/")
    assert done.status_code == 303
    details = EmergencyCareDetails.objects.get()
    assert details.desired_start == tomorrow
    assert ServiceRequest.objects.count() == 1


def test_korean_month_and_day_are_accepted(client, emergency):
    day = timezone.localdate() + datetime.timedelta(days=10)
    sent = client.post(emergency.url, start_answers(desired_start=f"{day.month}월 {day.day}일"))
    assert sent.status_code == 303
    assert checked_answer(client, emergency).startswith(f"{day.year}년 {day.month}월 {day.day}일(")


def test_an_error_links_to_the_box_and_keeps_what_was_typed(client, emergency):
    answers = start_answers(desired_start_choice="date", desired_start="2월 30일")
    page = html(client.post(emergency.url, answers))
    summary = page.find(class_="agency-error-summary")
    link = summary.find("a", string="2월 30일은 없는 날짜입니다. 날짜를 다시 확인해 주세요.")
    assert link["href"] == "#id_desired_start"
    box = page.find(id="id_desired_start")
    assert box["value"] == "2월 30일" and box["aria-invalid"] == "true"
    assert page.find(id="id_desired_start_3").has_attr("checked")
    errors = box.find_parent("fieldset").find_all(class_="form-hint-invalid")
    assert [error.get_text(" ", strip=True) for error in errors] == [
        "오류: 2월 30일은 없는 날짜입니다. 날짜를 다시 확인해 주세요."
    ]
    assert errors[0]["id"] in box["aria-describedby"].split()


def test_nothing_chosen_links_to_the_first_radio(client, emergency):
    page = html(client.post(emergency.url, start_answers()))
    link = page.find(class_="agency-error-summary").find("a", string="언제부터 돌봄이 필요한지 골라 주세요.")
    assert link["href"] == "#id_desired_start_1"
    assert page.find(id="id_desired_start_1").name == "input"


def test_a_date_passed_by_the_time_of_sending_is_asked_again(client, emergency, today):
    real_today = today(today.real)
    sent = client.post(emergency.url, start_answers(desired_start_choice="today"))
    assert sent.status_code == 303
    today(real_today + datetime.timedelta(days=1))  # the check page sent after midnight
    again = client.post(emergency.url + "check/")
    assert again.status_code == 200 and ServiceRequest.objects.count() == 0
    page = html(again)
    assert page.find(class_="agency-error-summary").find("a", string="오늘이나 그 뒤의 날짜를 적어 주세요.")
    assert page.find(id="id_desired_start")["value"] == real_today.isoformat()
