"""A request's deadline in the pipeline: paused while staff wait for the
applicant (보완요청) and resumed with the time that was left, first contact
and closing recorded, the promise the applicant reads, and the warnings
staff get before and after the deadline — each once."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agency_site.business_days import korean_date
from services.models import Queue, RequestKind, RequestUpdate, ServiceRequest, Status
from services.requests import deadline_warnings, deadlines, pipeline
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
HOUR = datetime.timedelta(hours=1)
TEAM = "서북권 종합재가센터"  # works 긴급돌봄 서북권 (마포구), 24 clock hours
QUEUE_ADDRESSES = ["seobuk@example.org", "seobuk-lead@example.org"]
NAME, PHONE = "홍길동", "010-2345-6789"


def seoul(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def submit(kind=RequestKind.EMERGENCY_CARE, district="마포구"):
    return pipeline.submit(
        kind,
        district,
        pipeline.Applicant(name=NAME, phone=PHONE, email="hong@example.com"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def fresh(request):
    return ServiceRequest.objects.get(pk=request.pk)


def deadline_entries(request):
    return list(request.updates.filter(kind=RequestUpdate.Kind.DEADLINE))


@pytest.fixture
def worker(site_content):
    return make_staff("kim", TEAM, first_name="김담당")


@pytest.fixture
def request_in_triage(worker):
    request = submit()
    pipeline.change_status(request, Status.TRIAGED, worker)
    return request


# --- pause and resume --------------------------------------------------------------


def test_waiting_for_the_applicant_pauses_the_deadline_and_the_answer_resumes_it(request_in_triage, worker):
    request = request_in_triage
    due_before = fresh(request).due_at
    pipeline.change_status(request, Status.WAITING, worker, text="소득 증빙 서류를 보내 주세요.")
    paused = fresh(request)
    assert paused.paused_at is not None and paused.due_at == due_before
    assert request.paused_at == paused.paused_at  # the caller's object knows too
    [entry] = deadline_entries(request)
    assert (entry.text, entry.is_public, entry.actor) == (
        "처리 기한을 멈췄습니다 (신청인 답변 대기)",
        False,
        worker,
    )

    # The applicant took three hours to answer; a warning had gone out meanwhile.
    three_hours_ago = paused.paused_at - 3 * HOUR
    ServiceRequest.objects.filter(pk=request.pk).update(
        paused_at=three_hours_ago, deadline_warned_at=three_hours_ago
    )
    pipeline.change_status(request, Status.IN_PROGRESS, worker)

    resumed = fresh(request)
    assert resumed.paused_at is None and resumed.deadline_warned_at is None
    given_back = resumed.due_at - due_before
    assert 3 * HOUR <= given_back < 3 * HOUR + datetime.timedelta(minutes=1)
    assert request.due_at == resumed.due_at
    _, entry = deadline_entries(request)
    assert entry.text == f"처리 기한을 다시 셉니다: 새 기한 {korean_date(resumed.due_at)}"
    assert not entry.is_public
    # The history reads: status change first, then what it did to the deadline.
    last_two = list(request.updates.order_by("-created_at", "-pk")[:2])
    assert [u.kind for u in reversed(last_two)] == [RequestUpdate.Kind.STATUS, RequestUpdate.Kind.DEADLINE]


def test_the_applicants_answer_resumes_the_deadline_without_a_staff_actor(request_in_triage, worker):
    """The reply goes back through change_status with actor=None."""
    request = request_in_triage
    pipeline.change_status(request, Status.WAITING, worker)
    contacted = fresh(request).first_contact_at
    pipeline.change_status(request, Status.TRIAGED, None, text="신청인이 답변을 보냈습니다.")
    resumed = fresh(request)
    assert resumed.paused_at is None and resumed.status == Status.TRIAGED
    assert deadline_entries(request)[-1].actor is None
    assert resumed.first_contact_at == contacted  # the applicant's answer is not staff contact


def test_resume_deadline_gives_back_working_time_on_the_queues_calendar(site_content):
    request = submit(kind=RequestKind.CONSULTING)  # 민간기관지원: business days
    ServiceRequest.objects.filter(pk=request.pk).update(
        due_at=seoul(2026, 11, 25, 18), paused_at=seoul(2026, 11, 24, 12)
    )
    locked = fresh(request)
    entry = deadlines.resume_deadline(locked, seoul(2026, 11, 26, 16), actor=None)
    # 15 working hours were left: Thursday 2 h, Friday 9 h, Monday 4 h → Monday's closing time.
    assert fresh(request).due_at == seoul(2026, 11, 30, 18)
    assert entry.text == "처리 기한을 다시 셉니다: 새 기한 2026년 11월 30일(월) 오후 6시"
    assert deadlines.resume_deadline(fresh(request), seoul(2026, 11, 27, 9)) is None  # not paused: nothing


def test_pausing_twice_keeps_the_first_moment(request_in_triage):
    locked = fresh(request_in_triage)
    first = timezone.now() - HOUR
    assert deadlines.pause_deadline(locked, first) is not None
    assert deadlines.pause_deadline(fresh(request_in_triage), timezone.now()) is None
    assert fresh(request_in_triage).paused_at == first


# --- first contact and closing ------------------------------------------------------


def test_first_contact_is_the_first_public_word_from_staff(site_content, worker):
    request = submit()
    pipeline.add_note(request, "보호자와 통화 예정", worker)
    pipeline.change_status(request, Status.TRIAGED, worker, public=False)
    assert fresh(request).first_contact_at is None
    message = pipeline.message_applicant(request, "내일 오전에 전화드리겠습니다.", worker)
    assert fresh(request).first_contact_at == message.created_at
    pipeline.change_status(request, Status.ASSIGNED, worker)
    assert fresh(request).first_contact_at == message.created_at  # the first one stays


def test_a_public_status_change_by_staff_is_a_first_contact(site_content, worker):
    request = submit()
    update = pipeline.change_status(request, Status.TRIAGED, worker)
    assert fresh(request).first_contact_at is not None
    assert abs(fresh(request).first_contact_at - update.created_at) < datetime.timedelta(seconds=1)


def test_withdrawal_by_the_applicant_closes_without_a_contact(site_content):
    request = submit()
    pipeline.withdraw(request)
    closed = fresh(request)
    assert closed.closed_at is not None and closed.first_contact_at is None


def test_closing_from_waiting_records_it_and_releases_the_pause(request_in_triage, worker):
    request = request_in_triage
    pipeline.change_status(request, Status.WAITING, worker)
    assert fresh(request).closed_at is None
    pipeline.change_status(request, Status.REJECTED, worker, text="서류를 받지 못했습니다.")
    closed = fresh(request)
    assert closed.closed_at is not None and closed.paused_at is None


def test_resolving_records_when(request_in_triage, worker):
    request = request_in_triage
    pipeline.assign(request, worker, worker)
    pipeline.change_status(request, Status.IN_PROGRESS, worker)
    assert fresh(request).closed_at is None
    update = pipeline.change_status(request, Status.RESOLVED, worker)
    assert abs(fresh(request).closed_at - update.created_at) < datetime.timedelta(seconds=1)


# --- the promise ---------------------------------------------------------------------


def set_times(request, **times):
    ServiceRequest.objects.filter(pk=request.pk).update(**times)
    return fresh(request)


def test_promise_in_business_days(site_content):
    request = set_times(submit(kind=RequestKind.CONSULTING), due_at=seoul(2026, 12, 3, 18))
    promise = deadlines.promise(request, now=seoul(2026, 11, 30, 10))
    assert promise["sentence"] == "영업일 기준 2026년 12월 3일(목) 오후 6시까지 담당자가 연락드립니다."
    assert promise["due"] == seoul(2026, 12, 3, 18) and promise["due_text"] == "2026년 12월 3일(목) 오후 6시"
    assert not promise["paused"] and not promise["overdue"]


def test_promise_in_clock_hours_says_within_how_long(site_content):
    request = set_times(submit(), submitted_at=seoul(2026, 12, 1, 15), due_at=seoul(2026, 12, 2, 15))
    promise = deadlines.promise(request, now=seoul(2026, 12, 1, 16))
    assert (
        promise["sentence"] == "2026년 12월 2일(수) 오후 3시까지 (접수 후 24시간 이내) 담당자가 연락드립니다."
    )
    # Once a pause moved the deadline, "24시간 이내" would be untrue: only the date is said.
    moved = set_times(request, due_at=seoul(2026, 12, 2, 18))
    assert deadlines.promise(moved, now=seoul(2026, 12, 1, 16))["sentence"] == (
        "2026년 12월 2일(수) 오후 6시까지 담당자가 연락드립니다."
    )


def test_promise_in_working_hours(site_content):
    request = submit(kind=RequestKind.CONSULTING)
    Queue.objects.filter(pk=request.queue_id).update(sla_unit=Queue.SlaUnit.BUSINESS_HOURS, sla_value=8)
    request = set_times(request, submitted_at=seoul(2026, 11, 20, 16), due_at=seoul(2026, 11, 23, 15))
    assert deadlines.promise(request, now=seoul(2026, 11, 20, 16))["sentence"] == (
        "2026년 11월 23일(월) 오후 3시까지 (근무시간 기준 접수 후 8시간 이내) 담당자가 연락드립니다."
    )


def test_promise_while_paused_says_the_deadline_waits_for_the_answer(request_in_triage, worker):
    pipeline.change_status(request_in_triage, Status.WAITING, worker)
    promise = deadlines.promise(fresh(request_in_triage))
    assert promise["paused"] and "답변" in promise["sentence"] and "멈춰" in promise["sentence"]
    assert "까지 담당자가 연락드립니다" not in promise["sentence"]


def test_a_missed_promise_is_not_repeated_as_a_promise(site_content):
    request = set_times(submit(kind=RequestKind.CONSULTING), due_at=seoul(2026, 12, 3, 18))
    promise = deadlines.promise(request, now=seoul(2026, 12, 4, 9))
    assert promise["overdue"]
    assert "죄송합니다" in promise["sentence"] and "2026년 12월 3일(목) 오후 6시" in promise["sentence"]


def test_a_closed_request_promises_nothing(site_content):
    request = submit()
    pipeline.withdraw(request)
    assert deadlines.promise(fresh(request)) is None


# --- warnings to staff ------------------------------------------------------------------


@pytest.fixture
def queue_addresses(site_content):
    Queue.objects.filter(name="긴급돌봄 서북권").update(notify_emails="\n".join(QUEUE_ADDRESSES))


@pytest.fixture
def warn(django_capture_on_commit_callbacks):
    """Run the job as the scheduler does; the e-mails go out once its claims commit."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return deadline_warnings.warn_deadlines(now)

    return run


