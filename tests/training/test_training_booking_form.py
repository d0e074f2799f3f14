"""Booking a training through the site: the form (reached from a session's
"신청하기"), check answers, the seat it got, the e-mail with the calendar
file, and cancelling through the e-mailed link, which passes the seat on."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from icalendar import Calendar

from services.models import RequestFormPage, ServiceRequest, TrainingBooking
from services.models.request_details import Seat
from services.requests import notifications
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_page(site_content):
    return RequestFormPage.objects.get(kind="training")


def answers(n, session):
    return {
        "session": str(session.pk), "organisation_name": "햇살재가복지센터",
        "business_number": "123-45-67891", "provider_type": "long_term_care", "district": "노원구",
        "name": f"참석자{n}", "role": "요양보호사", "phone": f"010-7000-{n:04d}",
        "email": f"person{n}@example.com", "privacy_consent": "on", "website": "",
    }


def book_through_the_site(form_page, session, n, django_capture_on_commit_callbacks):
    client = Client()
    checked = client.post(form_page.url, answers(n, session))
    assert checked.status_code == 303, checked.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(checked["Location"])
    assert sent.status_code == 303
    return client, client.get(sent["Location"])


def text(response):
    return BeautifulSoup(response.content, "html.parser").main.get_text(" ", strip=True)


def test_a_sessions_link_preselects_it_and_shows_only_that_trainings_sessions(home_page, form_page):
    chosen = make_training(home_page, sessions=2, title="치매전문교육 A").sessions.first()
    make_training(home_page, title="다른 교육")
    page = BeautifulSoup(Client().get(f"{form_page.url}?session={chosen.pk}").content, "html.parser")
    radios = page.find_all("input", attrs={"name": "session"})
    assert len(radios) == 2
    assert [r["value"] for r in radios if r.has_attr("checked")] == [str(chosen.pk)]
    assert "30석 남음" in page.find("label", attrs={"for": radios[0]["id"]}).get_text()


def test_booking_a_seat_confirms_it_and_emails_the_calendar_file(
    home_page, form_page, django_capture_on_commit_callbacks,
):
    session = make_training(home_page, capacity=2, title="인지상정 활용교육").sessions.get()
    mail.outbox.clear()
    _client, done = book_through_the_site(form_page, session, 1, django_capture_on_commit_callbacks)
    assert "교육 자리가 확정되었습니다" in text(done)
    booking = TrainingBooking.objects.get(session=session)
    assert booking.seat == Seat.CONFIRMED and booking.request.kind == "training"
    receipt = next(m for m in mail.outbox if m.to == ["person1@example.com"])
    assert "인지상정 활용교육" in receipt.body and "확정" in receipt.body
    name, content, mimetype = receipt.attachments[0]
    assert name == "training.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["SUMMARY"] == "인지상정 활용교육"
    assert event.decoded("DTSTART") == session.starts_at
    assert re.search(r"/requests/status/[^/\s]+/", receipt.body)  # the signed link to view or cancel


def test_a_full_session_puts_people_on_the_waiting_list_with_their_position(
    home_page, form_page, django_capture_on_commit_callbacks,
):
    session = make_training(home_page, capacity=1).sessions.get()
    booking_for(session, 1)
    _client, done = book_through_the_site(form_page, session, 2, django_capture_on_commit_callbacks)
    assert "대기자로 등록되었습니다" in text(done) and "대기 순번 1번" in text(done)
    assert "정원이 차서" in text(done)


def test_booking_twice_is_refused_on_the_check_page_and_nothing_is_made(home_page, form_page):
    session = make_training(home_page).sessions.get()
    booking_for(session, 1, email="person5@example.com")
    client = Client()
    checked = client.post(form_page.url, answers(5, session))
    refused = client.post(checked["Location"])
    assert refused.status_code == 200
    assert "이미 이 회차에 신청하셨습니다" in text(refused)
    assert ServiceRequest.objects.filter(email="person5@example.com").count() == 1


def test_a_session_that_closed_after_the_form_was_filled_says_so(home_page, form_page):
    training = make_training(home_page)
    session = training.sessions.get()
    client = Client()
    checked = client.post(form_page.url, answers(6, session))
    training.is_cancelled = True
    training.save_revision().publish()
    refused = client.post(checked["Location"])
    assert "취소된 교육입니다" in text(refused)
    assert not TrainingBooking.objects.filter(session=session).exists()


def test_cancelling_from_the_emailed_link_frees_the_seat_for_the_next_person(
    home_page, form_page, django_capture_on_commit_callbacks,
):
    session = make_training(home_page, capacity=1).sessions.get()
    first, waiting = booking_for(session, 1), booking_for(session, 2)
    attendee = Client()
    status = attendee.get(f"/requests/status/{notifications.status_token(first.request)}/", follow=True)
    assert "확정" in text(status) and session.page.title in text(status)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attendee.post("/requests/status/withdraw/", {"confirm": "yes"})
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.seat == Seat.CANCELLED and waiting.seat == Seat.CONFIRMED
    promoted = next(m for m in mail.outbox if m.to == [waiting.request.email])
    assert "교육 자리가 확정되었습니다" in promoted.subject
    assert promoted.attachments and promoted.attachments[0][0] == "training.ics"


def test_confirmed_attendees_are_reminded_once_a_few_days_before(
    home_page, django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    soon = make_training(home_page, capacity=1, days_ahead=2, title="곧 열리는 교육").sessions.get()
    later = make_training(home_page, days_ahead=10).sessions.get()
    confirmed, waiting, not_yet = booking_for(soon, 1), booking_for(soon, 2), booking_for(later, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", "--days", "2", stdout=io.StringIO())
        call_command("send_training_reminders", "--days", "2", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[confirmed.request.email]]
    reminder = mail.outbox[0]
    assert "곧 열립니다" in reminder.subject and "곧 열리는 교육" in reminder.body
    assert reminder.attachments[0][0] == "training.ics"
    assert waiting.request.email not in str(mail.outbox) and not_yet.request.email not in str(mail.outbox)


def test_the_e_mail_address_is_required_for_a_booking(home_page, form_page):
    session = make_training(home_page).sessions.get()
    missing = {**answers(8, session), "email": ""}
    response = Client().post(form_page.url, missing)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("label", attrs={"for": "id_email"}).get_text(strip=True) == "전자우편"
    assert "전자우편 주소를 입력해 주세요. 확정 안내를 전자우편으로 보내 드립니다." in text(response)
    assert page.find("input", attrs={"name": "name"})["value"] == "참석자8"  # nothing typed is lost
