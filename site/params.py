"""Reading numbers and text out of query strings and form data.

What people (and robots) put in an address is anything at all. These helpers
turn it into a value the code can trust, or into None / "", so that a view
ignores a value it cannot use instead of failing with a 500:

- `whole_number("12")` → 12; `"²"`, `"１２"`, `"-1"`, `" 1"`, a 5,000-digit
  string → None. Only ASCII digits count: `str.isdigit()` is true for "²" and
  other Unicode digits that `int()` refuses, and `int()` itself refuses more
  than 4,300 digits (and is slow long before that).
- `search_text(value, 100)` → the text without control characters, at most
  100 characters (PostgreSQL refuses a NUL in a query).
"""

from __future__ import annotations

import re
import unicodedata

# Enough for any id or year this site has (a billion rows), well inside
# PostgreSQL's bigint, and cheap to convert.
MAX_DIGITS = 9


def whole_number(value, *, max_digits: int = MAX_DIGITS, minimum: int = 0, maximum: int | None = None):
    """`value` as an int when it is 1–`max_digits` ASCII digits within
    [`minimum`, `maximum`]; otherwise None."""
    if not isinstance(value, str) or not re.fullmatch(rf"[0-9]{{1,{max_digits}}}", value):
        return None
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        return None
    return number


def search_text(value, max_length: int) -> str:
    """What someone typed into a search box: NFC, no control characters, trimmed, cut."""
    if not isinstance(value, str):
        return ""
    value = value[: max_length * 4]  # a long paste is cut before any work is done on it
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in value)
    return " ".join(value.split())[:max_length].strip()
