"""The applicant's status lookup (/requests/status/) and withdrawal: found only
with the right reference and phone number (or our signed link), the same
answer for every miss, rate-limited, never cached, CSRF on every POST."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.utils import timezone

from services.models import RequestKind, RequestUpdate, ServiceRequest, Status
from services.requests import lookup, notifications, pipeline, ratelimit

pytestmark = pytest.mark.django_db

LOOKUP_URL = "/requests/status/"
DETAIL_URL = "/requests/status/view/"
WITHDRAW_URL = "/requests/status/withdraw/"
PHONE = "010-2345-6789"
FULL_WIDTH = {c: c + 0xFEE0 for c in range(ord("!"), ord("~") + 1)}  # A → Ａ, - → －


@pytest.fixture
def service_request(site_content):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="홍길동", phone=PHONE, email="hong@example.com"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("manager", password="x" * 16)


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    """What the person reads: the main content, without the (per-response) CSRF token."""
    main = page(response).find("main")
    for token in main.find_all("input", attrs={"name": "csrfmiddlewaretoken"}):
        token.decompose()
    for typed in main.find_all("input"):
        typed.attrs.pop("value", None)  # what was typed is echoed back, and differs
    return str(main)


def look_up(client, reference, phone, **extra):
    return client.post(LOOKUP_URL, {"reference": reference, "phone": phone}, **extra)


def verified_client(service_request):
    client = Client(enforce_csrf_checks=True)
    token = notifications.status_token(service_request)
    assert client.get(f"/requests/status/{token}/").status_code == 303
    return client


def csrf_post(client, url, data=None):
    """POST like a browser: with the CSRF token a page of ours gave this client."""
    token = page(client.get(LOOKUP_URL)).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


# --- the lookup form -----------------------------------------------------------


def test_the_form_has_labelled_fields_with_korean_hints(client):
    response = client.get(LOOKUP_URL)
    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").get_text(strip=True) == "신청 진행 상황 조회"
    for name, label in (("reference", "접수번호"), ("phone", "전화번호")):
        field = html.find("input", attrs={"name": name})
        assert html.find("label", attrs={"for": field["id"]}).get_text(strip=True) == label
        hint = html.find(id=field["aria-describedby"].split()[0])
        assert "예:" in hint.get_text()
    assert html.find("button", string="조회하기")


def test_the_right_reference_and_phone_show_the_status(client, service_request):
    response = look_up(client, service_request.reference, PHONE, follow=True)
    assert response.redirect_chain == [(DETAIL_URL, 302)]
    html = page(response)
    assert service_request.reference in html.find("main").get_text()
    assert html.find(id="current-status").get_text(strip=True) == "접수"
    assert html.find(id="status-explanation").get_text(strip=True) == notifications.STATUS_EXPLANATIONS[
        Status.SUBMITTED
    ]
    assert "홍길동" not in response.content.decode() and PHONE not in response.content.decode()


@pytest.mark.parametrize(
    ("reference", "phone"),
    [
        ("lower", "010 2345 6789"),
        ("nodash", "01023456789"),
        ("spaced", "+82 10-2345-6789"),
        ("fullwidth", "０１０－２３４５－６７８９"),
    ],
)
def test_what_people_really_type_is_forgiven(client, service_request, reference, phone):
    typed = {
        "lower": service_request.reference.lower(),
        "nodash": service_request.reference.replace("-", "").lower(),
        "spaced": " " + service_request.reference.replace("-", " ") + " ",
        "fullwidth": service_request.reference.translate(FULL_WIDTH),
    }[reference]
    response = look_up(client, typed, phone)
    assert response.status_code == 302 and response["Location"] == DETAIL_URL


def test_a_wrong_reference_and_a_wrong_phone_get_exactly_the_same_answer(client, service_request):
    other_reference = "EC-2222-3333" if service_request.reference != "EC-2222-3333" else "EC-4444-5555"
    wrong_reference = look_up(client, other_reference, PHONE)
    wrong_phone = look_up(client, service_request.reference, "010-9999-8888")
    assert wrong_reference.status_code == wrong_phone.status_code == 200
    assert main_text(wrong_reference) == main_text(wrong_phone)
    summary = page(wrong_phone).find(class_="agency-error-summary")
    assert summary.get_text(" ", strip=True).count("접수번호와 전화번호가 맞는 신청을 찾지 못했습니다") == 1
    # What was typed is kept.
    assert page(wrong_phone).find("input", attrs={"name": "phone"})["value"] == "010-9999-8888"
    assert lookup.SESSION_KEY not in client.session


def test_another_requests_phone_number_does_not_open_this_one(client, service_request):
    other = pipeline.submit(
        RequestKind.CONSULTING, "은평구",
        pipeline.Applicant(name="김철수", phone="010-5555-6666"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    response = look_up(client, service_request.reference, other.phone)
    assert "찾지 못했습니다" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reference": "", "phone": ""}, "reference", "접수번호를 입력해 주세요."),
        ({"reference": "EC-2222-3333", "phone": "전화 주세요"}, "phone", "전화번호는 숫자로만"),
        ({"reference": "EC-2222-3333", "phone": "123"}, "phone", "전화번호"),
        ({"reference": "---", "phone": PHONE}, "reference", "EC-1234-5678-9018 처럼"),
    ],
)
def test_bad_input_gets_a_field_error_in_korean(client, site_content, data, field, message):
    response = client.post(LOOKUP_URL, data)
    assert response.status_code == 200
    html = page(response)
    field_input = html.find("input", attrs={"name": field})
    errors = [html.find(id=i) for i in field_input["aria-describedby"].split()]
    assert any(message in e.get_text() for e in errors if "form-hint-invalid" in e.get("class", []))


@pytest.mark.parametrize(
    "data",
    [
        {"reference": "x" * 5000, "phone": "1" * 5000},
        {"reference": "EC-\x00AAA-BBBB", "phone": "010\x001234"},
        {"reference": "' OR 1=1 --", "phone": "<script>"},
        {"reference": "ＥＣ－２２２２－３３３３", "phone": "０１０－２３４５－６７８９"},
        {"reference": ["a", "b"], "phone": ["1", "2"]},
        {},
    ],
)
def test_junk_never_causes_a_server_error(client, site_content, data):
    response = client.post(LOOKUP_URL, data)
    assert response.status_code == 200
    assert page(response).find(class_="agency-error-summary")


def test_lookups_are_rate_limited(client, service_request):
    for _ in range(ratelimit.LOOKUP.max_requests):
        assert look_up(client, "EC-2222-3333", PHONE).status_code == 200
    blocked = look_up(client, service_request.reference, PHONE)  # even the right answer
    assert blocked.status_code == 429
    assert ratelimit.MESSAGE in blocked.content.decode()
    assert lookup.SESSION_KEY not in client.session
    # Another client is not affected.
    assert look_up(Client(REMOTE_ADDR="10.1.2.3"), service_request.reference, PHONE).status_code == 302


def test_responses_are_never_cached_or_indexed(client, service_request):
    responses = [
        client.get(LOOKUP_URL),
        look_up(client, "EC-2222-3333", PHONE),
        client.get("/requests/status/not-a-token/"),
        client.get(f"/requests/status/{notifications.status_token(service_request)}/"),
        client.get(DETAIL_URL),
    ]
    for response in responses:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]


# --- the signed link ------------------------------------------------------------


def test_the_signed_link_opens_the_status_page(service_request):
    client = verified_client(service_request)
    response = client.get(DETAIL_URL)
    assert response.status_code == 200
    assert service_request.reference in page(response).find("main").get_text()
    # The token is not repeated in the page (canonical links, etc.).
    assert notifications.status_token(service_request).split(":")[0] not in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "eyJyIjoxfQ:1u2v3w:forged-signature",
        signing.TimestampSigner(salt="another.purpose").sign_object({"r": 1}),
        signing.TimestampSigner(salt=notifications.TOKEN_SALT).sign_object({"r": "1"}),
    ],
)
def test_a_forged_or_damaged_link_is_refused_kindly(client, service_request, token):
    response = client.get(f"/requests/status/{token}/")
    assert response.status_code == 400
    assert lookup.LINK_INVALID in response.content.decode()
    assert page(response).find("input", attrs={"name": "reference"})  # asks for reference + phone
    assert lookup.SESSION_KEY not in client.session
    assert client.get(DETAIL_URL).status_code == 302


def test_a_tampered_link_is_refused(client, service_request):
    token = notifications.status_token(service_request)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    assert client.get(f"/requests/status/{tampered}/").status_code == 400


def test_an_expired_link_is_refused(client, service_request, monkeypatch):
    token = notifications.status_token(service_request)
    later = time.time() + notifications.TOKEN_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(f"/requests/status/{token}/")
    assert response.status_code == 400
    assert lookup.LINK_INVALID in response.content.decode()


def test_the_status_page_needs_a_verified_lookup(client, service_request):
    assert client.get(DETAIL_URL)["Location"] == LOOKUP_URL
    assert client.post(WITHDRAW_URL, {"confirm": "yes"})["Location"] == LOOKUP_URL
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.SUBMITTED


def test_the_verification_expires(service_request, monkeypatch):
    client = verified_client(service_request)
    later = time.time() + lookup.VERIFIED_FOR + 1
    monkeypatch.setattr(lookup.time, "time", lambda: later)
    assert client.get(DETAIL_URL)["Location"] == LOOKUP_URL


def test_ending_the_lookup_forgets_the_request(service_request):
    client = verified_client(service_request)
    detail = client.get(DETAIL_URL)
    token = page(detail).find("form", attrs={"action": "/requests/status/end/"}).find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )["value"]
    assert client.post("/requests/status/end/", {"csrfmiddlewaretoken": token})["Location"] == LOOKUP_URL
    assert client.get(DETAIL_URL)["Location"] == LOOKUP_URL


# --- what the status page shows --------------------------------------------------


def test_the_timeline_shows_public_entries_with_dates_and_staff_messages(service_request, staff_user):
    pipeline.change_status(service_request, Status.TRIAGED, staff_user, text="서류를 확인하고 있습니다.")
    pipeline.add_note(service_request, "내부 메모: 이웃 신고로 알게 됨", staff_user)
    pipeline.change_status(service_request, Status.WAITING, staff_user, text="비공개 사유", public=False)
    pipeline.message_applicant(service_request, "건강보험증 사본을 준비해 주세요.", staff_user)

    response = verified_client(service_request).get(DETAIL_URL)
    html = page(response)
    timeline = [li.get_text(" ", strip=True) for li in html.find(id="timeline").find_all("li")]
    assert len(timeline) == 2
    assert "신청 접수" in timeline[0] and "검토중" in timeline[1]
    assert "서류를 확인하고 있습니다." in timeline[1]
    today = timezone.localtime()
    assert all(f"{today.year}년 {today.month}월 {today.day}일" in entry for entry in timeline)
    messages = html.find(id="staff-messages").get_text(" ", strip=True)
    assert "건강보험증 사본을 준비해 주세요." in messages
    text = response.content.decode()
    assert "내부 메모" not in text and "비공개 사유" not in text
    assert html.find(id="current-status").get_text(strip=True) == "보완요청"


@pytest.mark.parametrize(("status", "label"), Status.choices)
def test_every_status_is_shown_with_a_one_line_explanation(service_request, status, label):
    ServiceRequest.objects.filter(pk=service_request.pk).update(status=status)
    html = page(verified_client(service_request).get(DETAIL_URL))
    assert html.find(id="current-status").get_text(strip=True) == label
    explanation = html.find(id="status-explanation").get_text(strip=True)
    assert explanation == notifications.STATUS_EXPLANATIONS[status]
    assert "\n" not in explanation and explanation.endswith(("니다.", "주세요."))
    assert bool(html.find("button", string="신청 취소하기")) == (status in pipeline.WITHDRAWABLE)


# --- withdrawal --------------------------------------------------------------------


def test_a_request_not_yet_started_can_be_withdrawn_after_confirming(service_request):
    client = verified_client(service_request)
    detail = page(client.get(DETAIL_URL))
    assert detail.find("button", string="신청 취소하기")

    confirm = csrf_post(client, WITHDRAW_URL)
    assert confirm.status_code == 200
    assert page(confirm).find("h1").get_text(strip=True) == "정말 취소할까요?"
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.SUBMITTED  # not yet

    done = csrf_post(client, WITHDRAW_URL, {"confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == DETAIL_URL
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.WITHDRAWN
    after = page(client.get(DETAIL_URL))
    assert after.find(id="current-status").get_text(strip=True) == "취소"
    assert "신청을 취소했습니다." in after.get_text()
    assert not after.find("button", string="신청 취소하기")
    entry = RequestUpdate.objects.filter(request=service_request).latest("created_at")
    assert (entry.to_status, entry.is_public, entry.actor) == (Status.WITHDRAWN, True, None)


def test_a_request_in_progress_cannot_be_withdrawn_and_says_why(service_request, staff_user):
    pipeline.change_status(service_request, Status.ASSIGNED, staff_user)
    pipeline.change_status(service_request, Status.IN_PROGRESS, staff_user)
    client = verified_client(service_request)

    detail = page(client.get(DETAIL_URL))
    assert not detail.find("button", string="신청 취소하기")
    assert "담당 부서로 연락해 주세요" in detail.find(id="not-withdrawable").get_text()

    response = csrf_post(client, WITHDRAW_URL, {"confirm": "yes"})
    assert response.status_code == 409
    assert "취소할 수 없습니다" in page(response).find(class_="agency-error-summary").get_text()
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.IN_PROGRESS


def test_withdrawal_only_touches_the_verified_request(service_request):
    other = pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="김철수", phone="010-5555-6666"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    client = verified_client(service_request)
    csrf_post(client, WITHDRAW_URL, {"confirm": "yes", "pk": other.pk, "reference": other.reference})
    assert ServiceRequest.objects.get(pk=other.pk).status == Status.SUBMITTED
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.WITHDRAWN


# --- CSRF ------------------------------------------------------------------------------


def test_every_post_needs_the_csrf_token(service_request):
    client = Client(enforce_csrf_checks=True)
    assert look_up(client, service_request.reference, PHONE).status_code == 403
    assert lookup.SESSION_KEY not in client.session

    client = verified_client(service_request)
    assert client.post(WITHDRAW_URL, {"confirm": "yes"}).status_code == 403
    assert client.post("/requests/status/end/").status_code == 403
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.SUBMITTED

    # With the token from the form, the same lookup works.
    fresh = Client(enforce_csrf_checks=True)
    token = page(fresh.get(LOOKUP_URL)).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    response = fresh.post(LOOKUP_URL, {"reference": service_request.reference, "phone": PHONE,
                                       "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_request_started_while_the_applicant_was_confirming_is_not_withdrawn(
    service_request, staff_user, monkeypatch
):
    client = verified_client(service_request)
    stale = ServiceRequest.objects.get(pk=service_request.pk)  # what the page was showing
    pipeline.change_status(service_request, Status.ASSIGNED, staff_user)
    pipeline.change_status(service_request, Status.IN_PROGRESS, staff_user)
    monkeypatch.setattr(lookup, "verified_request", lambda request: stale)

    response = csrf_post(client, WITHDRAW_URL, {"confirm": "yes"})
    assert response.status_code == 409
    assert "담당 부서로 연락해 주세요" in page(response).find(class_="agency-error-summary").get_text()
    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "url", [LOOKUP_URL, DETAIL_URL, WITHDRAW_URL, "/requests/status/end/", "/requests/status/x/"]
)
def test_other_methods_are_refused_not_crashed(client, site_content, url):
    assert client.put(url).status_code == 405
    assert client.head(LOOKUP_URL).status_code == 200
