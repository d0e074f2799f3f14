"""Wagtail's PostgreSQL search backend, taught Korean (search.analysis,
search.ranking).

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}.
It keeps Wagtail's index table, signals and tasks (pages are indexed on
publish by the task worker, `manage.py update_index` rebuilds everything) and
changes two things:

- what is stored: each text field becomes syllable pairs
  (analysis.index_text) in a 'simple' tsvector, with an explicit weight per
  field: titles A, and B/C/D by the boost each page type gives its fields
  (agency_site.search_fields). The body vector holds the title too, so one
  vector answers whether a page has a word; the plain text columns stay as
  they are, for the results page's excerpts;
- how a query is matched and ranked (search.ranking).

Anything else Wagtail asks of a backend (searching named fields, phrases,
autocomplete in the admin's choosers) goes to the parent class unchanged.
"""

from __future__ import annotations

import threading

from django.contrib.postgres.fields import ArrayField
from django.db.models import F, Func, IntegerField, TextField, Value
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres
from modelsearch.index import SearchField
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from agency_site import search_fields
from search import analysis, ranking


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

    @property
    def body(self):
        texts = [
            (value, weight)
            for field in self.search_fields
            for current, weight, value in self.prepare_field(self.obj, field)
            if isinstance(current, SearchField)
        ]
        return self.as_vector(texts)


# The parent's add_items builds the module's ObjectIndexer by name, with no
# hook for another class: ours is put in its place for the call, one call at
# a time in the process (gunicorn threads, the worker's), so that no other
# thread's indexing can restore the original half-way through ours.
_INDEXER_SWAP = threading.Lock()


class KoreanIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        with _INDEXER_SWAP:
            original, postgres.ObjectIndexer = postgres.ObjectIndexer, KoreanIndexer
            try:
                super().add_items(model, objs)
            finally:
                postgres.ObjectIndexer = original


class ArrayPosition(Func):
    function = "array_position"
    output_field = IntegerField()


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

    def _ids(self, query: analysis.Query) -> list[str]:
        if getattr(self, "_ranked", None) is None:
            model = self.queryset.model
            self._ranked = ranking.ranked_ids(
                query, get_descendants_content_types_pks(model), self.query.operator, self.queryset.db
            )
        return self._ranked

    def search(self, config, start, stop, score_field=None, backend=None):
        query = self._korean()
        if query is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        ids = self._ids(query) if query else []
        queryset = self.queryset.filter(pk__in=ids)
        # Best first: the position in the ranked list (lower is better).
        position = ArrayPosition(
            Value(ids, output_field=ArrayField(TextField())), Cast(F("pk"), TextField())
        )
        if self.order_by_relevance:
            queryset = queryset.order_by(position)
        if score_field is not None:
            queryset = queryset.annotate(**{score_field: -position})
        return queryset[start:stop]


class KoreanSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = KoreanQueryCompiler
    index_class = KoreanIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = ranking.CONFIG


SearchBackend = KoreanSearchBackend
