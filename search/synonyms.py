"""The editable synonym list (search.models.SynonymGroup) as the query
analysis reads it: kept with the page cache's memo, so a search does not
read the table and an edit to the list is seen at once."""

from __future__ import annotations

from agency_site import page_cache


def _load() -> list[tuple[str, ...]]:
    from search.models import SynonymGroup

    return [group.term_list for group in SynonymGroup.objects.all()]


def synonym_groups() -> list[tuple[str, ...]]:
    return page_cache.memo("search-synonyms", _load)
