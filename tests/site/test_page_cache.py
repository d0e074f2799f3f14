"""The anonymous page cache (agency_site.page_cache), as visitors and editors
notice it: the second anonymous visit is served from the cache and is the
same page; whatever an editor changes shows at once; nobody with a session or
a login ever gets or leaves a cached page; forms and their CSRF tokens are
never cached."""

import datetime
import gzip
import os
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from agency_site import page_cache
from agency_site.page_cache import PageCacheMiddleware
from home.models import ContactSettings, ContentPage, HomePage, NoticeIndexPage, NoticePage
from services.models import CareService, CentrePage, ServicePage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def _cache_on_for_every_test(page_cache_on):
    """The cache as in production (tests/conftest.py) for all of this file."""


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def title_of(response):
    return soup(response).h1.get_text(strip=True)


def csrf_token(response):
    field = soup(response).find("input", attrs={"name": "csrfmiddlewaretoken"})
    return field["value"] if field else None


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()


# --- the same page, faster ---------------------------------------------------------


def test_second_anonymous_visit_is_served_from_the_cache_unchanged(client, home_page):
    first = client.get("/about/")
    second = Client().get("/about/")  # another visitor
    assert first.status_code == second.status_code == 200
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "SAMEORIGIN"  # headers set inside the cache are kept
    assert not second.cookies


def test_a_cached_page_costs_no_database_query(client, home_page, django_assert_num_queries):
    client.get("/centres/")
    with django_assert_num_queries(0):
        response = client.get("/centres/")
    assert response[HEADER] == "hit"


def test_every_public_page_type_is_cached(client, site_content):
    service = ServicePage.objects.live().first()
    urls = ["/", "/about/", "/services/", service.url,
            "/centres/", "/daycares/", "/casebooks/", "/casebooks/best-practice-2023-sample/",
            "/notices/", "/notices/rss/", "/search/?q=돌봄"]
    for url in urls:
        assert client.get(url)[HEADER] == "miss", url
        assert client.get(url)[HEADER] == "hit", url


def test_query_strings_are_part_of_the_key_in_any_order(client, home_page):
    everyone = client.get("/centres/")
    mapo = client.get("/centres/", {"district": "마포구", "kind": "home_care"})
    assert mapo[HEADER] == "miss"
    assert mapo.content != everyone.content
    assert "마포" in soup(mapo).select_one("#filter-district option[selected]").get_text()

    reordered = client.get("/centres/?kind=home_care&district=%EB%A7%88%ED%8F%AC%EA%B5%AC")
    assert reordered[HEADER] == "hit"
    assert reordered.content == mapo.content
    other = client.get("/centres/", {"district": "노원구", "kind": "home_care"})
    assert other[HEADER] == "miss"
    assert other.content != mapo.content


