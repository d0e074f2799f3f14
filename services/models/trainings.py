"""Training for private providers' staff and district officers (seeds 000 and
001: 기초실무·심화 교육, 치매전문교육, 인지상정 활용교육).

A TrainingPage is one course; its TrainingSessions (edited inline) are the
dates people book. Seats are counted from the bookings in the database
(services.training.seats), never stored as a number that could drift.
"""

import datetime

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from agency_site import page_cache
from agency_site import search_fields as weight
from home.models.base import BasePage

from . import serving
from .contacts import contact_team_field

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
WEEKDAYS = "월화수목금토일"


class Topic(models.TextChoices):
    BASIC = "basic", "기초실무"
    ADVANCED = "advanced", "심화"
    DEMENTIA = "dementia", "치매전문교육"
    COGNITIVE = "cognitive", "인지상정 활용교육"
    QUALITY = "quality", "서비스 품질"


class Audience(models.TextChoices):
    PROVIDER_STAFF = "provider_staff", "제공기관 실무자"
    PROVIDER_MANAGER = "provider_manager", "제공기관 관리자"
    DISTRICT_OFFICER = "district_officer", "자치구 담당 공무원"
    CARE_WORKER = "care_worker", "전문서비스직"


class TrainingPageForm(WagtailAdminPageForm):
    audiences = forms.MultipleChoiceField(
        label="교육 대상", choices=Audience.choices, widget=forms.CheckboxSelectMultiple,
        help_text="해당하는 대상을 모두 고르세요.",
    )

    def clean(self):
        cleaned = super().clean()
        # A session people have booked cannot disappear: it is cancelled instead,
        # so that its attendees can be told.
        sessions = self.formsets.get("sessions")
        for form in sessions.deleted_forms if sessions else []:
            session = form.instance
            if session.pk and session.bookings.exists():
                form.add_error(None, "신청자가 있는 회차는 지울 수 없습니다. 대신 ‘회차 취소’를 고르세요.")
                raise ValidationError("신청자가 있는 회차는 지울 수 없습니다.")
        return cleaned


class TrainingPage(RoutablePageMixin, BasePage):
    summary = models.TextField(
        "요약", max_length=400, help_text="목록과 검색 결과에 보이는 한두 문장: 누구를 위한, 어떤 교육인지.",
    )
    topic = models.CharField("분야", max_length=20, choices=Topic.choices)
    audiences = ArrayField(
        models.CharField(max_length=30, choices=Audience.choices), verbose_name="교육 대상",
        default=list, help_text="해당하는 대상을 모두 고르세요.",
    )
    instructor = models.CharField("강사", max_length=100, blank=True)
    description = RichTextField("교육 내용", features=TEXT_FEATURES, blank=True)
    materials = StreamField(
        [("document", DocumentChooserBlock(label="자료"))], blank=True, verbose_name="교육 자료",
        help_text="누구나 내려받을 수 있는 자료. 참석자에게만 줄 자료는 올리지 마세요.",
    )
    requires_approval = models.BooleanField(
        "담당자 승인 후 확정", default=False,
        help_text="켜면 신청은 ‘승인 대기’가 되고, 담당자가 승인해야 자리가 확정됩니다.",
    )
    registration_opens_at = models.DateTimeField("신청 시작", null=True, blank=True,
                                                 help_text="비워 두면 게시하는 즉시 받습니다.")
    registration_closes_at = models.DateTimeField("신청 마감", null=True, blank=True,
                                                  help_text="비워 두면 각 회차 시작 전까지 받습니다.")
    is_cancelled = models.BooleanField("교육 취소", default=False,
                                       help_text="취소하면 새 신청을 받지 않고 목록에 ‘취소’로 보입니다.")
    cancellation_note = models.CharField("취소 안내", max_length=300, blank=True)
    contact_team = contact_team_field(
        "이 교육을 묻는 전화를 받는 팀. 비워 두면 교육 목록 페이지의 팀이 보입니다.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("instructor")]),
        FieldPanel("audiences"),
        FieldPanel("description"),
        FieldPanel("materials"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldPanel("requires_approval"),
                FieldRowPanel([FieldPanel("is_cancelled"), FieldPanel("cancellation_note")]),
            ],
            heading="신청 받기",
        ),
        InlinePanel("sessions", heading="교육 회차", label="회차", min_num=1),
        FieldPanel("contact_team"),
    ]

    search_fields = BasePage.search_fields + [
        weight.summary("summary"),
        weight.summary("get_topic_display"),
        weight.body("description"),
        weight.minor("audience_labels"),
        weight.minor("search_booking"),
        weight.minor("instructor"),
        index.RelatedFields("sessions", [weight.minor("venue_detail")]),
    ]

    base_form_class = TrainingPageForm
    parent_page_types = ["services.TrainingIndexPage"]
    subpage_types = []
    template = "services/training_page.html"

    class Meta:
        verbose_name = "교육"
        verbose_name_plural = "교육"

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    @property
    def team(self):
        """The team under "문의": the training's own, else its section's."""
        if self.contact_team_id:
            return self.contact_team
        section = TrainingIndexPage.objects.parent_of(self).select_related("contact_team").first()
        return section.contact_team if section is not None else None

    def search_booking(self) -> str:
        # The page's 신청하기 button is not in its fields; people search for it.
        return "교육 신청 접수"

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels.get(value, value) for value in self.audiences]

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.is_cancelled:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    # --- what the public page shows (services.training.listing) ----------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.provided("training_pages").training_context(self, request))
        return context

    @path("sessions/<int:session_id>/calendar.ics/", name="session_calendar")
    def session_calendar(self, request, session_id):
        return serving.provided("training_pages").session_calendar(self, request, session_id)

    def session_calendar_url(self, session, request=None) -> str:
        """Where the session's .ics file is (served via site/urls.py: Wagtail's
        page addresses end in a slash, a calendar file's does not)."""
        route = self.reverse_subpage("session_calendar", kwargs={"session_id": session.pk})
        return (self.get_url(request) or "") + route.rstrip("/")


