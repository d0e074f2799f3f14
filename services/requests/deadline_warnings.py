"""Warnings to staff before a request's deadline, and when it is missed.

`warn_deadlines()` is the periodic job `warn_deadlines` (agency_site.periodic_jobs,
every 15 minutes). It looks at open requests whose deadline is running (not
paused for the applicant's answer) and sends at most two e-mails per deadline:

- a warning, once the deadline is near — for a deadline in clock hours or
  working hours, when 2 hours or less are left (working hours on the queue's
  calendar), or half the queue's limit if that is shorter (a 1-hour queue is
  warned 30 minutes before); for business days, from the start of the
  deadline's day, so that the warning waits in the inbox in the morning;
- a breach notice, once the deadline has passed.

Each goes to the assignee's e-mail address, or — when nobody is assigned or
the assignee has no address or account — to the queue's recipients
(Queue.recipients). A request is claimed with a conditional UPDATE (…WHERE
deadline_warned_at IS NULL), so two schedulers running at once, or a run
repeated, never send a second e-mail; when a paused deadline resumes with a
new date, both marks are cleared (services.requests.deadlines) and the new
deadline gets its own warnings.

The e-mail is sent by a background task after the claim commits, retried a
few times when the mail server fails (a warning hours late is no warning),
and carries the minimum: reference, kind, district, queue, deadline and an
admin link — never the applicant's name or phone.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from agency_site.business_days import SEOUL, korean_date
from home import identity
from services.models import OPEN_STATUSES, Queue, ServiceRequest
from services.requests import notifications, tasks

logger = logging.getLogger(__name__)

WARNING = "deadline_warning"  # also the template names (services/email/…)
BREACH = "deadline_breach"
WARN_BEFORE = datetime.timedelta(hours=2)
# Only requests due this soon are looked at closely: wider than any warning
# window (2 working hours before a deadline can be a week of 설날 or 추석 earlier).
LOOK_AHEAD = datetime.timedelta(days=14)
MAX_ATTEMPTS = 4  # 1, 5 and 30 minutes later (services.requests.tasks.retry_delay)

SENT, SKIPPED = tasks.SENT, tasks.SKIPPED


def is_near(queue: Queue, due_at: datetime.datetime, now: datetime.datetime) -> bool:
    """Whether a running deadline `due_at`, not yet passed, is close enough to warn about."""
    if due_at <= now:
        return False
    if queue.sla_unit == Queue.SlaUnit.BUSINESS_DAYS:
        return now.astimezone(SEOUL).date() >= due_at.astimezone(SEOUL).date()
    window = min(WARN_BEFORE, datetime.timedelta(hours=queue.sla_value) / 2)
    if queue.sla_unit == Queue.SlaUnit.HOURS:
        return due_at - now <= window
    return queue.calendar.working_time_between(now, due_at) <= window


def recipients(service_request: ServiceRequest) -> tuple[list[str], bool]:
    """Who is told, and whether that is the assignee (else the queue's recipients)."""
    assignee = service_request.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email], True
    return service_request.queue.recipients, False


def _running():
    return ServiceRequest.objects.filter(status__in=OPEN_STATUSES, paused_at__isnull=True)


def _claim(service_request: ServiceRequest, mark: str, now: datetime.datetime) -> bool:
    """Set `mark` on the request if nobody has yet, for the deadline we looked at."""
    claimed = (
        _running()
        .filter(
            pk=service_request.pk,
            due_at=service_request.due_at,
            **{f"{mark}__isnull": True},
        )
        .update(**{mark: now})
    )
    return claimed == 1


def _enqueue(which: str, request_id: int) -> None:
    def enqueue_deadline_email():  # named: Django logs a robust on_commit failure by __qualname__
        send_deadline_email.enqueue(which, request_id)

    transaction.on_commit(enqueue_deadline_email, robust=True)


def warn_deadlines(now: datetime.datetime | None = None) -> str:
    """Send the warnings and breach notices due at `now`; one line saying what went out."""
    now = now or timezone.now()
    counts = {WARNING: 0, BREACH: 0}
    nobody = 0
    candidates = _running().select_related("queue", "assignee")
    breached = candidates.filter(due_at__lte=now, breach_warned_at__isnull=True)
    near = candidates.filter(due_at__gt=now, due_at__lte=now + LOOK_AHEAD, deadline_warned_at__isnull=True)
    for which, mark, queryset in (
        (BREACH, "breach_warned_at", breached),
        (WARNING, "deadline_warned_at", near),
    ):
        for service_request in queryset.order_by("due_at"):
            if which == WARNING and not is_near(service_request.queue, service_request.due_at, now):
                continue
            if not _claim(service_request, mark, now):
                continue  # another run got there first, or the request changed meanwhile
            if not recipients(service_request)[0]:
                logger.warning(
                    "deadline %s for %s: nobody to tell (no assignee address, no queue recipients)",
                    which,
                    service_request.reference,
                )
                nobody += 1
                continue
            _enqueue(which, service_request.pk)
            counts[which] += 1
    summary = f"기한 임박 알림 {counts[WARNING]}건, 기한 넘김 알림 {counts[BREACH]}건"
    if nobody:
        summary += f", 받을 사람이 없어 보내지 못한 알림 {nobody}건 (큐의 알림 받을 전자우편을 적어 주세요)"
    return summary


def build(which: str, service_request: ServiceRequest, now: datetime.datetime | None = None):
    """The e-mail, or None when it no longer applies (closed, paused, deadline moved) or nobody is there."""
    now = now or timezone.now()
    if not service_request.is_open or service_request.paused_at is not None:
        return None
    passed = service_request.due_at <= now
    if passed != (which == BREACH):
        return None  # a warning that arrives too late, or a breach whose deadline was moved on
    to, to_assignee = recipients(service_request)
    if not to:
        return None
    due = korean_date(service_request.due_at)
    context = {
        "reference": service_request.reference,
        "kind": service_request.get_kind_display(),
        "district": service_request.district,
        "queue": service_request.queue.name,
        "due": due,
        "to_assignee": to_assignee,
        "admin_url": notifications.staff_link(service_request),
    }
    what = "처리 기한이 지났습니다" if which == BREACH else f"처리 기한이 다가옵니다: {due}"
    subject = f"{identity.subject_prefix()} {what} ({service_request.reference})"
    return notifications.compose(which, subject, to, context)


@task()
def send_deadline_email(which: str, request_id: int, attempt: int = 1) -> str:
    service_request = ServiceRequest.objects.select_related("queue", "assignee").filter(pk=request_id).first()
    message = build(which, service_request) if service_request is not None else None
    if message is None:
        return SKIPPED
    try:
        message.send(fail_silently=False)
    except (SMTPException, OSError) as error:
        delay = tasks.retry_delay(attempt) if attempt < MAX_ATTEMPTS else None
        if delay is not None and send_deadline_email.get_backend().supports_defer:
            send_deadline_email.using(run_after=timezone.now() + delay).enqueue(
                which, request_id, attempt + 1
            )
            logger.warning(
                "%s for %s failed (attempt %s: %r); trying again later",
                which,
                service_request.reference,
                attempt,
                error,
            )
        else:
            logger.error(
                "%s for %s could not be sent, giving up after %s attempts: %r",
                which,
                service_request.reference,
                attempt,
                error,
            )
        raise
    logger.info("%s sent for %s", which, service_request.reference)
    return SENT