def due_in(request, delta):
    return set_times(request, due_at=timezone.now() + delta)


def test_the_queue_is_warned_once_before_an_unassigned_deadline(queue_addresses, warn):
    request = due_in(submit(), 90 * datetime.timedelta(minutes=1))
    mail.outbox.clear()  # the submission's own e-mails
    summary = warn()
    assert summary.startswith("기한 임박 알림 1건, 기한 넘김 알림 0건")
    [message] = mail.outbox
    assert message.to == QUEUE_ADDRESSES
    due_text = korean_date(request.due_at)
    assert (
        message.subject
        == f"[서울특별시 사회서비스원] 처리 기한이 다가옵니다: {due_text} ({request.reference})"
    )
    for text in (request.reference, "마포구", "긴급돌봄 서북권", korean_date(request.due_at), "/admin/"):
        assert text in message.body
    [(html, _)] = message.alternatives
    assert request.reference in html and korean_date(request.due_at) in html
    assert NAME not in message.body + html and PHONE not in message.body + html
    assert fresh(request).deadline_warned_at is not None

    assert warn().startswith("기한 임박 알림 0건")  # the next run, or a second scheduler
    assert len(mail.outbox) == 1


def test_the_assignee_is_warned_instead_of_the_queue(queue_addresses, worker, warn):
    worker.email = "kim@example.org"
    worker.save()
    request = submit()
    pipeline.assign(request, worker, worker)
    due_in(request, HOUR)
    mail.outbox.clear()
    warn()
    [message] = mail.outbox
    assert message.to == ["kim@example.org"] and "담당자께" in message.body


