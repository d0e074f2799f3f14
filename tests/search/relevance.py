"""The site search's relevance test set (relevance.toml) and its figures.

`evaluate(results_for)` runs every query through `results_for(query)`, which
returns the result pages' paths in rank order (the first results page), and
gives hit@1, hit@3, hit@10, MRR, the queries with no result and the misses.
`result_paths(html)` reads those paths from the search results page. Used by
tests/search/test_relevance.py (the test client) and tests/bench/test_search.py
(the production site over HTTP)."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

RELEVANCE_FILE = Path(__file__).with_name("relevance.toml")
WHO = {"citizen", "family", "provider", "staff-of-provider"}
# The results page's markup, the contract with search/templates/search/search.html:
# one link per result, in rank order. Promotions (editors' picks) sit outside
# this list, so they never count as a result here.
RESULT_LINKS = "ol.agency-search-results > li h3 a"
MISS_SHOWN = 3  # results shown for a miss


@dataclass(frozen=True)
class Query:
    query: str
    expected: tuple[str, ...]
    who: str
    note: str = ""


def load_queries(path: Path = RELEVANCE_FILE) -> list[Query]:
    with path.open("rb") as file:
        entries = tomllib.load(file)["query"]
    return [
        Query(entry["query"], tuple(entry["expected"]), entry["who"], entry.get("note", ""))
        for entry in entries
    ]


def result_paths(html: str | bytes) -> list[str]:
    """The result links' paths, in order (an absolute link counts by its path,
    so the figures do not depend on how the page writes its URLs)."""
    page = BeautifulSoup(html, "html.parser")
    return [urlsplit(link["href"]).path for link in page.select(RESULT_LINKS) if link.get("href")]


@dataclass
class Miss:
    query: str
    expected: tuple[str, ...]
    top: list[str]
    rank: int | None  # 1-based rank of the first expected page, or None if not returned

    def __str__(self) -> str:
        where = f"first expected at rank {self.rank}" if self.rank else "no expected page returned"
        shown = ", ".join(self.top[:MISS_SHOWN]) or "(no results)"
        return f"{self.query!r}: {where}; expected one of {list(self.expected)}; top {MISS_SHOWN}: {shown}"


@dataclass
class Figures:
    queries: int
    hit_at_1: float
    hit_at_3: float
    hit_at_10: float
    mrr: float  # over the first results page (10), a query without a hit counts 0
    zero_results: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)  # not in the top 3
    by_who: dict[str, float] = field(default_factory=dict)  # hit@3 per kind of person

    def summary(self) -> str:
        return (f"{self.queries} queries: hit@1 {self.hit_at_1:.2f}, hit@3 {self.hit_at_3:.2f}, "
                f"hit@10 {self.hit_at_10:.2f}, MRR {self.mrr:.2f}, "
                f"zero results {len(self.zero_results)}")

    def report(self) -> str:
        lines = [self.summary(),
                 "hit@3 by who: " + ", ".join(f"{who} {v:.2f}" for who, v in sorted(self.by_who.items()))]
        if self.zero_results:
            lines.append("zero results: " + ", ".join(repr(q) for q in self.zero_results))
        if self.misses:
            lines.append(f"not in the top 3 ({len(self.misses)}):")
            lines += [f"  {miss}" for miss in self.misses]
        return "\n".join(lines)


def first_rank(results: list[str], expected: tuple[str, ...]) -> int | None:
    wanted = set(expected)
    return next((rank for rank, path in enumerate(results, 1) if path in wanted), None)


def evaluate(results_for: Callable[[str], list[str]], queries: list[Query] | None = None) -> Figures:
    queries = load_queries() if queries is None else queries
    hits = Counter()
    reciprocal = 0.0
    zero, misses = [], []
    asked, found = Counter(), Counter()
    for item in queries:
        results = results_for(item.query)
        rank = first_rank(results, item.expected)
        if not results:
            zero.append(item.query)
        for k in (1, 3, 10):
            hits[k] += rank is not None and rank <= k
        reciprocal += 1 / rank if rank else 0.0
        asked[item.who] += 1
        if rank is not None and rank <= 3:
            found[item.who] += 1
        else:
            misses.append(Miss(item.query, item.expected, results, rank))
    total = len(queries)
    return Figures(
        queries=total,
        hit_at_1=hits[1] / total, hit_at_3=hits[3] / total, hit_at_10=hits[10] / total,
        mrr=reciprocal / total, zero_results=zero, misses=misses,
        by_who={who: found[who] / asked[who] for who in asked},
    )
