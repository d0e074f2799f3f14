"""The "check your answers" page: its rows and how each answer reads there."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms

from agency_site.business_days import korean_date


@dataclass(frozen=True)
class SummaryRow:
    name: str
    label: str
    values: list
    anchor: str


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: list


def describe_file(kept) -> str:
    """A kept upload as the applicant sees it: name, detected type, size."""
    return f"{kept['original_name']} ({kept['detected_type']}, {_size(kept['size'])})"


def _size(size) -> str:
    size = int(size)
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}KB"
    return f"{size / (1024 * 1024):.1f}MB"


def display(field, value) -> list[str]:
    """How an answer (as form data) reads on the check page."""
    if value in (None, "", []):
        return []
    if isinstance(field, forms.BooleanField):
        return ["동의함" if str(value) == "True" else "동의하지 않음"]
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        values = value if isinstance(value, list) else [value]
        return [str(labels.get(str(v), v)) for v in values]
    if isinstance(field, forms.DateField):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return [str(value)]
        return [korean_date(day)]  # 2026년 12월 8일(화): with the weekday, to be checked at a glance
    return [str(value)]
