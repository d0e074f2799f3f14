"""The compact notation the data files use for rich text and StreamField bodies.

Rich text (a rich-text field, a paragraph, an FAQ answer) is an HTML string,
or a list of parts joined together, where a part is an HTML string or a list
written as `{ ul = [item, …] }` / `{ ol = [item, …] }` (items are rich text
too).

A StreamField body is a list of blocks, each a table named by one key:

    { h2 = "제목" }   { h3 = "소제목" }                    heading
    { p = rich text }   { ul = [...] }   { ol = [...] }     paragraph
    { table = "캡션", header = [...], rows = [[...]], header_col = true }
        A cell is text, or a list of items shown one per line ("· item").
        header_col: the first column is a header too (default false).
    { chart = "제목", unit = "명", rows = [["2022년", "1,850"]], source = "출처" }
        Values as the document prints them; thousands separators are dropped.
    { faq = "자주 묻는 질문", items = [{ q = "질문", a = rich text }] }
    { type = "cta", value = { ... } }                       any other block, as stored
"""

import json

from .files import SeedError


def rich_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(rich_text(part) for part in value)
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("ul", "ol"):
        tag, items = next(iter(value.items()))
        return f"<{tag}>" + "".join(f"<li>{rich_text(item)}</li>" for item in items) + f"</{tag}>"
    raise SeedError(f"not rich text: {value!r}")


def stream(blocks: list) -> str:
    """A StreamField value (as the JSON text a StreamField accepts)."""
    return json.dumps([block(spec) for spec in blocks], ensure_ascii=False)


def block(spec: dict) -> dict:
    kinds = [key for key in spec if key in BUILDERS]
    if len(kinds) != 1:
        raise SeedError(f"a block needs exactly one of {', '.join(BUILDERS)}: {spec!r}")
    build, allowed = BUILDERS[kinds[0]]
    unknown = set(spec) - {kinds[0], *allowed}
    if unknown:
        raise SeedError(f"unknown key(s) {', '.join(sorted(unknown))} in block {spec!r}")
    return build(spec)


def _heading(level):
    return lambda spec: {"type": "heading", "value": {"text": spec[level], "level": level}}


def _paragraph(spec):
    return {"type": "paragraph", "value": rich_text(spec.get("p", spec))}


def _cell(value):
    """Several items in one cell: the table template turns line breaks into <br>."""
    return "\n".join(f"· {item}" for item in value) if isinstance(value, list) else value


def _table(spec):
    header_col = spec.get("header_col", False)
    return {
        "type": "table",
        "value": {
            "table_caption": spec["table"],
            "first_row_is_table_header": True,
            "first_col_is_header": header_col,
            "table_header_choice": "both" if header_col else "row",
            "data": [list(spec["header"]), *[[_cell(cell) for cell in row] for row in spec["rows"]]],
        },
    }


def _chart(spec):
    return {
        "type": "chart",
        "value": {
            "title": spec["chart"],
            "unit": spec.get("unit", ""),
            "rows": [{"label": label, "value": str(value).replace(",", "")} for label, value in spec["rows"]],
            "source": spec.get("source", ""),
        },
    }


def _faq(spec):
    items = [{"question": item["q"], "answer": rich_text(item["a"])} for item in spec["items"]]
    return {"type": "accordion", "value": {"heading": spec["faq"], "items": items}}


BUILDERS = {
    "h2": (_heading("h2"), ()),
    "h3": (_heading("h3"), ()),
    "p": (_paragraph, ()),
    "ul": (_paragraph, ()),
    "ol": (_paragraph, ()),
    "table": (_table, ("header", "rows", "header_col")),
    "chart": (_chart, ("unit", "rows", "source")),
    "faq": (_faq, ("items",)),
    "type": (lambda spec: {"type": spec["type"], "value": spec["value"]}, ("value",)),
}
