"""The satisfaction survey after a training: who is asked (once), the signed
link (once, and never a forged or stale one), the form's errors, one answer
per attendee, and the results staff see in the admin."""

import datetime
import io
import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from services.models import (
    Queue,
    RequestUpdate,
    ServiceRequest,
    TrainingBooking,
    TrainingFeedback,
    TrainingSession,
)
from services.models.request_details import Seat
from services.requests import notifications, ratelimit
from services.training import events
from services.training import survey as surveys
from services.training.staff import survey_results as survey_admin
from tests.staff import login, make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

ANSWERS = {"content": "5", "instructor": "4", "usefulness": "3", "comment": "사례 중심이라 좋았습니다."}
ANSWER_URL = "/requests/survey/answer/"  # where the e-mailed link leads, without its token


def move_to_past(session, days=2):
    """The session took place `days` ago (bookings are made while it is ahead)."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    TrainingSession.objects.filter(pk=session.pk).update(date=day)
    session.refresh_from_db()
    return session


@pytest.fixture
def session(home_page):
    return make_training(home_page, title="치매 돌봄 실무", capacity=5, days_ahead=3).sessions.get()


@pytest.fixture
def attendee(session):
    """A confirmed attendee of a session that ended two days ago."""
    booking = booking_for(session, 1)
    move_to_past(session)
    booking.refresh_from_db()
    return booking


def url(booking):
    return f"/requests/survey/{surveys.survey_token(booking)}/"


def opened(booking, client=None):
    """A browser that opened the e-mailed link: 303 to the token-free form."""
    client = client or Client()
    response = client.get(url(booking))
    assert response.status_code == 303 and response["Location"] == ANSWER_URL
    return client


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return page(response).get_text(" ", strip=True)


# ---------------------------------------------------------------------------
# Sending: send_training_surveys
# ---------------------------------------------------------------------------


@pytest.fixture
def run_command(django_capture_on_commit_callbacks):
    """Run the command as cron would; the e-mails it sent."""

    def run():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued on commit
            call_command("send_training_surveys", stdout=io.StringIO())
        return list(mail.outbox)

    return run


def test_confirmed_attendees_of_an_ended_session_are_asked_once(session, run_command):
    present, unmarked, absent = (booking_for(session, n) for n in (1, 2, 3))
    cancelled = booking_for(session, 4)
    TrainingBooking.objects.filter(pk=cancelled.pk).update(seat=Seat.CANCELLED)
    TrainingBooking.objects.filter(pk=present.pk).update(attended=True)
    TrainingBooking.objects.filter(pk=absent.pk).update(attended=False)
    waiting = booking_for(session, 5)
    TrainingBooking.objects.filter(pk=waiting.pk).update(seat=Seat.WAITLISTED)
    assert run_command() == []  # not over yet

    move_to_past(session)
    sent = run_command()
    assert sorted(m.to[0] for m in sent) == ["attendee1@example.com", "attendee2@example.com"]
    message = sent[0]
    assert "만족도 조사" in message.subject
    assert "치매 돌봄 실무" in message.body
    assert re.search(r"http\S+/requests/survey/\S+/", message.body)
    assert not message.attachments  # no calendar file for a day that has passed
    assert set(TrainingBooking.objects.filter(survey_sent_at__isnull=False).values_list("pk", flat=True)) == {
        present.pk, unmarked.pk,
    }
    # In the attendee's history, as the reminder is.
    assert RequestUpdate.objects.filter(request=present.request, text__contains="만족도 조사").exists()

    assert run_command() == []  # the next day's run asks nobody again


def test_old_and_cancelled_sessions_are_not_surveyed(home_page, run_command):
    long_ago = make_training(home_page, days_ahead=3).sessions.get()
    booking_for(long_ago, 1)
    move_to_past(long_ago, days=20)
    cancelled = make_training(home_page, days_ahead=3).sessions.get()
    booking_for(cancelled, 2)
    move_to_past(cancelled)
    TrainingSession.objects.filter(pk=cancelled.pk).update(is_cancelled=True)
    assert run_command() == []


def test_the_e_mailed_link_opens_the_survey(attendee, run_command):
    [message] = run_command()
    link = re.search(r"http\S+(/requests/survey/\S+/)", message.body).group(1)
    response = Client().get(link, follow=True)
    assert response.redirect_chain == [(ANSWER_URL, 303)]
    assert response.status_code == 200
    assert "치매 돌봄 실무" in text(response)


def test_a_survey_e_mail_queued_before_an_answer_or_a_cancellation_is_not_sent(session):
    answered, cancelled = booking_for(session, 1), booking_for(session, 2)
    move_to_past(session)

    def survey_e_mail(booking):  # built as the task builds it: from the database, at sending time
        return notifications.build(events.SURVEY, ServiceRequest.objects.get(pk=booking.request_id))

    assert survey_e_mail(answered) is not None and survey_e_mail(cancelled) is not None
    TrainingFeedback.objects.create(booking=answered, content=4, instructor=4, usefulness=4)
    TrainingBooking.objects.filter(pk=cancelled.pk).update(seat=Seat.CANCELLED)
    assert survey_e_mail(answered) is None and survey_e_mail(cancelled) is None


# ---------------------------------------------------------------------------
# The survey page
# ---------------------------------------------------------------------------


def test_the_form_asks_three_ratings_on_a_worded_scale(attendee):
    response = opened(attendee).get(ANSWER_URL)
    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").get_text(strip=True) == "교육 만족도 조사"
    for name in ("content", "instructor", "usefulness"):
        labels = [html.find("label", attrs={"for": radio["id"]}).get_text(strip=True)
                  for radio in html.find_all("input", attrs={"name": name, "type": "radio"})]
        assert labels == ["1 매우 불만족", "2 불만족", "3 보통", "4 만족", "5 매우 만족"]
    assert html.find("textarea", attrs={"name": "comment"}) is not None


def test_the_page_is_private(attendee):
    response = opened(attendee).get(ANSWER_URL)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert page(response).find("meta", attrs={"name": "robots", "content": re.compile("noindex")})


def test_the_link_works_once(attendee):
    client = opened(attendee)
    response = client.post(ANSWER_URL, ANSWERS)
    assert response.status_code == 303
    assert response["Location"] == "/requests/survey/thanks/"
    assert "응답해 주셔서 감사합니다" in text(client.get(response["Location"]))
    feedback = TrainingFeedback.objects.get(booking=attendee)
    assert (feedback.content, feedback.instructor, feedback.usefulness) == (5, 4, 3)
    assert feedback.comment == "사례 중심이라 좋았습니다."

    again = client.get(url(attendee), follow=True)
    assert "이미 응답하셨습니다" in text(again)
    assert page(again).find("form", attrs={"method": "post"}) is None
    resent = client.post(ANSWER_URL, {**ANSWERS, "content": "1"})
    assert "이미 응답하셨습니다" in text(resent)
    assert TrainingFeedback.objects.get(booking=attendee).content == 5


def test_two_posts_at_once_count_once(attendee, monkeypatch):
    """Both requests pass the "answered already?" check before either saves:
    the database's one-answer-per-booking rule decides, kindly."""
    monkeypatch.setattr(surveys, "already_answered", lambda booking: False)
    client = opened(attendee)
    assert client.post(ANSWER_URL, ANSWERS).status_code == 303
    second = client.post(ANSWER_URL, ANSWERS)
    assert second.status_code == 409
    assert "이미 응답하셨습니다" in text(second)
    assert TrainingFeedback.objects.filter(booking=attendee).count() == 1


