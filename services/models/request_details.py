"""What each kind of request asks beyond the shared record (ServiceRequest:
reference, contact, district, consent, status), and the files attached.

One details row per request, linked one-to-one: `request.emergency_care`,
`request.consulting`; files: `request.attachments`. The public forms
(services.requests.forms) fill these; staff screens read them.
"""

import os
import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from .private_storage import private_storage
from .requests import ServiceRequest

EARLIEST_BIRTH_YEAR = 1900


class RequestDetails(models.Model):
    """Shared by every details model: the key that makes a submission
    idempotent (a second POST of the same answers finds this row instead of
    creating a second request). Empty for requests taken by phone."""

    submission_key = models.UUIDField(
        "제출 확인 키", null=True, blank=True, unique=True, editable=False,
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.request.reference} {self._meta.verbose_name}"


class EmergencyCareDetails(RequestDetails):
    """긴급돌봄 신청 (seed 000, 긴급돌봄지원사업): who needs care, why, what help."""

    class ApplicantRelation(models.TextChoices):
        SELF = "self", "본인"
        FAMILY = "family", "가족"
        AGENCY = "agency", "관계기관 담당자"

    class AgeGroup(models.TextChoices):
        CHILD = "child", "아동"
        ADULT = "adult", "청장년"
        OLDER = "older", "노인"

    class Situation(models.TextChoices):
        TYPE_1 = "type_1", "유형1: 기존 돌봄 서비스가 중단됨"
        TYPE_1_1 = "type_1_1", "유형1-1: 즉시 돌봄이 필요함"

    class Help(models.TextChoices):
        HOME_CARE = "home_care", "재가서비스"
        OUTING = "outing", "외부활동·동행"
        DAILY_LIVING = "daily_living", "일상생활지원"

    request = models.OneToOneField(
        ServiceRequest, verbose_name="요청", on_delete=models.CASCADE, related_name="emergency_care",
    )
    applicant_relation = models.CharField(
        "신청인과의 관계", max_length=20, choices=ApplicantRelation.choices,
    )
    age_group = models.CharField("연령대", max_length=20, choices=AgeGroup.choices)
    birth_year = models.PositiveSmallIntegerField(
        "출생연도", null=True, blank=True,
        validators=[MinValueValidator(EARLIEST_BIRTH_YEAR), MaxValueValidator(2100)],
    )
    has_disability = models.BooleanField(
        "장애 여부", default=False,
        help_text="민감정보: 별도 동의(개인정보 보호법 제23조)를 받은 경우에만 ‘예’.",
    )
    situation = models.CharField("돌봄이 필요한 상황", max_length=20, choices=Situation.choices)
    services_needed = ArrayField(
        models.CharField(max_length=20, choices=Help.choices), verbose_name="필요한 돌봄", default=list,
    )
    desired_start = models.DateField("희망 시작일")
    description = models.TextField("더 알려 주신 내용", max_length=2000, blank=True)

    class Meta:
        verbose_name = "긴급돌봄 신청 내용"
        verbose_name_plural = "긴급돌봄 신청 내용"

    def services_needed_labels(self) -> list[str]:
        labels = dict(self.Help.choices)
        return [labels.get(value, value) for value in self.services_needed]


class ConsultingDetails(RequestDetails):
    """민간기관 상담·컨설팅 신청 (seed 000, 민간 사회서비스 제공기관 지원)."""

    class ProviderType(models.TextChoices):
        LONG_TERM_CARE = "long_term_care", "장기요양기관"
        DISABILITY_SUPPORT = "disability_support", "장애인활동지원기관"
        SOCIAL_SERVICE = "social_service", "사회서비스 제공기관"
        SOCIAL_ECONOMY = "social_economy", "사회적경제기업"
        OTHER = "other", "기타"

    class Topic(models.TextChoices):
        FINANCE = "finance", "재무·회계"
        LEGAL = "legal", "법무"
        LABOUR = "labour", "노무"
        PRE_REGISTRATION = "pre_registration", "등록 전 사전컨설팅"
        QUALITY = "quality", "서비스 품질"
        ORGANISATION = "organisation", "조직운영"

    request = models.OneToOneField(
        ServiceRequest, verbose_name="요청", on_delete=models.CASCADE, related_name="consulting",
    )
    organisation_name = models.CharField("기관명", max_length=100)
    business_number = models.CharField("사업자등록번호", max_length=12, help_text="123-45-67890 형식.")
    provider_type = models.CharField("기관 유형", max_length=30, choices=ProviderType.choices)
    topics = ArrayField(
        models.CharField(max_length=30, choices=Topic.choices), verbose_name="상담 주제", default=list,
    )
    preferred_dates = models.CharField("희망 일정", max_length=200, blank=True)
    description = models.TextField("상담받고 싶은 내용", max_length=2000)

    class Meta:
        verbose_name = "상담·컨설팅 신청 내용"
        verbose_name_plural = "상담·컨설팅 신청 내용"

    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [labels.get(value, value) for value in self.topics]


