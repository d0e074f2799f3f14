"""A number to call wherever someone may want to call (issue 12, "Contacts
everywhere"): every service page, every step of every request form, the
status pages, the error pages, the training pages; centres and daycares with
their opening hours, the way there and (daycares) the 아이사랑 waiting list."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client, RequestFactory
from wagtail.models import Site

from agency_site import errors
from agency_site.contact_links import map_search_url, tel_href
from daycares.models import CHILDCARE_PORTAL_WAITLIST_URL, DaycareIndexPage, DaycarePage
from home import seed
from home.models import ContactSettings
from services.models import (
    CentrePage,
    Queue,
    RequestFormPage,
    RequestKind,
    ServicePage,
    ServiceRequest,
    Team,
    TrainingPage,
    TrainingSession,
)
from services.requests.ratelimit import LOOKUP as lookup_limit
from tests.malformed import valid_answers

pytestmark = pytest.mark.django_db

# The seed's teams (000, the head of each programme section): team lines only.
CARE = ("돌봄사업팀", "tel:0220388698")  # 1 종합재가센터 통합, 1-1 ~ 1-6
SUPPORT = ("사업지원팀", "tel:0220388569")  # 2 긴급돌봄지원사업, 3-4 민간 제공기관 지원
CHILDCARE = ("보육사업팀", "tel:0220388717")  # 2-1 국공립어린이집 운영
SERVICE_TEAMS = {
    "visiting-care": CARE, "visiting-bath": CARE, "visiting-nursing": CARE,
    "disability-support": CARE, "care-sos": CARE, "dementia-care": CARE, "day-care": CARE,
    "emergency-care": SUPPORT, "provider-support": SUPPORT,
}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # remembered settings, cached pages, rate-limit counts
    yield
    cache.clear()


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def contact(response):
    """The "문의" block: (team name, tel: link) as the page shows them."""
    block = soup(response).find(class_="agency-contact")
    assert block is not None, "no 문의 block on the page"
    assert block.find(["h2", "h3"]).get_text(strip=True) == "문의"
    tel_links = block.find_all("a", href=lambda href: href and href.startswith("tel:"))
    links = {a["href"] for a in tel_links}
    assert len(links) == 1, links  # the number and the "전화 걸기" button dial the same
    assert any(a.get_text(strip=True).startswith("전화 걸기") for a in tel_links)
    return block.find(class_="agency-contact__name").get_text(strip=True), links.pop()


def set_agency_phone(phone):
    identity = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    identity.phone = phone
    identity.save()
    cache.clear()


# ---------------------------------------------------------------------------
# Service pages
# ---------------------------------------------------------------------------

def test_every_published_service_page_names_its_team_with_a_tel_link(client, site_content):
    pages = ServicePage.objects.live().public()
    assert {page.slug for page in pages} == set(SERVICE_TEAMS)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        assert contact(response) == SERVICE_TEAMS[page.slug], page.slug


def test_an_editor_s_team_is_the_one_shown(client, site_content):
    page = ServicePage.objects.get(slug="visiting-care")
    page.contact_team = Team.objects.create(name="성동종합재가센터", slug="seongdong", phone="02 2038 1234")
    page.save_revision().publish()
    assert contact(client.get(page.url)) == ("성동종합재가센터", "tel:0220381234")


def test_a_team_s_new_number_shows_at_once_on_every_page_of_the_team(client, site_content):
    page = ServicePage.objects.get(slug="care-sos")
    assert contact(client.get(page.url)) == CARE  # now in the page cache
    team = Team.objects.get(slug="care-services")
    team.phone = "02-2038-8699"
    team.save()
    assert contact(client.get(page.url)) == ("돌봄사업팀", "tel:0220388699")


# ---------------------------------------------------------------------------
# Request forms: every step of every kind, and the status pages
# ---------------------------------------------------------------------------

def form_page(kind):
    return RequestFormPage.objects.live().get(kind=kind)


def bookable_session():
    return TrainingSession.objects.open_for_booking().order_by("date").first()


@pytest.mark.parametrize("kind", list(RequestKind.values))
def test_every_step_of_every_request_form_gives_the_team_s_number(site_content, kind):
    page = form_page(kind)
    applicant = Client()
    assert contact(applicant.get(page.url)) == SUPPORT

    answers = valid_answers(kind, bookable_session() if kind == RequestKind.TRAINING else None)
    checked = applicant.post(page.url, answers)
    assert checked.status_code == 303, soup(checked).find(class_="agency-contact")
    check_page = applicant.get(checked["Location"])
    assert contact(check_page) == SUPPORT

    sent = applicant.post(checked["Location"])
    assert sent.status_code == 303 and sent["Location"].endswith("done/")
    done = applicant.get(sent["Location"])
    assert done.status_code == 200
    assert soup(done).find(attrs={"data-reference": True}) is not None
    assert contact(done) == SUPPORT


def test_every_request_form_has_a_team_even_without_its_own(site_content):
    for page in RequestFormPage.objects.live():
        RequestFormPage.objects.filter(pk=page.pk).update(contact_team=None)
        fresh = RequestFormPage.objects.get(pk=page.pk)
        assert fresh.team is not None, page.slug  # the service page's, else its queue's
        assert (fresh.team.name, tel_href(fresh.team.phone)) == SUPPORT


@pytest.mark.parametrize("kind", list(RequestKind.values))
def test_refusing_consent_says_which_number_to_apply_by(site_content, kind):
    page = form_page(kind)
    answers = valid_answers(kind, bookable_session() if kind == RequestKind.TRAINING else None)
    del answers["privacy_consent"]
    response = Client().post(page.url, answers)
    assert response.status_code == 200
    text = soup(response).main.get_text(" ", strip=True)
    assert "동의하지 않으려면 사업지원팀(02-2038-8569)에 전화하거나 방문해 신청해 주세요." in text


def test_the_status_lookup_gives_the_agency_s_number_or_the_requests_team(site_content):
    assert contact(Client().get("/requests/status/")) == SUPPORT  # no 대표전화 in the documents

    set_agency_phone("02-2038-8600")
    assert contact(Client().get("/requests/status/")) == ("대표전화", "tel:0220388600")


def test_the_status_page_gives_the_number_of_the_request_s_team(site_content):
    applicant = Client()
    page = form_page(RequestKind.EMERGENCY_CARE)
    checked = applicant.post(page.url, valid_answers(RequestKind.EMERGENCY_CARE))
    done = applicant.get(applicant.post(checked["Location"])["Location"])
    reference = soup(done).find(attrs={"data-reference": True}).get_text(strip=True)

    found = applicant.post("/requests/status/", {"reference": reference, "phone": "010-1234-5678"})
    assert found.status_code == 302
    assert contact(applicant.get(found["Location"])) == SUPPORT

    # The request's queue decides: a queue answered by another team shows that team.
    queue = ServiceRequest.objects.get(reference=reference).queue
    queue.contact_team = Team.objects.create(
        name="서북권 종합재가센터", slug="northwest", phone="02-300-4000",
    )
    queue.save()
    assert contact(applicant.get(found["Location"])) == ("서북권 종합재가센터", "tel:023004000")


def test_the_withdraw_question_and_the_rate_limit_page_give_a_number(site_content):
    applicant = Client()
    page = form_page(RequestKind.EMERGENCY_CARE)
    checked = applicant.post(page.url, valid_answers(RequestKind.EMERGENCY_CARE))
    done = applicant.get(applicant.post(checked["Location"])["Location"])
    reference = soup(done).find(attrs={"data-reference": True}).get_text(strip=True)
    applicant.post("/requests/status/", {"reference": reference, "phone": "010-1234-5678"})
    assert contact(applicant.post("/requests/status/withdraw/")) == SUPPORT  # "정말 취소할까요?"

    stranger = Client(REMOTE_ADDR="10.9.8.7")
    for _ in range(lookup_limit.max_requests + 1):
        blocked = stranger.post("/requests/status/", {"reference": "EC-AAAA-BBBB", "phone": "010-1111-2222"})
    assert blocked.status_code == 429  # "잠시 뒤에 다시 시도해 주세요 … 급하시면 전화로"
    assert contact(blocked) == SUPPORT


def test_every_queue_has_a_team_to_call(site_content):
    assert not Queue.objects.filter(contact_team__isnull=True).exists()


# ---------------------------------------------------------------------------
# Error pages
# ---------------------------------------------------------------------------

def test_the_404_page_gives_the_agency_s_number(client, site_content):
    set_agency_phone("02-2038-8600")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert contact(response) == ("대표전화", "tel:0220388600")


def test_the_500_page_gives_the_agency_s_number_when_it_can_be_read(site_content):
    set_agency_phone("02-2038-8600")
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert contact(response) == ("대표전화", "tel:0220388600")


def test_the_500_page_without_the_database_gives_no_number_but_still_renders(site_content, monkeypatch):
    import home.identity

    def unreachable(request=None):
        raise RuntimeError("database down")

    monkeypatch.setattr(home.identity, "current", unreachable)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = soup(response)
    assert html.h1.get_text(strip=True) == "일시적인 오류가 발생했습니다"
    assert html.find("a", href=lambda href: href and href.startswith("tel:")) is None


def test_the_plain_fallback_page_gives_the_number_too():
    html = BeautifulSoup(errors.fallback_html(500, "기관", "02-2038-8600"), "html.parser")
    assert html.find("a", href="tel:0220388600").get_text() == "02-2038-8600"
    assert "tel:" not in errors.fallback_html(500, "기관", "")


# ---------------------------------------------------------------------------
# Training pages
# ---------------------------------------------------------------------------

def test_training_pages_give_the_team_that_runs_the_trainings(client, site_content):
    trainings = TrainingPage.objects.live()
    assert trainings.exists()
    assert contact(client.get(trainings.first().get_parent().url)) == SUPPORT
    for training in trainings:
        assert contact(client.get(training.url)) == SUPPORT, training.slug


# ---------------------------------------------------------------------------
# Centres, daycares and the district finder
# ---------------------------------------------------------------------------

def test_a_centre_page_shows_the_way_there_and_hides_what_is_empty(client, site_content):
    centre = CentrePage.objects.get(slug="dobong")
    assert centre.phone == "" and centre.opening_hours == ""
    html = soup(client.get(centre.url))
    text = html.main.get_text(" ", strip=True)
    assert "등록된 번호가 없습니다" not in text
    keys = [dt.get_text(strip=True) for dt in html.select(".agency-summary-list__key")]
    assert "전화" not in keys and "운영 시간" not in keys

    directions = html.find(id="directions-heading").find_parent("section")
    assert directions.find(["h2", "h3"]).get_text(strip=True) == "찾아오는 길"
    assert centre.address in directions.get_text()
    link = directions.find("a", href=map_search_url(centre.address))
    assert link["href"] == "https://map.kakao.com/?q=" + quote(centre.address, safe="")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert "(새 창)" in link.get_text()
    assert not html.find_all("iframe")  # a link out, no embedded map
    assert contact(client.get(centre.url)) == CARE  # no number of its own: the centres' team


def test_a_centre_s_own_number_and_hours_are_shown_when_set(client, site_content):
    centre = CentrePage.objects.get(slug="dobong")
    centre.phone = "02-2038-0000"
    centre.opening_hours = "평일 09:00–18:00"
    centre.save_revision().publish()
    html = soup(client.get(centre.url))
    rows = {row.dt.get_text(strip=True): row.dd for row in html.select(".agency-summary-list__row")}
    assert rows["전화"].find("a", href="tel:0220380000").get_text(strip=True) == "02-2038-0000"
    assert rows["운영 시간"].get_text(strip=True) == "평일 09:00–18:00"
    assert contact(client.get(centre.url)) == ("도봉종합재가센터", "tel:0220380000")


def test_the_district_finder_gives_a_number_for_every_answer(client, site_content):
    index = CentrePage.objects.first().get_parent()
    for district in ["은평구", "종로구", "도봉구"]:
        answer = soup(client.get(index.url, {"my_district": district})).find(id="finder-answer")
        phones = {a["href"] for a in answer.select('a[href^="tel:"]')}
        assert phones == {CARE[1]}, district  # the centres have no numbers yet: their team's

    centre = CentrePage.objects.get(slug="eunpyeong")
    centre.phone = "02-388-0000"
    centre.save_revision().publish()
    cache.clear()
    answer = soup(client.get(index.url, {"my_district": "은평구"})).find(id="finder-answer")
    assert answer.find("a", href="tel:023880000").get_text(strip=True) == "02-388-0000"


def test_a_daycare_page_shows_the_way_there_the_waiting_list_and_a_number(client, site_content):
    daycare = DaycarePage.objects.live().first()
    assert daycare.phone == "" and daycare.opening_hours == ""
    html = soup(client.get(daycare.url))
    keys = [dt.get_text(strip=True) for dt in html.select(".daycare-facts dt")]
    assert "전화번호" not in keys and "운영 시간" not in keys

    assert html.find("a", href=map_search_url(daycare.address))["target"] == "_blank"
    waitlist = html.find("a", href=CHILDCARE_PORTAL_WAITLIST_URL)
    assert waitlist is not None and "입소대기" in waitlist.get_text() and "(새 창)" in waitlist.get_text()
    assert "noopener" in waitlist["rel"]
    assert contact(client.get(daycare.url)) == CHILDCARE


def test_the_daycare_finder_gives_a_number_for_each_daycare(client, site_content):
    index = DaycareIndexPage.objects.get()
    daycare = DaycarePage.objects.child_of(index).live().first()
    results = soup(client.get(index.url, {"district": daycare.district})).select(".daycare-results__item")
    assert results
    for item in results:
        assert item.find("a", href=CHILDCARE[1]) is not None

    daycare.phone = "02-951-0000"
    daycare.save_revision().publish()
    cache.clear()
    results = soup(client.get(index.url, {"district": daycare.district})).select(".daycare-results__item")
    mine = next(item for item in results if daycare.title in item.get_text())
    assert mine.find("a", href="tel:029510000") is not None
    assert contact(client.get(index.url)) == CHILDCARE


# ---------------------------------------------------------------------------
# The content loader and the helpers
# ---------------------------------------------------------------------------

def test_loading_again_gives_a_team_to_a_page_that_has_none_and_keeps_an_editor_s(site_content):
    ServicePage.objects.filter(slug="care-sos").update(contact_team=None)
    chosen = Team.objects.create(name="돌봄SOS 담당", slug="care-sos-desk", phone="02-2038-1111")
    edited = ServicePage.objects.get(slug="visiting-bath")
    edited.contact_team = chosen
    edited.save_revision().publish()

    seed.load()
    assert ServicePage.objects.get(slug="care-sos").contact_team.slug == "care-services"
    assert ServicePage.objects.get(slug="visiting-bath").contact_team == chosen


@pytest.mark.parametrize(("phone", "href"), [
    ("02-2038-8569", "tel:0220388569"),
    ("02) 2038 8569", "tel:0220388569"),
    ("+82-2-2038-8569", "tel:+82220388569"),
    ("", ""),
    ("없음", ""),
])
def test_tel_links_dial_the_digits(phone, href):
    assert tel_href(phone) == href


# ---------------------------------------------------------------------------
# The editors' side
# ---------------------------------------------------------------------------

def test_editors_manage_the_teams_in_korean_and_pages_and_queues_choose_one(admin_client, site_content):
    add = admin_client.get("/admin/snippets/services/team/add/")
    assert add.status_code == 200
    labels = {label.get_text(" ", strip=True).rstrip("*").strip() for label in soup(add).find_all("label")}
    assert {"팀 이름", "전화번호", "전자우편", "전화 받는 시간"} <= labels
    created = admin_client.post("/admin/snippets/services/team/add/", {
        "name": "보육사업팀", "slug": "childcare", "phone": "02-2038-8717", "email": "", "hours": "",
    })
    assert created.status_code == 302
    assert Team.objects.get(slug="childcare").phone == "02-2038-8717"

    queue = Queue.objects.get(name="미분류")
    edit = soup(admin_client.get(f"/admin/queue/edit/{queue.pk}/"))
    assert edit.find("label", string=lambda text: text and "문의 담당 팀" in text) is not None
    page = ServicePage.objects.get(slug="care-sos")
    edit = soup(admin_client.get(f"/admin/pages/{page.pk}/edit/"))
    assert edit.find(attrs={"name": "contact_team"}) is not None
