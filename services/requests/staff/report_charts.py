"""Bar charts for 처리 현황 보고서, drawn on the server as inline SVG.

Only geometry is computed here: numbers and fixed labels for the template
(services/templates/services/admin/includes/report_chart.html), which writes
the SVG with autoescaped values. No script, no image files, nothing to load.

Why patterns as well as colours: a series must be told apart by someone who
cannot tell the colours apart, or who prints the page in black and white.
Each series has a fill pattern (solid, stripes, cross-hatch, dots) and the
legend shows the same swatch beside its name. The chart is role="img" with a
title and a description; the table right after it holds every figure and is
what a screen reader reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 28, 26, 42
MOST_X_LABELS = 13  # more weeks than this: label every second (third…) one
MOST_VALUE_LABELS = 13  # more bars than this: the figures are left to the table

# (colour, pattern kind) for series 0, 1, 2…: dark colours (3:1 or more on white).
STYLES = [("#1d56bc", "solid"), ("#00704a", "stripes"), ("#8a4b00", "hatch"), ("#5c2d91", "dots")]


@dataclass
class Series:
    label: str
    values: list  # one per category; None: nothing to show (e.g. no closed requests that week)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    patterns: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    gridlines: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


TICKS = 4  # gridlines above the baseline


def nice_step(value: float, whole: bool) -> float:
    """The gridline step: the smallest of 1, 2, 2.5, 5 × 10ⁿ with `TICKS`
    steps reaching `value` (whole numbers only when counting requests)."""
    wanted = max(value / TICKS, 1 if whole else 0.1)
    magnitude = 10 ** math.floor(math.log10(wanted))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * magnitude
        if candidate >= wanted and (not whole or float(candidate).is_integer()):
            return candidate
    return 10 * magnitude  # pragma: no cover (the loop always returns)


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    value_text,
    top: float | None = None,
    unit: str = "",
    whole: bool = False,
) -> Chart:
    """Bars per category, the series stacked on each other; `value_text(v)`
    writes a figure ("12건", "80%"), `top` fixes the axis (100 for shares),
    `whole`: gridlines on whole numbers (counts)."""
    chart = Chart(id=chart_id, title=title, description=description)
    for index, one in enumerate(series):
        colour, kind = STYLES[index % len(STYLES)]
        chart.patterns.append({"id": f"{chart_id}-p{index}", "colour": colour, "kind": kind})
        chart.legend.append({"label": one.label, "pattern": f"{chart_id}-p{index}", "colour": colour})

    totals = [
        None if all(one.values[i] is None for one in series) else sum(one.values[i] or 0 for one in series)
        for i in range(len(categories))
    ]
    step = top / TICKS if top else nice_step(max((t for t in totals if t is not None), default=0), whole)
    axis_top = step * TICKS
    plot_height = chart.baseline - TOP
    plot_width = chart.plot_right - chart.plot_left

    def y_of(value):
        return chart.baseline - plot_height * value / axis_top

    for tick in range(TICKS + 1):
        value = step * tick
        chart.gridlines.append({"y": round(y_of(value), 1), "label": f"{_number(round(value, 2))}{unit}"})

    slot = plot_width / max(len(categories), 1)
    bar_width = round(min(slot * 0.7, 64), 1)
    label_every = math.ceil(len(categories) / MOST_X_LABELS) or 1
    show_values = len(categories) <= MOST_VALUE_LABELS
    for i, category in enumerate(categories):
        centre = chart.plot_left + slot * (i + 0.5)
        x = round(centre - bar_width / 2, 1)
        segments, stacked = [], 0
        for index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            y_top = y_of(stacked + value)
            segments.append(
                {
                    "y": round(y_top, 1),
                    "height": round(y_of(stacked) - y_top, 1),
                    "pattern": f"{chart_id}-p{index}",
                    "title": f"{category} · {one.label}: {value_text(value)}"
                    if len(series) > 1
                    else f"{category}: {value_text(value)}",
                }
            )
            stacked += value
        total = totals[i]
        chart.bars.append(
            {
                "x": x,
                "width": bar_width,
                "centre": round(centre, 1),
                "segments": segments,
                "value_label": (value_text(total) if total is not None else "없음") if show_values else "",
                "value_y": round((y_of(total) if total else chart.baseline) - 6, 1),
            }
        )
        if i % label_every == 0:
            chart.x_labels.append({"x": round(centre, 1), "label": category})
    return chart
