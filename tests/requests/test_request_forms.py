"""The two public application forms (긴급돌봄 신청, 민간기관 상담·컨설팅 신청):
form → check your answers → confirmation, as a visitor goes through them."""

import datetime
import os
import re
import struct
import time
import zlib

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.models import HomePage
from home.seed import LoadReport, load_section
from services.models import (
    ConsultingDetails,
    EmergencyCareDetails,
    RequestAttachment,
    RequestFormPage,
    ServiceIndexPage,
    ServicePage,
    ServiceRequest,
    TrainingBooking,
    TrainingIndexPage,
)
from services.requests import attachments, consent, kinds, ratelimit
from services.requests.forms import ConsultingForm, EmergencyCareForm
from services.requests.validators import UPLOAD_MESSAGES
from tests import upload_samples
from tests.staff import VerifiedLoginMixin, login

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------



@pytest.fixture
def consulting(pages):
    return pages["consulting"]


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def soon(days=3):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def emergency_answers(**changes):
    data = {
        "name": "홍길동",
        "applicant_relation": "family",
        "phone": "010 1234 5678",
        "email": "",
        "district": "마포구",
        "age_group": "older",
        "birth_year": "1948",
        "has_disability": "False",
        "situation": "type_1",
        "services_needed": ["home_care", "outing"],
        "desired_start": soon(),
        "description": "어머니를 돌보던 요양보호사가 갑자기 그만두었습니다.",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# A valid 사업자등록번호 (check digit 0).
BUSINESS_NUMBER = "123-45-67891"


def consulting_answers(**changes):
    data = {
        "organisation_name": "마포돌봄사회적협동조합",
        "business_number": BUSINESS_NUMBER,
        "provider_type": "social_economy",
        "district": "마포구",
        "name": "김담당",
        "phone": "02-2038-8670",
        "email": "care@example.com",
        "topics": ["labour", "finance"],
        "description": "요양보호사 근로계약서와 수당 지급 기준을 점검받고 싶습니다.",
        "preferred_dates": "12월 둘째 주 화요일 오후",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def tiny_png():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = upload_samples.pdf_bytes()  # a real one: attachments are checked by content
PNG = tiny_png()


def error_links(page):
    summary = page.find(class_="agency-error-summary")
    assert summary is not None, "no error summary"
    return {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}


def staff(username, *teams, **extra):
    user = get_user_model().objects.create_user(username, password="x" * 16, is_staff=True, **extra)
    for team in teams:
        user.groups.add(Group.objects.get(name=team))
    return user


def submit(client, page, answers):
    """Fill the form, check the answers, send; returns the confirmation response."""
    response = client.post(page.url, answers)
    assert response.status_code == 303, html(response).find(class_="agency-error-summary")
    assert response["Location"].endswith("check/")
    sent = client.post(page.url + "check/")
    assert sent.status_code == 303 and sent["Location"].endswith("done/")
    return client.get(sent["Location"])


def reference_on(response):
    return html(response).find(attrs={"data-reference": True}).get_text(strip=True)


# ---------------------------------------------------------------------------
# 긴급돌봄: the whole journey
# ---------------------------------------------------------------------------

def test_emergency_care_journey(client, emergency):
    form_url = emergency.url
    assert form_url == "/services/emergency-care-application/"

    # 1. Errors: summarised at the top, each linked to its field, answers kept.
    response = client.post(form_url, emergency_answers(phone="12", services_needed=None))
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("오류:")
    links = error_links(page)
    assert links["#id_phone"].startswith("전화번호")
    assert links["#id_services_needed_1"] == "필요한 도움을 하나 이상 골라 주세요."
    for href in links:
        assert page.find(id=href[1:]) is not None, f"{href} points nowhere"
    assert page.find("input", attrs={"name": "name"})["value"] == "홍길동"
    assert page.find("input", attrs={"name": "phone"})["value"] == "12"
    assert page.find("input", attrs={"name": "applicant_relation", "value": "family"}).has_attr("checked")
    assert "갑자기 그만두었습니다" in page.find("textarea", attrs={"name": "description"}).get_text()
    assert page.find("select", attrs={"name": "district"}).find("option", selected=True)["value"] == "마포구"

    # 2. Fixed → check your answers.
    response = client.post(form_url, emergency_answers())
    assert (response.status_code, response["Location"]) == (303, form_url + "check/")
    check = html(client.get(form_url + "check/"))
    rows = {
        row.find("dt").get_text(strip=True): row for row in check.find_all(class_="agency-summary-list__row")
    }
    assert rows["신청하시는 분의 이름"].find("dd").get_text(strip=True) == "홍길동"
    assert rows["전화번호"].find("dd").get_text(strip=True) == "010-1234-5678"  # as we will store it
    assert rows["어떤 도움이 필요합니까?"].find("ul").get_text("|", strip=True) == "재가서비스|외부활동·동행"
    assert rows["전자우편"].find("dd").get_text(strip=True) == "입력하지 않음"
    change = rows["전화번호"].find("a")
    assert change["href"] == form_url + "#id_phone" and change.get_text(strip=True).startswith("변경")
    assert change.find(class_="sr-only").get_text(strip=True) == "전화번호"
    assert rows["어떤 도움이 필요합니까?"].find("a")["href"] == form_url + "#id_services_needed_1"

    # A change link leads back to the form with every answer filled in.
    again = html(client.get(form_url))
    assert again.find(id="id_phone")["value"] == "010-1234-5678"
    assert again.find(id="id_services_needed_1").has_attr("checked")
    assert again.find(id="id_services_needed_1")["name"] == "services_needed"

    # 3. Send → confirmation with the reference.
    sent = client.post(form_url + "check/")
    assert (sent.status_code, sent["Location"]) == (303, form_url + "done/")
    done = client.get(sent["Location"])
    assert done.status_code == 200
    reference = reference_on(done)
    assert re.fullmatch(r"EC-\d{4}-\d{4}-\d{4}", reference)
    assert reference not in sent["Location"]
    assert html(done).find("a", href="/requests/status/") is not None
    assert "no-store" in done["Cache-Control"]

    # 4. Stored: right queue for the district, details, consent record.
    request = ServiceRequest.objects.get(reference=reference)
    assert request.queue.name == "긴급돌봄 서북권"
    assert (request.applicant_name, request.phone, request.district) == ("홍길동", "010-1234-5678", "마포구")
    assert request.consent_notice_version == consent.NOTICE_VERSION
    assert abs(request.consented_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert request.sensitive_consented_at is None
    details = request.emergency_care
    assert details.services_needed == ["home_care", "outing"]
    assert (details.birth_year, details.has_disability, details.situation) == (1948, False, "type_1")
    assert details.desired_start.isoformat() == soon()

    # 5. The answers are gone from the session; sending again creates nothing.
    assert f"request-form:{emergency.pk}" not in client.session
    count = ServiceRequest.objects.count()
    resent = client.post(form_url + "check/")
    assert (resent.status_code, resent["Location"]) == (303, form_url + "done/")
    assert ServiceRequest.objects.count() == count
    assert reference_on(client.get(form_url + "done/")) == reference
    # …and the form starts empty for a new application.
    assert html(client.get(form_url)).find("input", attrs={"name": "name"}).get("value") is None


def test_the_same_answers_sent_twice_make_one_request(client, emergency):
    """Two tabs or a resubmitted POST carrying the same session answers."""
    client.post(emergency.url, emergency_answers())
    key = f"request-form:{emergency.pk}"
    answers = client.session[key]
    first = reference_on(client.get(client.post(emergency.url + "check/")["Location"]))

    session = client.session
    session[key] = answers
    session.save()
    second = client.post(emergency.url + "check/")
    assert second.status_code == 303
    assert reference_on(client.get(second["Location"])) == first
    assert ServiceRequest.objects.filter(applicant_name="홍길동").count() == 1


def test_steps_out_of_order_go_back_to_the_form(client, emergency):
    assert client.get(emergency.url + "check/")["Location"] == emergency.url
    assert client.post(emergency.url + "check/")["Location"] == emergency.url
    assert client.get(emergency.url + "done/")["Location"] == emergency.url
    assert ServiceRequest.objects.count() == 0


def test_a_date_in_the_past_is_refused(client, emergency):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(emergency.url, emergency_answers(desired_start=yesterday))
    assert error_links(html(response)) == {
        "#id_desired_start": "오늘이나 그 뒤의 날짜를 적어 주세요.",
    }


def test_dates_and_phone_numbers_are_accepted_as_people_write_them(client, emergency):
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(emergency.url, emergency_answers(
        desired_start=f"{day.year}. {day.month}. {day.day}.", phone="０１０－１２３４－５６７８",
    ))
    assert response.status_code == 303
    check = html(client.get(emergency.url + "check/")).get_text()
    assert f"{day.year}년 {day.month}월 {day.day}일" in check
    assert "010-1234-5678" in check


# ---------------------------------------------------------------------------
# Consent (개인정보 보호법 제15조, 제23조)
# ---------------------------------------------------------------------------

def test_the_privacy_notice_states_purpose_items_retention_and_the_right_to_refuse(client, emergency):
    page = html(client.get(emergency.url))
    legends = [legend.get_text(strip=True) for legend in page.find_all("legend")]
    assert "개인정보 수집·이용 동의 (필수)" in legends
    assert "민감정보(건강·장애 정보) 처리 동의" in legends
    text = page.get_text(" ", strip=True)
    for heading, _text in consent.SENSITIVE_NOTICE.rows():
        assert heading in text
    assert "동의를 거부할 권리와 거부할 때의 불이익" in text
    assert "신청 처리가 끝난 날부터 3년" in text
    assert "전화나 방문으로 신청하실 수 있습니다" in text

    response = client.post(emergency.url, emergency_answers(privacy_consent=None))
    assert error_links(html(response))["#id_privacy_consent"].startswith("개인정보 수집·이용에 동의해야")
    assert ServiceRequest.objects.count() == 0


def test_disability_information_needs_the_separate_consent(client, emergency):
    response = client.post(emergency.url, emergency_answers(has_disability="True"))
    assert response.status_code == 200
    assert error_links(html(response)) == {"#id_sensitive_consent": consent.SENSITIVE_CONSENT_REQUIRED}
    # The answer is kept.
    kept = html(response).find("input", attrs={"name": "has_disability", "value": "True"})
    assert kept.has_attr("checked")

    done = submit(client, emergency, emergency_answers(has_disability="True", sensitive_consent="on"))
    request = ServiceRequest.objects.get(reference=reference_on(done))
    assert request.emergency_care.has_disability is True
    assert request.sensitive_consented_at is not None


def test_without_disability_the_sensitive_consent_is_not_needed_nor_recorded(client, emergency):
    done = submit(client, emergency, emergency_answers(has_disability="False", sensitive_consent="on"))
    assert ServiceRequest.objects.get(reference=reference_on(done)).sensitive_consented_at is None


@pytest.mark.parametrize("form_class", [EmergencyCareForm, ConsultingForm])
def test_no_field_asks_for_a_resident_registration_number(client, pages, form_class):
    for name, field in form_class().fields.items():
        asked = f"{name} {field.label} {field.help_text}"
        assert "주민" not in asked and "rrn" not in name.lower() and "resident" not in name.lower()
    page = html(client.get(pages[form_class.kind].url))
    questions = " ".join(tag.get_text(" ", strip=True) for tag in page.find_all(["label", "legend"]))
    assert "주민등록번호" not in questions and "주민번호" not in questions


# ---------------------------------------------------------------------------
# 상담·컨설팅 with attachments; private storage; staff-only download
# ---------------------------------------------------------------------------

def test_consulting_with_two_attachments_stored_privately_and_shown_only_to_the_team(
    client, consulting, private_root, settings,
):
    files = [
        SimpleUploadedFile("근로계약서.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("조직도.png", PNG, content_type="image/png"),
    ]
    response = client.post(consulting.url, {**consulting_answers(), "attachments": files})
    assert response.status_code == 303
    check = html(client.get(consulting.url + "check/"))
    listed = check.find("dt", string="첨부파일").find_next("dd").get_text(" ", strip=True)
    assert "근로계약서.pdf (PDF" in listed and "조직도.png (PNG" in listed

    done = client.post(consulting.url + "check/")
    reference = reference_on(client.get(done["Location"]))
    assert re.fullmatch(r"CN-\d{4}-\d{4}-\d{4}", reference)
    request = ServiceRequest.objects.get(reference=reference)
    assert request.queue.name == "민간기관지원"
    assert request.consulting.business_number == BUSINESS_NUMBER
    assert request.consulting.topics == ["labour", "finance"]

    stored = list(request.attachments.order_by("original_name"))
    assert [(a.original_name, a.detected_type, a.size) for a in stored] == [
        ("근로계약서.pdf", "PDF", len(PDF)), ("조직도.png", "PNG", len(PNG)),
    ]
    for attachment in stored:
        path = os.path.realpath(attachment.file.path)
        assert path.startswith(os.path.realpath(private_root))
        assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT))
        with pytest.raises(ValueError):
            attachment.file.url  # noqa: B018 - no public URL exists
    assert not any((private_root / attachments.TEMP_DIR).iterdir())  # tmp copies removed

    pdf = stored[0]
    url = pdf.get_download_url()
    assert url == f"/requests/attachments/{pdf.pk}/"
    assert Client().get(url).status_code == 404
    outsider = login(staff("seobuk", "서북권 종합재가센터"))
    assert outsider.get(url).status_code == 404
    assert outsider.get(f"/requests/attachments/{pdf.pk + 999}/").status_code == 404

    for user in (staff("support", "사업지원팀"), staff("admin", is_superuser=True)):
        member = login(user)
        response = member.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")


def test_deleting_a_request_removes_its_files(client, consulting, django_capture_on_commit_callbacks):
    client.post(consulting.url, {**consulting_answers(), "attachments": [SimpleUploadedFile("a.pdf", PDF)]})
    done = client.post(consulting.url + "check/")
    request = ServiceRequest.objects.get(reference=reference_on(client.get(done["Location"])))
    path = request.attachments.get().file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        request.delete()
    assert not os.path.exists(path)


def test_a_renamed_program_is_refused_and_the_answers_are_kept(client, consulting):
    program = SimpleUploadedFile("견적서.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    response = client.post(consulting.url, {**consulting_answers(), "attachments": [program]})
    assert response.status_code == 200
    links = error_links(html(response))
    assert links == {"#id_attachments": f"견적서.pdf: {UPLOAD_MESSAGES['unsupported_type']}"}
    kept = html(response).find("input", attrs={"name": "organisation_name"})
    assert kept["value"] == "마포돌봄사회적협동조합"
    assert RequestAttachment.objects.count() == 0


def test_a_kept_file_survives_a_later_error_elsewhere(client, consulting):
    # Kept by a valid step; then the person comes back and makes a mistake.
    pdf = SimpleUploadedFile("자료.pdf", PDF)
    assert client.post(consulting.url, {**consulting_answers(), "attachments": [pdf]}).status_code == 303
    response = client.post(consulting.url, consulting_answers(business_number="123"))
    page = html(response)
    assert list(error_links(page)) == ["#id_business_number"]
    assert "자료.pdf (PDF" in page.find(class_="agency-inset").get_text()

    # Fixed without picking the file again: it is still attached.
    client.post(consulting.url, consulting_answers())
    done = client.post(consulting.url + "check/")
    request = ServiceRequest.objects.get(reference=reference_on(client.get(done["Location"])))
    assert [a.original_name for a in request.attachments.all()] == ["자료.pdf"]


def test_kept_files_can_be_removed(client, consulting):
    client.post(consulting.url, {**consulting_answers(), "attachments": [SimpleUploadedFile("a.pdf", PDF)]})
    client.post(consulting.url, {**consulting_answers(), "remove_files": "on"})
    done = client.post(consulting.url + "check/")
    request = ServiceRequest.objects.get(reference=reference_on(client.get(done["Location"])))
    assert request.attachments.count() == 0


def test_abandoned_uploads_are_cleaned_up(private_root):
    folder = private_root / attachments.TEMP_DIR
    folder.mkdir(parents=True)
    old, new = folder / ("a" * 32 + ".pdf"), folder / ("b" * 32 + ".pdf")
    old.write_bytes(PDF)
    new.write_bytes(PDF)
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(old, (three_days_ago, three_days_ago))
    assert attachments.remove_stale_uploads() == 1
    assert not old.exists() and new.exists()


# ---------------------------------------------------------------------------
# Abuse: honeypot, rate limit, CSRF, hostile input
# ---------------------------------------------------------------------------

def test_the_honeypot_is_hidden_from_people(client, emergency):
    page = html(client.get(emergency.url))
    trap = page.find("input", attrs={"name": "website"})
    assert (trap["tabindex"], trap["autocomplete"]) == ("-1", "off")
    wrapper = trap.find_parent(class_="sr-only")
    assert wrapper is not None and wrapper["aria-hidden"] == "true"
    assert page.find("label", attrs={"for": trap["id"]}).get_text(strip=True) == "이 칸은 비워 두세요"


def test_a_filled_honeypot_looks_like_success_but_creates_nothing(client, emergency):
    response = client.post(emergency.url, emergency_answers(website="http://spam.example"))
    assert response.status_code == 303 and response["Location"].endswith("done/")
    done = client.get(response["Location"])
    assert re.fullmatch(r"EC-\d{4}-\d{4}-\d{4}", reference_on(done))
    assert ServiceRequest.objects.count() == 0
    assert f"request-form:{emergency.pk}" not in client.session


def test_over_the_rate_limit_nothing_is_sent_and_the_answers_stay(client, emergency):
    client.post(emergency.url, emergency_answers())
    probe = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    for _ in range(ratelimit.SUBMIT.max_requests):
        ratelimit.hit(probe, ratelimit.SUBMIT)

    response = client.post(emergency.url + "check/")
    assert response.status_code == 429
    assert ratelimit.MESSAGE in error_links(html(response)).values()
    assert ServiceRequest.objects.count() == 0
    assert client.session[f"request-form:{emergency.pk}"]["data"]["name"] == "홍길동"
    assert "홍길동" in html(client.get(emergency.url + "check/")).get_text()


def test_posts_without_a_csrf_token_are_refused(emergency):
    client = Client(enforce_csrf_checks=True)
    assert client.post(emergency.url, emergency_answers()).status_code == 403
    assert client.post(emergency.url + "check/").status_code == 403

    token = html(client.get(emergency.url)).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    accepted = client.post(emergency.url, {**emergency_answers(), "csrfmiddlewaretoken": token})
    assert accepted.status_code == 303
    assert ServiceRequest.objects.count() == 0


HOSTILE = [
    "가" * 20_000,
    "\x00\x01\x07\x1b[31m\x7f",
    "👨‍👩‍👧‍👦🎉🙏🏽",
    "'; DROP TABLE services_servicerequest; --",
    "<script>alert(1)</script>",
    "\u202e\u200b\ufeff",
    "1e309",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("kind", ["emergency_care", "consulting"])
def test_hostile_input_in_every_field_gives_errors_never_a_crash(client, pages, kind, value):
    form_class = kinds.get(kind).form_class
    data = {name: value for name in form_class().fields if name != "website"}
    response = client.post(pages[kind].url, data)
    assert response.status_code == 200
    assert error_links(html(response))
    assert b"<script>alert(1)</script>" not in response.content
    assert ServiceRequest.objects.count() == 0


def test_odd_but_harmless_text_is_stored_cleanly(client, emergency):
    done = submit(client, emergency, emergency_answers(
        name="홍길동 🙂", description="첫 줄\r\n둘째 줄\x00\x07 '; DROP TABLE x; --",
    ))
    request = ServiceRequest.objects.get(reference=reference_on(done))
    assert request.applicant_name == "홍길동 🙂"
    assert request.emergency_care.description == "첫 줄\n둘째 줄 '; DROP TABLE x; --"


# Any text a browser can send (lone surrogates cannot be encoded in a request).
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)

def _property_test(kind):
    names = [name for name in kinds.get(kind).form_class().fields if name != "website"]

    @hypothesis_settings(
        max_examples=40, deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries({name: _text for name in names}))
    def test(client, pages, values):
        response = client.post(pages[kind].url, values)
        assert response.status_code in (200, 303)

    return test

test_any_text_in_the_emergency_form_never_crashes = _property_test("emergency_care")
test_any_text_in_the_consulting_form_never_crashes = _property_test("consulting")


# ---------------------------------------------------------------------------
# Pages in the tree, seed, editor
# ---------------------------------------------------------------------------

def test_service_pages_link_to_their_forms(client, pages, home_page):
    index = ServiceIndexPage.objects.child_of(home_page).get()
    for service_slug, kind in [("emergency-care", "emergency_care"), ("provider-support", "consulting")]:
        service = ServicePage.objects.child_of(index).get(slug=service_slug)
        assert service.apply_page_id == pages[kind].pk
        button = html(client.get(service.url)).find("a", class_="agency-apply")
        assert button["href"] == pages[kind].url
        assert button.get_text(strip=True) == "신청하기"
    assert {p.slug for p in pages.values()} == {"emergency-care-application", "consulting-application"}


def test_loading_again_keeps_what_editors_changed(pages, home_page):
    index = ServiceIndexPage.objects.child_of(home_page).get()
    service = ServicePage.objects.child_of(index).get(slug="emergency-care")
    other = ServicePage.objects.child_of(index).get(slug="care-sos")
    ServicePage.objects.filter(pk=service.pk).update(apply_page=other)
    report = LoadReport()
    again = load_section("forms", home_page, report)
    assert again == pages and set(report.kept) == {"긴급돌봄 신청", "민간기관 상담·컨설팅 신청"}
    assert ServicePage.objects.get(pk=service.pk).apply_page_id == other.pk


def test_forms_are_not_listed_among_the_services(client, pages, home_page):
    index = ServiceIndexPage.objects.child_of(home_page).get()
    text = html(client.get(index.url)).find("main").get_text()
    assert "긴급돌봄 신청" not in text


def test_editors_open_and_preview_the_form_pages(admin_client, pages):
    for page in pages.values():
        assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
        draft = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert draft.status_code == 200
        assert html(draft).find("h1").get_text(strip=True) == page.title


def test_every_kind_has_a_form_and_details_model():
    assert {kind.kind for kind in kinds.registered()} == {"emergency_care", "consulting", "training"}
    assert kinds.get("emergency_care").details_model is EmergencyCareDetails
    assert kinds.get("consulting").details_model is ConsultingDetails
    assert kinds.get("training").details_model is TrainingBooking


class TestFormPageInTheEditor(VerifiedLoginMixin, WagtailPageTestCase):
    def test_page_type_rules(self):
        parents = {HomePage, ServiceIndexPage, TrainingIndexPage}
        assert set(RequestFormPage.clean_parent_page_models()) == parents
        self.assertAllowedSubpageTypes(RequestFormPage, {})

    def test_editors_can_add_a_form_page_under_the_services_index(self):
        from home import seed

        seed.load()
        index = ServiceIndexPage.objects.get()
        self.login()
        self.assertCanCreate(index, RequestFormPage, nested_form_data({
            "title": "교육 신청",
            "slug": "training-application",
            "kind": "consulting",
            "intro": "",
            "form_help": rich_text(""),
            "check_help": rich_text(""),
            "what_happens_next": rich_text("<p>담당자가 연락드립니다.</p>"),
        }))
