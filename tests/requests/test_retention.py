"""Closed requests are destroyed when their retention period ends; open ones never."""

import datetime
import io
import json
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from services.models import RequestAttachment, RequestKind, RequestUpdate, ServiceRequest, Status
from services.requests import attachments, audit, lookup, pipeline, retention
from services.requests.consent import RETENTION_YEARS
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db


def make(status, closed_days_ago):
    request = pipeline.submit(
        RequestKind.CONSULTING, "마포구",
        pipeline.Applicant(name="박보관", phone="010-5555-6666"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    ServiceRequest.objects.filter(pk=request.pk).update(
        status=status, updated_at=timezone.now() - datetime.timedelta(days=closed_days_ago)
    )
    return request.pk


def test_only_closed_requests_past_retention_are_destroyed(site_content):
    limit = 365 * RETENTION_YEARS
    old_done = make(Status.RESOLVED, limit + 1)
    old_withdrawn = make(Status.WITHDRAWN, limit + 30)
    recent_done = make(Status.RESOLVED, limit - 1)
    old_but_open = make(Status.IN_PROGRESS, limit + 400)

    call_command("purge_expired_requests", "--dry-run")
    assert ServiceRequest.objects.filter(pk=old_done).exists()

    call_command("purge_expired_requests")
    remaining = set(ServiceRequest.objects.filter(
        pk__in=[old_done, old_withdrawn, recent_done, old_but_open]).values_list("pk", flat=True))
    assert remaining == {recent_done, old_but_open}
    assert not RequestUpdate.objects.filter(request_id__in=[old_done, old_withdrawn]).exists()


# --- every trace of a purged request -------------------------------------------------

PERSONAL = ("박보관", "010-5555-6666", "bogwan@example.com")


def closed_long_ago(service_request):
    long_ago = timezone.now() - datetime.timedelta(days=365 * RETENTION_YEARS + 1)
    ServiceRequest.objects.filter(pk=service_request.pk).update(status=Status.RESOLVED, updated_at=long_ago)


@pytest.fixture
def old_request(site_content, settings, tmp_path):
    """A consulting request with a file, closed long ago, seen by staff, and
    one recent request that must keep everything."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    service_request = pipeline.submit(
        RequestKind.CONSULTING, "마포구",
        pipeline.Applicant(name=PERSONAL[0], phone=PERSONAL[1], email=PERSONAL[2]),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    attachment = RequestAttachment(request=service_request, original_name="박보관_사업계획서.pdf",
                                   detected_type="PDF", size=8)
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return service_request


@pytest.fixture
def recent_request(site_content):
    return pipeline.submit(
        RequestKind.CONSULTING, "마포구",
        pipeline.Applicant(name="최근신청", phone="010-7777-8888", email="recent@example.com"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def purge(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # files and folders go after the commit
        call_command("purge_expired_requests", stdout=io.StringIO())


def every_log_entry_text():
    return " ".join(
        entry.label + json.dumps(entry.data, ensure_ascii=False)
        for model in log_registry.get_log_entry_models() for entry in model.objects.all()
    )


def test_the_requests_folder_goes_with_it(old_request, django_capture_on_commit_callbacks):
    folder = Path(attachments.private_root()) / "requests" / old_request.reference
    assert any(folder.iterdir())
    closed_long_ago(old_request)
    call_command("purge_expired_requests", "--dry-run", stdout=io.StringIO())
    assert folder.is_dir()  # a dry run only counts

    purge(django_capture_on_commit_callbacks)
    assert not folder.exists()
    assert (Path(attachments.private_root()) / "requests").is_dir()


def test_audit_entries_are_kept_but_name_nobody(
    old_request, recent_request, django_capture_on_commit_callbacks,
):
    staff = make_staff("hq-park", "사업지원팀")
    client = login(staff)
    client.get(f"/admin/service-requests/inspect/{old_request.pk}/")
    client.get(old_request.attachments.get().get_download_url())
    client.get(f"/admin/service-requests/inspect/{recent_request.pk}/")
    # An entry about something else that lists the reference (as a message to a session's attendees does).
    log(instance=recent_request.queue, action="services.training_attendees_messaged", user=staff,
        data={"recipients": 2, "references": [old_request.reference, recent_request.reference]})
    before = ModelLogEntry.objects.count()
    closed_long_ago(old_request)

    purge(django_capture_on_commit_callbacks)

    about_it = ModelLogEntry.objects.filter(object_id=str(old_request.pk),
                                            content_type__model="servicerequest")
    assert set(about_it.values_list("action", flat=True)) == {
        audit.REQUEST_VIEWED, audit.ATTACHMENT_DOWNLOADED, audit.REQUEST_PURGED,
    }
    viewed = about_it.get(action=audit.REQUEST_VIEWED)
    assert viewed.user == staff and viewed.label == retention.PURGED_LABEL and viewed.data == {}
    assert about_it.get(action=audit.REQUEST_PURGED).user is None
    assert ModelLogEntry.objects.count() == before + 1  # kept, plus the record of destruction
    messaged = ModelLogEntry.objects.get(action="services.training_attendees_messaged")
    assert messaged.data["references"] == [retention.PURGED_LABEL, recent_request.reference]
    written = every_log_entry_text()
    for trace in (old_request.reference, *PERSONAL, "사업계획서"):
        assert trace not in written
    assert recent_request.reference in written  # the other request's entries are untouched


def task_row(*args, task_path="services.requests.tasks.send_notification", **fields):
    return DBTaskResult.objects.create(
        task_path=task_path, args_kwargs={"args": list(args), "kwargs": fields.pop("kwargs", {})},
        backend_name="default", run_after=timezone.now(), status=fields.pop("status", "SUCCESSFUL"),
        exception_class_path=fields.pop("exception_class_path", ""), traceback=fields.pop("traceback", ""),
        return_value=fields.pop("return_value", "sent"),
    )


def test_task_rows_naming_it_are_deleted(old_request, recent_request, django_capture_on_commit_callbacks):
    by_position = task_row("received", old_request.pk, None, 1)
    by_keyword = task_row(kwargs={"event": "message", "request_id": old_request.pk, "update_id": 3})
    by_address = task_row("status_changed", 999_999, traceback=f"SMTPRecipientsRefused: {PERSONAL[2]}",
                          status="FAILED")
    by_reference = task_row(old_request.reference, task_path="other.tasks.notify")
    others = [
        task_row("received", recent_request.pk, None, 1),
        task_row("received", recent_request.pk, old_request.pk, 1),  # its update id, not its request id
    ]
    closed_long_ago(old_request)

    purge(django_capture_on_commit_callbacks)

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert not remaining & {by_position.pk, by_keyword.pk, by_address.pk, by_reference.pk}
    assert {row.pk for row in others} <= remaining


def test_sessions_forget_it(old_request, recent_request, django_capture_on_commit_callbacks):
    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session(**values):
        made = store()
        made.update(values)
        made.create()
        return made.session_key

    done_key = "request_form_done_consulting"  # the confirmation step keeps the reference
    applicant = session(**{done_key: old_request.reference, "other": "kept"})
    verified = session(**{lookup.SESSION_KEY: {"pk": old_request.pk, "at": 1}})
    unrelated = session(**{done_key: recent_request.reference})
    expired = store()
    expired.update({done_key: old_request.reference})
    expired.set_expiry(-60)
    expired.create()
    closed_long_ago(old_request)

    purge(django_capture_on_commit_callbacks)

    assert dict(store(applicant).load()) == {"other": "kept"}
    assert lookup.SESSION_KEY not in store(verified).load()
    assert store(unrelated).load() == {done_key: recent_request.reference}
    assert not store.get_model_class().objects.filter(session_key=expired.session_key).exists()
