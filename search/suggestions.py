"""이것을 찾으셨나요?: a spelling the site knows, for a query that found nothing.

The vocabulary is every word of the live, public pages' titles and every
term of the synonym list (search.models.SynonymGroup), remembered with the
page cache's memo until something changes. Words are compared on their jamo
(NFD decomposes each Hangul syllable into its letters), so one wrong letter
counts as a small difference: "방문목육" is one vowel from "방문목욕",
"데이캐어" one from "데이케어", where comparing whole syllables would call
them a quarter or half different. A typed word is also compared with the
start of longer words ("초록숩" → 초록숲데이케어센터), because titles write
compounds without spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from wagtail.models import Page

from agency_site import page_cache
from search.analysis import normalise, strip_ending
from search.synonyms import synonym_groups

_WORD = re.compile(r"[가-힣]{2,}|[a-z][a-z0-9]+")
CUTOFF = 75  # of 100: one letter in a short word, two in a long one
MAX_WORDS = 8  # of a query, as the search itself reads at most


@dataclass(frozen=True)
class Suggestion:
    query: str  # the query with its unknown words replaced
    parts: list[tuple[str, bool]]  # (text, replaced) for showing what changed


def _jamo(word: str) -> str:
    return unicodedata.normalize("NFD", word)


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _vocabulary() -> list[tuple[str, str]]:
    words: set[str] = set()
    for title in Page.objects.live().public().exclude(depth=1).values_list("title", flat=True):
        words.update(_words(title))
    for group in synonym_groups():
        for term in group:
            words.update(_words(term))
            words.add("".join(_words(term)))  # "장애 아동" is also typed "장애아동"
    return sorted((word, _jamo(word)) for word in words if len(word) >= 2)


def vocabulary() -> list[tuple[str, str]]:
    """[(word, its jamo)] of what the site's titles and synonyms spell."""
    return page_cache.memo("search-vocabulary", _vocabulary)


def _score(typed: str, candidate: str) -> float:
    whole = fuzz.ratio(typed, candidate)
    start = fuzz.ratio(typed, candidate[: len(typed) + 1]) if len(candidate) > len(typed) else 0
    return max(whole, start * 0.95)  # a whole word is the better guess when both fit


def closest(word: str, words: list[tuple[str, str]]) -> str | None:
    """The vocabulary word nearest to `word`, if near enough."""
    typed = _jamo(word)
    best, best_score = None, CUTOFF
    for candidate, jamo in words:
        if abs(len(jamo) - len(typed)) > 3 and len(jamo) < len(typed):
            continue
        score = _score(typed, jamo)
        if score > best_score or (score == best_score and best is not None and len(candidate) < len(best)):
            best, best_score = candidate, score
    return best


def did_you_mean(query: str) -> Suggestion | None:
    """The query with each word the site does not spell replaced by its
    closest spelling; None when there is nothing to correct."""
    words = vocabulary()
    known = {word for word, _jamo_ in words}
    typed = _words(query)[:MAX_WORDS]
    parts: list[tuple[str, bool]] = []
    changed = False
    for word in typed:
        stem = strip_ending(word)
        if stem in known or any(stem in other for other in known):
            parts.append((word, False))
            continue
        replacement = closest(stem, words)
        if replacement is None or replacement == stem:
            parts.append((word, False))
        else:
            parts.append((replacement, True))
            changed = True
    if not changed:
        return None
    spaced: list[tuple[str, bool]] = []
    for index, part in enumerate(parts):
        if index:
            spaced.append((" ", False))
        spaced.append(part)
    return Suggestion(" ".join(text for text, _replaced in parts), spaced)
