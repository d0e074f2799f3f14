"""Background work for the request pipeline: sending notifications, by
e-mail and by SMS.

The pipeline calls `enqueue_notification` from `transaction.on_commit`, so a
task only exists for a request that really was saved. It queues one task
per channel the applicant chose (services.requests.notifications.channels);
each task reads everything from the database and sends one e-mail or one
SMS. A task queued before SMS existed has no `channel` and is an e-mail.

Retries: the mail server or the SMS provider may be down for a while. When
sending fails (SMTPException, OSError — sms.SmsError is one) the task
enqueues itself again to run later —
after 1, 5 and 30 minutes, then every hour — up to `MAX_ATTEMPTS` attempts
(about 21 hours in all), as long as the task backend can defer work
(`django_tasks_db.DatabaseBackend` can; the ImmediateBackend used in tests
cannot). Every failed try raises after queueing the next one, so the task
results in the database say FAILED for each try that failed (with the
error) and SUCCESSFUL only for the one that sent the message. An SMS the
provider refuses for good (sms.SmsRejected: a bad number) is given
up at once: trying again for a day would only delay telling staff.

When the last try fails (or no retry can be queued), the notification is
given up: `services.requests.failed_notifications.give_up` records it on the request
(shown on the staff request page until someone tells the applicant another
way) and e-mails the queue's recipients. The request itself is never
touched by any of this.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from services.requests import failed_notifications, notifications
from services.requests.sms import SmsRejected

logger = logging.getLogger(__name__)

EARLY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
)
LATER_DELAY = datetime.timedelta(hours=1)
MAX_ATTEMPTS = 24

# Outcomes the task returns (stored as its result). A failed try returns
# nothing: it raises, so that the task is recorded as FAILED.
SENT = "sent"
SKIPPED = "skipped"  # nobody to write to, or the request is gone


def retry_delay(failed_attempt: int) -> datetime.timedelta | None:
    """How long to wait after attempt number `failed_attempt` (1, 2, …) failed;
    None when that was the last attempt."""
    if failed_attempt < 1 or failed_attempt >= MAX_ATTEMPTS:
        return None
    if failed_attempt <= len(EARLY_DELAYS):
        return EARLY_DELAYS[failed_attempt - 1]
    return LATER_DELAY


@task()
def send_notification(event: str, request_id: int, update_id: int | None = None, attempt: int = 1,
                      channel: str = notifications.EMAIL) -> str:
    try:
        sent = notifications.send(event, request_id, update_id, channel)
    except (SMTPException, OSError) as error:
        _retry_or_give_up(event, request_id, update_id, attempt, error, channel)
        raise  # this try failed, whether or not another one is queued
    return SENT if sent else SKIPPED


def _retry_or_give_up(event, request_id, update_id, attempt, error, channel=notifications.EMAIL) -> None:
    """Enqueue the next attempt, or — when there is none — record the
    notification as failed and tell the queue's recipients. The caller raises."""
    delay = None if isinstance(error, SmsRejected) else retry_delay(attempt)
    backend = send_notification.get_backend()
    if isinstance(error, SmsRejected):
        logger.error("notification %s for request %s: the SMS was refused, giving up: %s",
                     event, request_id, error)
    elif delay is None:
        logger.error(
            "notification %s for request %s failed %s times, giving up: %r",
            event, request_id, attempt, error,
        )
    elif not backend.supports_defer:
        logger.error(
            "notification %s for request %s failed (%r); the task backend cannot defer, so no retry",
            event, request_id, error,
        )
    else:
        run_after = timezone.now() + delay
        send_notification.using(run_after=run_after).enqueue(
            event, request_id, update_id, attempt + 1, channel=channel,
        )
        logger.warning(
            "notification %s (%s) for request %s failed (attempt %s: %r); trying again after %s",
            event, channel, request_id, attempt, error, run_after.isoformat(),
        )
        return
    try:
        failed_notifications.give_up(event, request_id, update_id, attempt, error, channel=channel)
    except Exception:  # e.g. the database is down too: the task's own failure must still be recorded
        logger.exception("notification %s for request %s: could not record the failure", event, request_id)


def enqueue_notification(event: str, request_id: int, update_id: int | None = None) -> None:
    """Queue one notification per channel. Called from `transaction.on_commit`."""
    if not notifications.is_event(event):
        raise ValueError(f"unknown notification event: {event!r}")
    for channel in notifications.channels(event, request_id):
        if channel == notifications.EMAIL:  # as before SMS: the same task arguments
            send_notification.enqueue(event, request_id, update_id)
        else:
            send_notification.enqueue(event, request_id, update_id, channel=channel)
