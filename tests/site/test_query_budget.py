"""Query budgets: every public page type is built with a fixed number of
database queries, however many children or items it lists (no "N+1"). Each
page is rendered with a few items, then with many more: the count must not
change, and must stay within the page type's budget.

The page cache is off in tests, so these are the pages as built when
nothing is remembered: for the first visitor after a change. (With the cache
on, the Site, menu and footer are remembered too: see the last test.)

What every page below the home page costs, 9 queries: the Site for the host
name and the home page where routing starts (2), the pages along the path
(1, BasePage.route) and the page served as its own type (1), the view
restrictions of the page and its ancestors (1), the contact settings for the
footer (1), the footer's legal pages (1), the main menu and the restrictions
it checks (2). Breadcrumbs
cost nothing (routing has fetched the ancestors). The home page costs 7 (no
path). Each budget below says what a page type adds to that.
"""

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PillowImage
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from agency_site import page_cache
from daycares.models import ChildcareProgramme, DaycareIndexPage, DaycarePage
from home.models import ContactSettings, ContentPage, HomePageQuickLink, NoticeIndexPage, NoticePage
from services.models import (
    CareService,
    CasebookCase,
    CasebookIndexPage,
    CasebookPage,
    CasebookPageTag,
    CentreIndexPage,
    CentrePage,
    ServiceIndexPage,
    ServicePage,
)

pytestmark = pytest.mark.django_db

