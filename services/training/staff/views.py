"""Staff screens for training bookings in the Wagtail admin (교육 신청).

- `SessionIndexView`: every session, upcoming first then past, with the
  seats counted per state in one query.
- `SessionView`: one session's bookings grouped by seat (확정, 승인 대기,
  대기 with its position, 취소·거절), and the actions on it: 승인,
  출석 (one form for every confirmed attendee), 확정된 참석자 모두에게
  메시지; `?export=csv|xlsx` gives the attendee list.
- `BookingReasonView`: 거절 or 취소 of one booking, with the reason the
  applicant is told.

A booking is a request of kind "training" (services.bookings): its history
and the single-request actions stay in 민원 큐, and each row links there.
Seats change only through services.bookings (the session row is locked and
the waiting list promoted there); messages go through services.pipeline.

Who may use these screens: superusers and members of a team working a queue
that training bookings are routed to. Everyone else gets 404 for every URL
and no menu item. The bookings shown are further limited by
`services.access.requests_visible_to`, so a row always opens in 민원 큐.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from services import audit, bookings, pipeline
from services.access import requests_visible_to
from services.filters import queues_visible_to
from services.models import Queue, RequestKind, TrainingBooking, TrainingSession
from services.models.request_details import ACTIVE_SEATS, Seat
from services.staff_views import (
    STAFF_CSS,
    ExcelReadableCsv,
    inspect_url,
    listing_url,
    local_text,
)

MESSAGED_ACTION = "services.training_attendees_messaged"
MESSAGED_LABEL = "교육 참석자에게 메시지"
ATTENDANCE_ACTION = "services.training_attendance_recorded"
ATTENDANCE_LABEL = "교육 출석 기록"

INDEX_URL_NAME = "training_bookings:index"
SESSION_URL_NAME = "training_bookings:session"
DECLINE_URL_NAME = "training_bookings:decline"
CANCEL_URL_NAME = "training_bookings:cancel"

NOT_RECORDED = "미기록"


# ---------------------------------------------------------------------------
# Who may use these screens
# ---------------------------------------------------------------------------


def training_queues():
    """The queues training bookings are routed to (services.seed_routing: 교육 운영)."""
    return Queue.objects.filter(rules__kind=RequestKind.TRAINING)


def may_run_trainings(user) -> bool:
    """Superusers, and members of a team that works a training queue (the
    same rule as services.access: a queue is seen by its team)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_services_runs_trainings", None)
    if cached is None:
        cached = (user.has_perm("wagtailadmin.access_admin")
                  and queues_visible_to(user).filter(pk__in=training_queues().values("pk")).exists())
        user._services_runs_trainings = cached
    return cached


def visible_bookings(user):
    """The bookings whose requests `user` may open in 민원 큐."""
    return TrainingBooking.objects.filter(request__in=requests_visible_to(user).values("pk"))


class TrainingMenuItem(MenuItem):
    def is_shown(self, request):
        return may_run_trainings(request.user)


class TrainingStaffMixin:
    """Every view here: training staff only. For other staff these screens do
    not exist (404, as another team's request in 민원 큐); the admin itself
    sends anonymous visitors to the login page."""

    def dispatch(self, request, *args, **kwargs):
        if not may_run_trainings(request.user):
            raise Http404("교육 신청 화면을 찾을 수 없습니다.")
        return super().dispatch(request, *args, **kwargs)


def session_url(session) -> str:
    return reverse(SESSION_URL_NAME, args=[session.pk])


def survey_results_url(session) -> str:
    """The satisfaction survey results of the session's training (admin → 교육 만족도)."""
    return reverse("training_survey", args=[session.page_id])


# ---------------------------------------------------------------------------
# The sessions
# ---------------------------------------------------------------------------


def seat_counts(user):
    """Annotations: a session's bookings per seat state, among those `user` may see."""
    visible = Q() if user.is_superuser else Q(bookings__request__queue__team__in=user.groups.all())

    def count(*seats):
        return Count("bookings", filter=visible & Q(bookings__seat__in=seats), distinct=True)

    return {
        "confirmed_count": count(Seat.CONFIRMED),
        "pending_count": count(Seat.PENDING),
        "waitlisted_count": count(Seat.WAITLISTED),
        "closed_count": count(Seat.CANCELLED, Seat.DECLINED),
    }


class SessionTitleColumn(TitleColumn):
    def get_value(self, instance):
        title = instance.page.title
        if instance.is_cancelled or instance.page.is_cancelled:
            return f"{title} (취소)"
        return title