def test_errors_are_listed_in_korean_and_answers_survive(attendee):
    answers = {"content": "4", "usefulness": "9", "comment": "강의 자료가 좋았습니다."}
    response = opened(attendee).post(ANSWER_URL, answers)
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("오류:")
    summary = html.find(class_="agency-error-summary")
    links = {a.get_text(strip=True): a["href"] for a in summary.find_all("a")}
    assert links == {
        "강사의 강의에 얼마나 만족하셨는지 골라 주세요.": "#id_instructor_1",
        "배운 내용이 업무에 도움이 되는 정도를 골라 주세요.": "#id_usefulness_1",
    }
    assert html.find("input", attrs={"name": "content", "value": "4"}).has_attr("checked")
    assert html.find("textarea", attrs={"name": "comment"}).get_text(strip=True) == "강의 자료가 좋았습니다."
    assert not TrainingFeedback.objects.exists()


def test_a_comment_is_at_most_a_thousand_characters(attendee):
    client = opened(attendee)
    response = client.post(ANSWER_URL, {**ANSWERS, "comment": "가" * 1001})
    assert "의견은 1000자 이내로 적어 주세요." in text(response)
    assert not TrainingFeedback.objects.exists()
    assert client.post(ANSWER_URL, {**ANSWERS, "comment": "가" * 1000}).status_code == 303


