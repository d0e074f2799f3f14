"""The Korean search backend (search.backend) on the loaded site, through
Wagtail's own search API — the one the results page, the suggestions and the
admin use: spacing, parts of compounds, endings, synonyms, weights, and the
index following what editors publish."""

import pytest
from django.test import Client
from wagtail.models import Page

from home.models import ContentPage
from search.models import SynonymGroup
from services.models import CasebookPage

pytestmark = pytest.mark.django_db


def urls(query, **kwargs):
    return [page.url for page in Page.objects.live().public().search(query, **kwargs)]


def test_spacing_does_not_matter(site_content):
    spaced, joined = urls("방문 목욕"), urls("방문목욕")
    assert spaced[0] == joined[0] == "/services/visiting-bath/"
    # Apart, the two words may also be far from each other on a page.
    assert set(joined) <= set(spaced)


def test_part_of_a_compound_name_finds_the_whole(site_content):
    assert urls("초록숲")[0] == "/centres/choroksup-day-care/"
    assert urls("응암행복") == ["/daycares/eungam-haengbok/"]


def test_particles_and_endings_do_not_matter(site_content):
    assert urls("어르신을") == urls("어르신")
    assert urls("방문목욕을 신청하려면")[0] == "/services/visiting-bath/"


def test_a_synonym_finds_pages_that_use_the_other_word(site_content, home_page):
    about = home_page.get_children().get(slug="about")
    shelter = ContentPage(title="쉼터 안내", slug="shelter", intro="볕뉘쉼터에서 쉬어 가세요.")
    about.add_child(instance=shelter)
    assert urls("햇살쉼터") == []
    SynonymGroup.objects.create(terms="볕뉘, 햇살")  # as an editor adds it under 스니펫
    assert urls("햇살쉼터") == ["/about/shelter/"]


def test_a_title_counts_more_than_the_body_but_the_body_still_counts(site_content, home_page):
    about = home_page.get_children().get(slug="about")
    body_only = ContentPage(title="기타", slug="body-only", intro="무지개다리 소식은 아래에 있습니다.")
    about.add_child(instance=body_only)
    about.add_child(instance=ContentPage(title="무지개다리 안내", slug="in-title", intro="안내입니다."))
    assert urls("무지개다리") == ["/about/in-title/", "/about/body-only/"]


def test_what_editors_publish_or_unpublish_is_searchable_at_once(site_content, home_page):
    about = home_page.get_children().get(slug="about")
    page = about.add_child(instance=ContentPage(title="새 소식", slug="fresh", intro="처음 보는 낱말"))
    page.intro = "해오름돌봄 시범사업을 시작합니다."
    page.save_revision().publish()
    assert urls("해오름돌봄") == ["/about/fresh/"]
    page.unpublish()
    assert urls("해오름돌봄") == []


def test_daycares_are_found_by_their_programmes_and_centres_by_their_services(site_content):
    found = urls("야간연장보육 노원")
    assert found[0] == "/daycares/nowon-deundeun/"
    assert "/centres/mapo/" in urls("마포 돌봄SOS")[:3]


def test_casebook_cases_and_training_topics_are_searchable(site_content):
    assert urls("요양보호사 교육 신청하려면")[0] == "/trainings/dementia-care-sample/"
    casebook = CasebookPage.objects.live().first()
    case = casebook.cases.first()
    assert casebook.url in urls(case.title)[:3]


def test_all_words_are_needed_unless_operator_or(site_content):
    assert urls("방문목욕 안과검진") == []
    either = urls("방문목욕 안과검진", operator="or")
    assert "/services/visiting-bath/" in either and "/daycares/" in either


@pytest.mark.parametrize("junk", ["'&|!:*()", "\\", "가" * 300, "a:* & b", "<script>", "SOS SOS SOS"])
def test_odd_queries_are_answered(site_content, junk):
    assert isinstance(urls(junk), list)


def test_the_admin_search_still_works(admin_client, site_content):
    response = admin_client.get("/admin/pages/search/", {"q": "방문목욕"})
    assert response.status_code == 200
    assert "방문목욕" in response.content.decode()
    response = admin_client.get("/admin/snippets/daycares/childcareprogramme/", {"q": "야간"})
    assert response.status_code == 200
    assert "야간연장보육" in response.content.decode()


def test_the_search_view_reads_q(site_content):
    response = Client().get("/search/", {"q": "초록숲"})
    assert "초록숲데이케어센터" in response.content.decode()


def test_a_snippet_edit_reindexes_the_pages_that_show_it(site_content):
    from daycares.models import ChildcareProgramme

    assert urls("별빛놀이") == []
    programme = ChildcareProgramme.objects.get(slug="hourly")
    programme.description += " 별빛놀이 시간도 있습니다."
    programme.save()  # as an editor does under 스니펫; the daycare page itself is not saved
    assert urls("별빛놀이") == ["/daycares/seodaemun-deundeun/"]


def test_what_a_page_shows_from_its_number_fields_is_searchable(site_content):
    day_care_centres = {"/centres/choroksup-day-care/", "/centres/gangseo-dundun-day-care/"}
    assert set(urls("데이케어센터 정원")[:2]) == day_care_centres
    assert urls("응암행복 보육정원")[0] == "/daycares/eungam-haengbok/"
