"""No 500 from malformed input (issue 10, finding 6): odd query values, odd
text, bodies in other encodings or cut short; the Korean 400, 403 and CSRF
pages; error handlers that cannot fail themselves; and property-based tests
(hypothesis, see tests/malformed.py) over every public form step and lookup.
The same requests against production under gunicorn: tests/production/."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import timezone
from django.views import defaults
from hypothesis import event, given
from hypothesis import strategies as st

from agency_site import errors
from services.models import (
    RequestFormPage,
    RequestKind,
    ServiceRequest,
    Status,
    TrainingFeedback,
    TrainingSession,
)
from services.requests import kinds, notifications, pipeline
from services.training import survey as surveys
from services.training.survey import SurveyForm
from tests import malformed
from tests.malformed import (
    SURVEY_ANSWER,
    UTF16,
    as_post,
    assert_korean_answer,
    assert_whole_submission,
    csrf_client,
    fuzz_settings,
    heading,
    odd_text,
    page,
    public_posts,
    valid_answers,
)
from tests.staff import login, make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

PHONE = "010-2345-6789"


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    malformed.forget_rate_limits()
    yield
    cache.clear()


@pytest.fixture
def forms(site_content):
    return {page.kind: page for page in RequestFormPage.objects.live()}


@pytest.fixture
def session(home_page):
    return make_training(home_page, title="치매 돌봄 실무", capacity=500, days_ahead=10).sessions.get()


@pytest.fixture
def service_request(site_content):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구", pipeline.Applicant(name="홍길동", phone=PHONE, email=""),
        pipeline.Consent(notice_version="test", given_at=timezone.now()),
    )


@pytest.fixture
def attendee(home_page):
    """A confirmed attendee of a session (of another training) that ended two days ago."""
    past = make_training(home_page, title="지난 교육", days_ahead=3).sessions.get()
    booking = booking_for(past, 1)
    TrainingSession.objects.filter(pk=past.pk).update(date=timezone.localdate() - datetime.timedelta(days=2))
    booking.refresh_from_db()
    return booking


# ---------------------------------------------------------------------------
# Query values turned into numbers
# ---------------------------------------------------------------------------

ODD_NUMBERS = ["²", "¹²", "①", "１２", "٣", "-1", "0", " 1", "1.0", "1e3", "9" * 25, "9" * 5000, "\x00", ""]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_session_number_in_the_booking_link_is_ignored(forms, session, value):
    response = Client().get(forms[RequestKind.TRAINING].url, {"session": value})
    assert response.status_code == 200
    assert_korean_answer(response)
    assert page(response).select("input[name=session]")  # the sessions to choose from, none chosen
    assert not page(response).select("input[name=session][checked]")


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_session_number_posted_is_a_korean_error(forms, session, value):
    before = malformed.row_counts()
    answers = {**valid_answers(RequestKind.TRAINING, session), "session": value}
    response = Client().post(forms[RequestKind.TRAINING].url, answers)
    assert response.status_code == 200
    assert "지금 신청을 받는 회차 가운데 하나를 골라 주세요." in response.content.decode() or value == ""
    assert malformed.added_rows(before) == {}


@pytest.mark.parametrize("value", ["²", "9" * 5000, "٢٠٢٣", "\x00"])
def test_an_odd_casebook_year_is_ignored(site_content, value):
    response = Client().get("/casebooks/", {"year": value})
    assert response.status_code == 200
    assert_korean_answer(response)


@pytest.mark.parametrize("query", ["\x00", "돌봄\x00", "a" * 5000, "\x07\x1b[31m", "\u202e센터",
                                   malformed.MARKUP])
def test_search_cuts_odd_and_long_queries_and_escapes_them(site_content, query):
    response = Client().get("/search/", {"q": query, "page": "9" * 5000})
    assert response.status_code == 200
    assert_korean_answer(response)
    shown = page(response).find("input", id="search-query")["value"]
    assert len(shown) <= 100 and "\x00" not in shown and "\x1b" not in shown
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("number", ["²", "9" * 5000, "9" * 25, "0"])
def test_an_odd_session_number_in_a_calendar_address_is_a_korean_404(session, number):
    response = Client().get(f"{session.page.url}sessions/{number}/calendar.ics")
    assert response.status_code == 404
    assert heading(response) == "페이지를 찾을 수 없습니다"


STAFF_PARAMETERS = {
    "queue": "²", "status": ["x", "\x00"], "state": "9" * 5000, "overdue": "\u202e", "kind": "１",
    "district": "\x00", "assignee": "9" * 25, "p": "9" * 5000, "q": "\x00" + "가" * 3000, "export": "\x00",
    "ordering": "\x00", "page": "²",
}


@pytest.mark.parametrize("address", [
    "/admin/service-requests/", "/admin/service-requests/results/", "/admin/training-bookings/",
    "/admin/training-surveys/", "/admin/service-requests/inspect/99999999999999999999/",
    "/admin/training-bookings/99999999999999999999/", "/admin/training-surveys/99999999999999999999/",
])
def test_staff_listings_ignore_odd_filters(session, service_request, address):
    client = login(make_staff("boss", superuser=True))
    response = client.get(address, STAFF_PARAMETERS)
    assert response.status_code in (200, 302, 404), response.content[:300]
    if response.status_code == 200 and not address.endswith("/results/"):  # a fragment has no <html>
        assert_korean_answer(response)


# ---------------------------------------------------------------------------
# Bodies that cannot be read: the Korean 400 page, everywhere
# ---------------------------------------------------------------------------

UNREADABLE = [
    (UTF16, "name=abc".encode("utf-16")),
    (UTF16, b"name=abc"),
    ("application/x-www-form-urlencoded; charset=latin-1", b"name=%E9"),
    ("application/x-www-form-urlencoded", b"name=%FF%FE"),
    ("application/x-www-form-urlencoded", b"name=\xff\xfe"),
    ("application/x-www-form-urlencoded", b"name=%ED%A0%80"),  # an encoded surrogate
    ("multipart/form-data; boundary=", b"--\r\n"),
    ("multipart/form-data", b"--x\r\n"),
    ("multipart/form-data; boundary=" + "b" * 300, b"--b\r\n"),
    ("multipart/form-data; boundary=cut",
     b'--cut\r\nContent-Disposition: form-data; name="name"\r\n\r\n\xed\x99\x8d\xea\xb8\xb8'),  # cut short
]


@pytest.mark.parametrize(("content_type", "body"), UNREADABLE)
def test_a_body_that_cannot_be_read_gets_the_korean_400_page_everywhere(
        forms, attendee, content_type, body):
    for address, opened in public_posts(forms, attendee):
        before = malformed.row_counts()
        response = csrf_client(opened).generic("POST", address, body, content_type=content_type)
        assert response.status_code == 400, (address, response.status_code)
        assert heading(response) == "요청을 처리할 수 없습니다"
        assert page(response).html["lang"] == "ko"
        assert page(response).find("a", href="/")
        assert malformed.added_rows(before) == {}


def test_the_reported_utf16_post_with_a_csrf_cookie_is_a_400_not_a_500(forms):
    """Django's own 400 handler read the body again (requires_csrf_token) and failed."""
    url = forms[RequestKind.TRAINING].url
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    response = client.generic("POST", url, f"csrfmiddlewaretoken={client.cookies['csrftoken'].value}",
                              content_type=UTF16)
    assert response.status_code == 400
    assert heading(response) == "요청을 처리할 수 없습니다"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_too_many_fields_get_the_korean_400_page(forms, content_type):
    url = forms[RequestKind.EMERGENCY_CARE].url
    if content_type.startswith("multipart"):
        part = b'--x\r\nContent-Disposition: form-data; name="f"\r\n\r\n1\r\n'
        body = part * 10_001 + b"--x--\r\n"
    else:
        body = b"&".join([b"f=1"] * 10_001)
    response = csrf_client(url).generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400
    assert heading(response) == "요청을 처리할 수 없습니다"


