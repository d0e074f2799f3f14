"""Background work for the request pipeline: sending notification e-mail.

The pipeline calls `enqueue_notification` from `transaction.on_commit`, so a
task only exists for a request that really was saved. The task reads
everything from the database and sends one e-mail.

Retries: the mail server may be down for a while. When sending fails
(SMTPException, OSError) the task enqueues itself again to run later —
after 1, 5 and 30 minutes, then every hour — up to `MAX_ATTEMPTS` attempts
(about 21 hours in all), as long as the task backend can defer work
(`django_tasks_db.DatabaseBackend` can; the ImmediateBackend used in tests
cannot). Each failure is logged; after the last one the task fails, so the
task result in the database shows the error. The request itself is never
touched by any of this.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from services import notifications

logger = logging.getLogger(__name__)

EARLY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
)
LATER_DELAY = datetime.timedelta(hours=1)
MAX_ATTEMPTS = 24

# Outcomes the task returns (stored as its result).
SENT = "sent"
SKIPPED = "skipped"  # nobody to write to, or the request is gone
RETRY_SCHEDULED = "retry_scheduled"


def retry_delay(failed_attempt: int) -> datetime.timedelta | None:
    """How long to wait after attempt number `failed_attempt` (1, 2, …) failed;
    None when that was the last attempt."""
    if failed_attempt < 1 or failed_attempt >= MAX_ATTEMPTS:
        return None
    if failed_attempt <= len(EARLY_DELAYS):
        return EARLY_DELAYS[failed_attempt - 1]
    return LATER_DELAY


@task()
def send_notification(event: str, request_id: int, update_id: int | None = None, attempt: int = 1) -> str:
    try:
        sent = notifications.send(event, request_id, update_id)
    except (SMTPException, OSError) as error:
        _retry_later(event, request_id, update_id, attempt, error)
        return RETRY_SCHEDULED
    return SENT if sent else SKIPPED


def _retry_later(event, request_id, update_id, attempt, error) -> None:
    """Enqueue the next attempt, or — when there is none — log and re-raise."""
    delay = retry_delay(attempt)
    backend = send_notification.get_backend()
    if delay is None:
        logger.error(
            "notification %s for request %s failed %s times, giving up: %r",
            event, request_id, attempt, error,
        )
        raise error
    if not backend.supports_defer:
        logger.error(
            "notification %s for request %s failed (%r); the task backend cannot defer, so no retry",
            event, request_id, error,
        )
        raise error
    run_after = timezone.now() + delay
    send_notification.using(run_after=run_after).enqueue(event, request_id, update_id, attempt + 1)
    logger.warning(
        "notification %s for request %s failed (attempt %s: %r); trying again after %s",
        event, request_id, attempt, error, run_after.isoformat(),
    )


def enqueue_notification(event: str, request_id: int, update_id: int | None = None) -> None:
    """Queue one notification. Called from `transaction.on_commit`."""
    if event not in notifications.EVENTS:
        raise ValueError(f"unknown notification event: {event!r}")
    send_notification.enqueue(event, request_id, update_id)
