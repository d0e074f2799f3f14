"""The request pipeline shared by every kind of request (DESIGN.md §4).

public form ──► ServiceRequest ──(routing rules)──► Queue ──► staff ──► RequestUpdate log

A request carries what every kind needs (reference, status, queue, contact,
consent record, times); what differs between kinds lives in the kind's own
details model, linked one-to-one. Allowed status changes are data
(`TRANSITIONS`), not `if`s spread over views.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from agency_site import business_days
from agency_site.districts import DISTRICT_CHOICES

from . import contacts


class RequestKind(models.TextChoices):
    EMERGENCY_CARE = "emergency_care", "긴급돌봄 신청"
    CONSULTING = "consulting", "민간기관 상담·컨설팅 신청"
    TRAINING = "training", "교육 신청"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "접수"
    TRIAGED = "triaged", "검토중"
    ASSIGNED = "assigned", "배정"
    IN_PROGRESS = "in_progress", "진행중"
    WAITING = "waiting", "보완요청"
    RESOLVED = "resolved", "완료"
    REJECTED = "rejected", "반려"
    WITHDRAWN = "withdrawn", "취소"


# Which status may follow which. Withdrawal is the applicant's own action.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.TRIAGED, Status.ASSIGNED, Status.REJECTED, Status.WITHDRAWN}),
    Status.TRIAGED: frozenset({Status.ASSIGNED, Status.WAITING, Status.REJECTED, Status.WITHDRAWN}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.WAITING, Status.REJECTED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.WAITING, Status.REJECTED}),
    Status.WAITING: frozenset({Status.TRIAGED, Status.IN_PROGRESS, Status.REJECTED, Status.WITHDRAWN}),
    Status.RESOLVED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, following in TRANSITIONS.items() if following)


class Queue(models.Model):
    """Where requests wait for a team. Members of `team` work the queue."""

    class SlaUnit(models.TextChoices):
        HOURS = "hours", "시간"
        BUSINESS_DAYS = "business_days", "근무일"

    name = models.CharField("이름", max_length=80, unique=True)
    team = models.ForeignKey(
        "auth.Group", verbose_name="담당 팀(그룹)", on_delete=models.PROTECT, related_name="request_queues",
        help_text="이 그룹의 직원만 이 큐의 요청을 보고 처리할 수 있습니다.",
    )
    sla_value = models.PositiveSmallIntegerField("처리 기한", default=24)
    sla_unit = models.CharField("기한 단위", max_length=20, choices=SlaUnit.choices, default=SlaUnit.HOURS)
    notify_emails = models.TextField(
        "새 요청 알림 받을 전자우편", blank=True, help_text="한 줄에 하나씩 적으세요.",
    )
    is_active = models.BooleanField("사용 중", default=True)
    is_fallback = models.BooleanField(
        "분류되지 않은 요청 받기", default=False,
        help_text="어떤 규칙에도 맞지 않는 요청이 여기로 옵니다 (표시가 붙습니다). 한 큐만 고르세요.",
    )
    contact_team = contacts.contact_team_field(
        "신청인이 진행 상황 화면에서 보는 ‘문의’ 팀과 전화번호 (이 큐의 요청에 대해 전화를 받는 팀).",
    )

    panels = [
        FieldPanel("name"), FieldPanel("team"), FieldPanel("sla_value"), FieldPanel("sla_unit"),
        FieldPanel("notify_emails"), FieldPanel("is_active"), FieldPanel("is_fallback"),
        FieldPanel("contact_team"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "민원 큐"
        verbose_name_plural = "민원 큐"
        constraints = [
            models.UniqueConstraint(
                fields=["is_fallback"], condition=models.Q(is_fallback=True), name="one_fallback_queue"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.notify_emails.splitlines() if line.strip()]

    def due_from(self, start: datetime.datetime) -> datetime.datetime:
        """When a request received at `start` is due: hours on the clock, or
        business days on Seoul's calendar (agency_site.business_days)."""
        if self.sla_unit == self.SlaUnit.HOURS:
            return start + datetime.timedelta(hours=self.sla_value)
        return business_days.add_business_days(start, self.sla_value)