def test_a_request_for_another_host_gets_the_korean_400_page(site_content):
    response = Client().get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert heading(response) == "요청을 처리할 수 없습니다"


def test_a_complete_multipart_form_still_works(forms):
    url = forms[RequestKind.CONSULTING].url
    client = csrf_client(url)
    response = client.post(url, valid_answers(RequestKind.CONSULTING))  # the test client sends multipart
    assert response.status_code == 303 and response["Location"].endswith("check/")


def test_a_form_post_without_its_csrf_token_gets_the_korean_csrf_page(forms):
    url = forms[RequestKind.EMERGENCY_CARE].url
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    response = client.post(url, valid_answers(RequestKind.EMERGENCY_CARE))
    assert response.status_code == 403
    assert heading(response) == "페이지를 새로 고친 뒤 다시 보내 주세요"
    text = page(response).main.get_text(" ", strip=True)
    assert "너무 오래" in text and "쿠키" in text and "새로 고친 뒤" in text
    assert page(response).find("a", href="/")


@pytest.mark.urls("tests.malformed_urls")
@pytest.mark.parametrize(("address", "status", "title"), [
    ("/__fails__/", 500, "일시적인 오류가 발생했습니다"),
    ("/__forbidden__/", 403, "이 페이지를 볼 수 없습니다"),
])
def test_the_site_answers_errors_with_its_own_korean_pages(site_content, address, status, title):
    response = Client(raise_request_exception=False).get(address)
    assert response.status_code == status
    assert heading(response) == title
    assert page(response).html["lang"] == "ko" and page(response).find("a", href="/")
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------------------
# The handlers themselves cannot fail
# ---------------------------------------------------------------------------