FEW, MORE = 2, 10  # items before, items added


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def queries(client, url):
    """The SQL of one request for `url`, after a first request has warmed
    what Wagtail keeps between requests (site root paths, renditions)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def assert_fixed(client, url, grow, budget):
    grow(FEW)
    few = queries(client, url)
    grow(MORE)
    many = queries(client, url)
    extra = [sql for sql in many if sql not in few] or many[len(few):]
    assert len(many) == len(few), f"{url}: {len(few)} → {len(many)} queries; new: {extra}"
    assert len(many) <= budget, f"{url}: {len(many)} queries, budget {budget}: {many}"


_counter = iter(range(10_000))


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def menu_section(home):
    """A section in the main menu (shown on every page)."""
    return home.add_child(instance=ContentPage(title=unique("메뉴"), slug=unique("menu"), show_in_menus=True))


def picture():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (30, 112, 184)).save(buffer, "JPEG")
    return get_image_model().objects.create(title=unique("사진"), file=ImageFile(buffer, name="photo.jpg"))


def document():
    return get_document_model().objects.create(title=unique("자료"), file=ContentFile(b"%PDF-1.4", "a.pdf"))


def rich_body(n, link_to):
    """n of each block that refers to other objects: figures, documents, page links."""
    blocks = []
    for _ in range(n):
        image = picture()
        blocks += [
            {"type": "figure", "value": {"image": {"image": image.pk, "alt_text": image.title,
                                                   "decorative": False}, "caption": "설명"}},
            {"type": "document", "value": {"document": document().pk, "title": ""}},
            {"type": "call_to_action", "value": {"title": "더 보기", "text": "", "page": link_to.pk,
                                                 "url": "", "button_label": "보기"}},
        ]
    return json.dumps(blocks)


def add_body_blocks(page, n):
    existing = [{"type": block.block_type, "value": block.block.get_prep_value(block.value)}
                for block in page.body]
    page.body = json.dumps(existing + json.loads(rich_body(n, page.get_parent())))
    page.save_revision().publish()


# --- page types -----------------------------------------------------------------------


def test_home_page(client, home_page):
    index = NoticeIndexPage.objects.get()

    def grow(n):
        for _ in range(n):
            target = menu_section(home_page)
            HomePageQuickLink.objects.create(page=home_page, title=target.title, link_page=target)
            index.add_child(instance=NoticePage(title=unique("알림"), slug=unique("n"), intro="요약"))

    # 7 + quick links with their pages (1), the newest notices: their index,
    # restrictions and the notices (3), their index again for "모두 보기" (1),
    # 전화로 문의하기: the teams (1), the daycares' team and its restrictions (2).
    assert_fixed(client, "/", grow, budget=15)


def test_content_page(client, home_page):
    about = ContentPage.objects.get(url_path="/home/about/")

    def grow(n):
        for _ in range(n):
            about.add_child(instance=ContentPage(title=unique("하위"), slug=unique("sub")))
        add_body_blocks(about, n)

    # 9 + its children and their restrictions (2); body: the images and
    # their renditions (2), documents (1), linked pages (1).
    assert_fixed(client, "/about/", grow, budget=15)


def test_service_index_and_service_page(client, home_page):
    index = ServiceIndexPage.objects.get()
    service = ServicePage.objects.get(slug="emergency-care")
    care = CareService.objects.first()
    service.care_services.add(care)
    service.save_revision().publish()
    centres = CentreIndexPage.objects.get()

    def grow_index(n):
        for _ in range(n):
            index.add_child(instance=ServicePage(title=unique("서비스"), slug=unique("s"), intro="요약"))

    # 9 + the services and their restrictions (2).
    assert_fixed(client, index.url, grow_index, budget=11)

    def grow_service(n):
        for _ in range(n):
            centre = CentrePage(title=unique("센터"), slug=unique("c"), district="마포구", address="주소")
            centre.services = [care]
            centres.add_child(instance=centre)

    # 9 + its apply page (1), its care services (1), the centres providing
    # them and their restrictions (2), the centre finder's address (1), its
    # team for 문의 (1).
    assert_fixed(client, service.url, grow_service, budget=15)


def test_centre_index_and_centre_page(client, home_page):
    index = CentreIndexPage.objects.get()
    centre = CentrePage.objects.get(slug="mapo")

    def grow(n):
        for _ in range(n):
            care = CareService.objects.create(name=unique("돌봄"), slug=unique("care"))
            page = CentrePage(title=unique("센터"), slug=unique("c"), district="마포구", address="주소")
            page.services = [care]
            index.add_child(instance=page)
            centre.services.add(care)
        centre.save_revision().publish()

    # 9 + the care services to filter by (1), the count and one page of
    # centres, with their services and the restrictions (4), the team that
    # answers about centres (1, through the services index).
    assert_fixed(client, index.url, grow, budget=15)
    # 9 + its services (1), the team that answers about centres (1).
    assert_fixed(client, centre.url, grow, budget=11)


def test_daycare_index_and_daycare_page(client, home_page):
    index = DaycareIndexPage.objects.get()
    daycare = DaycarePage.objects.first()

    def grow(n):
        for _ in range(n):
            programme = ChildcareProgramme.objects.create(
                name=unique("보육"), slug=unique("p"), description="설명",
                kind=ChildcareProgramme.Kind.COMMON)
            page = DaycarePage(title=unique("어린이집"), slug=unique("d"), district="마포구", address="주소",
                               opened_on=datetime.date(2020, 1, 1), capacity=20)
            page.programmes = [programme]
            index.add_child(instance=page)
            daycare.programmes.add(programme)
        daycare.save_revision().publish()

    # 9 + the finder: the programmes and districts offered (2), the count
    # and one page of daycares, with their programmes and the restrictions (4).
    assert_fixed(client, index.url, grow, budget=15)
    # 9 + its programmes (1), the programmes every daycare runs (1), the
    # team that answers about daycares (1).
    assert_fixed(client, daycare.url, grow, budget=12)


def test_casebook_index_and_casebook_page(client, home_page):
    index = CasebookIndexPage.objects.get()
    casebook = CasebookPage.objects.get()
    pdf = document()

    def grow(n):
        for _ in range(n):
            name = unique("태그")
            index.add_child(instance=CasebookPage(
                title=unique("사례집"), slug=unique("cb"), year=2020, summary="요약", document=pdf,
                tagged_items=[CasebookPageTag(tag=Tag.objects.create(name=name, slug=name))],
            ))
            casebook.cases.add(CasebookCase(title=unique("사례"), setting="상황", problem="어려움",
                                            action="한 일", result="결과"))
            casebook.tags.add(unique("태그"))
        casebook.save_revision().publish()

    # 9 + the years and tags to filter by (2), the count and one page of
    # casebooks with their documents, their tags and the restrictions (4).
    assert_fixed(client, index.url, grow, budget=15)
    # 9 + its cases (1), its tags (1).
    assert_fixed(client, casebook.url, grow, budget=11)


def test_notice_index_notice_page_and_feed(client, home_page):
    index = NoticeIndexPage.objects.get()
    notice = index.add_child(instance=NoticePage(title="본문 있는 알림", slug="with-body", intro="요약"))

    def grow(n):
        for _ in range(n):
            index.add_child(instance=NoticePage(title=unique("알림"), slug=unique("n"), intro="요약",
                                                date=timezone.localdate()))
        add_body_blocks(notice, n)

    # 9 + the count and one page of notices, with the restrictions (3).
    assert_fixed(client, index.url, grow, budget=12)
    # 9 + routing through the index, which has routes of its own (2); body:
    # the images and their renditions (2), documents (1), linked pages (1).
    assert_fixed(client, notice.url, grow, budget=15)
    # Routing (4), restrictions (1), the newest notices with the restrictions (2),
    # the agency's name for the channel (1; remembered between requests in production).
    assert_fixed(client, index.url + "rss/", grow, budget=8)


def test_search_results(client, home_page):
    def grow(n):
        for _ in range(n):
            home_page.add_child(instance=ContentPage(title=unique("돌봄 안내"), slug=unique("care")))

    # Not a Wagtail page. The search (search/backend.py, search/views.py): its
    # rate-limit count (one upsert in its own savepoint, so a store error
    # cannot spoil the request: 3); the restrictions, the synonym list, the ranking over the index, every
    # match's path (for the count and each section's count) and the page of
    # results (5); the Site (1); the menu's sections, to label each result
    # (1); the words to mark (the synonym list again, 1: with the page cache
    # on it is remembered, as the sections and promotions are); the shown
    # results' text from the index, for the excerpts (1); the promotions (1);
    # the footer (2), the menu (2).
    assert_fixed(client, "/search/?q=돌봄", grow, budget=17)


def test_request_form_start_page(client, home_page):
    def grow(n):
        for _ in range(n):
            menu_section(home_page)

    # 9, its team for 문의 (1), and the 개인정보처리방침 link in each of its
    # two consent notices (2, rendered apart from the page); the choices are fixed lists.
    assert_fixed(client, "/services/emergency-care-application/", grow, budget=12)


def test_the_menu_and_breadcrumbs_do_not_grow_with_the_site(client, home_page):
    def grow(n):
        for _ in range(n):
            menu_section(home_page)

    # 9 + its (no) children and their restrictions (1).
    assert_fixed(client, "/about/organisation/", grow, budget=10)


def test_with_the_page_cache_on_the_site_menu_and_footer_are_remembered(client_with_session, home_page,
                                                                        page_cache_on):
    """Pages the cache cannot serve (forms, visitors with a session) still
    skip the queries for what every page shows, until something changes."""
    client = client_with_session
    # The pages along the path and the page (2), the restrictions (1), the
    # centre's services (1), its team (1): 11 without the cache, less the
    # Site, the home page, the footer, its legal links and the menu (6). The
    # session is never read here.
    assert len(queries(client, "/centres/mapo/")) == 5
    # The form page: 12 - 6 - 2 (the policy's address is remembered too),
    # and its session (1).
    assert len(queries(client, "/services/emergency-care-application/")) == 5

    ContactSettings.objects.update(phone="02-1111-2222")
    page_cache.invalidate()  # as the admin's save does (a queryset update sends no signal)
    response = client.get("/centres/mapo/")
    assert "02-1111-2222" in response.content.decode()
    added = menu_section(home_page)
    assert added.title in client.get("/centres/mapo/").content.decode()  # the menu, at once
    assert len(queries(client, "/centres/mapo/")) == 5