def test_an_assignee_without_an_address_leaves_it_to_the_queue(queue_addresses, worker, warn):
    request = submit()
    pipeline.assign(request, worker, worker)  # make_staff gives no e-mail address
    due_in(request, HOUR)
    mail.outbox.clear()
    warn()
    [message] = mail.outbox
    assert message.to == QUEUE_ADDRESSES and "알림 받는 주소" in message.body


def test_a_deadline_still_hours_away_is_not_warned_yet(queue_addresses, warn):
    request = due_in(submit(), 3 * HOUR)
    mail.outbox.clear()
    warn()
    assert mail.outbox == [] and fresh(request).deadline_warned_at is None


def test_a_missed_deadline_gets_one_breach_notice(queue_addresses, warn):
    request = due_in(submit(), -HOUR)
    mail.outbox.clear()
    assert warn().startswith("기한 임박 알림 0건, 기한 넘김 알림 1건")
    [message] = mail.outbox
    assert message.subject == f"[서울특별시 사회서비스원] 처리 기한이 지났습니다 ({request.reference})"
    assert "지남" in message.body and "빨리 신청인에게 연락해" in message.body
    assert NAME not in message.body and PHONE not in message.body
    warn()
    warn()
    assert len(mail.outbox) == 1


def test_paused_and_closed_requests_are_not_warned(queue_addresses, worker, warn):
    waiting = submit()
    pipeline.change_status(waiting, Status.TRIAGED, worker)
    pipeline.change_status(waiting, Status.WAITING, worker)
    due_in(waiting, -HOUR)
    withdrawn = submit()
    pipeline.withdraw(withdrawn)
    due_in(withdrawn, HOUR)
    mail.outbox.clear()
    assert warn().startswith("기한 임박 알림 0건, 기한 넘김 알림 0건")
    assert mail.outbox == []