def unreadable(rf):
    """A request whose POST data raises BadRequest every time it is read, from a
    browser with a CSRF cookie (without one, Django's check stops before the body)."""
    request = rf.generic("POST", "/", b"name=abc", content_type=UTF16)
    request.COOKIES["csrftoken"] = "a" * 32
    return request


def test_djangos_own_handlers_read_the_body_again_and_fail(rf):
    """The root cause of the 500s: Django's handlers are decorated with
    requires_csrf_token, which reads the POST data again."""
    with pytest.raises(BadRequest):
        defaults.bad_request(unreadable(rf), BadRequest())
    with pytest.raises(BadRequest):
        defaults.server_error(unreadable(rf))


@pytest.mark.parametrize(("handler", "status", "title"), [
    (lambda request: errors.bad_request(request, BadRequest()), 400, "요청을 처리할 수 없습니다"),
    (lambda request: errors.permission_denied(request, PermissionDenied()), 403,
     "이 페이지를 볼 수 없습니다"),
    (lambda request: errors.csrf_failure(request, "CSRF token missing."), 403,
     "페이지를 새로 고친 뒤 다시 보내 주세요"),
    (lambda request: errors.page_not_found(request, Http404()), 404, "페이지를 찾을 수 없습니다"),
    (errors.server_error, 500, "일시적인 오류가 발생했습니다"),
])
def test_no_error_handler_fails_on_a_request_that_cannot_be_read(rf, handler, status, title):
    request = unreadable(rf)
    response = handler(request)
    assert response.status_code == status
    assert heading(response) == title
    assert request.POST == {}  # and whatever reads it afterwards does not fail again


@pytest.mark.parametrize("page_key", list(errors.PAGES))
def test_an_error_page_that_cannot_be_rendered_is_sent_plain(monkeypatch, page_key):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    # The template and the plain version say the same.
    assert heading(errors.error_page(page_key, 400)) == errors.PAGES[page_key][1]
    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.error_page(page_key, 400)
    assert heading(response) == errors.PAGES[page_key][1]
    assert page(response).html["lang"] == "ko"


def test_the_404_page_falls_back_to_the_plain_one(monkeypatch, rf):
    monkeypatch.setattr(errors.defaults, "page_not_found", lambda *args: 1 / 0)
    response = errors.page_not_found(rf.get("/no-such-page/"), None)
    assert response.status_code == 404
    assert heading(response) == "페이지를 찾을 수 없습니다"


# ---------------------------------------------------------------------------
# Property-based: whatever arrives, no 5xx, a Korean answer, nothing half-saved
# ---------------------------------------------------------------------------

def _form_property(kind, examples):
    @fuzz_settings(examples)
    @given(data=st.data())
    def test(forms, session, data):
        malformed.forget_rate_limits()
        valid = valid_answers(kind, session)
        answers = data.draw(malformed.answers_with_odd_values(valid, [k for k in valid if k != "website"]))
        url = forms[kind].url
        client = Client()
        before = malformed.row_counts()
        first = client.post(url, answers)
        assert_korean_answer(first)
        assert malformed.added_rows(before) == {}  # the first step never saves anything
        if first.status_code == 303:
            assert_korean_answer(client.get(first["Location"]))
            sent = client.post(first["Location"])
            assert_korean_answer(sent)
        form = kinds.get(kind).form_class(data=as_post(answers))
        added = malformed.added_rows(before)
        event("sent" if added else "refused" if first.status_code == 303 else "errors shown")
        assert_whole_submission(added, kind, form.is_valid())

    return test


test_any_answers_to_the_emergency_care_form = _form_property(RequestKind.EMERGENCY_CARE, 30)
test_any_answers_to_the_consulting_form = _form_property(RequestKind.CONSULTING, 25)
test_any_answers_to_the_training_booking_form = _form_property(RequestKind.TRAINING, 25)


