"""Deadlines in Korean business days and hours, counted on Seoul's calendar.

A deadline is a moment in Seoul, whatever the server's clock zone. A team's
`Calendar` says which weekdays it works, its opening hours and whether it
keeps Korea's public holidays — 설날, 추석 and the substitute holidays
(대체공휴일) included, from the `holidays` package, which follows the
Regulations on Holidays of Government Offices.

Three ways to count (services.models.Queue.SlaUnit):
- clock hours: `start + hours`, nights and holidays included (emergency care);
- business hours: only the time inside the opening hours of working days;
- business days: closing time on the Nth working day after the day of
  receipt. A request that arrives on a day off, or after closing time, is
  received on the next working day (민원 practice: 근무시간 외 접수는 다음
  근무일 접수), so with 1 business day a request of Friday 17:00 is due
  Monday at closing, and one of Friday 19:00 or Saturday is due Tuesday.
  Every request thus gets at least N whole working days, and all requests
  of one evening and weekend get the same deadline.

A team whose calendar could never reach a deadline (no working day, or
closing not after opening) is counted on the agency's usual week and hours
instead, with a warning in the log, so that a mistake in the admin never
stops the public from applying.
"""

from __future__ import annotations

import datetime
import functools
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays

logger = logging.getLogger(__name__)

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS = "월화수목금토일"
MONDAY_TO_FRIDAY = frozenset(range(5))
OPENS_AT, CLOSES_AT = datetime.time(9, 0), datetime.time(18, 0)
# Walking a calendar day by day: no sane deadline is further away than this.
LONGEST_WALK_DAYS = 3 * 366


@functools.cache
def _korean_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, language="ko")


def public_holiday(day: datetime.date) -> str | None:
    """The name of the Korean public holiday on `day` (Korean), or None."""
    return _korean_holidays(day.year).get(day)


@dataclass(frozen=True)
class Calendar:
    working_days: frozenset[int] = field(default=MONDAY_TO_FRIDAY)  # 0 = Monday
    opens_at: datetime.time = OPENS_AT
    closes_at: datetime.time = CLOSES_AT
    public_holidays: bool = True

    def __post_init__(self):
        # frozen: normalise through object.__setattr__ (see the module docstring for why).
        days = frozenset(day for day in self.working_days if 0 <= day <= 6)
        if not days:
            logger.warning("a calendar without working days: counting Monday to Friday instead")
            days = MONDAY_TO_FRIDAY
        object.__setattr__(self, "working_days", days)
        if self.closes_at <= self.opens_at:
            logger.warning(
                "a calendar closing at %s, not after opening at %s: counting %s to %s instead",
                self.closes_at,
                self.opens_at,
                OPENS_AT,
                CLOSES_AT,
            )
            object.__setattr__(self, "opens_at", OPENS_AT)
            object.__setattr__(self, "closes_at", CLOSES_AT)

    def is_working_day(self, day: datetime.date) -> bool:
        if day.weekday() not in self.working_days:
            return False
        return not (self.public_holidays and public_holiday(day))

    def _window(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        return (
            datetime.datetime.combine(day, self.opens_at, tzinfo=SEOUL),
            datetime.datetime.combine(day, self.closes_at, tzinfo=SEOUL),
        )

    def closing_time(self, day: datetime.date) -> datetime.datetime:
        """Closing time of `day` in Seoul."""
        return self._window(day)[1]

    def _working_days_from(self, day: datetime.date):
        for offset in range(LONGEST_WALK_DAYS):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                yield candidate
        raise ValueError("no working day within three years: check the queue's working days")

    def receipt_day(self, moment: datetime.datetime) -> datetime.date:
        """The working day a request arriving at `moment` counts as received:
        that day, or the next working day when it comes on a day off or after closing."""
        local = moment.astimezone(SEOUL)
        if self.is_working_day(local.date()) and local.time() < self.closes_at:
            return local.date()
        return next(self._working_days_from(local.date() + datetime.timedelta(days=1)))

    def add_business_days(self, start: datetime.datetime, days: int) -> datetime.datetime:
        """Closing time on the `days`-th working day after the day `start` counts as received."""
        if days <= 0:
            return start
        first = self.receipt_day(start) + datetime.timedelta(days=1)
        for count, day in enumerate(self._working_days_from(first), start=1):
            if count == days:
                return self.closing_time(day)
        raise AssertionError("unreachable")

    def add_working_time(self, start: datetime.datetime, amount: datetime.timedelta) -> datetime.datetime:
        """`amount` of working time after `start`, counting only opening hours of working days."""
        local = start.astimezone(SEOUL)
        remaining = amount
        for day in self._working_days_from(local.date()):
            opens, closes = self._window(day)
            begin = max(opens, local)
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable")

    def working_time_between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        """How much working time lies between two moments (zero if `end` is not later)."""
        total = datetime.timedelta()
        local_start, local_end = start.astimezone(SEOUL), end.astimezone(SEOUL)
        day = local_start.date()
        while day <= local_end.date():
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin, finish = max(opens, local_start), min(closes, local_end)
                if finish > begin:
                    total += finish - begin
            day += datetime.timedelta(days=1)
        return total


DEFAULT = Calendar()


def is_business_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday (the agency's usual week)."""
    return DEFAULT.is_working_day(day)


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    return DEFAULT.add_business_days(start, days)


def korean_date(moment: datetime.datetime | datetime.date, *, with_time: bool = True) -> str:
    """2026년 12월 8일(화) 오후 6시 — how a deadline is written to a person."""
    if isinstance(moment, datetime.datetime):
        local = moment.astimezone(SEOUL)
        day = local.date()
    else:
        local, day, with_time = None, moment, False
    text = f"{day.year}년 {day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"
    if not with_time:
        return text
    # 오전 0시 for midnight (unambiguous, as official notices write it), 오후 12시 for noon.
    half = "오전" if local.hour < 12 else "오후"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    minutes = f" {local.minute}분" if local.minute else ""
    return f"{text} {half} {hour}시{minutes}"
