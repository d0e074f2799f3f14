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
        words = [word_tsquery(word) for word in query.words]
        weights, required = self._word_weights(words)
        vector = F("index_entries__title")._combine(F("index_entries__body"), "||", False)
        title = F("index_entries__title")
        score = sum(
            (
                Value(weight)
                * (Matches(vector, raw_query(word)) + Matches(title, raw_query(word)) * Value(TITLE_WEIGHT))
                for word, weight in zip(words, weights, strict=True)
            ),
            Value(0.0),
        )
        rank = ExpressionWrapper(
            score
            + SearchRank(vector, raw_query(any_pair_tsquery(query)), weights=RANK_WEIGHTS, normalization=1),
            output_field=FloatField(),
        )
        queryset = self.queryset.annotate(_vector_=vector).filter(
            # The OR of the words: the condition the index's GIN indexes serve.
            _vector_=raw_query(" | ".join(words))
        )
        if len(required) > 1:
            queryset = queryset.alias(
                search_required=sum((Matches(vector, raw_query(words[i])) for i in required[1:]),
                                    Matches(vector, raw_query(words[required[0]])))
            ).filter(search_required=len(required))
        elif required and len(words) > 1:
            queryset = queryset.filter(_vector_=raw_query(words[required[0]]))
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    def _word_weights(self, words: list[str]) -> tuple[list[float], list[int]]:
        """Each word's weight (rarer words weigh more: log of total / pages
        with it, shares summing to 1) and, for an "and" search, the words a
        page must contain: all but the common ones (in more than
        COMMON_SHARE of the index: "신청", "서비스", "센터"), which only rank
        — unless every word is common. One query over the index table,
        remembered for the count and the page of results."""
        if getattr(self, "_weights", None) is None:
            vector = F("title")._combine(F("body"), "||", False)
            counts = postgres.IndexEntry._default_manager.aggregate(
                total=Count("pk"),
                **{f"w{i}": Sum(Matches(vector, raw_query(word))) for i, word in enumerate(words)},
            )
            total = counts["total"] or 1
            frequencies = [counts[f"w{i}"] or 0 for i in range(len(words))]
            idf = [math.log((total + 1) / (frequency + 0.5)) for frequency in frequencies]
            weights = [value / sum(idf) for value in idf] if sum(idf) > 0 else [1 / len(words)] * len(words)
            if self.query.operator != "and":
                required = []
            else:
                required = [i for i, frequency in enumerate(frequencies) if frequency <= COMMON_SHARE * total]
                required = required or list(range(len(words)))
            self._weights = (weights, required)
        return self._weights


class KoreanSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = KoreanQueryCompiler
    index_class = KoreanIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = CONFIG


SearchBackend = KoreanSearchBackend