class RoutingRule(models.Model):
    """Kind × district → queue. A rule without a district is the kind's default."""

    kind = models.CharField("요청 종류", max_length=30, choices=RequestKind.choices)
    district = models.CharField(
        "자치구", max_length=10, choices=DISTRICT_CHOICES, blank=True,
        help_text="비워 두면 이 종류의 기본 규칙입니다 (자치구 규칙이 없을 때 쓰입니다).",
    )
    queue = models.ForeignKey(Queue, verbose_name="보낼 큐", on_delete=models.PROTECT, related_name="rules")

    panels = [FieldPanel("kind"), FieldPanel("district"), FieldPanel("queue")]

    class Meta:
        ordering = ["kind", "district"]
        verbose_name = "배정 규칙"
        verbose_name_plural = "배정 규칙"
        constraints = [
            models.UniqueConstraint(fields=["kind", "district"], name="one_rule_per_kind_and_district")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.district or '기본'} → {self.queue}"


class ServiceRequest(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "누리집"
        PHONE = "phone", "전화"
        VISIT = "visit", "방문"

    reference = models.CharField("접수번호", max_length=20, unique=True, editable=False)
    kind = models.CharField("요청 종류", max_length=30, choices=RequestKind.choices)
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    queue = models.ForeignKey(Queue, verbose_name="큐", on_delete=models.PROTECT, related_name="requests")
    unroutable = models.BooleanField(
        "분류 안 됨", default=False, help_text="맞는 배정 규칙이 없어 기본 큐로 온 요청."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="담당자", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_requests",
    )
    district = models.CharField("자치구", max_length=10, choices=DISTRICT_CHOICES)
    channel = models.CharField("접수 경로", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    applicant_name = models.CharField("신청인 이름", max_length=50)
    phone = models.CharField("연락처", max_length=20)
    email = models.EmailField("전자우편", blank=True)
    submitted_at = models.DateTimeField("접수 시각", default=timezone.now)
    updated_at = models.DateTimeField("최근 변경", auto_now=True)
    due_at = models.DateTimeField("처리 기한")
    consent_notice_version = models.CharField("동의한 안내문 판", max_length=20)
    consented_at = models.DateTimeField("개인정보 수집·이용 동의 시각")
    sensitive_consented_at = models.DateTimeField(
        "민감정보 처리 동의 시각", null=True, blank=True,
        help_text="건강·장애 정보를 받은 경우에만 (개인정보 보호법 제23조).",
    )

    class Meta:
        ordering = ["due_at"]
        verbose_name = "서비스 요청"
        verbose_name_plural = "서비스 요청"
        indexes = [models.Index(fields=["queue", "status", "due_at"])]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def contact_team(self):
        """The team the applicant can call about this request (services.models.contacts)."""
        return contacts.for_request(self)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()

    def allowed_statuses(self) -> list[str]:
        following = TRANSITIONS[self.status]
        return [value for value, _label in Status.choices if value in following]


class RequestUpdate(models.Model):
    """The request's history: every change, note and message, who and when."""

    class Kind(models.TextChoices):
        CREATED = "created", "접수"
        STATUS = "status", "상태 변경"
        ASSIGNMENT = "assignment", "담당자 지정"
        NOTE = "note", "내부 메모"
        MESSAGE = "message", "신청인에게 보낸 메시지"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField("종류", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="처리한 사람", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField("내용", blank=True)
    is_public = models.BooleanField("신청인에게 보임", default=False)
    created_at = models.DateTimeField("시각", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "처리 기록"
        verbose_name_plural = "처리 기록"

    def __str__(self):
        return f"{self.request.reference} {self.get_kind_display()}"
