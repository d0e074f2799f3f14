"""An index built before the search learnt Korean (whole words) is found
and rebuilt once by `make run` and the container's start."""

import pytest
from django.db import connection

from search import index_state
from tests.search.test_korean_search import urls

pytestmark = pytest.mark.django_db


def store_whole_words():
    """The index as Wagtail's own backend left it: words, not syllable pairs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET title = to_tsvector('simple', title_text), "
            "body = to_tsvector('simple', title_text || ' ' || body_text)"
        )


def test_an_index_of_whole_words_is_rebuilt_once(site_content):
    assert not index_state.built_by_another_analysis()
    assert not index_state.rebuild_if_stale()  # nothing to do on an index of ours
    store_whole_words()
    assert urls("초록숲") == []  # what every visitor would get
    assert index_state.built_by_another_analysis()
    assert index_state.rebuild_if_stale()
    assert urls("초록숲")[0] == "/centres/choroksup-day-care/"
    assert not index_state.built_by_another_analysis()