def test_pages_are_compressed_for_browsers_that_accept_it(client, home_page):
    plain = client.get("/about/")
    zipped = client.get("/about/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3
    assert "Accept-Encoding" in zipped["Vary"]

    br = client.get("/about/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain.content


def test_pages_that_are_not_cached_are_compressed_too(client, home_page):
    response = client.get("/services/emergency-care-application/", HTTP_ACCEPT_ENCODING="gzip")
    assert response[HEADER] == "off"
    assert response["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(response.content)


def test_not_found_is_not_cached(client, home_page):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    home_page.add_child(instance=ContentPage(title="이제 있는 페이지", slug="no-such-page"))
    response = client.get("/no-such-page/")
    assert response.status_code == 200
    assert title_of(response) == "이제 있는 페이지"


# --- editors' changes show at once -------------------------------------------------


def test_publishing_a_change_shows_at_once(client, home_page):
    assert title_of(client.get("/about/")) == "기관소개"
    assert client.get("/about/")[HEADER] == "hit"
    about = ContentPage.objects.get(url_path="/home/about/")
    about.title = "우리 기관"
    publish(about)

    response = client.get("/about/")
    assert response[HEADER] == "miss"
    assert title_of(response) == "우리 기관"
    # ...and everywhere it shows: the main menu of other pages, too.
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "주 메뉴"})
    assert "우리 기관" in nav.get_text()


def test_a_draft_does_not_change_the_public_page(client, home_page):
    client.get("/about/")
    about = ContentPage.objects.get(url_path="/home/about/")
    about.title = "초안 제목"
    about.save_revision()
    assert title_of(client.get("/about/")) == "기관소개"


def test_unpublishing_removes_the_page_at_once(client, home_page):
    assert client.get("/about/mission/").status_code == 200
    ContentPage.objects.get(url_path="/home/about/mission/").unpublish()
    assert client.get("/about/mission/").status_code == 404
    assert "/about/mission/" not in client.get("/about/").content.decode()


def test_moving_a_page_shows_it_at_its_new_address(client, home_page):
    client.get("/about/board/")
    client.get("/")
    board = ContentPage.objects.get(url_path="/home/about/board/")
    board.move(home_page, pos="last-child")
    old = client.get("/about/board/")  # not the cached page: Wagtail's redirect to the new place
    assert (old.status_code, old["Location"]) == (301, "/board/")
    moved = client.get("/board/")
    assert moved.status_code == 200
    assert title_of(moved) == board.title


def test_deleting_a_page_removes_it_from_its_listing(client, home_page):
    index = NoticeIndexPage.objects.get()
    notice = index.add_child(instance=NoticePage(
        title="곧 지울 공지", slug="to-delete", intro="요약", date=timezone.localdate()))
    assert "곧 지울 공지" in client.get("/notices/").content.decode()
    assert client.get("/notices/")[HEADER] == "hit"
    assert client.get("/notices/to-delete/").status_code == 200

    Page.objects.get(pk=notice.pk).delete()
    assert "곧 지울 공지" not in client.get("/notices/").content.decode()
    assert client.get("/notices/to-delete/").status_code == 404


def test_scheduled_publishing_shows_the_page_when_it_goes_live(client, home_page):
    page = home_page.add_child(instance=ContentPage(title="예약 공개", slug="scheduled", live=False))
    assert client.get("/scheduled/").status_code == 404
    client.get("/")
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled")
    assert title_of(client.get("/scheduled/")) == "예약 공개"


def test_editing_a_snippet_shows_on_the_pages_that_use_it(client, home_page):
    centre = CentrePage.objects.live().filter(services__isnull=False).first()
    service = centre.services.first()
    assert service.name in client.get(centre.url).content.decode()
    assert client.get(centre.url)[HEADER] == "hit"

    service.name = "새 이름의 서비스"
    service.save()
    assert "새 이름의 서비스" in client.get(centre.url).content.decode()
    CareService.objects.filter(pk=service.pk).delete()  # a queryset delete signals too
    assert "새 이름의 서비스" not in client.get(centre.url).content.decode()


def test_editing_the_contact_settings_shows_in_every_footer(client, home_page):
    client.get("/about/")
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.phone = "02-9999-0000"
    contact.save()
    footer = soup(client.get("/about/")).footer
    assert footer.find("a", href="tel:0299990000").get_text(strip=True) == "02-9999-0000"


def test_restricting_a_page_takes_it_out_of_the_cache_at_once(client, home_page):
    assert client.get("/about/budget/")[HEADER] == "miss"
    budget = Page.objects.get(url_path="/home/about/budget/")
    PageViewRestriction.objects.create(page=budget, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/budget/")
    assert response.status_code == 302  # to the login page, not the cached page
    assert "login" in response["Location"]


def test_restricting_a_section_restricts_its_pages(client, home_page):
    assert client.get("/about/board/")[HEADER] == "miss"
    about = Page.objects.get(url_path="/home/about/")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.PASSWORD,
                                       password="비밀번호1234")
    response = client.get("/about/board/")  # stored above, before the restriction
    assert soup(response).find("input", attrs={"type": "password"})  # the password form, not the page
    assert response[HEADER] == "off"  # and it is never stored
    assert "기관소개" not in [a.get_text(strip=True) for a in soup(client.get("/")).select("nav a")]


def test_search_results_show_a_newly_published_page(client, home_page):
    assert "벚꽃 축제 안내" not in client.get("/search/", {"q": "벚꽃"}).content.decode()
    home_page.add_child(instance=ContentPage(title="벚꽃 축제 안내", slug="blossom"))
    assert "벚꽃 축제 안내" in client.get("/search/", {"q": "벚꽃"}).content.decode()


def test_an_edit_during_rendering_is_not_hidden_by_the_page_being_rendered(client, home_page, monkeypatch):
    """A page rendered from data an editor changed meanwhile is not kept."""
    render = HomePage.get_context

    def editor_publishes_meanwhile(self, request, *args, **kwargs):
        context = render(self, request, *args, **kwargs)
        page_cache.invalidate()
        return context

    monkeypatch.setattr(HomePage, "get_context", editor_publishes_meanwhile)
    client.get("/")
    monkeypatch.setattr(HomePage, "get_context", render)
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/")[HEADER] == "hit"


def test_invalidation_reaches_other_processes(client, home_page):
    """Another process (here `manage.py clear_page_cache`) drops this one's pages."""
    client.get("/about/")
    assert client.get("/about/")[HEADER] == "hit"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "agency_site.settings.test",
           "PAGE_CACHE_GENERATION_FILE": django_settings.PAGE_CACHE_GENERATION_FILE}
    subprocess.run([sys.executable, "manage.py", "clear_page_cache"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    assert client.get("/about/")[HEADER] == "miss"


# --- never for people with a session, never with a form ------------------------------


def test_logged_in_editors_never_get_or_leave_cached_pages(client, admin_client, home_page):
    client.get("/about/")
    for _ in range(2):
        response = admin_client.get("/about/")
        assert response.status_code == 200
        assert HEADER not in response

    assert HEADER not in admin_client.get("/services/")
    assert client.get("/services/")[HEADER] == "miss"  # the editor's visit stored nothing


def test_a_logged_in_user_without_the_usual_cookie_is_not_cached(home_page, rf, django_user_model):
    """Belt and braces: a user known by other means is not stored either."""
    user = django_user_model.objects.create_user("staff-member", password="a long password 123")

    def view(request):
        request.user = user
        page_cache.allow(request)
        return HttpResponse("안녕하세요, 직원님")

    request = rf.get("/staff-only/")
    response = PageCacheMiddleware(view)(request)
    assert response[HEADER] == "off"


def test_visitors_with_a_session_bypass_the_cache(client, home_page):
    Client().get("/about/")  # stored by someone else
    # An applicant half-way through a form: their answers are in the session
    # (an invalid step stores nothing, so the session is set up directly).
    session = client.session
    session["request-form:1"] = {"data": {"name": "홍길동"}}
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key

    response = client.get("/about/")
    assert response.status_code == 200
    assert HEADER not in response
    assert Client().get("/services/")[HEADER] == "miss"
    client.get("/services/")
    assert Client().get("/services/")[HEADER] == "hit"  # the applicant's visit did not count


def test_a_form_page_and_its_csrf_token_are_never_cached(home_page):
    url = "/services/emergency-care-application/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    a = first.get(url)
    b = second.get(url)
    assert (a[HEADER], b[HEADER]) == ("off", "off")
    assert csrf_token(a) and csrf_token(b)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "no-store" in b["Cache-Control"]
    # Each visitor's token works for them (their form can be sent).
    sent = second.post(url, {"csrfmiddlewaretoken": csrf_token(b), "name": "홍길동"})
    assert sent.status_code == 200  # the form again with errors, not 403


def test_a_page_rendering_a_csrf_token_is_not_stored(home_page, rf):
    """Any page, not only the request forms: using the token keeps it out."""
    def view(request):
        page_cache.allow(request)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = PageCacheMiddleware(CsrfViewMiddleware(view))
    first = middleware(rf.get("/with-token/"))
    second = middleware(rf.get("/with-token/"))
    assert (first[HEADER], second[HEADER]) == ("off", "off")
    assert first.content != second.content


def test_the_liveness_check_still_never_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response[HEADER] == "off"


def test_the_cache_can_be_turned_off(client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/about/")
    assert HEADER not in client.get("/about/")
