"""What 처리 현황 보고서 (services.requests.staff.report) asks for and what
it counts: the filter form (queue, period) and the figures, held per ISO
week and per queue, with how each is written (shares to a whole per cent and
hours to one decimal, both rounded half up as people round)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils import timezone

from agency_site.business_days import korean_date
from services.requests.access import queues_visible_to

LAST_4_WEEKS, LAST_12_WEEKS, THIS_YEAR, CHOSEN = "4w", "12w", "year", "custom"
PERIODS = [
    (LAST_4_WEEKS, "지난 4주"),
    (LAST_12_WEEKS, "지난 12주"),
    (THIS_YEAR, "올해"),
    (CHOSEN, "직접 고르기"),
]
LONGEST = datetime.timedelta(days=731)  # two years: 105 weeks still read as a chart
DATE_FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y. %m. %d", "%Y%m%d"]
DATE_ERROR = "날짜를 2026-12-01처럼 연-월-일로 적어 주세요."


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_labels(weeks: list[datetime.date]) -> list[tuple[str, str]]:
    """(short, long) for each week's Monday: ("12/1", "2026년 12월 1일~12월 7일")."""
    labels = []
    for monday in weeks:
        sunday = monday + datetime.timedelta(days=6)
        ending = f"{sunday.month}월 {sunday.day}일"
        if sunday.year != monday.year:
            ending = f"{sunday.year}년 {ending}"
        starting = f"{monday.year}년 {monday.month}월 {monday.day}일"
        labels.append((f"{monday.month}/{monday.day}", f"{starting}~{ending}"))
    return labels


class QueueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReportForm(forms.Form):
    queue = QueueChoiceField(
        label="큐",
        required=False,
        queryset=None,
        empty_label="볼 수 있는 모든 큐",
        error_messages={"invalid_choice": "볼 수 있는 큐만 고를 수 있습니다. 목록에서 다시 골라 주세요."},
    )
    period = forms.ChoiceField(
        label="기간",
        choices=PERIODS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "기간을 목록에서 골라 주세요.", "required": "기간을 골라 주세요."},
    )
    date_from = forms.DateField(
        label="시작일",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="직접 고를 때만: 예) 2026-10-01",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )
    date_to = forms.DateField(
        label="종료일",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="직접 고를 때만: 예) 2026-12-31",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues_visible_to(user).order_by("name")

    @staticmethod
    def data_from(query):
        data = query.copy()
        if not data.get("period"):
            data["period"] = LAST_4_WEEKS
        return data

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != CHOSEN:
            return cleaned
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        for name in ("date_from", "date_to"):
            if name not in self.errors and cleaned.get(name) is None:
                self.add_error(name, "직접 고른 기간은 시작일과 종료일을 모두 적어 주세요.")
        if start and end and start > end:
            self.add_error("date_to", "종료일이 시작일보다 앞섭니다. 날짜를 확인해 주세요.")
        elif start and end and end - start > LONGEST:
            self.add_error("date_to", "기간은 2년 이내로 골라 주세요.")
        return cleaned

    def dates(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        chosen = self.cleaned_data["period"]
        if chosen == CHOSEN:
            return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        if chosen == THIS_YEAR:
            return today.replace(month=1, day=1), today
        weeks = 4 if chosen == LAST_4_WEEKS else 12
        return monday_of(today) - datetime.timedelta(weeks=weeks - 1), today

    def queue_text(self) -> str:
        queue = self.cleaned_data.get("queue")
        return queue.name if queue else "볼 수 있는 모든 큐"


@dataclass
class QueueRow:
    name: str
    received: int = 0
    closed: int = 0
    within: int = 0
    contact: tuple = (0, None)  # (requests contacted, median hours)


@dataclass
class Figures:
    start: datetime.date
    end: datetime.date
    kinds: list  # (value, label) of every kind of request
    received: dict = field(default_factory=dict)  # (week, kind) → requests received
    weekly_closed: dict = field(default_factory=dict)  # week → (closed, within the deadline)
    weekly_contact: dict = field(default_factory=dict)  # week → (contacted, median hours)
    total_contact: tuple = (0, None)
    queues: dict = field(default_factory=dict)  # name → QueueRow

    @property
    def weeks(self) -> list[datetime.date]:
        first, last = monday_of(self.start), monday_of(self.end)
        return [first + datetime.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]

    @property
    def period_text(self) -> str:
        return f"{korean_date(self.start)}~{korean_date(self.end)}"

    def queue_row(self, name: str) -> QueueRow:
        return self.queues.setdefault(name, QueueRow(name))

    def add_received(self, week, kind, queue_name, count) -> None:
        self.received[week, kind] = self.received.get((week, kind), 0) + count
        self.queue_row(queue_name).received += count

    def add_closed(self, week, queue_name, closed, within) -> None:
        before = self.weekly_closed.get(week, (0, 0))
        self.weekly_closed[week] = (before[0] + closed, before[1] + within)
        row = self.queue_row(queue_name)
        row.closed += closed
        row.within += within

    # -- written as people read them ----------------------------------------
    @staticmethod
    def percent(closed: int, within: int) -> int | None:
        return (200 * within + closed) // (2 * closed) if closed else None

    @staticmethod
    def hours(median: float | None) -> Decimal | None:
        if median is None:
            return None
        return Decimal(str(median)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def share_text(self, closed: int, within: int) -> str:
        return f"{self.percent(closed, within)}% ({closed}건 중 {within}건)" if closed else "종결된 요청 없음"

    def median_text(self, contacted: int, median) -> str:
        return f"{self.hours(median)}시간 ({contacted}건 기준)" if contacted else "연락한 요청 없음"

    @property
    def total_share_text(self) -> str:
        closed = sum(closed for closed, _within in self.weekly_closed.values())
        within = sum(within for _closed, within in self.weekly_closed.values())
        return self.share_text(closed, within)

    @property
    def total_median_text(self) -> str:
        return self.median_text(*self.total_contact)

    # -- one value per week, for the charts ------------------------------------
    def received_series(self, kind) -> list[int]:
        return [self.received.get((week, kind), 0) for week in self.weeks]

    def weekly_totals(self) -> list[int]:
        return [sum(self.received.get((week, kind), 0) for kind, _label in self.kinds) for week in self.weeks]

    def share_series(self) -> list:
        return [self.percent(*self.weekly_closed.get(week, (0, 0))) for week in self.weeks]

    def median_series(self) -> list:
        medians = [self.hours(self.weekly_contact.get(week, (0, None))[1]) for week in self.weeks]
        return [None if median is None else float(median) for median in medians]

    # -- rows of the tables ----------------------------------------------------
    def week_rows(self) -> list[dict]:
        rows = []
        for (_short, label), week, total in zip(
            week_labels(self.weeks), self.weeks, self.weekly_totals(), strict=True
        ):
            closed, within = self.weekly_closed.get(week, (0, 0))
            contacted, median = self.weekly_contact.get(week, (0, None))
            rows.append(
                {
                    "label": label,
                    "total": total,
                    "counts": [self.received.get((week, kind), 0) for kind, _label in self.kinds],
                    "closed": closed,
                    "within": within,
                    "share": self.share_text(closed, within),
                    "contacted": contacted,
                    "median": self.median_text(contacted, median),
                }
            )
        return rows

    @property
    def total_received(self) -> int:
        return sum(self.received.values())

    def kind_totals(self) -> list[int]:
        return [sum(self.received_series(kind)) for kind, _label in self.kinds]

    def queue_rows(self) -> list[dict]:
        return [
            {
                "name": row.name,
                "received": row.received,
                "share": self.share_text(row.closed, row.within),
                "median": self.median_text(*row.contact),
            }
            for row in sorted(self.queues.values(), key=lambda row: row.name)
        ]