def _local_now(now=None) -> datetime.datetime:
    # Sessions are stored as a local date and local times (Asia/Seoul).
    return timezone.localtime(now or timezone.now())


def registration_open(now=None, prefix="") -> models.Q:
    """TrainingPage rows (or, with prefix "page__", their sessions) whose
    registration window includes `now`."""
    now = now or timezone.now()
    return (
        (models.Q(**{f"{prefix}registration_opens_at__isnull": True})
         | models.Q(**{f"{prefix}registration_opens_at__lte": now}))
        & (models.Q(**{f"{prefix}registration_closes_at__isnull": True})
           | models.Q(**{f"{prefix}registration_closes_at__gt": now}))
    )


class TrainingSessionQuerySet(models.QuerySet):
    """The one place that says, in queries, when a session is over, started
    or bookable, and how many seats it holds (the same rules as
    TrainingSession.refusal() for one session)."""

    def not_started(self, now=None):
        local = _local_now(now)
        return self.filter(models.Q(date__gt=local.date())
                           | models.Q(date=local.date(), start_time__gt=local.time()))

    def not_over(self, now=None):
        local = _local_now(now)
        return self.filter(models.Q(date__gt=local.date())
                           | models.Q(date=local.date(), end_time__gt=local.time()))

    def over(self, now=None):
        local = _local_now(now)
        return self.filter(models.Q(date__lt=local.date())
                           | models.Q(date=local.date(), end_time__lte=local.time()))

    def open_for_booking(self, now=None):
        """Taking bookings now: published, not cancelled, not started, registration open."""
        return self.not_started(now).filter(
            registration_open(now, prefix="page__"),
            page__live=True, page__is_cancelled=False, is_cancelled=False,
        )

    def with_seats_held(self):
        """Each session's `seats_held`, counted by the database in the same query."""
        from .request_details import HOLDING_SEATS

        return self.annotate(
            seats_held=models.Count("bookings", filter=models.Q(bookings__seat__in=HOLDING_SEATS)),
        )


