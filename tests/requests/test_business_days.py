"""Deadlines on Seoul's calendar: weekends, 설날, 추석, 대체공휴일 and 노동절
skipped; each queue's own working days and hours; a pause given back."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from agency_site import business_days
from agency_site.business_days import Calendar, korean_date, public_holiday
from services.models import Queue

SEOUL = ZoneInfo("Asia/Seoul")
HOUR = datetime.timedelta(hours=1)


def seoul(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def queue(unit=Queue.SlaUnit.BUSINESS_DAYS, value=1, **calendar):
    """An unsaved queue: the deadline needs only its fields."""
    return Queue(name="시험", sla_unit=unit, sla_value=value, **calendar)


# --- holidays --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        (datetime.date(2027, 2, 8), "설날"),
        (datetime.date(2027, 2, 9), "대체"),  # 설날 falls on a Sunday in 2027
        (datetime.date(2026, 9, 25), "추석"),
        (datetime.date(2026, 3, 2), "대체"),  # 삼일절 on a Sunday
        (datetime.date(2026, 10, 5), "대체"),  # 개천절 on a Saturday
        (datetime.date(2026, 5, 1), "노동절"),
    ],
)
def test_korean_public_holidays_are_known_by_their_korean_names(day, name_part):
    assert name_part in public_holiday(day)
    assert not business_days.is_business_day(day)


def test_an_ordinary_weekday_is_no_holiday():
    assert public_holiday(datetime.date(2026, 11, 24)) is None
    assert business_days.is_business_day(datetime.date(2026, 11, 24))


# --- business days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Friday morning, one business day: Monday at closing time, the weekend skipped.
        (seoul(2026, 11, 20, 10), 1, seoul(2026, 11, 23, 18)),
        # 설날 2027: Sat 6 – Tue 9 (Tue 9 is the 대체공휴일). Friday → Wednesday.
        (seoul(2027, 2, 5, 10), 1, seoul(2027, 2, 10, 18)),
        (seoul(2027, 2, 5, 10), 2, seoul(2027, 2, 11, 18)),
        # 추석 2026: Thu 24 – Sat 26. Wednesday → the Monday after.
        (seoul(2026, 9, 23, 10), 1, seoul(2026, 9, 28, 18)),
        # 삼일절 2026 is a Sunday, so Monday 2 March is off: Friday → Tuesday.
        (seoul(2026, 2, 27, 10), 1, seoul(2026, 3, 3, 18)),
        # 개천절 2026 is a Saturday, Monday 5 October is its substitute.
        (seoul(2026, 10, 2, 10), 1, seoul(2026, 10, 6, 18)),
        # 노동절 (Fri 1 May 2026) and 어린이날 (Tue 5 May).
        (seoul(2026, 4, 30, 10), 1, seoul(2026, 5, 4, 18)),
        (seoul(2026, 4, 30, 10), 2, seoul(2026, 5, 6, 18)),
    ],
)
def test_business_days_end_at_closing_time_on_the_nth_working_day(received, days, due):
    assert queue(value=days).due_from(received) == due


@pytest.mark.parametrize(
    "received",
    [
        seoul(2026, 11, 20, 18, 30),  # Friday after closing
        seoul(2026, 11, 21, 11),  # Saturday
        seoul(2026, 11, 23, 7),  # Monday before opening: that is Monday already
    ],
)
def test_a_request_after_closing_or_on_a_day_off_counts_from_the_next_working_day(received):
    assert queue(value=1).due_from(received) == seoul(2026, 11, 24, 18)


def test_a_request_before_closing_on_friday_gets_monday():
    assert queue(value=1).due_from(seoul(2026, 11, 20, 17, 59)) == seoul(2026, 11, 23, 18)


def test_a_queue_that_works_saturdays_counts_saturday_but_not_a_holiday_on_one():
    six_days = {"working_days": [0, 1, 2, 3, 4, 5]}
    assert queue(value=1, **six_days).due_from(seoul(2026, 11, 20, 10)) == seoul(2026, 11, 21, 18)
    # Saturday 3 October 2026 is 개천절, Monday 5 its substitute: Friday → Tuesday.
    assert queue(value=1, **six_days).due_from(seoul(2026, 10, 2, 10)) == seoul(2026, 10, 6, 18)


def test_a_queue_that_works_on_public_holidays_counts_them():
    team = queue(value=1, working_days=[0, 1, 2, 3, 4, 5, 6], observes_public_holidays=False)
    assert team.due_from(seoul(2027, 2, 5, 10)) == seoul(2027, 2, 6, 18)  # 설날 전날, a Saturday


def test_a_queue_with_its_own_hours_closes_at_its_own_time():
    team = queue(value=1, opens_at=datetime.time(10), closes_at=datetime.time(16, 30))
    assert team.due_from(seoul(2026, 11, 20, 10)) == seoul(2026, 11, 23, 16, 30)
    assert team.due_from(seoul(2026, 11, 20, 17)) == seoul(2026, 11, 24, 16, 30)  # after its closing


def test_a_calendar_that_could_never_reach_a_deadline_uses_the_usual_week():
    """A queue saved without working days, or closing before it opens, still takes requests."""
    assert queue(value=1, working_days=[]).due_from(seoul(2026, 11, 20, 10)) == seoul(2026, 11, 23, 18)
    backwards = queue(value=1, opens_at=datetime.time(18), closes_at=datetime.time(9))
    assert backwards.due_from(seoul(2026, 11, 20, 10)) == seoul(2026, 11, 23, 18)


def test_clock_hours_run_through_nights_weekends_and_holidays():
    emergency = queue(Queue.SlaUnit.HOURS, 24)
    assert emergency.due_from(seoul(2027, 2, 5, 20)) == seoul(2027, 2, 6, 20)  # into 설날


# --- business hours --------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "hours", "due"),
    [
        (seoul(2026, 11, 23, 10), 4, seoul(2026, 11, 23, 14)),  # within one day
        (seoul(2026, 11, 20, 16), 8, seoul(2026, 11, 23, 15)),  # 2 h on Friday, 6 h on Monday
        (seoul(2026, 11, 21, 11), 8, seoul(2026, 11, 23, 17)),  # Saturday: from Monday's opening
        (seoul(2026, 11, 20, 20), 1, seoul(2026, 11, 23, 10)),  # after closing: from Monday's opening
        (seoul(2026, 4, 30, 17), 4, seoul(2026, 5, 4, 12)),  # 1 h Thursday, 노동절 off, 3 h Monday
        (seoul(2026, 9, 23, 15), 8, seoul(2026, 9, 28, 14)),  # 3 h before 추석, 5 h after
    ],
)
def test_business_hours_count_only_opening_hours_of_working_days(received, hours, due):
    assert queue(Queue.SlaUnit.BUSINESS_HOURS, hours).due_from(received) == due


def test_working_time_between_counts_opening_hours_only():
    calendar = Calendar()
    assert calendar.working_time_between(seoul(2026, 11, 20, 16), seoul(2026, 11, 23, 11)) == 4 * HOUR
    # Friday before 설날 2027 to the Wednesday after: 1 h + 1 h.
    assert calendar.working_time_between(seoul(2027, 2, 5, 17), seoul(2027, 2, 10, 10)) == 2 * HOUR
    assert (
        calendar.working_time_between(seoul(2026, 11, 21, 9), seoul(2026, 11, 22, 18)) == datetime.timedelta()
    )
    assert (
        calendar.working_time_between(seoul(2026, 11, 23, 12), seoul(2026, 11, 23, 10))
        == datetime.timedelta()
    )


# --- after a pause (보완요청) -------------------------------------------------------


def test_a_pause_in_clock_hours_gives_back_the_whole_wait():
    emergency = queue(Queue.SlaUnit.HOURS, 24)
    due = seoul(2026, 11, 24, 10)
    resumed = emergency.resumed_due(due, paused_at=seoul(2026, 11, 23, 15), now=seoul(2026, 11, 25, 9))
    assert resumed == due + datetime.timedelta(hours=42)


def test_a_pause_in_business_hours_gives_back_the_working_time_that_was_left():
    team = queue(Queue.SlaUnit.BUSINESS_HOURS, 8)
    due = seoul(2026, 11, 23, 15)  # received Friday 16:00
    # Paused Friday 17:00 with 1 h + 6 h left; answered Tuesday 10:00.
    assert team.resumed_due(due, seoul(2026, 11, 20, 17), seoul(2026, 11, 24, 10)) == seoul(2026, 11, 24, 17)


def test_a_pause_in_business_days_ends_at_closing_time_again():
    team = queue(Queue.SlaUnit.BUSINESS_DAYS, 2)
    due = team.due_from(seoul(2026, 11, 23, 10))
    assert due == seoul(2026, 11, 25, 18)
    # Paused Tuesday 12:00 (6 h + 9 h left); answered Thursday 16:00: 2 h Thursday,
    # 9 h Friday, the last 4 h on Monday, so due at Monday's closing time.
    assert team.resumed_due(due, seoul(2026, 11, 24, 12), seoul(2026, 11, 26, 16)) == seoul(2026, 11, 30, 18)


def test_a_pause_over_a_holiday_does_not_count_the_holiday():
    team = queue(Queue.SlaUnit.BUSINESS_DAYS, 1)
    due = team.due_from(seoul(2027, 2, 3, 10))  # Wednesday → Thursday 18:00
    # Paused Thursday 14:00 (4 h left), answered Friday 17:00: 1 h Friday, 3 h after 설날.
    assert team.resumed_due(due, seoul(2027, 2, 4, 14), seoul(2027, 2, 5, 17)) == seoul(2027, 2, 10, 18)


@pytest.mark.parametrize("unit", list(Queue.SlaUnit))
def test_a_deadline_already_missed_when_the_pause_began_stays_missed(unit):
    team = queue(unit, 4)
    due = seoul(2026, 11, 23, 12)
    assert team.resumed_due(due, seoul(2026, 11, 23, 13), seoul(2026, 11, 24, 10)) == due


# --- written for people ------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (seoul(2026, 12, 8, 18), "2026년 12월 8일(화) 오후 6시"),
        (seoul(2026, 12, 2, 15, 30), "2026년 12월 2일(수) 오후 3시 30분"),
        (seoul(2026, 12, 3, 9), "2026년 12월 3일(목) 오전 9시"),
        (seoul(2026, 12, 3, 12), "2026년 12월 3일(목) 오후 12시"),
        (seoul(2026, 12, 4, 0, 5), "2026년 12월 4일(금) 오전 0시 5분"),
        # A moment stored in UTC is written in Seoul time.
        (datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC), "2026년 12월 8일(화) 오후 6시"),
    ],
)
def test_korean_date(moment, text):
    assert korean_date(moment) == text


def test_korean_date_without_time():
    assert korean_date(seoul(2027, 2, 9, 18), with_time=False) == "2027년 2월 9일(화)"
    assert korean_date(datetime.date(2026, 9, 25)) == "2026년 9월 25일(금)"
