"""A request's page in 민원 큐 leads with what staff act on: who needs care
and why, how urgent it is, how to reach them; the whole record and the
consent record come lower down. A training booking shows its session, seat
and organisation there too (through the kinds registry)."""

import datetime

import pytest
from django.utils import timezone

from services.models import EmergencyCareDetails, ServiceRequest, Status
from tests.requests.test_staff_queues import EC, inspect_url, soup, submit
from tests.staff import login, make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db



@pytest.fixture
def care_request(site_content):
    service_request = submit(EC, "마포구", name="홍길동", phone="010-1234-5678", email="hong@example.com")
    EmergencyCareDetails.objects.create(
        request=service_request,
        applicant_relation=EmergencyCareDetails.ApplicantRelation.FAMILY,
        age_group=EmergencyCareDetails.AgeGroup.OLDER,
        situation=EmergencyCareDetails.Situation.TYPE_1_1,
        services_needed=[EmergencyCareDetails.Help.HOME_CARE, EmergencyCareDetails.Help.DAILY_LIVING],
        desired_start=datetime.date(2026, 12, 8),
        description="어머니가 혼자 계십니다.",
    )
    ServiceRequest.objects.filter(pk=service_request.pk).update(notify_sms=True)
    return service_request


def position(text, needle):
    assert needle in text, needle
    return text.index(needle)


def test_who_needs_care_and_how_to_reach_them_come_before_the_record(northwest, care_request):
    page = soup(login(northwest).get(inspect_url(care_request)))
    summary = page.select_one("#request-summary-section").get_text(" ", strip=True)
    for shown in (
        "유형1-1: 즉시 돌봄이 필요함",
        "재가서비스, 일상생활지원",
        "2026년 12월 8일(화)",
        "노인",
        "가족",
        "어머니가 혼자 계십니다.",
        "마포구",
        "홍길동",
        "010-1234-5678",
        "hong@example.com",
        "전자우편, 문자",
    ):
        assert shown in summary, shown
    assert page.select_one("#request-summary-section a[href='tel:01012345678']")

    text = page.select_one("main").get_text(" ", strip=True)
    situation = position(text, "유형1-1: 즉시 돌봄이 필요함")
    phone = position(text, "010-1234-5678")
    actions, history = position(text, "처리하기"), position(text, "처리 기록")
    consent = position(text, "개인정보 동의 기록")
    assert situation < actions and phone < actions
    assert actions < history < consent
    assert position(text, "개인정보 수집·이용 동의 시각") > history


def test_the_deadline_says_how_it_stands(northwest, care_request):
    client = login(northwest)
    ServiceRequest.objects.filter(pk=care_request.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=5)
    )
    summary = soup(client.get(inspect_url(care_request))).select_one("#summary-deadline-heading").parent
    assert "기한 지남" in summary.get_text(" ", strip=True)
    assert "기한이 5시간 지났습니다." in summary.get_text(" ", strip=True)

    ServiceRequest.objects.filter(pk=care_request.pk).update(status=Status.WAITING, paused_at=timezone.now())
    summary = soup(client.get(inspect_url(care_request))).select_one("#summary-deadline-heading").parent
    text = summary.get_text(" ", strip=True)
    assert "답변 기다림 (기한 멈춤)" in text and "기한 지남" not in text


def test_an_applicant_without_notifications_is_to_be_phoned(northwest, care_request):
    ServiceRequest.objects.filter(pk=care_request.pk).update(notify_email=False, notify_sms=False)
    summary = soup(login(northwest).get(inspect_url(care_request))).select_one("#request-summary-section")
    assert "전화로 알려 주세요" in summary.get_text(" ", strip=True)


def test_a_training_booking_shows_its_session_seat_and_organisation(home_page):
    trainer = make_staff("hq-trainer", "사업지원팀", first_name="박교육")
    training = make_training(home_page, title="치매전문교육 시험")
    booking = booking_for(training.sessions.get(), 1)
    page = soup(login(trainer).get(inspect_url(booking.request)))
    summary = page.select_one("#request-summary-section").get_text(" ", strip=True)
    session = booking.session
    for shown in (
        "치매전문교육 시험",
        session.when,
        booking.get_seat_display(),
        "햇살재가복지센터",
        "요양보호사",
    ):
        assert shown in summary, shown
    # The whole booking record is lower down, under its own heading.
    assert "교육 신청 내용" in page.select_one("#request-details-section").get_text()
