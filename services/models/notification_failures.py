"""E-mail about a request that never went out, kept so that staff see it.

A notification is retried for about a day (services.requests.tasks); when the last
try fails, a `FailedNotification` row is written. The request page shows it
until a member of the team records that the applicant was told another way
(by phone); the queue listing flags the request meanwhile. The row goes with
the request (CASCADE), so the retention purge removes it too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .requests import RequestUpdate, ServiceRequest


class NotificationEvent(models.TextChoices):
    """What the e-mail was about: the values of services.requests.notifications' events."""

    RECEIVED = "received", "접수 안내"
    NEW_REQUEST = "new_request", "새 요청 알림"
    STATUS_CHANGED = "status_changed", "처리 상태 변경 안내"
    MESSAGE = "message", "담당자 메시지 안내"
    REPLY = "reply", "신청인 답변 알림"
    DEADLINE = "deadline", "처리 기한 알림"
    SEAT = "seat", "교육 자리 안내"
    REMINDER = "reminder", "교육 미리 알림"
    SURVEY = "survey", "교육 만족도 조사 안내"


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "전자우편"
    SMS = "sms", "문자"


class FailedNotification(models.Model):
    request = models.ForeignKey(
        ServiceRequest, verbose_name="요청", on_delete=models.CASCADE, related_name="failed_notifications",
    )
    update = models.ForeignKey(
        RequestUpdate, verbose_name="알리려던 처리 기록", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    event = models.CharField("알림 종류", max_length=30, choices=NotificationEvent.choices)
    channel = models.CharField(
        "보내려던 방법", max_length=10, choices=NotificationChannel.choices,
        default=NotificationChannel.EMAIL,
    )
    recipients = models.TextField("받는 사람", blank=True, help_text="한 줄에 하나씩.")
    attempts = models.PositiveSmallIntegerField("시도 횟수")
    error = models.CharField("마지막 오류", max_length=300, blank=True)
    failed_at = models.DateTimeField("마지막 시도 시각", default=timezone.now)
    staff_alerted_at = models.DateTimeField("담당 팀에 알린 시각", null=True, blank=True)
    resolved_at = models.DateTimeField("신청인에게 알린 시각", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="신청인에게 알린 직원", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["failed_at", "pk"]
        verbose_name = "보내지 못한 알림"
        verbose_name_plural = "보내지 못한 알림"

    def __str__(self):
        return f"{self.request.reference} {self.get_event_display()}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def to_applicant(self) -> bool:
        return self.event not in (NotificationEvent.NEW_REQUEST, NotificationEvent.REPLY)
