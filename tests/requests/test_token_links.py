"""The e-mailed status and survey links carry a signed key: it must not end up
in logs, browser history or Referer headers. Opening a link checks the token,
keeps the proof in the session and redirects (303) to a token-free address;
no page links or posts back to a token address; gunicorn's access log writes
the one request that carries it as [token]."""

import datetime
import logging
import runpy

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from gunicorn.config import Config

from agency_site import token_redaction
from services.models import RequestKind, ServiceRequest, Status, TrainingFeedback, TrainingSession
from services.requests import lookup, notifications, pipeline
from services.training import survey as surveys
from tests.site_server import ROOT
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

DETAIL_URL = "/requests/status/view/"
ANSWER_URL = "/requests/survey/answer/"


@pytest.fixture
def service_request(site_content):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="홍길동", phone="010-2345-6789", email="hong@example.com"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


@pytest.fixture
def attendee(home_page):
    session = make_training(home_page, title="치매 돌봄 실무", capacity=5, days_ahead=3).sessions.get()
    booking = booking_for(session, 1)
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    TrainingSession.objects.filter(pk=session.pk).update(date=two_days_ago)
    booking.refresh_from_db()
    return booking


def assert_carries_no_token(response, token):
    """Nothing on the page leads back to a token address: links, forms, scripts."""
    html = response.content.decode()
    assert token not in html
    assert token.split(":")[0] not in html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["a", "form", "link", "script", "img"]):
        for attribute in ("href", "action", "src"):
            address = element.get(attribute) or ""
            assert not token_redaction.TOKEN_IN_PATH.search(address), address


def assert_token_response(response):
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------------------
# The status link
# ---------------------------------------------------------------------------


def test_the_status_link_redirects_to_a_token_free_address(service_request):
    client = Client(enforce_csrf_checks=True)
    token = notifications.status_token(service_request)
    response = client.get(f"/requests/status/{token}/")
    assert response.status_code == 303
    assert response["Location"] == DETAIL_URL
    assert_token_response(response)
    assert client.session[lookup.SESSION_KEY]["pk"] == service_request.pk

    detail = client.get(DETAIL_URL)
    assert detail.status_code == 200 and service_request.reference in detail.content.decode()
    assert_carries_no_token(detail, token)
    posts = BeautifulSoup(detail.content, "html.parser").find_all("form", attrs={"method": "post"})
    actions = {form["action"] for form in posts}
    assert actions == {"/requests/status/withdraw/", "/requests/status/end/"}


def test_withdrawal_from_the_e_mailed_link_posts_only_to_token_free_addresses(service_request):
    client = Client(enforce_csrf_checks=True)
    token = notifications.status_token(service_request)
    detail = client.get(f"/requests/status/{token}/", follow=True)
    form = BeautifulSoup(detail.content, "html.parser").find("form", action="/requests/status/withdraw/")
    csrf = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    confirm = client.post(form["action"], {"csrfmiddlewaretoken": csrf})
    assert_carries_no_token(confirm, token)
    form = BeautifulSoup(confirm.content, "html.parser").find("form", action="/requests/status/withdraw/")
    data = {field["name"]: field.get("value", "") for field in form.find_all(["input", "button"])
            if field.get("name")}
    done = client.post(form["action"], data)
    assert done.status_code == 302 and done["Location"] == DETAIL_URL
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.WITHDRAWN


def test_a_bad_status_link_gets_the_same_page_as_before_and_no_referrer(service_request):
    response = Client().get("/requests/status/eyJyIjoxfQ:1u2v3w:forged/")
    assert response.status_code == 400
    assert lookup.LINK_INVALID in response.content.decode()
    assert_token_response(response)
    form = BeautifulSoup(response.content, "html.parser").find("form", attrs={"method": "post"})
    assert form["action"] == "/requests/status/"  # never back to the token address
    assert "eyJyIjoxfQ" not in response.content.decode()


def test_the_status_link_keeps_its_url_name_and_form(service_request):
    token = notifications.status_token(service_request)
    assert reverse("request_status:signed", args=[token]) == f"/requests/status/{token}/"
    assert notifications.status_link(service_request).endswith(f"/requests/status/{token}/")


# ---------------------------------------------------------------------------
# The survey link
# ---------------------------------------------------------------------------