class TrainingSession(Orderable):
    """One date of a training. Bookings point here (services.TrainingBooking)."""

    class Venue(models.TextChoices):
        # Not the agency's name: that is a site setting (home.identity), and the
        # details (building, address) say where the room is.
        HQ = "hq", "본부 교육실"
        CENTRE = "centre", "종합재가센터"
        ONLINE = "online", "온라인"

    page = ParentalKey(TrainingPage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField("날짜")
    start_time = models.TimeField("시작 시각")
    end_time = models.TimeField("끝 시각")
    venue = models.CharField("장소", max_length=10, choices=Venue.choices, default=Venue.HQ)
    venue_detail = models.CharField(
        "장소 자세히", max_length=200, blank=True,
        help_text="센터 이름과 주소, 교육실 층 등. 온라인이면 사용하는 프로그램 이름.",
    )
    online_url = models.URLField(
        "온라인 접속 주소", blank=True,
        help_text="확정된 참석자에게만 전자우편으로 보냅니다. 누리집에는 보이지 않습니다.",
    )
    capacity = models.PositiveSmallIntegerField("정원")
    is_cancelled = models.BooleanField("회차 취소", default=False)

    objects = TrainingSessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("capacity")]),
        FieldPanel("venue_detail"),
        FieldPanel("online_url"),
        FieldPanel("is_cancelled"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "교육 회차"
        verbose_name_plural = "교육 회차"
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")),
                                   name="training_session_ends_after_start"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="training_session_has_seats"),
        ]

    def __str__(self):
        return f"{self.page.title} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "끝 시각은 시작 시각보다 늦어야 합니다."})

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=timezone.get_current_timezone())

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=timezone.get_current_timezone())

    @property
    def when(self) -> str:
        """In Korean, e.g. 2026년 12월 3일 (목) 14:00–17:00."""
        day = self.date
        return (f"{day.year}년 {day.month}월 {day.day}일 ({WEEKDAYS[day.weekday()]}) "
                f"{self.start_time:%H:%M}–{self.end_time:%H:%M}")

    @property
    def place(self) -> str:
        """Where, in words (never the online address)."""
        label = self.get_venue_display()
        return f"{label} ({self.venue_detail})" if self.venue_detail else label

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def refusal(self, now=None) -> str:
        """Why this session takes no bookings now, in words; "" when it does."""
        now = now or timezone.now()
        page = self.page
        if page.is_cancelled or self.is_cancelled:
            return "취소된 교육입니다. 신청을 받지 않습니다."
        if self.has_started(now):
            return "이미 시작했거나 끝난 회차입니다. 신청을 받지 않습니다."
        if page.registration_opens_at and now < page.registration_opens_at:
            return f"신청은 {timezone.localtime(page.registration_opens_at):%Y-%m-%d %H:%M}부터 받습니다."
        if page.registration_closes_at and now >= page.registration_closes_at:
            return "신청이 마감되었습니다."
        return ""


class TrainingIndexPage(RoutablePageMixin, BasePage):
    """교육 안내: upcoming trainings first, with filters; past ones archived."""

    intro = models.TextField("소개", max_length=600, blank=True)
    contact_team = contact_team_field("교육 목록과 각 교육 페이지의 ‘문의’에 보이는 팀.")

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("contact_team")]
    search_fields = BasePage.search_fields + [weight.summary("intro")]
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]
    subpage_types = ["services.TrainingPage", "services.RequestFormPage"]
    template = "services/training_index_page.html"

    class Meta:
        verbose_name = "교육 목록"

    # --- the listing, the archive and the feed (services.training.listing) -----

    def get_context(self, request, *args, archive=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.provided("training_pages").listing(self, request, archive=archive))
        context.update(archive_url=self.archive_url(request), calendar_url=self.calendar_url(request))
        return context

    @path("archive/", name="archive")
    def archive(self, request):
        return self.render(request, archive=True)

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        return serving.provided("training_pages").index_calendar(self, request)

    def archive_url(self, request=None) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage("archive")

    def calendar_url(self, request=None) -> str:
        """The feed's address (served via site/urls.py: Wagtail's page
        addresses end in a slash, a calendar file's does not)."""
        return (self.get_url(request) or "") + self.reverse_subpage("calendar").rstrip("/")


@receiver(post_save, sender="services.TrainingBooking", dispatch_uid="training_booking_saved")
@receiver(post_delete, sender="services.TrainingBooking", dispatch_uid="training_booking_deleted")
def _seats_changed(**kwargs):
    """Seat labels on the training pages (and their cached copies) count
    bookings: a booking made, moved or cancelled drops the page cache."""
    page_cache.invalidate()
