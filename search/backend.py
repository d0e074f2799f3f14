"""Wagtail's PostgreSQL search backend, taught Korean (search.analysis).

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}.
It keeps Wagtail's index table, signals and tasks (pages are indexed on
publish by the task worker, `manage.py update_index` rebuilds everything) and
changes two things:

- what is stored: each text field becomes syllable pairs
  (analysis.index_text) in a 'simple' tsvector, with an explicit weight per
  field (WEIGHTS below); the plain text columns stay as they are, for the
  results page's excerpts;
- how a query is matched and ranked: a page must contain every word of the
  query (allowing one missing syllable pair in words of four syllables or
  more, and any of the word's synonyms), and pages are ranked by how many of
  the query's words they contain, then by weighted ts_rank. With
  `operator="or"` a page needs any one word (the results page retries that
  way when all words together find nothing).

Anything else Wagtail asks of a backend (searching named fields, phrases,
autocomplete in the admin's choosers) goes to the parent class unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Sum,
    TextField,
    Value,
)
from modelsearch.backends.database.postgres import postgres
from modelsearch.index import SearchField
from modelsearch.query import PlainText

from agency_site import search_fields
from search import analysis

CONFIG = "simple"  # no stemming: the lexemes are syllable pairs already

# Titles are stored with weight A; the other fields by the boost their page
# type gives them (agency_site.search_fields): summaries B, bodies C, minor
# details D.
# ts_rank's weights for {D, C, B, A}: a word in the body counts for a third of
# one in the title — Wagtail's default made it ~1/20, which ranked a notice
# that names 방문목욕 in its title above the 방문목욕 service page's body.
RANK_WEIGHTS = "{0.2, 0.35, 0.6, 1.0}"
# A page must contain each word of the query that is not common (in more
# than this share of the index); common words only rank.
COMMON_SHARE = 0.3
# With three rare words or more ("거동이 불편한 아버지 목욕 도움"), a page
# needs this share of their weight, not every one of them.
LONG_QUERY_COVERAGE = 0.5
# Then by the share of the query's words in the title: "방문목욕" puts the
# 방문목욕 page before the twelve centres that offer it.
TITLE_WEIGHT = 0.5


def weight_for(field) -> str:
    if field.field_name == "title":
        return "A"  # a page's title, and a casebook case's
    boost = field.boost if field.boost is not None else search_fields.BODY_BOOST
    if boost >= search_fields.SUMMARY_BOOST:
        return "B"
    if boost >= search_fields.BODY_BOOST:
        return "C"
    return "D"


class KoreanIndexer(postgres.ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, _weight, value in super().prepare_field(obj, field):
            if isinstance(current_field, SearchField):
                yield current_field, weight_for(current_field), value
            else:
                yield current_field, _weight, value

    def as_vector(self, texts, for_autocomplete=False):
        if for_autocomplete:  # the admin's choosers: Wagtail's own prefix search
            return super().as_vector(texts, for_autocomplete=True)
        return super().as_vector([(analysis.index_text(text), weight) for text, weight in texts])


class KoreanIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        # The parent builds its ObjectIndexer by name; swap ours in for the call.
        original, postgres.ObjectIndexer = postgres.ObjectIndexer, KoreanIndexer
        try:
            super().add_items(model, objs)
        finally:
            postgres.ObjectIndexer = original


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"


def form_tsquery(form: str) -> str:
    """A tsquery (text) matching pages that contain `form`: all its syllable
    pairs; for a word of five syllables or more, all but its first or last
    pair will do ("활동지원사" finds "활동지원", "서울형어린이집" finds
    "서울형 어린이집"). Leaving out a middle pair would let two unrelated
    words match ("야간연장" in a page with "주야간" and "연장"). Latin words,
    digits and single syllables match as a prefix."""
    if not analysis.is_hangul(form) or len(form) < 2:
        return _quote(form) + ":*"
    lexemes = list(dict.fromkeys(analysis.pairs(form)))
    groups = [lexemes] if len(lexemes) < 4 else [lexemes, lexemes[1:], lexemes[:-1]]
    return "(" + " | ".join("(" + " & ".join(map(_quote, group)) + ")" for group in groups) + ")"


def word_tsquery(word: analysis.Word) -> str:
    return "(" + " | ".join(form_tsquery(form) for form in word.forms) + ")"


def any_pair_tsquery(query: analysis.Query) -> str:
    """Every lexeme of the query, for ts_rank: more of them, and in weightier
    fields, rank higher."""
    lexemes = []
    for word in query.words:
        for form in word.forms:
            lexemes.extend(analysis.pairs(form) if analysis.is_hangul(form) else [form])
    return " | ".join(map(_quote, dict.fromkeys(lexemes)))


def head_tsquery(word: analysis.Word) -> str | None:
    """The first two syllables of a Hangul word of three or more, or None."""
    if not analysis.is_hangul(word.text) or len(word.text) < 3:
        return None
    return form_tsquery(word.text[:2])


@dataclass
class SearchPlan:
    full: list[str]  # each word's tsquery
    heads: list[str | None]  # its first two syllables' tsquery
    weights: list[float]
    rare: list[int]  # the words a page must have (by index)


class Matches(Func):
    """1 when the tsvector matches the tsquery, else 0."""

    template = "(((%(expressions)s))::int)"
    arg_joiner = ") @@ ("
    output_field = IntegerField()


def raw_query(text: str) -> SearchQuery:
    return SearchQuery(Value(text, output_field=TextField()), search_type="raw", config=CONFIG)


class KoreanQueryCompiler(postgres.PostgresSearchQueryCompiler):
    def _korean(self) -> analysis.Query | None:
        """The analysed query when this search is ours to answer (once: the
        count and the page of results ask for it again)."""
        if self.fields is not None or not isinstance(self.query, PlainText):
            return None
        if getattr(self, "_analysed", None) is None:
            from search.synonyms import synonym_groups

            self._analysed = analysis.parse_query(self.query.query_string, synonym_groups())
        return self._analysed

    def search(self, config, start, stop, score_field=None, backend=None):
        query = self._korean()
        if query is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if not query:
            return self.queryset.none()
        plan = self._plan(query)
        vector = F("index_entries__title")._combine(F("index_entries__body"), "||", False)
        title = F("index_entries__title")
        full = [Matches(vector, raw_query(word)) for word in plan.full]
        # A word counts fully when all of it is there, half when only its
        # first two syllables are ("목욕시켜" → 목욕, "퇴원하셨는데" → 퇴원):
        # the endings no list foresees.
        found = [
            match if head is None else (match + Matches(vector, raw_query(head))) * Value(0.5)
            for match, head in zip(full, plan.heads, strict=True)
        ]
        score = sum(
            (Value(weight) * (match + Matches(title, raw_query(word)) * Value(TITLE_WEIGHT))
             for match, word, weight in zip(found, plan.full, plan.weights, strict=True)),
            Value(0.0),
        )
        rank = ExpressionWrapper(
            score
            + SearchRank(vector, raw_query(any_pair_tsquery(query)), weights=RANK_WEIGHTS, normalization=1),
            output_field=FloatField(),
        )
        # The OR of everything that can count: the condition the GIN index serves.
        anything = " | ".join(plan.full + [head for head in plan.heads if head])
        queryset = self.queryset.annotate(_vector_=vector).filter(_vector_=raw_query(anything))
        if self.query.operator == "and" and len(plan.rare) <= 2:
            for i in plan.rare:  # each rare word, all of it
                if len(plan.full) > 1 or plan.heads[i]:
                    queryset = queryset.filter(_vector_=raw_query(plan.full[i]))
        elif self.query.operator == "and":
            rare_mass = sum(plan.weights[i] for i in plan.rare)
            coverage = sum((found[i] * Value(plan.weights[i] / rare_mass) for i in plan.rare), Value(0.0))
            queryset = queryset.alias(search_coverage=coverage).filter(
                search_coverage__gte=LONG_QUERY_COVERAGE
            )
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    def _plan(self, query: analysis.Query) -> SearchPlan:
        """The words' tsqueries, their weights (rarer words weigh more: log of
        total / pages with the word, shares summing to 1) and which are rare
        (in at most COMMON_SHARE of the index; common ones — "신청",
        "서비스", "센터" — only rank, unless every word is common). One
        query over the index table, remembered for the count and the page of
        results."""
        if getattr(self, "_planned", None) is None:
            full = [word_tsquery(word) for word in query.words]
            heads = [head_tsquery(word) for word in query.words]
            vector = F("title")._combine(F("body"), "||", False)
            counts = postgres.IndexEntry._default_manager.aggregate(
                total=Count("pk"),
                **{f"w{i}": Sum(Matches(vector, raw_query(word))) for i, word in enumerate(full)},
            )
            total = counts["total"] or 1
            frequencies = [counts[f"w{i}"] or 0 for i in range(len(full))]
            idf = [math.log((total + 1) / (frequency + 0.5)) for frequency in frequencies]
            weights = [value / sum(idf) for value in idf] if sum(idf) > 0 else [1 / len(full)] * len(full)
            rare = [i for i, frequency in enumerate(frequencies) if frequency <= COMMON_SHARE * total]
            self._planned = SearchPlan(full, heads, weights, rare or list(range(len(full))))
        return self._planned


class KoreanSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = KoreanQueryCompiler
    index_class = KoreanIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = CONFIG


SearchBackend = KoreanSearchBackend
