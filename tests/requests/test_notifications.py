"""E-mail and SMS about requests: sent only after the change is saved, through a
background task that retries on its own; the right people, by the channels
the applicant chose, the minimum data."""

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

from services.models import FailedNotification, Queue, RequestKind, ServiceRequest, Status
from services.requests import notifications, pipeline, references, sms, status_texts, tasks
from services.requests.sms import locmem

pytestmark = pytest.mark.django_db

STAFF_ADDRESSES = ["seobuk-1@example.org", "seobuk-2@example.org"]
PHONE = "010-2345-6789"


@pytest.fixture
def queue_recipients(site_content):
    Queue.objects.filter(name="긴급돌봄 서북권").update(notify_emails="\n".join(STAFF_ADDRESSES) + "\n")


def submit(email="hong@example.com", district="마포구", kind=RequestKind.EMERGENCY_CARE, phone=PHONE,
           **notify):
    return pipeline.submit(
        kind, district,
        pipeline.Applicant(name="홍길동", phone=phone, email=email, **notify),
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
        caplog.at_level(logging.ERROR, logger="services.requests.tasks"),
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
    with pytest.raises(SMTPException):  # a failed try is a failed task, its retry queued
        first.task.call(*first.args, **first.kwargs)
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
    with caplog.at_level(logging.ERROR, logger="services.requests.tasks"), pytest.raises(SMTPException):
        tasks.send_notification.call("received", request.pk, None, tasks.MAX_ATTEMPTS)
    assert deferring_backend.results == []
    assert "giving up" in caplog.text


def test_a_dropped_connection_is_retried_too(site_content, deferring_backend, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    request = submit()
    with pytest.raises(ConnectionRefusedError):
        tasks.send_notification.call("received", request.pk)
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


# --- a notification that never goes out --------------------------------------

APPLICANT = "hong@example.com"
STAFF_TEAM = "서북권 종합재가센터"  # works the queue 긴급돌봄 서북권 (마포구)
WARNING = "notification-failures"  # the id of the warning on the request page


@pytest.fixture
def mail_server(monkeypatch):
    """The mail server, refusing messages to some addresses (or all) until `.repair()`."""

    class Server:
        refused: set = set()
        everything = False

        def refuse(self, *addresses):
            self.refused = set(addresses)

        def refuse_all(self):
            self.everything = True

        def repair(self):
            self.refused, self.everything = set(), False

    server = Server()
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if server.everything or server.refused.intersection(message.recipients()):
                raise SMTPException("421 service not available")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return server


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database, as in production (run with `run_worker`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(rounds=tasks.MAX_ATTEMPTS + 1):
    """Runs the stored tasks as `manage.py db_worker` does (its own claim and
    run_task: the task's outcome is recorded SUCCESSFUL or FAILED); after each
    round, the time of every queued retry comes."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )
    for _ in range(rounds):
        ran = 0
        while (result := DBTaskResult.objects.ready().get_locked()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            ran += 1
        if not ran:
            return
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def tries(event, channel="email"):
    """The stored task results of one notification by one channel, oldest first."""
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.filter(task_path="services.requests.tasks.send_notification")
    results = results.order_by("enqueued_at")
    return [result for result in results if result.args_kwargs["args"][0] == event
            and result.args_kwargs["kwargs"].get("channel", "email") == channel]


def request_page(request):
    from tests.staff import login, make_staff

    staff = login(make_staff("seobuk-staff", STAFF_TEAM))
    response = staff.get(f"/admin/service-requests/inspect/{request.pk}/")
    assert response.status_code == 200
    return staff, response.content.decode()


def warning_of(page):
    from bs4 import BeautifulSoup

    warning = BeautifulSoup(page, "html.parser").find(id=WARNING)
    return " ".join(warning.get_text(" ").split()) if warning else ""


def alerts():
    return [m for m in mail.outbox if "보내지 못했습니다" in m.subject]


def test_a_notification_that_never_goes_out_is_shown_to_staff_and_they_are_emailed(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks
):
    mail_server.refuse(APPLICANT)  # down for the applicant's message, every try
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    run_worker()

    received = tries("received")
    assert len(received) == tasks.MAX_ATTEMPTS  # every try ran, and no more
    assert [r.status for r in received] == ["FAILED"] * tasks.MAX_ATTEMPTS
    assert {r.exception_class_path for r in received} == {"smtplib.SMTPException"}
    assert [r.status for r in tries("new_request")] == ["SUCCESSFUL"]

    [alert] = alerts()
    assert alert.to == STAFF_ADDRESSES
    assert request.reference in alert.subject
    link = f"http://127.0.0.1:8000/admin/service-requests/inspect/{request.pk}/"
    for text in (alert.body, html_of(alert)):
        assert link in text
        assert "접수 안내" in text and "전화" in text
        for personal in ("홍길동", PHONE, "2345", "6789", APPLICANT):
            assert personal not in text

    staff, page = request_page(request)
    warning = warning_of(page)
    assert "신청인에게 전화로 알려 주세요" in warning
    assert PHONE in warning  # the number to call, on the warning itself
    assert "접수 안내" in warning and APPLICANT in warning  # which message, to whom
    last_try = received[-1]  # when: the minute of the last try (it may straddle one)
    assert any(f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" in warning
               for moment in (last_try.started_at, last_try.finished_at))
    assert f"{tasks.MAX_ATTEMPTS}번" in warning
    assert "담당 팀에 전자우편으로 알렸습니다" in warning

    listing = staff.get("/admin/service-requests/").content.decode()
    assert "알림 발송 실패" in listing


def test_when_staff_mail_fails_too_it_is_logged_and_stays_on_the_page(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks, caplog
):
    mail_server.refuse_all()
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    with caplog.at_level(logging.ERROR):
        run_worker()

    for event in ("received", "new_request"):
        assert [r.status for r in tries(event)] == ["FAILED"] * tasks.MAX_ATTEMPTS
    assert mail.outbox == []
    staff_alert_errors = [
        record for record in caplog.records
        if record.levelno == logging.ERROR and "could not alert" in record.getMessage()
    ]
    assert len(staff_alert_errors) == 2  # one per notification given up
    assert all(record.name == "services.requests.failed_notifications" for record in staff_alert_errors)
    for personal in ("홍길동", PHONE, APPLICANT, *STAFF_ADDRESSES):
        assert personal not in caplog.text

    _staff, page = request_page(request)
    warning = warning_of(page)
    assert "신청인에게 전화로 알려 주세요" in warning
    assert "접수 안내" in warning and "새 요청 알림" in warning
    assert "담당 팀에 전자우편으로도 알리지 못했습니다" in warning


def test_failed_tries_followed_by_a_success_leave_no_failure_behind(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks
):
    mail_server.refuse(APPLICANT)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    run_worker(rounds=2)
    mail_server.repair()
    run_worker()

    assert [r.status for r in tries("received")] == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert len(to(APPLICANT)) == 1
    assert alerts() == []
    _staff, page = request_page(request)
    assert warning_of(page) == ""
    assert "알림 발송 실패" not in page


def test_a_later_success_does_not_clear_an_earlier_failure(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks
):
    mail_server.refuse(APPLICANT)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    run_worker()
    mail_server.repair()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.TRIAGED, actor=None)
    run_worker()

    assert [r.status for r in tries("status_changed")] == ["SUCCESSFUL"]
    assert any("검토중" in m.subject for m in to(APPLICANT))
    _staff, page = request_page(request)
    warning = warning_of(page)
    assert "접수 안내" in warning and "신청인에게 전화로 알려 주세요" in warning
    assert "처리 상태 변경 안내" not in warning


def test_staff_record_that_they_phoned_and_the_warning_goes(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    mail_server.refuse(APPLICANT)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    run_worker()
    staff, page = request_page(request)
    from bs4 import BeautifulSoup

    form = BeautifulSoup(page, "html.parser").find(id=WARNING).find("form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    assert data["action"] == "notice"
    response = staff.post(f"/admin/service-requests/inspect/{request.pk}/", data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert warning_of(page) == ""
    assert "신청인에게 알렸다고 기록했습니다" in page
    assert "알림 발송 실패" not in staff.get("/admin/service-requests/").content.decode()
    note = request.updates.filter(kind="note").last()
    assert "접수 안내" in note.text and not note.is_public
    assert ModelLogEntry.objects.filter(
        object_id=str(request.pk), action="services.notification_failure_resolved"
    ).exists()


def test_another_teams_failure_cannot_be_resolved(
    queue_recipients, database_tasks, mail_server, django_capture_on_commit_callbacks
):
    from tests.staff import login, make_staff

    mail_server.refuse(APPLICANT)
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
    run_worker()
    other = login(make_staff("support-staff", "사업지원팀"))
    failure = request.failed_notifications.get()
    response = other.post(f"/admin/service-requests/inspect/{request.pk}/",
                          {"action": "notice", "notice-failure": failure.pk})
    assert response.status_code == 404
    failure.refresh_from_db()
    assert failure.resolved_at is None


# --- SMS (문자), for applicants who chose it -----------------------------------

SHORT_LINK = re.compile(r"http://127\.0\.0\.1:8000/requests/s/([A-Z0-9]+)/")


def test_the_applicant_who_chose_sms_gets_the_reference_and_a_short_link_only(
    queue_recipients, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(notify_sms=True)
    [text] = sms_outbox
    assert text.to == "01023456789"
    prefix = f"[서울특별시 사회서비스원] 긴급돌봄 신청({request.reference})이 접수되었습니다."
    assert text.text.startswith(prefix)
    [code] = SHORT_LINK.findall(text.text)
    assert code == request.reference.replace("-", "")
    for personal in ("홍길동", PHONE, "2345", "6789", "hong@example.com", "마포구"):
        assert personal not in text.text
    assert "/requests/status/" not in text.text  # never the signed link that opens the page by itself
    assert len(to("hong@example.com")) == 1  # e-mail too: notify_email is still on
    assert len(to(STAFF_ADDRESSES[0])) == 1  # staff hear by e-mail, never by SMS


def test_no_sms_unless_chosen_and_never_to_a_landline(
    site_content, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()  # notify_sms defaults to off, as for requests from before SMS
        pipeline.change_status(request, Status.TRIAGED, actor=None)
        submit(phone="02-2038-8670", notify_sms=True)
    assert sms_outbox == []
    assert len(mail.outbox) == 3  # e-mail as always: two receipts and the status change


def test_the_applicant_who_chose_sms_only_gets_no_email(
    queue_recipients, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(notify_sms=True, notify_email=False)
        pipeline.change_status(request, Status.TRIAGED, actor=None)
        pipeline.message_applicant(request, "서류를 보내 주세요.", actor=None)
    assert to("hong@example.com") == []
    assert [m.to for m in mail.outbox] == [STAFF_ADDRESSES]
    assert len(sms_outbox) == 3


def test_a_status_change_by_sms_says_what_the_page_and_the_email_say(
    site_content, sms_outbox, django_capture_on_commit_callbacks
):
    request = submit(notify_sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.TRIAGED, actor=None, public=False)
    assert sms_outbox == []  # a staff-only change: nothing

    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.WAITING, actor=None, text="통장 사본이 필요합니다.")
    [text] = sms_outbox
    [email] = mail.outbox
    explanation = status_texts.explanation(Status.WAITING)
    assert f"처리 상태가 ‘보완요청’으로 바뀌었습니다. {explanation}" in text.text
    assert explanation in email.body
    assert "통장" not in text.text
    assert request.reference in text.text and SHORT_LINK.search(text.text)


def test_a_message_from_staff_by_sms_leaves_its_text_out(
    site_content, sms_outbox, django_capture_on_commit_callbacks
):
    request = submit(notify_sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.message_applicant(request, "진단서를 준비해 주세요.", actor=None)
    [text] = sms_outbox
    assert "담당자의 메시지가 있습니다" in text.text
    assert "진단서" not in text.text


def test_the_received_email_says_how_news_will_come(site_content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(notify_sms=True)
    [message] = mail.outbox
    for text in (message.body, html_of(message)):
        assert "문자와 전자우편으로 알려 드립니다" in text
        assert "필요하면" not in text
        assert "담당자가 정해지면 신청하신 전화번호로 연락드립니다" in text


def test_one_explanation_per_status_everywhere():
    assert notifications.STATUS_EXPLANATIONS is status_texts.EXPLANATIONS  # the old name still works
    assert set(status_texts.EXPLANATIONS) == set(Status)
    assert "필요하면" not in status_texts.explanation(Status.ASSIGNED)
    assert "연락드립니다" in status_texts.explanation(Status.ASSIGNED)


def test_the_short_link_opens_the_lookup_with_the_reference_and_still_asks_the_phone(client, site_content):
    from bs4 import BeautifulSoup

    request = submit(notify_sms=True)
    response = client.get(f"/requests/s/{request.reference.replace('-', '').lower()}/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    form = BeautifulSoup(page.content, "html.parser")
    assert form.find("input", attrs={"name": "reference"})["value"] == request.reference
    assert form.find("input", attrs={"name": "phone"}).get("value") is None
    assert "홍길동" not in page.content.decode()
    # Nothing to learn from it: a reference that does not exist reads the same.
    other = references.new_reference(RequestKind.EMERGENCY_CARE)  # no request has it
    unknown = client.get(f"/requests/s/{other.replace('-', '')}/")
    assert unknown.status_code == 302 and unknown["Location"].endswith(f"?reference={other}")
    assert client.get("/requests/s/not-a-reference/")["Location"] == "/requests/status/"


@pytest.fixture
def broken_sms(monkeypatch):
    """The SMS provider fails every message (as SOLAPI answering 500) until `.repair()`."""

    class Switch:
        error = sms.SmsError("SOLAPI answered HTTP 500 (InternalError)")

        def repair(self):
            self.error = None

    switch = Switch()
    original = locmem.SmsBackend.send_messages

    def send_messages(self, messages):
        if switch.error is not None:
            raise switch.error
        return original(self, messages)

    monkeypatch.setattr(locmem.SmsBackend, "send_messages", send_messages)
    return switch


def test_a_failed_sms_is_retried_like_email(site_content, broken_sms, deferring_backend, sms_outbox,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(notify_sms=True)
    [first] = [r for r in deferring_backend.results if r.kwargs.get("channel") == "sms"]
    assert first.args == ["received", request.pk, None]
    deferring_backend.clear()
    with pytest.raises(sms.SmsError):
        first.task.call(*first.args, **first.kwargs)
    [retry] = deferring_backend.results
    assert (retry.args, retry.kwargs) == (["received", request.pk, None, 2], {"channel": "sms"})
    broken_sms.repair()
    assert retry.task.call(*retry.args, **retry.kwargs) == tasks.SENT
    assert len(sms_outbox) == 1 and mail.outbox == []  # the e-mail task is another task


def test_an_sms_that_never_goes_out_is_shown_to_staff_as_an_sms(
    queue_recipients, database_tasks, broken_sms, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(notify_sms=True)
    run_worker()

    assert [r.status for r in tries("received", "sms")] == ["FAILED"] * tasks.MAX_ATTEMPTS
    assert [r.status for r in tries("received")] == ["SUCCESSFUL"]  # the e-mail went
    failure = FailedNotification.objects.get(request=request)
    assert (failure.channel, failure.event, failure.recipients) == ("sms", "received", PHONE)
    assert "HTTP 500" in failure.error

    [alert] = alerts()
    assert "보내려던 방법: 문자" in alert.body
    assert PHONE not in alert.body and "홍길동" not in alert.body
    _staff, page = request_page(request)
    warning = warning_of(page)
    assert "문자를 보내지 못했습니다" in warning
    assert "접수 안내" in warning and f"{PHONE}에게 문자로" in warning
    assert "신청인에게 전화로 알려 주세요" in warning


def test_an_sms_the_provider_refuses_for_good_is_given_up_at_once(
    queue_recipients, database_tasks, broken_sms, django_capture_on_commit_callbacks
):
    broken_sms.error = sms.SmsRejected("SOLAPI refused 1 of 1 message(s) (statusCode 1062)")
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(notify_sms=True)
    run_worker()
    assert [r.status for r in tries("received", "sms")] == ["FAILED"]  # one try, no retries
    failure = request.failed_notifications.get()
    assert (failure.channel, failure.attempts) == ("sms", 1)


def test_a_task_queued_before_sms_existed_still_sends_its_email(site_content):
    request = submit(notify_sms=True)
    assert tasks.send_notification.call("received", request.pk, None, 1) == tasks.SENT
    assert [m.to for m in mail.outbox] == [["hong@example.com"]]
