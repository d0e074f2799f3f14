"""What the confirmation and status pages promise: when the team will be in
touch (from the queue's own deadline), what happens next, the team's number;
and, for a training booking, a seat and a request status that say the same."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from agency_site.contact_links import tel_href
from services.models import RequestFormPage, RequestKind, ServiceRequest, Status
from services.models.request_details import Seat
from services.requests import deadlines, notifications, pipeline, status_page, status_texts
from services.training import seats
from tests.malformed import valid_answers
from tests.staff import make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

DETAIL_URL = "/requests/status/view/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return soup(response).find("main").get_text(" ", strip=True)


def contact(response):
    block = soup(response).find(class_="agency-contact")
    return (
        block.find(class_="agency-contact__name").get_text(strip=True),
        block.find("a", class_="agency-contact__phone")["href"],
    )


def status_page_of(service_request):
    client = Client()
    assert client.get(f"/requests/status/{notifications.status_token(service_request)}/").status_code == 303
    return client.get(DETAIL_URL)


def apply_online(kind=RequestKind.EMERGENCY_CARE):
    """The whole form as a person fills it in; returns (confirmation page, the request)."""
    page = RequestFormPage.objects.live().get(kind=kind)
    client = Client()
    checked = client.post(page.url, valid_answers(kind))
    assert checked.status_code == 303
    done = client.get(client.post(checked["Location"])["Location"])
    reference = soup(done).find(attrs={"data-reference": True}).get_text(strip=True)
    return done, ServiceRequest.objects.get(reference=reference)


@pytest.fixture
def worker(site_content):
    return make_staff("nw-kim", "서북권 종합재가센터")


# --- the promise, the next steps, the number ------------------------------------------


def test_the_confirmation_promises_a_call_by_the_queues_deadline_and_gives_the_teams_number(site_content):
    done, service_request = apply_online()
    promised = deadlines.promise(service_request)
    assert promised and promised["due_text"] in promised["sentence"]
    assert soup(done).find(id="status-promise").get_text(strip=True) == promised["sentence"]
    team = service_request.contact_team
    assert contact(done) == (team.name, tel_href(team.phone))
    assert "다음 절차" in text(done)


def test_the_status_page_gives_the_promise_the_next_steps_and_the_teams_number(site_content):
    _done, service_request = apply_online()
    response = status_page_of(service_request)
    page = soup(response)
    assert (
        page.find(id="status-promise").get_text(strip=True) == deadlines.promise(service_request)["sentence"]
    )
    steps = [li.get_text(strip=True) for li in page.find(id="next-steps").find_all("li")]
    assert steps == list(status_page.NEXT_STEPS[Status.SUBMITTED])
    assert any("전화" in step for step in steps)  # people should know a call is coming
    team = service_request.contact_team
    assert contact(response) == (team.name, tel_href(team.phone))


def test_while_waiting_for_the_applicant_the_page_says_the_deadline_stands_still(site_content, worker):
    _done, service_request = apply_online()
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    pipeline.change_status(service_request, Status.WAITING, worker, text="통장 사본을 보내 주세요.")
    page = soup(status_page_of(service_request))
    assert page.find(id="status-promise").get_text(strip=True) == deadlines.PAUSED_SENTENCE
    assert page.find(id="status-explanation").get_text(strip=True) == status_texts.explanation(Status.WAITING)
    steps = page.find(id="next-steps").get_text(" ", strip=True)
    assert "답변" in steps


@pytest.mark.parametrize("closing", [Status.REJECTED, Status.WITHDRAWN])
def test_a_closed_request_promises_nothing(site_content, worker, closing):
    _done, service_request = apply_online()
    pipeline.change_status(service_request, closing, worker, text="중복 신청입니다.")
    page = soup(status_page_of(service_request))
    assert page.find(id="status-promise") is None and page.find(id="next-steps") is None


# --- a training booking: the seat and the status agree ------------------------------------


def test_a_confirmed_seat_is_confirmed_on_both_pages(home_page):
    session = make_training(home_page, capacity=5, title="치매 돌봄 기초").sessions.get()
    booking = booking_for(session, 1)
    assert booking.seat == Seat.CONFIRMED and booking.request.status == Status.SUBMITTED

    page = soup(status_page_of(booking.request))
    assert page.find(id="booking-seat").get_text(strip=True) == "확정"
    explanation = page.find(id="status-explanation").get_text(strip=True)
    assert explanation.startswith("자리가 확정되었습니다")
    # Nothing says it still has to be looked at.
    assert page.find(id="current-status") is None
    assert status_texts.explanation(Status.SUBMITTED) not in page.get_text()
    assert "곧 신청 내용을 확인합니다" not in page.get_text()
    assert page.find(id="status-promise") is None  # nobody needs to call about a decided seat
    assert "치매 돌봄 기초" in page.find("main").get_text()


def test_a_confirmed_seat_on_the_confirmation_page(home_page):
    session = make_training(home_page, capacity=5).sessions.get()
    page = RequestFormPage.objects.live().get(kind=RequestKind.TRAINING)
    client = Client()
    checked = client.post(page.url, valid_answers(RequestKind.TRAINING, session))
    done = soup(client.get(client.post(checked["Location"])["Location"]))
    assert done.find("h1").get_text(strip=True) == "교육 자리가 확정되었습니다"
    assert done.find(id="booking-seat").get_text(strip=True) == "확정"
    assert done.find(id="status-explanation").get_text(strip=True).startswith("자리가 확정되었습니다")
    assert "곧 신청 내용을 확인합니다" not in done.get_text()


def test_a_seat_waiting_for_approval_says_so_and_keeps_the_promise(home_page):
    session = make_training(home_page, capacity=5, requires_approval=True).sessions.get()
    booking = booking_for(session, 1)
    assert booking.seat == Seat.PENDING
    page = soup(status_page_of(booking.request))
    assert page.find(id="booking-seat").get_text(strip=True) == "승인 대기"
    assert "담당자가 신청을 확인한 뒤 자리를 확정합니다" in page.find(id="status-explanation").get_text()
    assert (
        page.find(id="status-promise").get_text(strip=True) == deadlines.promise(booking.request)["sentence"]
    )


def test_a_waiting_list_place_gives_its_position(home_page):
    session = make_training(home_page, capacity=1).sessions.get()
    booking_for(session, 1)
    waiting = booking_for(session, 2)
    page = soup(status_page_of(waiting.request))
    assert page.find(id="booking-seat").get_text(strip=True) == "대기"
    assert page.find(id="waitlist-position").get_text(strip=True) == "대기 순번 1번"
    assert page.find(id="status-explanation").get_text(strip=True).startswith("정원이 차서 대기자로")


def test_once_staff_ask_for_more_the_request_status_leads_and_the_seat_follows(home_page):
    session = make_training(home_page, capacity=5).sessions.get()
    booking = booking_for(session, 1)
    support = make_staff("hq-park", "사업지원팀")
    pipeline.change_status(booking.request, Status.TRIAGED, support)
    pipeline.change_status(booking.request, Status.WAITING, support, text="재직증명서를 보내 주세요.")
    page = soup(status_page_of(booking.request))
    assert page.find(id="current-status").get_text(strip=True) == "보완요청"
    assert page.find(id="booking-seat").get_text(strip=True) == "확정"
    assert page.find("form", id="reply-form") is not None


def test_a_cancelled_booking_shows_the_cancellation_not_the_seat(home_page):
    session = make_training(home_page, capacity=5).sessions.get()
    booking = booking_for(session, 1)
    seats.cancel(booking)
    page = soup(status_page_of(booking.request))
    assert page.find(id="current-status").get_text(strip=True) == "취소"
    assert page.find(id="booking-seat").get_text(strip=True) == "취소"
    assert page.find(id="status-explanation").get_text(strip=True) == status_texts.explanation(
        Status.WITHDRAWN
    )
    assert page.find(id="status-promise") is None