def test_the_survey_link_redirects_and_the_form_posts_to_a_token_free_address(attendee):
    client = Client()
    token = surveys.survey_token(attendee)
    response = client.get(f"/requests/survey/{token}/")
    assert response.status_code == 303 and response["Location"] == ANSWER_URL
    assert_token_response(response)

    survey = client.get(ANSWER_URL)
    assert survey.status_code == 200
    assert_carries_no_token(survey, token)
    [form] = BeautifulSoup(survey.content, "html.parser").find_all("form", attrs={"method": "post"})
    assert form["action"] == ANSWER_URL
    answers = {"content": "5", "instructor": "4", "usefulness": "3", "comment": ""}
    assert client.post(ANSWER_URL, answers)["Location"] == "/requests/survey/thanks/"
    assert TrainingFeedback.objects.filter(booking=attendee).exists()


def test_a_form_shown_before_the_change_still_counts_and_moves_on(attendee):
    """A survey opened before the form moved to answer/ posts to the token
    address: its answers count; a form shown again posts to answer/."""
    client = Client()
    token = surveys.survey_token(attendee)
    errors = client.post(f"/requests/survey/{token}/", {"content": "5"})
    assert errors.status_code == 200 and "골라 주세요" in errors.content.decode()
    assert_token_response(errors)
    assert_carries_no_token(errors, token)
    [form] = BeautifulSoup(errors.content, "html.parser").find_all("form", attrs={"method": "post"})
    assert form["action"] == ANSWER_URL
    answers = {"content": "5", "instructor": "4", "usefulness": "3", "comment": ""}
    assert client.post(ANSWER_URL, answers)["Location"] == "/requests/survey/thanks/"


def test_the_survey_form_without_an_opened_link_asks_to_open_it(attendee):
    response = Client().get(ANSWER_URL)
    assert response.status_code == 403
    assert "링크를 다시 열어 주세요" in response.content.decode()


def test_a_survey_proof_opens_only_its_own_booking_for_a_short_time(attendee, monkeypatch):
    client = Client()
    client.get(f"/requests/survey/{surveys.survey_token(attendee)}/")
    assert client.session[surveys.SESSION_KEY]["b"] == attendee.pk
    later = surveys.time.time() + lookup.VERIFIED_FOR + 1
    monkeypatch.setattr(surveys.time, "time", lambda: later)
    assert client.get(ANSWER_URL).status_code == 403


def test_a_bad_survey_link_gets_the_same_page_as_before(attendee):
    response = Client().get("/requests/survey/eyJiIjoxfQ:1u2v3w:forged/")
    assert response.status_code == 400
    assert "기간(30일)이 지났거나 올바르지 않습니다" in response.content.decode()
    assert_token_response(response)
    assert reverse("request_status:survey", args=["a:b"]) == "/requests/survey/a:b/"


# ---------------------------------------------------------------------------
# gunicorn's access log, as site/gunicorn.conf.py configures it
# ---------------------------------------------------------------------------


class _Response:
    status, sent, headers = "303 See Other", 0, [("Location", DETAIL_URL)]


class _Request:
    headers = [("HOST", "127.0.0.1")]


def _access_log_line(tmp_path, path, referer="-"):
    settings = runpy.run_path(str(ROOT / "site" / "gunicorn.conf.py"))
    config = Config()
    config.set("logger_class", settings["logger_class"])
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = config.logger_class(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": referer}
    logger.access(_Response(), _Request(), environ, datetime.timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text()


def test_the_access_log_masks_the_token_of_the_one_request_that_carries_it(tmp_path, service_request):
    token = notifications.status_token(service_request)
    line = _access_log_line(tmp_path, f"/requests/status/{token}/", referer=f"https://x/requests/status/{token}/")
    assert "/requests/status/[token]/" in line
    assert token not in line and token.split(":")[-1] not in line


def test_the_access_log_keeps_ordinary_addresses(tmp_path):
    for path in (DETAIL_URL, ANSWER_URL, "/requests/survey/thanks/", "/requests/status/withdraw/"):
        assert f'"GET {path} HTTP/1.1" 303' in _access_log_line(tmp_path, path)


def test_the_applications_own_log_masks_it_too(service_request):
    """Django logs the path of a request that failed: the console handler masks tokens."""
    [console] = [handler for handler in logging.getLogger().handlers
                 if any(isinstance(f, token_redaction.RedactTokens) for f in handler.filters)]
    path = f"/requests/status/{notifications.status_token(service_request)}/"
    record = logging.getLogger("django.request").makeRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", (path,), None,
    )
    assert console.filter(record)
    assert record.getMessage() == "Internal Server Error: /requests/status/[token]/"
