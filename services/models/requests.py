"""The request pipeline shared by every kind of request (DESIGN.md §4).

public form ──► ServiceRequest ──(routing rules)──► Queue ──► staff ──► RequestUpdate log

A request carries what every kind needs (reference, status, queue, contact,
consent record, times); what differs between kinds lives in the kind's own
details model, linked one-to-one. Allowed status changes are data
(`TRANSITIONS`), not `if`s spread over views.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from agency_site import business_days
from agency_site.districts import DISTRICT_CHOICES

from . import contacts

WEEKDAY_CHOICES = [(0, "월"), (1, "화"), (2, "수"), (3, "목"), (4, "금"), (5, "토"), (6, "일")]


def default_working_days() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday to Friday


class ChoiceArrayField(ArrayField):
    """A list of choices edited as checkboxes (ArrayField's own form field
    is a comma-separated text box)."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField, "choices": self.base_field.choices,
            "coerce": int, "widget": forms.CheckboxSelectMultiple,
            "error_messages": {"required": "하나 이상 골라 주세요."},
        }
        return super(ArrayField, self).formfield(**{**defaults, **kwargs})


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
    # Asking for more (보완요청) may be the first thing staff do with a request.
    Status.SUBMITTED: frozenset(
        {Status.TRIAGED, Status.ASSIGNED, Status.WAITING, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.TRIAGED: frozenset({Status.ASSIGNED, Status.WAITING, Status.REJECTED, Status.WITHDRAWN}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.WAITING, Status.REJECTED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.WAITING, Status.REJECTED}),
    # 배정 too: the applicant's answer to a 보완요청 takes the request back to where it was.
    Status.WAITING: frozenset({
        Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REJECTED, Status.WITHDRAWN,
    }),
    Status.RESOLVED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, following in TRANSITIONS.items() if following)


class Queue(models.Model):
    """Where requests wait for a team. Members of `team` work the queue."""

    class SlaUnit(models.TextChoices):
        HOURS = "hours", "시간"
        BUSINESS_HOURS = "business_hours", "근무시간"
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
    # The team's working calendar (agency_site.business_days): which weekdays
    # and hours count towards a deadline in 근무시간 or 근무일.
    working_days = ChoiceArrayField(
        models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES), verbose_name="근무 요일",
        default=default_working_days, size=7,
        help_text="근무시간·근무일 기한은 이 요일만 셉니다.",
    )
    opens_at = models.TimeField("업무 시작 시각", default=datetime.time(9, 0))
    closes_at = models.TimeField("업무 종료 시각", default=datetime.time(18, 0))
    observes_public_holidays = models.BooleanField(
        "공휴일 쉼", default=True,
        help_text="설날·추석·대체공휴일 등 법정 공휴일을 기한 계산에서 뺍니다.",
    )

    panels = [
        FieldPanel("name"), FieldPanel("team"), FieldPanel("sla_value"), FieldPanel("sla_unit"),
        FieldPanel("working_days"), FieldPanel("opens_at"), FieldPanel("closes_at"),
        FieldPanel("observes_public_holidays"),
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

    def clean(self):
        super().clean()
        if not self.working_days:
            raise ValidationError({"working_days": "근무 요일을 하루 이상 골라 주세요."})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "업무 종료 시각은 시작 시각보다 늦어야 합니다."})

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.notify_emails.splitlines() if line.strip()]

    @property
    def calendar(self) -> business_days.Calendar:
        return business_days.Calendar(
            working_days=frozenset(self.working_days), opens_at=self.opens_at,
            closes_at=self.closes_at, public_holidays=self.observes_public_holidays,
        )

    def due_from(self, start: datetime.datetime) -> datetime.datetime:
        """When a request received at `start` is due: clock hours, or working
        hours / days on this queue's calendar (agency_site.business_days)."""
        if self.sla_unit == self.SlaUnit.HOURS:
            return start + datetime.timedelta(hours=self.sla_value)
        if self.sla_unit == self.SlaUnit.BUSINESS_HOURS:
            return self.calendar.add_working_time(start, datetime.timedelta(hours=self.sla_value))
        return self.calendar.add_business_days(start, self.sla_value)

    def resumed_due(self, due_at: datetime.datetime, paused_at: datetime.datetime,
                    now: datetime.datetime) -> datetime.datetime:
        """The deadline after a pause (보완요청) from `paused_at` to `now`: the
        time that was left when the wait began is given back in full — clock
        time for a deadline in hours, working time otherwise; a deadline in
        business days then ends at that day's closing time, as it began.
        A deadline already missed when the wait began stays missed."""
        if paused_at >= due_at:
            return due_at
        if self.sla_unit == self.SlaUnit.HOURS:
            return due_at + max(now - paused_at, datetime.timedelta())
        calendar = self.calendar
        left = calendar.working_time_between(paused_at, due_at)
        if not left:  # paused off hours just before a deadline at opening time
            return max(due_at, now)
        due = calendar.add_working_time(max(now, paused_at), left)
        if self.sla_unit == self.SlaUnit.BUSINESS_DAYS:
            return max(due, calendar.closing_time(due.astimezone(business_days.SEOUL).date()))
        return due


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
    # While staff wait for the applicant (보완요청) the deadline stands still:
    # `paused_at` is when the wait began; the answer moves `due_at` on by the wait.
    paused_at = models.DateTimeField("기한 멈춘 시각", null=True, blank=True, editable=False)
    deadline_warned_at = models.DateTimeField("기한 임박 알림 시각", null=True, blank=True, editable=False)
    breach_warned_at = models.DateTimeField("기한 넘김 알림 시각", null=True, blank=True, editable=False)
    first_contact_at = models.DateTimeField(
        "첫 연락 시각", null=True, blank=True, editable=False,
        help_text="담당자가 처음으로 신청인에게 메시지를 보내거나 상태를 알린 때.",
    )
    closed_at = models.DateTimeField("종결 시각", null=True, blank=True, editable=False)
    notify_email = models.BooleanField("전자우편으로 알림", default=True)
    notify_sms = models.BooleanField("문자로 알림", default=False)
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
        return self.is_open and self.paused_at is None and self.due_at < timezone.now()

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
        REPLY = "reply", "신청인의 답변"
        DEADLINE = "deadline", "처리 기한"

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