def test_a_resumed_deadline_gets_warned_again(queue_addresses, worker, warn):
    request = submit()
    pipeline.change_status(request, Status.TRIAGED, worker)
    due_in(request, HOUR)
    warn()
    pipeline.change_status(request, Status.WAITING, worker)
    ServiceRequest.objects.filter(pk=request.pk).update(paused_at=timezone.now() - 2 * HOUR)
    pipeline.change_status(request, Status.IN_PROGRESS, worker)  # 2 h given back: due in about 3 h
    assert fresh(request).deadline_warned_at is None
    mail.outbox.clear()
    warn()
    assert mail.outbox == []  # not near any more
    warn(timezone.now() + 2 * HOUR)  # as if the job ran two hours later: near again
    [message] = mail.outbox
    assert korean_date(fresh(request).due_at) in message.subject


def test_a_warning_that_comes_too_late_is_not_sent(queue_addresses):
    """Mail delayed past the deadline: the breach notice says it instead."""
    request = due_in(submit(), -HOUR)
    assert deadline_warnings.build(deadline_warnings.WARNING, request) is None
    assert deadline_warnings.build(deadline_warnings.BREACH, request) is not None


def test_without_anyone_to_tell_the_job_says_so(site_content, warn):
    request = due_in(submit(), -HOUR)  # no assignee, and the seeded queue has no addresses
    assert Queue.objects.get(pk=request.queue_id).recipients == []
    mail.outbox.clear()
    assert "받을 사람이 없어 보내지 못한 알림 1건" in warn()
    assert mail.outbox == []
    assert "받을 사람이 없어" not in warn()  # claimed: not counted again every 15 minutes


def test_the_warning_job_runs_with_the_other_periodic_jobs(queue_addresses):
    due_in(submit(), HOUR)
    out = io.StringIO()
    call_command("run_periodic_jobs", "--job", "warn_deadlines", stdout=out)
    assert out.getvalue().strip() == "warn_deadlines: 완료 — 기한 임박 알림 1건, 기한 넘김 알림 0건"


@pytest.mark.parametrize(
    ("unit", "value", "due", "now", "near"),
    [
        (Queue.SlaUnit.HOURS, 24, seoul(2026, 11, 23, 12), seoul(2026, 11, 23, 10), True),
        (Queue.SlaUnit.HOURS, 24, seoul(2026, 11, 23, 12), seoul(2026, 11, 23, 9, 59), False),
        (Queue.SlaUnit.HOURS, 1, seoul(2026, 11, 23, 12), seoul(2026, 11, 23, 11, 15), False),  # half of 1 h
        (Queue.SlaUnit.HOURS, 1, seoul(2026, 11, 23, 12), seoul(2026, 11, 23, 11, 30), True),
        # Two working hours before Monday 10:00 is Friday 17:00.
        (Queue.SlaUnit.BUSINESS_HOURS, 8, seoul(2026, 11, 23, 10), seoul(2026, 11, 20, 17), True),
        (Queue.SlaUnit.BUSINESS_HOURS, 8, seoul(2026, 11, 23, 10), seoul(2026, 11, 20, 16, 45), False),
        # Business days: from the start of the deadline's day.
        (Queue.SlaUnit.BUSINESS_DAYS, 5, seoul(2026, 11, 27, 18), seoul(2026, 11, 27, 0, 10), True),
        (Queue.SlaUnit.BUSINESS_DAYS, 5, seoul(2026, 11, 27, 18), seoul(2026, 11, 26, 17), False),
        (
            Queue.SlaUnit.BUSINESS_DAYS,
            5,
            seoul(2026, 11, 27, 18),
            seoul(2026, 11, 27, 18, 5),
            False,
        ),  # passed
    ],
)
def test_when_a_deadline_counts_as_near(unit, value, due, now, near):
    queue = Queue(name="시험", sla_unit=unit, sla_value=value)
    assert deadline_warnings.is_near(queue, due, now) is near