def test_the_database_refuses_a_rating_outside_one_to_five(attendee):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingFeedback.objects.create(booking=attendee, content=6, instructor=3, usefulness=3)


def _expired_token(booking, monkeypatch, age_days):
    with monkeypatch.context() as patched:
        patched.setattr(signing.TimestampSigner, "timestamp",
                        lambda self: signing.b62_encode(int(time.time()) - age_days * 24 * 60 * 60))
        return surveys.survey_token(booking)


def test_broken_tampered_foreign_and_expired_links_get_a_kind_page(attendee, monkeypatch):
    good = surveys.survey_token(attendee)
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    forged_pk = signing.TimestampSigner(salt="someone-else").sign_object({"b": attendee.pk})
    status_link = notifications.status_token(attendee.request)  # another salt: not a survey
    expired = _expired_token(attendee, monkeypatch, age_days=31)
    for token in ("not-a-token", tampered, forged_pk, status_link, expired):
        response = Client().get(f"/requests/survey/{token}/")
        assert response.status_code == 400, token
        assert "기간(30일)이 지났거나 올바르지 않습니다" in text(response)
        assert surveys.SESSION_KEY not in response.client.session
        assert Client().post(f"/requests/survey/{token}/", ANSWERS).status_code == 400
    assert not TrainingFeedback.objects.exists()
    still_fresh = _expired_token(attendee, monkeypatch, age_days=29)
    assert Client().get(f"/requests/survey/{still_fresh}/").status_code == 303


@pytest.mark.parametrize("change, message", [
    ({"seat": Seat.CANCELLED}, "취소된 교육이나 신청"),
    ({"seat": Seat.DECLINED}, "취소된 교육이나 신청"),
    ({"attended": False}, "참석하신 것으로 되어 있지 않아"),
    ({"seat": Seat.WAITLISTED}, "참석하신 것으로 되어 있지 않아"),
])
def test_bookings_that_did_not_attend_are_refused_politely(attendee, change, message):
    TrainingBooking.objects.filter(pk=attendee.pk).update(**change)
    client = opened(attendee)
    response = client.get(ANSWER_URL)
    assert response.status_code == 403
    assert message in text(response)
    assert client.post(ANSWER_URL, ANSWERS).status_code == 403
    assert not TrainingFeedback.objects.exists()


def test_a_session_not_yet_over_is_refused(session):
    booking = booking_for(session, 1)
    response = opened(booking).get(ANSWER_URL)
    assert response.status_code == 403
    assert "교육이 끝난 뒤에 응답할 수 있습니다" in text(response)


def test_posts_and_broken_links_are_rate_limited(attendee, monkeypatch):
    monkeypatch.setattr(surveys, "LIMIT", ratelimit.Limit("survey", 2, window_seconds=900))
    client = opened(attendee)
    for _ in range(2):
        assert client.post(ANSWER_URL, {}).status_code == 200  # errors, counted
    response = client.post(ANSWER_URL, ANSWERS)
    assert response.status_code == 429
    assert "잠시 뒤" in text(response)
    assert not TrainingFeedback.objects.exists()
    assert client.get("/requests/survey/guessed:token/").status_code == 429


# ---------------------------------------------------------------------------
# Results in the admin
# ---------------------------------------------------------------------------


def sidebar_labels(response):
    props = json.loads(page(response).find(id="wagtail-sidebar-props").string)
    return re.findall(r'"label": "([^"]*)"', json.dumps(props, ensure_ascii=False))


def table_rows(response, caption):
    table = page(response).find("caption", string=caption).find_parent("table")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.find_all("tr")[1:]]


def answer(booking, content, instructor, usefulness, comment=""):
    return TrainingFeedback.objects.create(booking=booking, content=content, instructor=instructor,
                                           usefulness=usefulness, comment=comment)


