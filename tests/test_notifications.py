"""E-mail about requests: sent only after the change is saved, through a
background task that retries on its own; the right people, the minimum data."""

import datetime
import logging
import re
from smtplib import SMTPException
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from services import notifications, pipeline, tasks
from services.models import Queue, RequestKind, ServiceRequest, Status

pytestmark = pytest.mark.django_db

STAFF_ADDRESSES = ["seobuk-1@example.org", "seobuk-2@example.org"]
PHONE = "010-2345-6789"


@pytest.fixture
def queue_recipients(site_content):
    Queue.objects.filter(name="긴급돌봄 서북권").update(notify_emails="\n".join(STAFF_ADDRESSES) + "\n")


def submit(email="hong@example.com", district="마포구", kind=RequestKind.EMERGENCY_CARE):
    return pipeline.submit(
        kind, district,
        pipeline.Applicant(name="홍길동", phone=PHONE, email=email),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def to(address):
    return [m for m in mail.outbox if address in m.to]


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def broken_mail(monkeypatch):
    """The mail server refuses every message until `.repair()`."""

    class Switch:
        broken = True

        def repair(self):
            self.broken = False

    switch = Switch()
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        if switch.broken:
            raise SMTPException("421 service not available")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return switch


@pytest.fixture
def deferring_backend(settings):
    """A task backend that keeps tasks (with run_after) instead of running them,
    like the database backend in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


# --- after commit only ------------------------------------------------------


def test_nothing_is_sent_until_the_transaction_commits(queue_recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            request = submit()
            assert mail.outbox == []
        assert mail.outbox == []  # committed work is still waiting for the callbacks
    assert len(callbacks) == 2
    assert {tuple(m.to) for m in mail.outbox} == {("hong@example.com",), tuple(STAFF_ADDRESSES)}
    assert all(request.reference in m.subject for m in mail.outbox)


def test_a_rolled_back_submission_sends_nothing(queue_recipients, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit()
        raise RuntimeError("the details form failed to save")
    assert callbacks == []
    assert mail.outbox == []
    assert not ServiceRequest.objects.filter(phone=PHONE).exists()


# --- what the applicant receives ---------------------------------------------


def test_the_applicant_is_told_the_reference_next_steps_and_a_signed_link(
    client, queue_recipients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    [message] = to("hong@example.com")
    assert message.subject == (
        f"[서울특별시 사회서비스원] 긴급돌봄 신청이 접수되었습니다 ({request.reference})"
    )
    assert message.from_email == "서울특별시 사회서비스원 <noreply@localhost>"
    assert request.reference in message.body and "앞으로 이렇게 진행됩니다" in message.body
    assert request.reference in html_of(message)

    [link] = re.findall(r"http://127\.0\.0\.1:8000/requests/status/[^/\s]+/", message.body)
    assert link in html_of(message)
    opened = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert opened.status_code == 200
    assert request.reference in opened.content.decode()


def test_consulting_subject_names_its_kind(site_content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(kind=RequestKind.CONSULTING)
    [message] = to("hong@example.com")
    assert message.subject == (
        f"[서울특별시 사회서비스원] 민간기관 상담·컨설팅 신청이 접수되었습니다 ({request.reference})"
    )


def test_no_mail_to_an_applicant_without_an_address(queue_recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(email="")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.TRIAGED, actor=None)
        pipeline.message_applicant(request, "서류를 보내 주세요.", actor=None)
    assert [m.to for m in mail.outbox] == [STAFF_ADDRESSES]  # only the staff notice


def test_public_status_changes_are_sent_and_staff_only_ones_are_not(
    site_content, django_capture_on_commit_callbacks
):
    request = submit()  # not captured: no mail for the submission
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.TRIAGED, actor=None, public=False)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.WAITING, actor=None, text="통장 사본이 필요합니다.")
    [message] = mail.outbox
    assert message.to == ["hong@example.com"]
    assert message.subject == (
        "[서울특별시 사회서비스원] 긴급돌봄 신청의 처리 상태가 ‘보완요청’으로 바뀌었습니다 "
        f"({request.reference})"
    )
    assert notifications.STATUS_EXPLANATIONS[Status.WAITING] in message.body
    assert "통장 사본" not in message.body  # the text is read on the status page


def test_a_message_from_staff_is_announced_without_its_text(site_content, django_capture_on_commit_callbacks):
    request = submit()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.message_applicant(request, "진단서를 준비해 주세요.", actor=None)
    [message] = mail.outbox
    assert message.subject == f"[서울특별시 사회서비스원] 담당자가 메시지를 보냈습니다 ({request.reference})"
    assert "진단서" not in message.body and "진단서" not in html_of(message)
    assert "/requests/status/" in message.body


def test_a_note_sends_nothing(site_content, django_capture_on_commit_callbacks):
    request = submit()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pipeline.add_note(request, "내부 메모", actor=None)
    assert callbacks == [] and mail.outbox == []


# --- what staff receive ------------------------------------------------------


def test_queue_recipients_get_reference_kind_district_due_time_and_no_personal_data(
    queue_recipients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    [message] = to(STAFF_ADDRESSES[0])
    assert message.to == STAFF_ADDRESSES
    html = html_of(message)
    due = timezone.localtime(request.due_at)
    for part in (message.subject, message.body):
        assert request.reference in part and "마포구" in part
    for text in (message.body, html):
        assert "긴급돌봄 신청" in text
        assert f"{due.year}년 {due.month}월 {due.day}일 {due:%H:%M}" in text
        assert "http://127.0.0.1:8000/admin/" in text
        for personal in ("홍길동", PHONE, "2345", "6789", "hong@example.com"):
            assert personal not in text


def test_queues_without_recipients_send_no_staff_mail(site_content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(email="")
    assert mail.outbox == []


def test_each_queue_notifies_its_own_recipients(queue_recipients, django_capture_on_commit_callbacks):
    Queue.objects.filter(name="민간기관지원").update(notify_emails="support@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        submit(email="", kind=RequestKind.CONSULTING, district="마포구")
    assert [m.to for m in mail.outbox] == [["support@example.org"]]


# --- failures and retries ----------------------------------------------------


def test_retry_schedule_backs_off_then_gives_up_within_a_day():
    delays = [tasks.retry_delay(attempt) for attempt in range(1, tasks.MAX_ATTEMPTS + 1)]
    minutes = datetime.timedelta(minutes=1)
    assert delays[:4] == [1 * minutes, 5 * minutes, 30 * minutes, 60 * minutes]
    assert delays[-2] == datetime.timedelta(hours=1)
    assert delays[-1] is None  # the 24th failure is the last
    assert sum(delays[:-1], datetime.timedelta()) < datetime.timedelta(hours=24)
    assert tasks.retry_delay(0) is None


def test_a_mail_failure_never_affects_the_request(
    queue_recipients, broken_mail, django_capture_on_commit_callbacks, caplog
):
    # In tests tasks run at once (ImmediateBackend), which cannot defer a retry:
    # the failure is logged and the request stays saved.
    with (
        caplog.at_level(logging.ERROR, logger="services.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = submit()
    assert ServiceRequest.objects.get(pk=request.pk).status == Status.SUBMITTED
    assert mail.outbox == []
    assert "cannot defer" in caplog.text
    assert "hong@example.com" not in caplog.text  # no personal data in the log


def test_a_failed_send_is_retried_later_and_the_retry_succeeds(
    site_content, broken_mail, deferring_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    queued = {result.args[0]: result for result in deferring_backend.results}
    assert set(queued) == {"received", "new_request"}  # queued, not yet run
    first = queued["received"]
    assert first.args == ["received", request.pk, None]
    deferring_backend.clear()

    before = timezone.now()
    assert first.task.call(*first.args, **first.kwargs) == tasks.RETRY_SCHEDULED
    [retry] = deferring_backend.results
    assert retry.args == ["received", request.pk, None, 2]
    one_minute = datetime.timedelta(minutes=1)
    assert before + one_minute <= retry.task.run_after <= timezone.now() + one_minute
    assert mail.outbox == []

    broken_mail.repair()
    assert retry.task.call(*retry.args, **retry.kwargs) == tasks.SENT
    [message] = mail.outbox
    assert request.reference in message.subject
    assert len(deferring_backend.results) == 1  # nothing more queued


def test_the_last_attempt_gives_up_and_fails_loudly(site_content, broken_mail, deferring_backend, caplog):
    request = submit()
    with caplog.at_level(logging.ERROR, logger="services.tasks"), pytest.raises(SMTPException):
        tasks.send_notification.call("received", request.pk, None, tasks.MAX_ATTEMPTS)
    assert deferring_backend.results == []
    assert "giving up" in caplog.text


def test_a_dropped_connection_is_retried_too(site_content, deferring_backend, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    request = submit()
    assert tasks.send_notification.call("received", request.pk) == tasks.RETRY_SCHEDULED
    [retry] = deferring_backend.results
    assert retry.args[-1] == 2


def test_a_request_deleted_before_sending_is_skipped(site_content):
    request = submit()
    pk = request.pk
    request.delete()
    assert tasks.send_notification.call("received", pk) == tasks.SKIPPED
    assert mail.outbox == []


def test_a_queueing_failure_is_logged_and_never_reaches_the_applicant(
    site_content, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def database_down(*args, **kwargs):
        raise OSError("task database unavailable")

    monkeypatch.setattr(tasks, "send_notification", SimpleNamespace(enqueue=database_down))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        request = submit()  # does not raise
    assert ServiceRequest.objects.filter(pk=request.pk).exists()
    assert "task database unavailable" in caplog.text


def test_withdrawal_and_assignment_notify_the_applicant(site_content, django_capture_on_commit_callbacks):
    request = submit()
    worker = get_user_model().objects.create_user("worker", password="x" * 16)
    worker.groups.add(Group.objects.get(name="서북권 종합재가센터"))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.assign(request, worker, actor=worker)
    [assigned] = mail.outbox
    assert "‘배정’으로" in assigned.subject
    assert "worker" not in assigned.body  # staff names stay internal

    other = submit()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.withdraw(other)
    assert "‘취소’로" in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("word", "subject", "direction"),
    [
        ("신청", "이", "으로"), ("완료", "가", "로"), ("검토중", "이", "으로"),
        ("서울", "이", "로"), ("EC", "이(가)", "(으)로"),
    ],
)
def test_korean_particles_follow_the_last_syllable(word, subject, direction):
    assert notifications.subject_particle(word) == subject
    assert notifications.direction_particle(word) == direction
