"""The highlighted excerpt under each search result.

An excerpt is a list of (text, is_match) parts that the template loops over,
writing each part with autoescaping and wrapping the matches in <mark>; no
HTML is ever built here from page or query text.

The text comes from the search index: Wagtail keeps a plain-text copy of each
page's indexed fields beside the vectors (IndexEntry.body_text: intro, body,
StreamField text, related snippets), so one query gives the text of a whole
page of results without loading the pages' own types. The window shown is
the one with the most distinct search terms (search.analysis.highlight_terms:
the words without their endings, and their synonyms); when none of them is in
the text (the page matched on its title only, or on a spelling the index
allows but the text does not have), the page's search description is shown,
or the start of its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from wagtail.search.models import IndexEntry

WIDTH = 140  # characters of text shown: two or three lines
LEAD = 30  # characters before the first match, so the match has context
ELLIPSIS = "…"
# Matches of one page's text looked at (the first ones): the window search
# compares each with each, so a common word on a long page stays cheap.
MAX_MATCHES = 60
SNAP = 12  # how far an edge moves to land on a space rather than cut a word

Parts = list[tuple[str, bool]]


def texts_for(pages: Sequence) -> dict[int, str]:
    """{page pk: its indexed plain text} for `pages`, in one query."""
    if not pages:
        return {}
    content_types = {page.content_type_id for page in pages}
    entries = IndexEntry.objects.filter(
        content_type_id__in=content_types, object_id__in=[str(page.pk) for page in pages]
    ).values_list("content_type_id", "object_id", "body_text")
    wanted = {(page.content_type_id, str(page.pk)) for page in pages}
    return {int(object_id): text for ct, object_id, text in entries if (ct, object_id) in wanted}


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    # Longest first, so that "방문목욕" is marked whole rather than as "방문".
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)


def _best_window(matches: list[re.Match], length: int) -> tuple[int, int]:
    """[start, end) of the WIDTH-character window with the most distinct
    terms (then the most matches, then the earliest)."""
    best, best_score = (0, min(length, WIDTH)), (-1, -1)
    for first in matches:
        start = max(0, first.start() - LEAD)
        end = min(length, start + WIDTH)
        start = max(0, end - WIDTH)  # near the end of the text: show a full window
        inside = [m for m in matches if m.start() >= start and m.end() <= end]
        score = (len({m.group().lower() for m in inside}), len(inside))
        if score > best_score:
            best, best_score = (start, end), score
    return best


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the window's cut edges onto spaces, so no word is cut in half."""
    if start > 0:
        space = text.find(" ", start, start + SNAP)
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", end - SNAP, end)
        if space > start:
            end = space
    return start, end


def _split(text: str, pattern: re.Pattern | None) -> Parts:
    if pattern is None:
        return [(text, False)] if text else []
    parts: Parts = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def _cut(text: str, start: int, end: int, pattern) -> Parts:
    parts = _split(text[start:end].strip(), pattern)
    if not parts:
        return []
    if start > 0:
        parts.insert(0, (ELLIPSIS, False))
    if end < len(text):
        parts.append((ELLIPSIS, False))
    return parts


def excerpt(text: str, terms: Iterable[str], fallback: str = "") -> Parts:
    """The parts of the excerpt of `text` around the search terms; without a
    term in `text`, the start of `fallback` (the search description), or of
    `text`, with any terms in it marked."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    matches = list(pattern.finditer(text))[:MAX_MATCHES] if pattern is not None and text else []
    if matches:
        start, end = _best_window(matches, len(text))
        return _cut(text, *_snap(text, start, end), pattern)
    shown = " ".join((fallback or "").split()) or text
    end = min(len(shown), WIDTH)
    return _cut(shown, *_snap(shown, 0, end), pattern)
