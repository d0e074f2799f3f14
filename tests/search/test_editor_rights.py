"""Editors (Wagtail's Editors group, not superusers) keep the search's
synonym list and its promotions in the admin."""

import pytest
from django.urls import reverse

from search.models import SynonymGroup
from tests import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(site_content):
    return staff.login(staff.make_editor("search-editor"))


def test_an_editor_adds_a_synonym_group_and_searches_use_it(editor_client, client):
    response = editor_client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"), {"terms": "초록숲 , 푸른숲", "note": "별칭"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SynonymGroup.objects.filter(terms="초록숲, 푸른숲").exists()
    assert "초록숲데이케어센터" in client.get("/search/", {"q": "푸른숲"}).content.decode()


def test_a_group_of_one_word_is_refused_with_a_korean_message(editor_client):
    response = editor_client.post(reverse("wagtailsnippets_search_synonymgroup:add"), {"terms": "외톨이"})
    assert response.status_code == 200
    assert "두 개 이상" in response.content.decode()
    assert "외톨이" in response.content.decode()  # what was typed stays in the form


def test_an_editor_opens_the_promotions(editor_client):
    response = editor_client.get(reverse("wagtailsearchpromotions:index"))
    assert response.status_code == 200
    assert "신청 현황" in response.content.decode()
