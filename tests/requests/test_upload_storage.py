"""How much disk uploads can take (services.requests.attachments, the form step of
RequestFormPage, site/request_size.py): nothing is stored until the whole
step is valid, one visitor and all visitors together have quotas, bodies
larger than any form are refused unread, and abandoned uploads are purged on
a schedule, not by the next person who submits."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agency_site.request_size import max_body_size
from home.models import ContactSettings
from home.seed import LoadReport, load_section
from services.models import RequestFormPage, ServiceRequest
from services.requests import attachments
from tests import upload_samples
from tests.requests.test_request_forms import consulting_answers, error_links, html, reference_on

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = upload_samples.pdf_bytes()


@pytest.fixture
def consulting(home_page):
    return load_section("forms", home_page, LoadReport())["consulting"]


def post(client, page, *files, **changes):
    data = consulting_answers(**changes)
    if files:
        data["attachments"] = list(files)
    return client.post(page.url, data)


def pdf(name="자료.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored(private_root):
    folder = private_root / attachments.TEMP_DIR
    return sorted(folder.iterdir()) if folder.is_dir() else []


def field_error(response):
    return error_links(html(response)).get("#id_attachments", "")


# ---------------------------------------------------------------------------
# Nothing stored until the step is valid
# ---------------------------------------------------------------------------

def test_files_are_not_stored_while_another_answer_is_wrong(consulting, private_root):
    big = upload_samples.pdf_of_size(int(9.5 * MB))
    for _visitor in range(2):  # anonymous posts, each a new session
        files = [pdf(f"자료{n}.pdf", big) for n in range(3)]
        response = post(Client(), consulting, *files, business_number="123")
        assert response.status_code == 200
        links = error_links(html(response))
        assert list(links) == ["#id_business_number", "#id_attachments"]
        assert links["#id_attachments"] == (
            "고르신 파일(자료0.pdf, 자료1.pdf, 자료2.pdf)은 확인했지만, 다른 항목에 고칠 것이 있어 "
            "아직 저장하지 않았습니다. 다른 항목을 고친 뒤 파일을 다시 골라 주세요."
        )
    assert stored(private_root) == []


def test_files_kept_by_an_earlier_step_stay_when_new_ones_are_not_kept(client, consulting, private_root):
    assert post(client, consulting, pdf("처음.pdf")).status_code == 303
    first = stored(private_root)
    assert len(first) == 1

    response = post(client, consulting, pdf("새.pdf"), business_number="123")
    assert field_error(response).endswith("다시 고르지 않으면 이미 올린 파일이 그대로 첨부됩니다.")
    assert "처음.pdf (PDF" in html(response).find(class_="agency-inset").get_text()
    assert stored(private_root) == first

    # Fixed without choosing the new file again: the first one is sent.
    client.post(consulting.url, consulting_answers())
    done = client.post(consulting.url + "check/")
    request = ServiceRequest.objects.get(reference=reference_on(client.get(done["Location"])))
    assert [a.original_name for a in request.attachments.all()] == ["처음.pdf"]


def test_removing_kept_files_waits_for_a_valid_step(client, consulting, private_root):
    post(client, consulting, pdf())
    post(client, consulting, business_number="123", remove_files="on")
    assert len(stored(private_root)) == 1
    post(client, consulting, remove_files="on")
    assert stored(private_root) == []


# ---------------------------------------------------------------------------
# Quotas: per session, and the whole tmp/ area
# ---------------------------------------------------------------------------

@pytest.fixture
def second_consulting(consulting):
    page = RequestFormPage(title="상담 신청 (두 번째)", slug="consulting-application-2", kind=consulting.kind)
    consulting.get_parent().add_child(instance=page)
    return page


def test_one_visitor_holds_at_most_three_files_over_all_forms(
    client, consulting, second_consulting, private_root,
):
    three = [pdf(f"자료{n}.pdf") for n in range(3)]
    assert post(client, consulting, *three).status_code == 303

    response = post(client, second_consulting, pdf("하나 더.pdf"))
    assert response.status_code == 200
    assert field_error(response) == attachments.SESSION_FULL_MESSAGE
    assert field_error(response).startswith("한 번에 맡아 둘 수 있는 첨부파일은 3개, 모두 30MB까지입니다.")
    assert len(stored(private_root)) == 3

    # A new set on the same form replaces the old one, as before.
    assert post(client, consulting, pdf("새.pdf")).status_code == 303
    assert len(stored(private_root)) == 1
    assert post(client, second_consulting, pdf()).status_code == 303
    assert len(stored(private_root)) == 2


def someone_else_holds(private_root, size):
    folder = private_root / attachments.TEMP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("c" * 32 + ".pdf")).write_bytes(b"\x00" * size)


def test_a_full_temporary_area_refuses_new_files_and_says_whom_to_call(
    client, consulting, private_root, settings, site_content,
):
    settings.UPLOAD_TEMP_QUOTA_MB = 1
    someone_else_holds(private_root, MB - 100)

    response = post(client, consulting, pdf())
    assert response.status_code == 503
    assert field_error(response) == (
        "지금은 첨부파일을 받을 수 없습니다(임시 저장 공간이 가득 찼습니다). 잠시 뒤 다시 시도해 주세요."
    )
    assert len(stored(private_root)) == 1  # only the other visitor's

    contact = ContactSettings.for_site(site_content)
    contact.phone = "02-2038-8670"
    contact.save()
    response = post(Client(), consulting, pdf())
    assert field_error(response).endswith(
        "잠시 뒤 다시 시도하시거나, 급하시면 대표 전화 02-2038-8670번으로 연락해 주세요."
    )
    assert len(stored(private_root)) == 1

    # Answers without files still go through.
    assert client.post(consulting.url, consulting_answers()).status_code == 303


def test_the_files_being_replaced_do_not_count_against_the_quota(client, consulting, private_root, settings):
    assert post(client, consulting, pdf()).status_code == 303
    settings.UPLOAD_TEMP_QUOTA_MB = 1
    someone_else_holds(private_root, MB - len(PDF))  # full, counting this visitor's file
    assert post(client, consulting, pdf("새.pdf")).status_code == 303


def test_a_full_disk_refuses_new_files_without_an_error_page(client, consulting, private_root, monkeypatch):
    def disk_full(upload):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(attachments, "keep_upload", disk_full)
    response = post(client, consulting, pdf())
    assert response.status_code == 503
    assert field_error(response).startswith("지금은 첨부파일을 받을 수 없습니다")


# ---------------------------------------------------------------------------
# Bodies larger than any form: refused before they are read
# ---------------------------------------------------------------------------

class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_the_limit_is_three_attachments_plus_the_other_fields():
    assert max_body_size() == 31 * MB


def test_a_body_larger_than_any_form_is_refused_unread(client, consulting):
    response = client.post(
        consulting.url, data=b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(max_body_size() + 1), **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = html(response)
    assert page.find("h1").get_text(strip=True) == "보내신 내용이 너무 큽니다"
    assert "첨부파일은 3개까지, 파일 하나에 10MB까지 올릴 수 있습니다." in page.get_text()


def test_a_body_of_the_largest_valid_size_goes_through(client):
    response = client.get("/healthz/live", CONTENT_LENGTH=str(max_body_size()))
    assert response.status_code == 200


# ---------------------------------------------------------------------------
# The purge: on a schedule, by the session's lifetime
# ---------------------------------------------------------------------------

def aged(path, hours):
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def test_abandoned_uploads_go_once_no_session_can_name_them(private_root, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    folder = private_root / attachments.TEMP_DIR
    folder.mkdir(parents=True)
    recent, old = folder / ("a" * 32 + ".pdf"), folder / ("b" * 32 + ".pdf")
    for path in (recent, old):
        path.write_bytes(PDF)
    aged(recent, 8.5)  # the session may still live (8 h after its last step) + margin
    aged(old, 9.5)
    assert attachments.remove_stale_uploads() == 1
    assert recent.exists() and not old.exists()

    settings.SESSION_COOKIE_AGE = 3600
    assert attachments.remove_stale_uploads() == 1
    assert not recent.exists()


def test_sending_an_application_leaves_the_purge_to_the_schedule(client, consulting, private_root):
    folder = private_root / attachments.TEMP_DIR
    folder.mkdir(parents=True)
    abandoned = folder / ("d" * 32 + ".pdf")
    abandoned.write_bytes(PDF)
    aged(abandoned, 72)
    post(client, consulting, pdf())
    done = client.post(consulting.url + "check/")
    assert done.status_code == 303
    assert abandoned.exists()


def test_each_valid_step_keeps_the_files_it_still_names_fresh(client, consulting, private_root):
    post(client, consulting, pdf())
    (kept,) = stored(private_root)
    aged(kept, 9.5)  # the person kept working on the form: each step extends the session
    assert client.post(consulting.url, consulting_answers(description="고쳐 적었습니다.")).status_code == 303
    assert kept.stat().st_mtime > time.time() - 60
    assert attachments.remove_stale_uploads() == 0
    assert kept.exists()
