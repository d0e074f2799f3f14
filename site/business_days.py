"""Deadlines in Korean business days, counted on Seoul's calendar.

A deadline is a day in Seoul, whatever the server's clock zone: Friday 08:00
in Seoul plus one business day is Monday 08:00, although it is still
Thursday in UTC. Public holidays are not modelled yet; they belong in
`is_business_day`, the one place that decides.
"""

import datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5  # Monday to Friday


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` business days after `start`, at the same time of day in Seoul."""
    local = start.astimezone(SEOUL)
    day, remaining = local.date(), days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return datetime.datetime.combine(day, local.timetz())