@fuzz_settings(40)
@given(data=st.data())
def test_any_body_in_any_encoding_at_any_form_step(forms, session, attendee, data):
    malformed.forget_rate_limits()
    kind = data.draw(st.sampled_from(sorted(forms)))
    fields = {key: value for key, value in valid_answers(kind, session).items()
              if not isinstance(value, list)}
    posts = public_posts({kind: forms[kind]}, attendee)
    address, opened = data.draw(st.sampled_from(posts))
    body = data.draw(malformed.bodies(fields))
    client = csrf_client(opened)
    if address.endswith("check/"):  # answers waiting in the session, as after the first step
        assert client.post(forms[kind].url, valid_answers(kind, session)).status_code == 303
    before = malformed.row_counts()
    response = client.generic("POST", address, body.data, content_type=body.content_type)
    assert_korean_answer(response)
    added = malformed.added_rows(before)
    event(f"{response.status_code} {address.rsplit('/', 2)[-2]}")
    if body.readable is False:
        assert response.status_code == 400
        assert added == {}
    elif address.endswith("check/") and added:  # the answers in the session were whole and valid
        assert_whole_submission(added, kind, True)
    else:
        assert added == {}  # a first step, a lookup, a login or a survey without ratings saves nothing


@fuzz_settings(40)
@given(reference=odd_text, phone=odd_text, confirm=odd_text)
def test_any_status_lookup_and_withdrawal(service_request, reference, phone, confirm):
    malformed.forget_rate_limits()
    ServiceRequest.objects.filter(pk=service_request.pk).update(status=Status.SUBMITTED)  # as sent
    client = Client()
    response = client.post("/requests/status/", {"reference": reference, "phone": phone})
    assert_korean_answer(response)
    assert response.status_code in (200, 303)
    # The withdraw step of a request this browser has proved it may see.
    assert client.get(f"/requests/status/{notifications.status_token(service_request)}/").status_code == 303
    response = client.post("/requests/status/withdraw/", {"confirm": confirm})
    assert_korean_answer(response)
    service_request.refresh_from_db()
    assert service_request.status == (Status.WITHDRAWN if confirm == "yes" else Status.SUBMITTED)


@fuzz_settings(40)
@given(data=st.data())
def test_any_survey_answers(attendee, data):
    malformed.forget_rate_limits()
    valid = {"content": "5", "instructor": "4", "usefulness": "3", "comment": "좋았습니다."}
    answers = data.draw(malformed.answers_with_odd_values(valid))
    client = Client()
    assert client.get(f"/requests/survey/{surveys.survey_token(attendee)}/")["Location"] == SURVEY_ANSWER
    before = malformed.row_counts()
    response = client.post(SURVEY_ANSWER, answers)
    assert_korean_answer(response)
    added = malformed.added_rows(before)
    if added:
        assert added == {"TrainingFeedback": 1} and SurveyForm(data=as_post(answers)).is_valid()
        TrainingFeedback.objects.filter(booking=attendee).delete()  # the next example may answer again
    else:
        assert not SurveyForm(data=as_post(answers)).is_valid()


LISTINGS = {
    "/search/": ["q", "page"],
    "/centres/": ["district", "service", "kind", "page", "my_district"],
    "/daycares/": ["programme", "district", "page"],
    "/notices/": ["page"],
    "/casebooks/": ["year", "category", "tag", "page"],
    "/trainings/": ["month", "topic", "audience", "seats", "page"],
    "/trainings/archive/": ["page"],
    "/trainings/calendar.ics": ["page"],
    "/trainings/booking/": ["session"],
}


@fuzz_settings(15)
@given(data=st.data())
def test_any_query_on_any_listing_search_or_booking_link(site_content, data):
    for address, names in LISTINGS.items():
        query = data.draw(st.fixed_dictionaries({}, optional={
            name: odd_text | st.lists(odd_text, max_size=3) for name in [*names, "utm_source"]}))
        response = Client().get(address, query)
        assert_korean_answer(response, allow=(200,) if address.endswith(".ics") else ())
        if address == "/search/":
            assert response.status_code == 200
            assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_submission_with_odd_but_valid_text_is_saved_whole(forms, session):
    """The end of the road for odd text: valid answers with marks and emoji are stored as sent."""
    client = Client()
    answers = {**valid_answers(RequestKind.EMERGENCY_CARE), "name": "\u202e홍길동\u200f 🙂",
               "description": "첫 줄\x00\r\n둘째 줄 " + "가" * 1900}
    checked = client.post(forms[RequestKind.EMERGENCY_CARE].url, answers)
    assert checked.status_code == 303
    assert client.post(checked["Location"]).status_code == 303
    saved = ServiceRequest.objects.get(applicant_name="\u202e홍길동\u200f 🙂")
    assert saved.emergency_care.description.startswith("첫 줄\n둘째 줄 ")
