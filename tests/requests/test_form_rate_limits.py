"""Rate limits on every step, not only the final submit: each request form's
first step, the files sent with it (by number and by size), and the status
page's withdraw step. Over a limit: 429, the Korean message, what the
person typed still there, and nothing stored."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from services.models import RequestKind, ServiceRequest, Status
from services.requests import notifications, pipeline, ratelimit

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"



def html(response):
    return BeautifulSoup(response.content, "html.parser")


def summary_errors(response):
    summary = html(response).find(class_="agency-error-summary")
    assert summary is not None, "no error summary"
    return {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}


def emergency_answers(**changes):
    start = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    return {
        "name": "홍길동", "applicant_relation": "family", "phone": "010 1234 5678", "email": "",
        "district": "마포구", "age_group": "older", "birth_year": "1948", "has_disability": "False",
        "situation": "type_1", "services_needed": ["home_care"], "desired_start": start,
        "description": "어머니를 돌보던 요양보호사가 갑자기 그만두었습니다.", "privacy_consent": "on",
        "website": "", **changes,
    }


def consulting_answers(**changes):
    return {
        "organisation_name": "마포돌봄사회적협동조합", "business_number": "123-45-67891",
        "provider_type": "social_economy", "district": "마포구", "name": "김담당",
        "phone": "02-2038-8670", "email": "care@example.com", "topics": ["labour"],
        "description": "근로계약서를 점검받고 싶습니다.", "privacy_consent": "on", "website": "", **changes,
    }


def a_file(name="자료.pdf", size=200):
    body = b"%PDF-1.4\n" + b"0" * max(0, size - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def kept_in_tmp(root):
    tmp = root / "tmp"
    return sorted(p.name for p in tmp.rglob("*") if p.is_file()) if tmp.exists() else []


def assert_refused_with_answers_kept(response, anchor=None):
    assert response.status_code == 429
    assert response["Cache-Control"].startswith("max-age=0")
    errors = summary_errors(response)
    assert ratelimit.MESSAGE in errors.values()
    if anchor:
        assert errors[anchor] == ratelimit.MESSAGE
    page = html(response)
    assert page.title.get_text().startswith("오류:")
    assert page.find("input", attrs={"name": "name"})["value"] in ("홍길동", "김담당")


# --- the first step ------------------------------------------------------------


def test_the_first_step_is_limited_per_address(client, pages, monkeypatch):
    monkeypatch.setattr(ratelimit, "STEP", ratelimit.Limit("form-step", 2, HOUR))
    page = pages["emergency_care"]
    assert client.post(page.url, emergency_answers(phone="12")).status_code == 200  # an error: counted
    assert client.post(page.url, emergency_answers()).status_code == 303
    kept = dict(client.session[page.answers_key])

    refused = client.post(page.url, emergency_answers(name="홍길동", description="바뀐 내용"))
    assert_refused_with_answers_kept(refused)
    assert "바뀐 내용" in html(refused).find("textarea", attrs={"name": "description"}).get_text()
    # Nothing stored: the session still holds the answers of the last accepted step.
    assert client.session[page.answers_key] == kept
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.1.2.3").post(page.url, emergency_answers()).status_code == 303


def test_all_forms_share_the_step_allowance_and_bots_count_too(client, pages, monkeypatch):
    monkeypatch.setattr(ratelimit, "STEP", ratelimit.Limit("form-step", 2, HOUR))
    # The honeypot's decoy answer costs as much as a real step.
    assert client.post(pages["emergency_care"].url, emergency_answers(website="spam")).status_code == 303
    assert client.post(pages["consulting"].url, consulting_answers()).status_code == 303
    refused = client.post(pages["consulting"].url, consulting_answers())
    assert_refused_with_answers_kept(refused)


def test_the_default_step_allowance_is_sixty_an_hour(settings):
    assert settings.RATE_LIMIT_FORM_STEPS_PER_HOUR == 60
    assert (ratelimit.STEP.max_requests, ratelimit.STEP.window_seconds) == (60, HOUR)


# --- uploads -------------------------------------------------------------------


def test_files_are_limited_by_number_per_address(client, pages, monkeypatch, private_root):
    monkeypatch.setattr(ratelimit, "UPLOAD_FILES", ratelimit.Limit("upload-files", 3, HOUR))
    page = pages["consulting"]
    first = client.post(page.url, {**consulting_answers(), "attachments": [a_file("1.pdf"), a_file("2.pdf")]})
    assert first.status_code in (200, 303)
    before = kept_in_tmp(private_root)

    two_more = [a_file("3.pdf"), a_file("4.pdf")]
    refused = client.post(page.url, {**consulting_answers(), "attachments": two_more})
    assert_refused_with_answers_kept(refused, anchor="#id_attachments")
    assert kept_in_tmp(private_root) == before  # the refused files were not kept
    # Without files the form still goes on (only the files are over their allowance).
    assert client.post(page.url, consulting_answers()).status_code == 303


def test_files_are_limited_by_size_per_address(client, pages, monkeypatch, private_root):
    monkeypatch.setattr(ratelimit, "UPLOAD_BYTES", ratelimit.Limit("upload-bytes", 1000, HOUR))
    page = pages["consulting"]
    refused = client.post(page.url, {**consulting_answers(), "attachments": [a_file(size=1500)]})
    assert_refused_with_answers_kept(refused, anchor="#id_attachments")
    assert kept_in_tmp(private_root) == []


def test_files_sent_to_a_form_without_a_file_field_count_too(client, pages, monkeypatch):
    monkeypatch.setattr(ratelimit, "UPLOAD_FILES", ratelimit.Limit("upload-files", 1, HOUR))
    page = pages["emergency_care"]
    refused = client.post(page.url, {**emergency_answers(), "extra": [a_file(), a_file()]})
    assert_refused_with_answers_kept(refused)


def test_the_default_upload_allowances(settings):
    assert (settings.RATE_LIMIT_UPLOAD_FILES_PER_HOUR, settings.RATE_LIMIT_UPLOAD_MB_PER_HOUR) == (30, 150)
    assert ratelimit.UPLOAD_FILES.max_requests == 30
    assert ratelimit.UPLOAD_BYTES.max_requests == 150 * 1024 * 1024


# --- the status page's withdraw step ----------------------------------------------


def test_withdrawing_is_limited_with_the_lookup(monkeypatch, site_content):
    monkeypatch.setattr(ratelimit, "LOOKUP", ratelimit.Limit("lookup", 2, 15 * 60))
    found = pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="홍길동", phone="010-2345-6789", email=""),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    client = Client()
    assert client.get(f"/requests/status/{notifications.status_token(found)}/").status_code == 303
    url = "/requests/status/withdraw/"
    assert client.post(url).status_code == 200  # "정말 취소할까요?"
    assert client.post(url).status_code == 200
    refused = client.post(url, {"confirm": "yes"})
    assert refused.status_code == 429
    assert ratelimit.MESSAGE in html(refused).find("main").get_text()
    found.refresh_from_db()
    assert found.status != Status.WITHDRAWN
    assert ServiceRequest.objects.filter(pk=found.pk, status=found.status).exists()
