"""A date from today on, as people give it: 오늘 / 내일 / 날짜 지정.

`StartDateField` asks "from when?" with three radios and a text box under
the third. The box is always there (no JavaScript needed), with its own
label; a date typed there counts even if no radio was picked. It reads
dates the way people write them (`parse`):

    2026-12-08  2026.12.8  2026. 12. 8.  2026/12/8  20261208  26.12.8
    2026년 12월 8일  12월 8일  12/8  12.8  8일  오늘  내일  모레  글피

full-width digits included, "부터" and a weekday ("(화)", "화요일")
allowed after it (a weekday that does not fit the date is an error). A day
without a year is the next such day from today (Seoul's date,
`timezone.localdate()`), never one in the past: on 31 December, "1월 2일"
is in the new year. A day without a month is the next such day too.

The cleaned value is a `datetime.date`; the form flow keeps it in the
session as its ISO text (forms.fields.to_data), which the text box reads
back as a typed date. So the date is worked out once, when the form is sent:
"내일" chosen on Monday stays Tuesday however late the check page is
submitted. A date that has passed by then ("오늘" chosen before midnight)
is refused on submit like any past date, and the form is shown again with
it (services.requests.form_flow).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.functional import lazy

from agency_site.business_days import WEEKDAYS

TODAY, TOMORROW, ON_DATE = "today", "tomorrow", "date"
CHOICES = [(TODAY, "오늘"), (TOMORROW, "내일"), (ON_DATE, "날짜 지정")]
RELATIVE_DAYS = {"오늘": 0, "금일": 0, "내일": 1, "명일": 1, "모레": 2, "내일모레": 2, "글피": 3}
EXAMPLE_DAYS_AHEAD = 7  # examples in hints and messages: a near, valid date
LONGEST = 40  # no way of writing a date is longer; anything longer is not read at all

_FULL = re.compile(r"(\d{4}|\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?")
_KOREAN = re.compile(r"(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?")
_COMPACT = re.compile(r"(\d{4}|\d{2})(\d{2})(\d{2})")  # 20261208, 261208
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?")
_DAY = re.compile(r"(\d{1,2})\s*일")
# After the date: "(화)", "(화요일)", "화요일". A bare "화" is not read: "8 일" must stay the 8th.
_WEEKDAY = re.compile(rf"\s*(?:\(\s*([{WEEKDAYS}])(?:요일)?\s*\)|([{WEEKDAYS}])요일)$")


def example_day(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=EXAMPLE_DAYS_AHEAD)


def examples(today: datetime.date | None = None) -> tuple[str, str]:
    """("2026.12.15", "12월 15일"): the two ways of writing a date the hints show."""
    day = example_day(today)
    return f"{day.year}.{day.month}.{day.day}", f"{day.month}월 {day.day}일"


def _hint() -> str:
    dotted, korean = examples()
    return f"다른 날이면 ‘날짜 지정’을 고르고 아래 칸에 적어 주세요. 예: {korean}, {dotted}"


hint = lazy(_hint, str)  # worked out when shown: the example is always a week from today


def format_error(today: datetime.date) -> ValidationError:
    dotted, korean = examples(today)
    return ValidationError(f"날짜를 {dotted} 또는 {korean}처럼 적어 주세요.", code="invalid")


def _no_such_day(year, month, day) -> ValidationError:
    written = " ".join(part for part in (year and f"{year}년", month and f"{month}월", f"{day}일") if part)
    return ValidationError(f"{written}은 없는 날짜입니다. 날짜를 다시 확인해 주세요.", code="no_such_day")


def _day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _next_month_day(month: int, day: int, today: datetime.date) -> datetime.date:
    """The next `month`/`day` from today on: this year's, or next year's once it has passed."""
    for year in (today.year, today.year + 1):
        found = _day(year, month, day)
        if found is not None and found >= today:
            return found
    if _day(2028, month, day) is not None:  # 2월 29일 when neither year has it
        raise _no_such_day(today.year + 1, month, day)
    raise _no_such_day(None, month, day)


def _next_day_of_month(day: int, today: datetime.date) -> datetime.date:
    """A day of the month alone ("8일"): the next such day from today on, this month or later."""
    if not 1 <= day <= 31:
        raise _no_such_day(None, None, day)
    year, month = today.year, today.month
    for _ in range(3):  # the 31st is never more than two months away
        found = _day(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable")


def _explicit(year: str, month: str, day: str) -> datetime.date:
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    found = _day(full_year, int(month), int(day))
    if found is None:
        raise _no_such_day(full_year, int(month), int(day))
    return found


def _parse_day(text: str, today: datetime.date) -> datetime.date:
    if text in RELATIVE_DAYS:
        return today + datetime.timedelta(days=RELATIVE_DAYS[text])
    for pattern in (_FULL, _COMPACT):
        if match := pattern.fullmatch(text):
            return _explicit(*match.groups())
    if match := _KOREAN.fullmatch(text):
        year, month, day = match.groups()
        return _explicit(year, month, day) if year else _next_month_day(int(month), int(day), today)
    if match := _MONTH_DAY.fullmatch(text):
        return _next_month_day(int(match[1]), int(match[2]), today)
    if match := _DAY.fullmatch(text):
        return _next_day_of_month(int(match[1]), today)
    raise format_error(today)


def parse(text: str, today: datetime.date | None = None) -> datetime.date:
    """A typed date → the day it means (no range check: see StartDateField).
    Raises ValidationError with a Korean message."""
    today = today or timezone.localdate()
    text = unicodedata.normalize("NFKC", str(text)[: LONGEST * 2]).strip()
    if len(text) > LONGEST:
        raise format_error(today)
    text = re.sub(r"\s*부터$", "", text)
    weekday = None
    if match := _WEEKDAY.search(text):
        weekday = match[1] or match[2]
        text = text[: match.start()]
    day = _parse_day(text.strip(), today)
    if weekday is not None and WEEKDAYS[day.weekday()] != weekday:
        written = f"{day.year}년 {day.month}월 {day.day}일"
        raise ValidationError(
            f"{written}은 {WEEKDAYS[day.weekday()]}요일입니다. 날짜와 요일을 다시 확인해 주세요.",
            code="wrong_weekday",
        )
    return day


# ---------------------------------------------------------------------------
# Widget and field
# ---------------------------------------------------------------------------


class StartDateWidget(forms.MultiWidget):
    """Radios `<name>_choice` (오늘/내일/날짜 지정) and the text box `<name>`.

    The text box carries the field's own name and id, so a plain
    `<name>=2026-12-08` (the session's copy of the answers, or a client
    that never saw the radios) is read as a typed date. Ids: the radios
    id_<name>_1 … _3 as the KRDS pack numbers options, the text box id_<name>.
    """

    template_name = "services/widgets/start_date.html"

    def __init__(self, attrs=None):
        # MultiWidget names the parts <name>_<key>: <name>_choice, and <name> for the key "".
        super().__init__({"choice": forms.RadioSelect(choices=CHOICES), "": forms.TextInput()}, attrs)

    def decompress(self, value):
        """A date (or its ISO text, from the session) → [choice, text] to show it again."""
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, value]
        if not isinstance(value, datetime.date):
            return [None, ""]
        today = timezone.localdate()
        if value == today:
            return [TODAY, ""]
        if value == today + datetime.timedelta(days=1):
            return [TOMORROW, ""]
        return [ON_DATE, f"{value.year}년 {value.month}월 {value.day}일"]

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        choice, text = value if isinstance(value, list | tuple) else self.decompress(value)
        attrs = context["widget"]["attrs"]
        base = attrs.get("id", "")
        if choice not in (TODAY, TOMORROW, ON_DATE) and text:
            choice = ON_DATE  # a date typed without picking a radio counts as 날짜 지정
        context["widget"].update(
            choice_name=name + self.widgets_names[0],
            options=[
                {
                    "id": f"{base}_{position}" if base else "",
                    "value": key,
                    "label": label,
                    "checked": key == choice,
                }
                for position, (key, label) in enumerate(CHOICES, start=1)
            ],
            text=text or "",
            text_class=" ".join(filter(None, [attrs.get("class", ""), "agency-width-20"])),
            # The group's hint and errors (the KRDS pack passes them): the text box is read with them.
            described=attrs.get("aria-describedby", ""),
            invalid=attrs.get("aria-invalid") == "true",
        )
        return context


class StartDateBoundField(BoundField):
    """The error summary's link (and the label target) is the text box when a
    date was typed or 날짜 지정 picked, else the first radio."""

    @property
    def id_for_label(self):
        base = self.auto_id
        if not base:
            return ""
        value = self.value()
        choice, text = value if isinstance(value, list | tuple) else (None, "")
        return base if (text or choice == ON_DATE) else f"{base}_1"


class StartDateField(forms.DateField):
    """A day from today to `max_days` ahead; see the module docstring."""

    widget = StartDateWidget
    bound_field_class = StartDateBoundField
    default_error_messages = {
        "required": "날짜를 고르거나 적어 주세요.",
        "date_missing": "‘날짜 지정’을 골랐다면 아래 칸에 날짜를 적어 주세요.",
        "past": "오늘이나 그 뒤의 날짜를 적어 주세요.",
        "too_far": "오늘부터 1년 안의 날짜를 적어 주세요.",
    }

    def __init__(self, *, max_days=365, **kwargs):
        self.max_days = max_days
        kwargs.setdefault("help_text", hint())
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        choice, text = value if isinstance(value, list | tuple) and len(value) == 2 else (None, value)
        today = timezone.localdate()
        if choice == TODAY:
            return today
        if choice == TOMORROW:
            return today + datetime.timedelta(days=1)
        text = str(text or "").strip()
        if not text:
            if choice == ON_DATE:
                raise ValidationError(self.error_messages["date_missing"], code="date_missing")
            return None
        return parse(text, today)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value < today:
            raise ValidationError(self.error_messages["past"], code="past")
        if value > today + datetime.timedelta(days=self.max_days):
            raise ValidationError(self.error_messages["too_far"], code="too_far")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True
