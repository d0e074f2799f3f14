"""Table cells with their column headings, so a table can reflow on phones.

Each data cell carries its column's heading (rendered as `data-label`); below
768px site.css shows a row as a card, each value under its heading, instead of
a table wider than the screen. Number cells are right-aligned on wide screens.
"""

import re
from dataclasses import dataclass

from django import template

register = template.Library()

# "1,234", "88.7", "12%", "-3", "383명", "12건" — a figure, perhaps with a unit.
NUMBER = re.compile(r"^[+-−]?\d[\d,]*(\.\d+)?\s?(%|명|건|개|곳|회|원|점|억원|천원|만원|백만원)?$")


@dataclass
class Cell:
    text: str
    label: str
    is_header: bool
    is_number: bool


@register.filter
def with_labels(rows, header_and_first_col):
    """`data|with_labels:...` → rows of Cells. The argument is a pair
    (table_header, first_col_is_header) made by `table_options`."""
    header, first_col_is_header = header_and_first_col
    header = [str(text or "").strip() for text in (header or [])]
    labelled = []
    for row in rows or []:
        cells = []
        for index, value in enumerate(row):
            text = str(value or "").strip()
            cells.append(Cell(
                text=text,
                label=header[index] if index < len(header) else "",
                is_header=bool(first_col_is_header and index == 0),
                is_number=bool(NUMBER.match(text)),
            ))
        labelled.append(cells)
    return labelled


@register.simple_tag
def table_options(table_header, first_col_is_header):
    return (table_header, first_col_is_header)