@pytest.fixture
def surveyed_training(home_page):
    """Two sessions over: the first with three attendees (two answered), the
    second with one who answered and one marked absent."""
    training = make_training(home_page, title="인지상정 활용교육 시험", capacity=5, days_ahead=3, sessions=2)
    first, second = training.sessions.order_by("date")
    a, b, c = (booking_for(first, n) for n in (1, 2, 3))
    d, absent = booking_for(second, 4), booking_for(second, 5)
    TrainingBooking.objects.filter(pk=absent.pk).update(attended=False)
    move_to_past(first, days=9)
    move_to_past(second, days=2)
    answer(a, 5, 4, 3, "사례가 많아 좋았습니다.")
    answer(b, 4, 4, 4)
    answer(d, 3, 5, 2, "시간이 더 길었으면 합니다.")
    return training


def test_averages_to_one_decimal_half_up():
    assert survey_admin.one_decimal(13, 4) == survey_admin.one_decimal(33, 10)  # 3.25 and 3.3 both show 3.3
    assert str(survey_admin.one_decimal(11, 4)) == "2.8"
    assert str(survey_admin.one_decimal(13, 3)) == "4.3"
    assert survey_admin.one_decimal(0, 0) is None


def test_results_per_training(surveyed_training, site_content):
    response = login(make_staff("root", superuser=True)).get("/admin/training-surveys/")
    assert response.status_code == 200
    rows = {row[0]: row[1:] for row in table_rows(response, "교육별 만족도 조사 결과")}
    # Asked: the four confirmed attendees not marked absent; content (5+4+3)/3,
    # instructor 13/3, usefulness 9/3.
    assert rows["인지상정 활용교육 시험"] == ["3명 / 4명 (75%)", "4.0", "4.3", "3.0"]


def test_results_per_session_with_comments_and_no_names(surveyed_training, site_content):
    response = login(make_staff("root", superuser=True)).get(
        f"/admin/training-surveys/{surveyed_training.pk}/")
    assert response.status_code == 200
    first, second = surveyed_training.sessions.order_by("date")
    rows = table_rows(response, "회차별 만족도 조사 결과")
    assert rows == [
        [first.when, "2명 / 3명 (67%)", "4.5", "4.0", "3.5"],
        [second.when, "1명 / 1명 (100%)", "3.0", "5.0", "2.0"],
        ["교육 전체", "3명 / 4명 (75%)", "4.0", "4.3", "3.0"],
    ]
    body = text(response)
    assert "사례가 많아 좋았습니다." in body and "시간이 더 길었으면 합니다." in body
    assert "의견 (2건)" in body
    assert "참석자1" not in body and "attendee1@example.com" not in body


def test_training_team_and_superusers_see_the_results_others_do_not(surveyed_training, site_content):
    training_team = make_staff("hq-park", "사업지원팀")  # the team of the 교육 운영 queue
    other_team = make_staff("nw-kim", "서북권 종합재가센터")
    for user in (make_staff("root", superuser=True), training_team):
        client = login(user)
        assert "교육 만족도" in sidebar_labels(client.get("/admin/"))
        assert client.get("/admin/training-surveys/").status_code == 200
        assert client.get(f"/admin/training-surveys/{surveyed_training.pk}/").status_code == 200

    client = login(other_team)
    assert "교육 만족도" not in sidebar_labels(client.get("/admin/"))
    for address in ("/admin/training-surveys/", f"/admin/training-surveys/{surveyed_training.pk}/"):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    anonymous = Client().get("/admin/training-surveys/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_staff_count_only_the_requests_they_may_see(surveyed_training, site_content):
    """A team that works the training queue sees nothing of bookings routed elsewhere."""
    training_team = make_staff("hq-park", "사업지원팀")
    elsewhere = Group.objects.create(name="다른 교육팀")
    queue = Queue.objects.create(name="다른 교육 큐", team=elsewhere)
    moved = TrainingBooking.objects.filter(session__page=surveyed_training, feedback__isnull=False).first()
    ServiceRequest.objects.filter(pk=moved.request_id).update(queue=queue)
    rows = table_rows(login(training_team).get("/admin/training-surveys/"), "교육별 만족도 조사 결과")
    assert rows[0][1].startswith("2명 / 3명")
