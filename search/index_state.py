"""Whether the search index was built by this analysis (search.analysis).

An index built before the search learnt Korean — or by Wagtail's own
backend — stores whole words, which the syllable-pair queries never match:
every search would find nothing until each page was published again. This
one is told by its lexemes: ours are never Hangul runs of three syllables or
more. `make run` and the container's start rebuild such an index once."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from modelsearch.backends.database.postgres.postgres import IndexEntry


def built_by_another_analysis() -> bool:
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} e, unnest(e.title) AS l "  # noqa: S608 (no user text)
            "WHERE l.lexeme ~ '^[가-힣]{3,}$')"
        )
        return cursor.fetchone()[0]


def rebuild_if_stale(stdout=None) -> bool:
    """Rebuild the index when another analysis built it; True if it did."""
    from django.conf import settings

    if settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backend":
        return False  # Wagtail's own backend, chosen for comparison: its index is its own
    if not built_by_another_analysis():
        return False
    if stdout is not None:
        stdout.write("검색 색인을 새로 만듭니다 (update_index)…")
    call_command("update_index", verbosity=0)
    return True
