"""A request's deadline (`due_at`): when it stands still, when it is met,
and what the applicant is promised.

The deadline comes from the request's queue (`Queue.due_from`: clock hours,
working hours or business days on the queue's calendar, with Korea's public
holidays). Around it the pipeline (services.requests.pipeline.change_status)
keeps these times, each in the same transaction as the status change:

- entering 보완요청 (Status.WAITING) pauses the deadline (`paused_at`): staff
  wait for the applicant, and that wait is not the team's time;
- leaving it — the applicant answered, or staff move on — resumes it: the time
  that was left is given back (`Queue.resumed_due`), the warnings already sent
  are forgotten so that the new deadline gets its own, and an internal
  history entry (RequestUpdate.Kind.DEADLINE) says so;
- entering a closed status sets `closed_at`;
- the first public word from staff (a public status change or a message)
  sets `first_contact_at`, which is what the promise below is about.

`promise()` is the one sentence pages, e-mail and SMS use to tell the
applicant when to expect the team. The periodic warnings to staff live in
services.requests.deadline_warnings.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from agency_site.business_days import korean_date
from services.models import OPEN_STATUSES, Queue, RequestUpdate, ServiceRequest, Status

CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES
# What pause and resume change on the request: copied back onto the caller's object.
DEADLINE_FIELDS = (
    "due_at",
    "paused_at",
    "deadline_warned_at",
    "breach_warned_at",
    "closed_at",
    "first_contact_at",
)

PAUSED_TEXT = "처리 기한을 멈췄습니다 (신청인 답변 대기)"


def _log(request, actor, text):
    return RequestUpdate.objects.create(
        request=request,
        kind=RequestUpdate.Kind.DEADLINE,
        actor=actor,
        text=text,
        is_public=False,
    )


def pause_deadline(
    locked_request: ServiceRequest, now: datetime.datetime, actor=None
) -> RequestUpdate | None:
    """Stop the clock of a request (locked by the caller). Nothing happens
    when it already stands still; returns the history entry otherwise."""
    if locked_request.paused_at is not None:
        return None
    locked_request.paused_at = now
    locked_request.save(update_fields=["paused_at", "updated_at"])
    return _log(locked_request, actor, PAUSED_TEXT)


def resume_deadline(
    locked_request: ServiceRequest, now: datetime.datetime, actor=None
) -> RequestUpdate | None:
    """Start the clock again (request locked by the caller; `actor` None when
    the applicant's answer resumed it). Nothing happens when it is running."""
    paused_at = locked_request.paused_at
    if paused_at is None:
        return None
    old_due = locked_request.due_at
    new_due = locked_request.queue.resumed_due(old_due, paused_at, now)
    locked_request.due_at, locked_request.paused_at = new_due, None
    fields = ["due_at", "paused_at", "updated_at"]
    if new_due != old_due:  # a new deadline: its own warning, and its own breach notice
        locked_request.deadline_warned_at = locked_request.breach_warned_at = None
        fields += ["deadline_warned_at", "breach_warned_at"]
        text = f"처리 기한을 다시 셉니다: 새 기한 {korean_date(new_due)}"
    else:
        text = f"처리 기한을 다시 셉니다: 멈추기 전에 이미 지난 기한 {korean_date(old_due)} 그대로입니다"
    locked_request.save(update_fields=fields)
    return _log(locked_request, actor, text)


def record_status_change(
    locked_request: ServiceRequest,
    from_status: str,
    to_status: str,
    actor,
    public: bool,
    now: datetime.datetime,
) -> None:
    """The deadline bookkeeping of one status change (called by the pipeline,
    inside its transaction, with the request locked and its status saved)."""
    if to_status == Status.WAITING:
        pause_deadline(locked_request, now, actor)
    elif from_status == Status.WAITING:
        resume_deadline(locked_request, now, actor)
    if to_status in CLOSED_STATUSES and locked_request.closed_at is None:
        locked_request.closed_at = now
        locked_request.save(update_fields=["closed_at"])
    if public and actor is not None:
        record_first_contact(locked_request, now)


def record_first_contact(service_request: ServiceRequest, now: datetime.datetime) -> None:
    """Staff said something to the applicant: remember the first time.
    A conditional UPDATE, so that two members of staff at once keep the earlier."""
    if service_request.first_contact_at is not None:
        return
    claimed = ServiceRequest.objects.filter(pk=service_request.pk, first_contact_at__isnull=True).update(
        first_contact_at=now
    )
    if claimed:
        service_request.first_contact_at = now
    else:
        service_request.refresh_from_db(fields=["first_contact_at"])


def copy_deadline_fields(source: ServiceRequest, target: ServiceRequest) -> None:
    """The caller's own object sees what the locked copy changed."""
    for name in DEADLINE_FIELDS:
        setattr(target, name, getattr(source, name))


# ---------------------------------------------------------------------------
# What the applicant is told
# ---------------------------------------------------------------------------

PAUSED_SENTENCE = (
    "담당자가 신청인의 답변을 기다리고 있어 처리 기한이 멈춰 있습니다. "
    "답변을 보내 주시면 남은 기한을 다시 셉니다."
)


def _within(queue: Queue, service_request: ServiceRequest) -> str:
    """The "(접수 후 24시간 이내)" part, only while it is true (no pause has moved the deadline)."""
    hours = datetime.timedelta(hours=queue.sla_value)
    start, due = service_request.submitted_at, service_request.due_at
    if queue.sla_unit == Queue.SlaUnit.HOURS and due - start == hours:
        return f" (접수 후 {queue.sla_value}시간 이내)"
    if (
        queue.sla_unit == Queue.SlaUnit.BUSINESS_HOURS
        and queue.calendar.working_time_between(start, due) == hours
    ):
        return f" (근무시간 기준 접수 후 {queue.sla_value}시간 이내)"
    return ""


def promise(service_request: ServiceRequest, now: datetime.datetime | None = None) -> dict | None:
    """When the applicant can expect the team, for pages, e-mail and SMS:
    {"due", "due_text", "sentence", "paused", "overdue", "contacted"}; None once the request is closed.

    `sentence` is ready to show: the promise (영업일 기준 …까지 담당자가 연락드립니다);
    while paused, that the deadline waits for the applicant's answer; once the
    deadline has passed, an apology (a past date must never read as a promise).
    `contacted`: staff have already written to the applicant (pages may then
    leave the promise out)."""
    if service_request.status not in OPEN_STATUSES:
        return None
    now = now or timezone.now()
    queue = service_request.queue
    due = service_request.due_at
    due_text = korean_date(due)
    paused = service_request.paused_at is not None
    contacted = service_request.first_contact_at is not None
    overdue = not paused and due < now
    if paused:
        sentence = PAUSED_SENTENCE
    elif overdue:
        sentence = (
            f"처리가 약속한 기한({due_text})보다 늦어지고 있습니다. 죄송합니다. 담당자가 곧 연락드리겠습니다."
        )
    elif queue.sla_unit == Queue.SlaUnit.BUSINESS_DAYS:
        sentence = f"영업일 기준 {due_text}까지 담당자가 연락드립니다."
    else:
        sentence = f"{due_text}까지{_within(queue, service_request)} 담당자가 연락드립니다."
    return {
        "due": due,
        "due_text": due_text,
        "sentence": sentence,
        "paused": paused,
        "overdue": overdue,
        "contacted": contacted,
    }
