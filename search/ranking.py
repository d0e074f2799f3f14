"""Which indexed objects match an analysed query (search.analysis), and in
what order — for search.backend.

Matching, per query word (with any of its synonyms):
- a word matches fully when the page has all of its syllable pairs (for a
  word of five syllables or more, all but the first or the last will do), and
  half when only its first two syllables are there ("목욕시켜" → 목욕,
  "퇴원하셨는데" → 퇴원: the endings no list foresees);
- rare words must be there, common ones only rank: a word in more than
  COMMON_SHARE of the index ("신청", "서비스", "센터") is common. With one or
  two rare words each must match fully; with three or more ("거동이 불편한
  아버지 목욕 도움") a page needs LONG_QUERY_COVERAGE of their weight;
- with `operator="or"`, any word will do (the results page retries so when
  all the words together find nothing).

Ranking: the sum over the words of their weight (rarer words weigh more:
idf, shares summing to 1) × (how well it matched + TITLE_WEIGHT if it is in
the title), plus PostgreSQL's ts_rank with explicit field weights.

Speed: one SQL query reads, for every index entry that has any of the words,
which words it has (and its ts_rank); the weights, the filter and the order
are then worked out here, on at most a few thousand small rows. The entry's
tsvector is unpacked once per row (a LATERAL subquery, OFFSET 0 so it is not
inlined): PostgreSQL would otherwise decompress it again for every word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from modelsearch.backends.database.postgres.postgres import IndexEntry

from search import analysis

CONFIG = "simple"  # no stemming: the lexemes are syllable pairs already
COMMON_SHARE = 0.3
LONG_QUERY_COVERAGE = 0.5
# In the title: "방문목욕" puts the 방문목욕 page before the twelve centres that offer it.
TITLE_WEIGHT = 0.5
# The share of the title the query makes up (title_fit), times this.
TITLE_FIT_WEIGHT = 0.5
# ts_rank's weights for {D, C, B, A}: a word in the body counts for a third of
# one in the title — Wagtail's default made it ~1/20, which ranked a notice
# that names 방문목욕 in its title above the 방문목욕 service page's body.
RANK_WEIGHTS = "{0.2, 0.35, 0.6, 1.0}"


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


def form_tsquery(form: str) -> str:
    """A tsquery (text) for one spelling of a word: all its syllable pairs;
    for five syllables or more, all but the first or last pair will do
    ("활동지원사" finds "활동지원"). Leaving out a middle pair would let two
    unrelated words match ("야간연장" in a page with "주야간" and "연장").
    Latin words, digits and single syllables match as a prefix."""
    if not analysis.is_hangul(form) or len(form) < 2:
        return _quote(form) + ":*"
    lexemes = list(dict.fromkeys(analysis.pairs(form)))
    groups = [lexemes] if len(lexemes) < 4 else [lexemes, lexemes[1:], lexemes[:-1]]
    return "(" + " | ".join("(" + " & ".join(map(_quote, group)) + ")" for group in groups) + ")"


def word_tsquery(word: analysis.Word) -> str:
    return "(" + " | ".join(form_tsquery(form) for form in word.forms) + ")"


def head_tsquery(word: analysis.Word) -> str | None:
    """The first two syllables of a Hangul word of three or more, or None."""
    if not analysis.is_hangul(word.text) or len(word.text) < 3:
        return None
    return form_tsquery(word.text[:2])


def any_pair_tsquery(query: analysis.Query) -> str:
    """Every lexeme of the query, for ts_rank."""
    lexemes = []
    for word in query.words:
        for form in word.forms:
            lexemes.extend(analysis.pairs(form) if analysis.is_hangul(form) else [form])
    return " | ".join(map(_quote, dict.fromkeys(lexemes)))


@dataclass(frozen=True)
class Row:
    object_id: str
    content_type_id: int
    title: str
    full: tuple[int, ...]  # 1 where the word matches fully
    head: tuple[int, ...]  # 1 where its first two syllables are there
    in_title: tuple[int, ...]
    rank: float


def _rows(query: analysis.Query, content_type_ids: list[int], using: str) -> tuple[int, list[Row]]:
    """(entries of these content types, the rows of those with any word)."""
    full = [word_tsquery(word) for word in query.words]
    heads = [head_tsquery(word) or "" for word in query.words]
    anything = " | ".join(full + [head for head in heads if head])
    ts = f"to_tsquery('{CONFIG}', %s)"
    columns = ", ".join(
        f"(s.v @@ {ts})::int, " + (f"(s.v @@ {ts})::int" if head else "0") + f", (e.title @@ {ts})::int"
        for head in heads
    )
    params: list = []
    for word, head in zip(full, heads, strict=True):
        params.extend([word, head, word] if head else [word, word])
    table = IndexEntry._meta.db_table
    sql = (
        f"SELECT e.object_id, e.content_type_id, e.title_text, {columns}, "  # noqa: S608 (no user text)
        f"ts_rank(%s::float4[], s.v, {ts}, 1), "
        f"(SELECT count(*) FROM {table} WHERE content_type_id = ANY(%s)) "
        f"FROM {table} e CROSS JOIN LATERAL (SELECT e.body || ''::tsvector AS v OFFSET 0) s "
        f"WHERE e.content_type_id = ANY(%s) AND e.body @@ {ts}"
    )
    params = [*params, RANK_WEIGHTS, any_pair_tsquery(query), content_type_ids, content_type_ids, anything]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    n = len(full)
    rows = []
    for object_id, content_type_id, title, *values in fetched:
        rows.append(Row(
            object_id, content_type_id, title, tuple(values[0 : 3 * n : 3]), tuple(values[1 : 3 * n : 3]),
            tuple(values[2 : 3 * n : 3]), values[3 * n],
        ))
    total = fetched[0][-1] if fetched else 0
    return total, rows


def ranked_ids(query: analysis.Query, content_type_ids: list[int], operator: str, using: str) -> list[str]:
    """The object ids that match `query`, best first."""
    total, rows = _rows(query, content_type_ids, using)
    if not rows:
        return []
    n = len(query.words)
    has_head = [head_tsquery(word) is not None for word in query.words]
    frequencies = [sum(row.full[i] for row in rows) for i in range(n)]
    idf = [math.log((total + 1) / (frequency + 0.5)) for frequency in frequencies]
    weights = [value / sum(idf) for value in idf] if sum(idf) > 0 else [1 / n] * n
    rare = [i for i, frequency in enumerate(frequencies) if frequency <= COMMON_SHARE * total]
    rare = rare or list(range(n))
    rare_mass = sum(weights[i] for i in rare) or 1.0

    def found(row: Row, i: int) -> float:
        return (row.full[i] + row.head[i]) / 2 if has_head[i] else row.full[i]

    def wanted(row: Row) -> bool:
        if operator != "and":
            return any(row.full) or any(row.head)
        if len(rare) <= 2:
            return all(row.full[i] for i in rare)
        return sum(found(row, i) * weights[i] for i in rare) / rare_mass >= LONG_QUERY_COVERAGE

    terms = query.terms

    def score(row: Row) -> float:
        words = sum(weights[i] * (found(row, i) + TITLE_WEIGHT * row.in_title[i]) for i in range(n))
        fit = TITLE_FIT_WEIGHT * title_fit(row.title, terms)
        return (words + fit + row.rank) * priority(row.content_type_id)

    chosen = [row for row in rows if wanted(row)]
    chosen.sort(key=lambda row: (-score(row), -_as_number(row.object_id)))
    return [row.object_id for row in chosen]


def title_fit(title: str, terms: list[str]) -> float:
    """How much of the title the query's words make up: 1.0 for "방문목욕"
    on the 방문목욕 page, less on "성동구 방문목욕 운영 안내 (12호)"."""
    letters = "".join(analysis.normalise(title).split())
    if not letters:
        return 0.0
    covered = [False] * len(letters)
    for term in terms:
        start = letters.find(term)
        while start != -1:
            covered[start : start + len(term)] = [True] * len(term)
            start = letters.find(term, start + 1)
    return sum(covered) / len(letters)


@lru_cache(maxsize=64)
def priority(content_type_id: int) -> float:
    """The page type's `search_priority` (1.0 when it says none): the pages
    a search most often wants — a service, a centre, a daycare — come before
    a notice that names them."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return getattr(model, "search_priority", 1.0)


def _as_number(object_id: str) -> int:
    return int(object_id) if object_id.isdigit() else 0
