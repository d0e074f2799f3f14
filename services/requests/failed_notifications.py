"""Notifications (e-mail or SMS) that never went out: recorded, shown to
staff, resolved.

When the last try of a notification fails (services.requests.tasks), `give_up`
writes a `FailedNotification` and e-mails the queue's recipients: which
message failed, a link to the request page, nothing about the applicant
(no name, phone or address: the page shows those to staff who may see them).
If that e-mail fails too, it is logged at ERROR and the request page says
so; the warning stays on the page either way, with the applicant's phone
number and "신청인에게 전화로 알려 주세요", until a member of the team records
that the applicant was told (`resolve`: an internal note in the history and
an audit-log entry). The queue listing flags requests with an open failure.
"""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.log_actions import log

from home import identity
from services.models import (
    FailedNotification,
    NotificationChannel,
    NotificationEvent,
    RequestUpdate,
    ServiceRequest,
    Status,
)
from services.requests import notifications

logger = logging.getLogger(__name__)

RESOLVED_ACTION = "services.notification_failure_resolved"
RESOLVED_LABEL = "보내지 못한 알림을 신청인에게 알림"
ERROR_LENGTH = FailedNotification._meta.get_field("error").max_length
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def _recipients(event: str, request: ServiceRequest, channel: str) -> list[str]:
    if channel == NotificationChannel.SMS:
        return [request.phone]  # shown only on the request page, to staff who see the phone anyway
    if event == NotificationEvent.NEW_REQUEST:
        return request.queue.recipients
    if event == NotificationEvent.REPLY:  # to staff: the assignee, else the queue
        return notifications.reply_recipients(request)
    return [request.email] if request.email else []


def give_up(event: str, request_id: int, update_id: int | None, attempts: int, error: BaseException,
            channel: str = NotificationChannel.EMAIL):
    """The last try of a notification failed: record it and tell the team.
    Returns the FailedNotification, or None when the request is gone."""
    request = ServiceRequest.objects.select_related("queue").filter(pk=request_id).first()
    if request is None:
        return None
    update = RequestUpdate.objects.filter(pk=update_id, request=request).first() if update_id else None
    failure = FailedNotification.objects.create(
        request=request, update=update, event=event, channel=channel,
        recipients="\n".join(_recipients(event, request, channel)),
        attempts=attempts, error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
    )
    alert_staff(failure)
    return failure


def alert_staff(failure: FailedNotification) -> bool:
    """E-mail the queue's recipients about `failure`; True when it went out."""
    request = failure.request
    staff = request.queue.recipients
    if not staff:
        logger.error(
            "notification %s for request %s was never sent and could not alert staff: "
            "queue %s has no recipients",
            failure.event, request.pk, request.queue_id,
        )
        return False
    kind = request.get_kind_display()
    context = {
        "reference": request.reference,
        "kind": kind,
        "what": describe(failure),
        "channel": failure.get_channel_display(),
        "to_applicant": failure.to_applicant,
        "attempts": failure.attempts,
        "failed": notifications.local_moment(failure.failed_at),
        "admin_url": notifications.staff_link(request),
    }
    subject = f"{identity.subject_prefix()} 알림을 보내지 못했습니다 ({request.reference})"
    try:
        notifications.compose("notification_failed", subject, staff, context).send(fail_silently=False)
    except (SMTPException, OSError) as error:
        # The warning on the request page is then the only trace: say so loudly.
        logger.error(
            "notification %s for request %s was never sent and could not alert staff either: %s",
            failure.event, request.pk, type(error).__name__,
        )
        return False
    FailedNotification.objects.filter(pk=failure.pk).update(staff_alerted_at=timezone.now())
    logger.info("staff told that notification %s for %s was never sent", failure.event, request.reference)
    return True


def headline(failure: FailedNotification) -> str:
    """The warning's headline: "문자를 보내지 못했습니다" or "전자우편을 보내지 못했습니다"."""
    if failure.channel == NotificationChannel.SMS:
        return "문자를 보내지 못했습니다"
    return "전자우편을 보내지 못했습니다"


def describe(failure: FailedNotification) -> str:
    """Which message, in words: "처리 상태 변경 안내 (‘검토중’)"."""
    label = failure.get_event_display()
    update = failure.update
    if update is not None and update.to_status:
        return f"{label} (‘{Status(update.to_status).label}’)"
    return label


# ---------------------------------------------------------------------------
# Staff screens
# ---------------------------------------------------------------------------


def flag_open_failures(queryset):
    """Annotate each request with `has_failed_notification` (one subquery, no extra query)."""
    return queryset.annotate(has_failed_notification=Exists(
        FailedNotification.objects.filter(request=OuterRef("pk"), resolved_at__isnull=True)
    ))


def open_failures(service_request):
    return service_request.failed_notifications.filter(resolved_at__isnull=True).select_related("update")


def for_page(service_request) -> list[dict]:
    """What the request page's warning shows, one entry per open failure."""
    return [
        {
            "pk": failure.pk,
            "what": describe(failure),
            "channel": failure.get_channel_display(),
            "headline": headline(failure),
            "by": "문자로" if failure.channel == NotificationChannel.SMS else "전자우편으로",
            "recipients": ", ".join(failure.recipient_list) or "받는 사람 없음",
            "to_applicant": failure.to_applicant,
            "attempts": failure.attempts,
            "failed_at": failure.failed_at,
            "failed_text": timezone.localtime(failure.failed_at).strftime(DATETIME_FORMAT),
            "staff_alerted_at": failure.staff_alerted_at,
        }
        for failure in open_failures(service_request)
    ]


class ResolveForm(forms.Form):
    """"신청인에게 알렸습니다" on one warning of the request page."""

    failure = forms.ModelChoiceField(
        queryset=FailedNotification.objects.none(), widget=forms.HiddenInput,
        error_messages={
            "required": "어떤 알림인지 알 수 없습니다. 화면을 새로 고친 뒤 다시 눌러 주세요.",
            "invalid_choice": "이미 처리했거나 없는 알림입니다. 화면을 새로 고쳐 주세요.",
        },
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["failure"].queryset = open_failures(service_request)


@transaction.atomic
def resolve(failure: FailedNotification, user) -> None:
    """Record that the applicant (or the team) was told another way."""
    claimed = FailedNotification.objects.filter(pk=failure.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user,
    )
    if not claimed:
        raise ValidationError("다른 직원이 이미 처리했다고 기록했습니다.", code="already_resolved")
    from services.requests import pipeline  # pipeline imports tasks, which imports this module

    who = "신청인" if failure.to_applicant else "담당 팀"
    what = f"{failure.get_channel_display()} 알림({describe(failure)})"
    pipeline.add_note(
        failure.request, f"보내지 못한 {what}을 {who}에게 다른 방법으로 알렸습니다.",
        actor=user,
    )
    log(instance=failure.request, action=RESOLVED_ACTION, user=user, data={"event": failure.event})