class SessionIndexView(TrainingStaffMixin, BaseListingView):
    page_title = "교육 신청"
    header_icon = "date"
    model = TrainingSession
    index_url_name = INDEX_URL_NAME
    paginate_by = 50
    verbose_name = "교육 회차"
    verbose_name_plural = "교육 회차"
    results_template_name = "services/admin/training_session_index_results.html"
    columns = [
        SessionTitleColumn("title", label="교육", get_url=session_url),
        Column("when", label="일시"),
        Column("place", label="장소"),
        Column("capacity", label="정원"),
        Column("confirmed_count", label="확정"),
        Column("pending_count", label="승인 대기"),
        Column("waitlisted_count", label="대기"),
        Column("closed_count", label="취소·거절"),
    ]

    def get_base_queryset(self):
        today = timezone.localdate()
        return (
            TrainingSession.objects.select_related("page")
            .annotate(
                **seat_counts(self.request.user),
                is_past=Case(When(date__lt=today, then=Value(1)), default=Value(0),
                             output_field=IntegerField()),
                upcoming_date=Case(When(date__gte=today, then=F("date"))),
            )
        )

    def order_queryset(self, queryset):
        # Upcoming sessions first, the soonest at the top; then past ones, the latest first.
        return queryset.order_by(
            "is_past", F("upcoming_date").asc(nulls_last=True), F("date").desc(), "start_time", "pk",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["media"] = context["media"] + STAFF_CSS
        return context


# ---------------------------------------------------------------------------
# One session
# ---------------------------------------------------------------------------


class MessageAllForm(forms.Form):
    text = forms.CharField(
        label="확정된 참석자에게 보낼 메시지", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="확정된 참석자 모두의 처리 기록에 남고 전자우편으로 갑니다.",
        error_messages={"required": "메시지 내용을 입력해 주세요.",
                        "max_length": "메시지는 4000자 이내로 입력해 주세요."},
    )


def attended_text(value) -> str:
    if value is None:
        return NOT_RECORDED
    return "출석" if value else "결석"


def _ids(values) -> set[int]:
    try:
        return {int(value) for value in values}
    except ValueError as invalid:
        raise ValidationError(
            "출석 명단을 읽지 못했습니다. 페이지를 새로 고친 뒤 다시 저장해 주세요."
        ) from invalid


class SessionView(TrainingStaffMixin, ExcelReadableCsv, SpreadsheetExportMixin, WagtailAdminTemplateMixin,
                  TemplateView):
    template_name = "services/admin/training_session.html"
    header_icon = "date"

    # The attendee list: what the day's sign-in sheet needs, and no way to
    # reach anyone (no phone, no e-mail: the reference finds them in 민원 큐).
    list_export = [
        "reference", "name", "organisation_name", "role", "seat_label", "position", "attended_label",
    ]
    export_headings = {
        "reference": "접수번호", "name": "이름", "organisation_name": "기관명", "role": "직위·직무",
        "seat_label": "자리", "position": "대기 순번", "attended_label": "출석",
    }

    # -- the session and its bookings -----------------------------------------
    @cached_property
    def session(self):
        try:
            return TrainingSession.objects.select_related("page").get(pk=self.kwargs["session_id"])
        except TrainingSession.DoesNotExist as missing:
            raise Http404("교육 회차를 찾을 수 없습니다.") from missing

    def bookings(self):
        """The session's bookings staff may see, in seat order then booking
        order, each with `position` (on the waiting list) and export labels."""
        rows = list(
            visible_bookings(self.request.user).filter(session=self.session)
            .select_related("request").order_by("booked_at", "pk")
        )
        waiting = 0
        for booking in rows:
            if booking.seat == Seat.WAITLISTED:
                waiting += 1
                booking.position = waiting  # as bookings.waitlist_position counts, without a query per row
            else:
                booking.position = None
            booking.reference = booking.request.reference
            booking.name = booking.request.applicant_name
            booking.seat_label = booking.get_seat_display()
            booking.attended_label = attended_text(booking.attended)
            booking.inspect_url = inspect_url(booking.request)
        order = {seat: index for index, seat in enumerate(
            (Seat.CONFIRMED, Seat.PENDING, Seat.WAITLISTED, Seat.CANCELLED, Seat.DECLINED))}
        return sorted(rows, key=lambda booking: order.get(booking.seat, len(order)))

    def attendance_open(self) -> bool:
        """Attendance is recorded from the session's day on, never before."""
        return timezone.localdate() >= self.session.date

    # -- page furniture --------------------------------------------------------
    def get_page_title(self):
        return self.session.page.title

    def get_page_subtitle(self):
        return self.session.when

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL_NAME), "label": "교육 신청"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_filename(self):
        return f"training-{self.session.pk}-{self.session.date:%Y%m%d}-attendees"

    custom_field_preprocess = {"position": dict.fromkeys(("csv", "xlsx"), lambda value: value or "")}

    # -- GET -------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        session = self.session
        if self.is_export:
            rows, export_format = self.bookings(), request.GET["export"]
            audit.record(request, audit.ATTENDEES_EXPORTED, session,
                         data={"rows": len(rows), "format": export_format})
            return self.as_spreadsheet(rows, export_format)
        # The page shows people's names and contacts: opening it is recorded, as a request page is.
        audit.record(request, audit.REQUEST_VIEWED, session)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, message_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        rows = self.bookings()
        by_seat = {seat: [b for b in rows if b.seat == seat] for seat in Seat.values}
        closed = by_seat[Seat.CANCELLED] + by_seat[Seat.DECLINED]
        confirmed = by_seat[Seat.CONFIRMED]
        context.update(
            session=session,
            training=session.page,
            confirmed=confirmed,
            pending=by_seat[Seat.PENDING],
            waitlisted=by_seat[Seat.WAITLISTED],
            closed=closed,
            held=len(confirmed) + len(by_seat[Seat.PENDING]),
            headings={
                "confirmed": f"확정 ({len(confirmed)}명)",
                "pending": f"승인 대기 ({len(by_seat[Seat.PENDING])}명)",
                "waitlisted": f"대기 ({len(by_seat[Seat.WAITLISTED])}명)",
                "closed": f"취소·거절 ({len(closed)}명)",
            },
            attendance_open=self.attendance_open(),
            message_form=message_form or MessageAllForm(prefix="message"),
            survey_url=survey_results_url(session),
            requests_url=listing_url(kind=RequestKind.TRAINING),
            training_edit_url=reverse("wagtailadmin_pages:edit", args=[session.page_id]),
            csv_url=self.csv_export_url,
            xlsx_url=self.xlsx_export_url,
            media=STAFF_CSS,
        )
        return context

    # -- POST: the actions on the whole session --------------------------------
    def post(self, request, *args, **kwargs):
        self.session  # noqa: B018 -- 404 before anything else for a session that does not exist
        action = request.POST.get("action", "")
        handler = {"approve": self.do_approve, "attendance": self.do_attendance,
                   "message": self.do_message}.get(action)
        if handler is None:
            messages.error(request, "알 수 없는 처리 요청입니다. 다시 시도해 주세요.")
            return redirect(session_url(self.session))
        return handler()

    def posted_booking(self):
        """The booking named in the form, if it is one of this session's that the user may see."""
        try:
            return visible_bookings(self.request.user).select_related("request").get(
                session=self.session, pk=int(self.request.POST.get("booking", "")),
            )
        except (TrainingBooking.DoesNotExist, ValueError) as missing:
            raise Http404("신청을 찾을 수 없습니다.") from missing

    def do_approve(self):
        booking = self.posted_booking()
        try:
            bookings.approve(booking, actor=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            name = booking.request.applicant_name
            messages.success(self.request, f"{name} 님의 신청을 승인했습니다. 자리가 확정되었습니다.")
        return redirect(session_url(self.session))

    def do_attendance(self):
        if not self.attendance_open():
            day = f"{self.session.date:%Y-%m-%d}"
            messages.error(self.request, f"출석은 교육 당일({day})부터 기록할 수 있습니다.")
            return redirect(session_url(self.session))
        try:
            shown = _ids(self.request.POST.getlist("shown"))
            ticked = _ids(self.request.POST.getlist("attended"))
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(session_url(self.session))
        # Only the rows that were on the form, and only confirmed seats: someone
        # promoted from the waiting list meanwhile is not marked absent unseen.
        rows = visible_bookings(self.request.user).filter(
            session=self.session, seat=Seat.CONFIRMED, pk__in=shown,
        )
        with transaction.atomic():
            present = rows.filter(pk__in=ticked).update(attended=True)
            absent = rows.exclude(pk__in=ticked).update(attended=False)
            log(instance=self.session, action=ATTENDANCE_ACTION, user=self.request.user,
                data={"present": present, "absent": absent})
        messages.success(self.request, f"출석을 저장했습니다. 출석 {present}명, 결석 {absent}명.")
        return redirect(session_url(self.session))

    def do_message(self):
        form = MessageAllForm(self.request.POST, prefix="message")
        if not form.is_valid():
            problems = [message for errors in form.errors.values() for message in errors]
            messages.error(self.request, "메시지를 보내지 못했습니다. " + " ".join(problems))
            return self.render_to_response(self.get_context_data(message_form=form))
        confirmed = list(
            visible_bookings(self.request.user).filter(session=self.session, seat=Seat.CONFIRMED)
            .select_related("request")
        )
        if not confirmed:
            messages.error(self.request, "확정된 참석자가 없어 메시지를 보내지 않았습니다.")
            return self.render_to_response(self.get_context_data(message_form=form))
        text = form.cleaned_data["text"]
        with transaction.atomic():
            for booking in confirmed:
                pipeline.message_applicant(booking.request, text, actor=self.request.user)
            log(instance=self.session, action=MESSAGED_ACTION, user=self.request.user,
                data={"recipients": len(confirmed), "references": [b.request.reference for b in confirmed]})
        messages.success(self.request, f"확정된 참석자 {len(confirmed)}명에게 메시지를 보냈습니다.")
        return redirect(session_url(self.session))


# ---------------------------------------------------------------------------
# 거절 / 취소 of one booking, with a reason
# ---------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="신청인의 처리 기록에 남고 전자우편으로 갑니다.",
    )

    def __init__(self, *args, label, required_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages.update(
            required=required_message, max_length="사유는 2000자 이내로 입력해 주세요.",
        )


class BookingReasonView(TrainingStaffMixin, WagtailAdminTemplateMixin, FormView):
    """`operation` is "decline" (a pending booking) or "cancel" (any booking that stands)."""

    operation = None
    template_name = "services/admin/training_booking_reason.html"
    header_icon = "date"
    OPERATIONS = {
        "decline": {
            "title": "신청 거절", "label": "거절 사유", "button": "거절하기", "seats": (Seat.PENDING,),
            "required": "거절 사유를 입력해 주세요.", "done": "{name} 님의 신청을 거절했습니다.",
            "not_allowed": "승인 대기 중인 신청만 거절할 수 있습니다.",
        },
        "cancel": {
            "title": "신청 취소", "label": "취소 사유", "button": "취소하기", "seats": ACTIVE_SEATS,
            "required": "취소 사유를 입력해 주세요.", "done": "{name} 님의 신청을 취소했습니다.",
            "not_allowed": "이미 취소되었거나 거절된 신청입니다.",
        },
    }

    @cached_property
    def words(self):
        return self.OPERATIONS[self.operation]

    @cached_property
    def booking(self):
        try:
            return visible_bookings(self.request.user).select_related("request", "session__page").get(
                session_id=self.kwargs["session_id"], pk=self.kwargs["booking_id"],
            )
        except TrainingBooking.DoesNotExist as missing:
            raise Http404("신청을 찾을 수 없습니다.") from missing

    def get(self, request, *args, **kwargs):
        if self.booking.seat not in self.words["seats"]:
            messages.error(request, self.words["not_allowed"])
            return redirect(session_url(self.booking.session))
        # The form names the person and their booking: an opening of their request.
        audit.record(request, audit.REQUEST_VIEWED, self.booking.request)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ReasonForm(label=self.words["label"], required_message=self.words["required"],
                          **self.get_form_kwargs())

    def get_page_title(self):
        return self.words["title"]

    def get_page_subtitle(self):
        return self.booking.request.applicant_name

    def get_breadcrumbs_items(self):
        session = self.booking.session
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL_NAME), "label": "교육 신청"},
            {"url": session_url(session), "label": session.page.title, "sublabel": session.when},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.booking
        context.update(
            booking=booking, session=booking.session, session_url=session_url(booking.session),
            booking_inspect_url=inspect_url(booking.request), booked=local_text(booking.booked_at),
            action_url=self.request.path, submit_button_label=self.words["button"],
            submit_button_active_label="처리하는 중…", media=STAFF_CSS,
        )
        return context

    def form_valid(self, form):
        booking, user, reason = self.booking, self.request.user, form.cleaned_data["reason"]
        if booking.seat not in self.words["seats"]:  # changed since the page was opened
            messages.error(self.request, self.words["not_allowed"])
            return redirect(session_url(booking.session))
        try:
            if self.operation == "decline":
                promoted = bookings.decline(booking, actor=user, reason=reason)
            else:
                promoted = bookings.cancel(booking, actor=user, reason=reason)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(session_url(booking.session))
        done = self.words["done"].format(name=booking.request.applicant_name)
        if promoted is not None:
            done += (f" 대기하던 {promoted.request.applicant_name} 님이 자리를 받았습니다"
                     f"({promoted.get_seat_display()}).")
        messages.success(self.request, done)
        return redirect(session_url(booking.session))

    def form_invalid(self, form):
        messages.error(self.request, "처리하지 못했습니다. 표시된 항목을 확인해 주세요.")
        return super().form_invalid(form)