class Seat(models.TextChoices):
    CONFIRMED = "confirmed", "확정"
    PENDING = "pending", "승인 대기"
    WAITLISTED = "waitlisted", "대기"
    CANCELLED = "cancelled", "취소"
    DECLINED = "declined", "거절"


# Seats that count against a session's capacity.
HOLDING_SEATS = (Seat.CONFIRMED, Seat.PENDING)
# Bookings that still stand (a person may hold only one per session).
ACTIVE_SEATS = (Seat.CONFIRMED, Seat.PENDING, Seat.WAITLISTED)


class TrainingBooking(RequestDetails):
    """교육 신청: one person's seat (or place on the waiting list) in one
    session. The organisation fields are those of ConsultingDetails."""

    Seat = Seat

    request = models.OneToOneField(
        ServiceRequest, verbose_name="요청", on_delete=models.CASCADE, related_name="training_booking",
    )
    session = models.ForeignKey(
        "services.TrainingSession", verbose_name="회차", on_delete=models.PROTECT, related_name="bookings",
    )
    seat = models.CharField("자리", max_length=12, choices=Seat.choices)
    organisation_name = models.CharField("기관명", max_length=100)
    business_number = models.CharField("사업자등록번호", max_length=12)
    provider_type = models.CharField(
        "기관 유형", max_length=30, choices=ConsultingDetails.ProviderType.choices,
    )
    role = models.CharField("직위·직무", max_length=50)
    # The attendee's contact, normalised, repeated here so that the database
    # itself refuses a second active booking by the same person.
    attendee_phone = models.CharField("참석자 전화번호", max_length=20)
    attendee_email = models.EmailField("참석자 전자우편")
    booked_at = models.DateTimeField("신청 시각", default=timezone.now)
    seat_changed_at = models.DateTimeField("자리 바뀐 시각", default=timezone.now)
    attended = models.BooleanField("출석", null=True, blank=True)
    reminded_at = models.DateTimeField("미리 알림 보낸 시각", null=True, blank=True, editable=False)
    survey_sent_at = models.DateTimeField("만족도 조사 보낸 시각", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["booked_at", "pk"]
        verbose_name = "교육 신청 내용"
        verbose_name_plural = "교육 신청 내용"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "attendee_phone"], condition=models.Q(seat__in=ACTIVE_SEATS),
                name="one_active_booking_per_phone",
            ),
            models.UniqueConstraint(
                fields=["session", "attendee_email"], condition=models.Q(seat__in=ACTIVE_SEATS),
                name="one_active_booking_per_email",
            ),
        ]
        indexes = [models.Index(fields=["session", "seat", "booked_at"])]


def attachment_path(instance, filename):
    """requests/<reference>/<random>.<ext>: the applicant's file name is kept
    in `original_name`, never used as a path."""
    extension = os.path.splitext(filename)[1].lower()[:6]
    return f"requests/{instance.request.reference}/{uuid.uuid4().hex}{extension}"


class RequestAttachment(models.Model):
    """A file sent with a request. Stored privately; staff download it
    through `get_download_url()` (checked against services.requests.access)."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name="요청", on_delete=models.CASCADE, related_name="attachments",
    )
    file = models.FileField("파일", storage=private_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField("원래 파일 이름", max_length=255)
    detected_type = models.CharField("파일 형식", max_length=10, help_text="파일 내용으로 확인한 형식.")
    size = models.PositiveIntegerField("크기(바이트)")
    uploaded_at = models.DateTimeField("올린 시각", default=timezone.now)
    # A file the applicant sent later with an answer (보완요청); empty for
    # files sent with the application itself.
    update = models.ForeignKey(
        "services.RequestUpdate", verbose_name="함께 보낸 답변", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attachments",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "첨부파일"
        verbose_name_plural = "첨부파일"

    def __str__(self):
        return self.original_name

    def get_download_url(self) -> str:
        return reverse("request_attachment", args=[self.pk])


@receiver(post_delete, sender=RequestAttachment)
def _remove_file(sender, instance, **kwargs):
    """A deleted attachment (or request, when purged after the retention
    period) takes its file with it, once the deletion is committed."""
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
