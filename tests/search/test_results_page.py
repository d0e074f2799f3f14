"""The search results page (search.views): what a visitor sees for a query —
the count, each result's section and highlighted excerpt, the filter by
section, pagination, the notice when only some words were found, 이것을
찾으셨나요? and the phone number when nothing was, promotions, and the
header's as-you-type list — on the site as the content loader builds it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.search import index

from home.models import ContactSettings, ContentPage
from search import views

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def search(client, **params):
    return soup(client.get("/search/", params))


def count(html):
    heading = html.select_one("h2.agency-search-count").get_text(" ", strip=True)
    return int(re.search(r"검색 결과 (\d+)건$", heading).group(1))


def results(html):
    """[(title, section label, excerpt text)] of the results shown."""
    shown = []
    for item in html.select("ol.agency-search-results > li"):
        section = item.select_one(".agency-search-result__section")
        excerpt = item.select_one(".agency-search-result__excerpt")
        shown.append((
            item.select_one("h3 a").get_text(strip=True),
            section.get_text(strip=True).removeprefix("분야:") if section else "",
            excerpt.get_text() if excerpt else "",
        ))
    return shown


def section_links(html):
    """{link text without its count: (count, query parameters, current?)}"""
    links = {}
    for link in html.select(".agency-search-sections a"):
        label = link.get_text(" ", strip=True)
        title, number = re.fullmatch(r"(.+) (\d+)건", label).groups()
        current = link.get("aria-current") == "page"
        links[title] = (int(number), parse_qs(urlsplit(link["href"]).query), current)
    return links


def add_page(home_page, slug, title, intro):
    page = home_page.add_child(instance=ContentPage(title=title, slug=slug, intro=intro))
    index.insert_or_update_object(page)  # as the task worker does after publishing
    return page


# --- count, sections and their filter -------------------------------------------------------


def test_the_count_and_each_results_section(client, home_page):
    html = search(client, q="방문목욕")
    shown = results(html)
    assert count(html) >= len(shown) > 1
    sections = dict((title, section) for title, section, _excerpt in shown)
    assert sections["방문목욕"] == "사업안내"
    assert "센터 찾기" in sections.values()  # the centres that offer it


def test_the_section_filter_gives_each_sections_count_and_keeps_the_query(client, home_page):
    html = search(client, q="방문목욕")
    links = section_links(html)
    total, everything_params, everything_current = links.pop("전체")
    assert everything_current and total == count(html)
    assert {"사업안내", "센터 찾기"} <= set(links)
    assert sum(number for number, _params, _current in links.values()) == total
    centres, params, current = links["센터 찾기"]
    assert params == {"q": ["방문목욕"], "section": ["centres"]} and not current

    filtered = search(client, q="방문목욕", section="centres")
    assert count(filtered) == centres
    assert "센터 찾기" in filtered.select_one("h2.agency-search-count").get_text()
    assert {section for _title, section, _excerpt in results(filtered)} == {"센터 찾기"}
    assert section_links(filtered)["센터 찾기"][2] and not section_links(filtered)["전체"][2]


@pytest.mark.parametrize(("section", "page_number"), [
    ("없는분야", "²"), ("<script>", "-1"), ("", "0"), ("centres" * 500, "9" * 5000), ("\x00", "abc"),
])
def test_an_odd_section_or_page_shows_every_result(client, home_page, section, page_number):
    everything = search(client, q="방문목욕")
    html = search(client, q="방문목욕", section=section, page=page_number)
    assert count(html) == count(everything)
    assert results(html) == results(everything)


def test_pagination_keeps_the_query_and_the_section(client, home_page):
    first = search(client, q="서울특별시", section="centres")
    total = count(first)
    assert total > 10 and len(results(first)) == 10
    next_link = first.find("a", rel="next")["href"]
    params = parse_qs(urlsplit(next_link).query)
    assert params == {"q": ["서울특별시"], "section": ["centres"], "page": ["2"]}
    second = soup(client.get("/search/" + next_link))
    assert len(results(second)) == total - 10
    assert second.select_one("ol.agency-search-results")["start"] == "11"
    assert {section for _title, section, _excerpt in results(second)} == {"센터 찾기"}


# --- excerpts ---------------------------------------------------------------------------------


def test_the_excerpt_marks_the_word_found_in_the_body(client, home_page):
    add_page(home_page, "starlight", "시험 안내", "이 안내의 본문에만 별빛노을정원이라는 낱말이 있습니다.")
    html = search(client, q="별빛노을정원에서")  # with a particle
    item = html.select_one("ol.agency-search-results > li")
    assert item.select_one("h3").get_text(strip=True) == "시험 안내"
    assert [mark.get_text() for mark in item.select("mark")] == ["별빛노을정원"]
    assert "별빛노을정원이라는 낱말이" in item.select_one(".agency-search-result__excerpt").get_text()


def test_page_text_in_the_excerpt_is_escaped(client, home_page):
    add_page(home_page, "markup", "표시 시험",
             "HTML처럼 보이는 글 <b>굵게</b> & <script>alert(1)</script> 달빛호수마당 끝")
    response = client.get("/search/", {"q": "달빛호수마당"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body and "<b>굵게</b>" not in body
    assert "&lt;b&gt;굵게&lt;/b&gt;" in body
    excerpt = soup(response).select_one(".agency-search-result__excerpt")
    assert [tag.name for tag in excerpt.find_all(True)] == ["mark"]
    assert "<script>alert(1)</script>" in excerpt.get_text()  # shown as text


def test_the_query_is_escaped_where_it_is_shown(client, home_page):
    markup = '"><script>alert(1)</script>'
    for address in ("/search/", "/search/suggest/"):
        body = client.get(address, {"q": markup}).content.decode()
        assert "<script>alert(1)</script>" not in body


# --- only some words, nothing at all ----------------------------------------------------------


def test_words_never_on_one_page_give_the_pages_with_some_of_them_and_say_so(client, home_page):
    add_page(home_page, "starlight", "별빛 안내", "별빛노을정원 이야기")
    add_page(home_page, "moonlight", "달빛 안내", "달빛호수마당 이야기")
    html = search(client, q="별빛노을정원 달빛호수마당")
    notice = html.select_one(".agency-search-notice").get_text()
    assert "모든 낱말이 들어간 페이지가 없어, 낱말이 일부 맞는 페이지를 보여 드립니다." in notice
    assert {title for title, _section, _excerpt in results(html)} >= {"별빛 안내", "달빛 안내"}

    assert not search(client, q="방문목욕").select(".agency-search-notice")  # all words found: no notice


def test_nothing_found_offers_a_spelling_the_site_knows_sections_and_the_phone(client, home_page):
    html = search(client, q="초록숩")
    assert count(html) == 0 and not html.select("ol.agency-search-results")
    empty = html.select_one(".agency-search-empty")
    assert "검색어와 맞는 페이지가 없습니다" in empty.get_text()
    suggestion = empty.select_one(".agency-search-suggestion")
    assert suggestion.get_text(" ", strip=True).startswith("이것을 찾으셨나요?")
    assert parse_qs(urlsplit(suggestion.a["href"]).query) == {"q": ["초록숲데이케어센터"]}
    assert suggestion.a.strong.get_text() == "초록숲데이케어센터"
    assert "센터 찾기" in [link.get_text(strip=True) for link in empty.select("ul a")]
    assert empty.select_one('.agency-contact a[href^="tel:"]')  # the agency's number, or a team's

    ContactSettings.objects.update(phone="02-2038-8500")
    call = search(client, q="초록숩").select_one(".agency-search-empty .agency-contact")
    assert "대표전화" in call.get_text()
    assert call.select_one('a[href^="tel:"]')["href"] == "tel:0220388500"

    followed = search(client, q="초록숲데이케어센터")
    assert "마포구립 초록숲데이케어센터" in [title for title, _section, _excerpt in results(followed)]


def test_without_the_agencys_number_the_default_team_is_offered(client, home_page):
    from services.models import contacts

    ContactSettings.objects.update(phone="")
    team = contacts.default_team()
    assert team is not None and team.phone
    empty = search(client, q="초록숩").select_one(".agency-search-empty")
    call = empty.select_one(".agency-contact")
    assert team.name in call.get_text() and call.select_one('a[href^="tel:"]')


def test_a_misspelt_word_next_to_a_right_one_is_corrected_alone(client, home_page):
    from search.suggestions import did_you_mean

    suggestion = did_you_mean("긴급돌봉 신청")
    assert suggestion.query == "긴급돌봄 신청"
    assert suggestion.parts == [("긴급돌봄", True), (" ", False), ("신청", False)]
    assert did_you_mean("방문목욕") is None  # spelt as the site spells it
    assert did_you_mean("zzqqxx") is None  # nothing near it


# --- the header's as-you-type list -------------------------------------------------------------


def test_the_header_box_asks_for_suggestions_and_loads_the_script(client, home_page):
    html = soup(client.get("/"))
    box = html.select_one("#site-search")
    assert box["data-suggest-url"] == "/search/suggest/"
    assert box.find_parent("form")["action"] == "/search/"  # without JavaScript: the results page
    assert any(script["src"].endswith("search/suggest.js") for script in html.select("script[src]"))


def test_the_suggestions_are_a_fragment_of_the_first_results_and_promotions(client, home_page):
    response = client.get("/search/suggest/", {"q": "신청 현황"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response["X-Robots-Tag"] == "noindex"
    html = soup(response)
    assert not html.find("html") and not html.find("body")
    body = html.select_one("[data-count]")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in body.select(".agency-suggest__list a")]
    assert int(body["data-count"]) == len(links) > 1
    assert links[0] == ("신청 현황 조회 바로 가기", "/requests/status/")
    assert body.select_one("[data-suggest-count]").get_text(strip=True) == f"추천 검색 결과 {len(links)}건"
    all_results = body.select_one(".agency-suggest__all a")["href"]
    assert parse_qs(urlsplit(all_results).query) == {"q": ["신청 현황"]}

    page_titles = [title for title, _href in links if not title.endswith("바로 가기")]
    first_results = [title for title, _section, _excerpt in results(search(client, q="신청 현황"))]
    assert page_titles == first_results[: views.SUGGESTIONS]


def test_at_most_six_titles_are_suggested(client, home_page):
    body = soup(client.get("/search/suggest/", {"q": "서울특별시"})).select_one("[data-count]")
    assert len(body.select(".agency-suggest__item")) == views.SUGGESTIONS


@pytest.mark.parametrize("query", ["", "a", " 가 ", "\x00", "a" * 5000])
def test_too_little_or_odd_input_suggests_nothing_without_failing(client, home_page, query):
    response = client.get("/search/suggest/", {"q": query})
    assert soup(response).select_one("[data-count]")["data-count"] == "0"


def test_the_search_page_and_suggestions_are_cacheable(client):
    assert views.search.page_cache_view and views.suggest.page_cache_view


def test_with_the_page_cache_on_what_every_search_needs_is_remembered(client_with_session, home_page,
                                                                      page_cache_on):
    """A search the cache cannot serve (a visitor with a session, or a new
    query) costs five queries and its rate-limit count: the view restrictions,
    the ranking over the index, every match's path, the page of results and
    their text; the count is one upsert in a savepoint (3). The sections,
    promotions, synonyms and the page's chrome are remembered until an edit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_with_session
    assert client.get("/search/", {"q": "돌봄"}).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        html = soup(client.get("/search/", {"q": "방문목욕"}))
    assert results(html) and html.select(".agency-search-sections a")
    sql = [query["sql"][:120] for query in captured.captured_queries]
    assert len(sql) == 5 + 3, sql
