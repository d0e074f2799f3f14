"""One training session's page in 교육 신청: its bookings grouped by seat
(확정, 승인 대기, 대기 with its position, 취소·거절) and the actions on it:
승인, 출석 (one form for every confirmed attendee), 확정된 참석자 모두에게
메시지; `?export=csv|xlsx` gives the attendee list.

A booking is a request of kind "training" (services.training.seats): its
history and the single-request actions stay in 민원 큐, and each row links
there. Seats change only through services.training.seats (the session row is
locked and the waiting list promoted there); messages go through
services.requests.pipeline. Opening the page and exporting the list are
recorded in Wagtail's audit log (services.requests.audit), as a request page is.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from services.models import RequestKind, TrainingBooking, TrainingSession
from services.models.request_details import Seat
from services.requests import audit, pipeline
from services.requests.staff.common import STAFF_CSS, form_problems, inspect_url, listing_url
from services.requests.staff.listing import ExcelReadableCsv
from services.training import seats
from services.training.staff.links import index_crumb, session_url, survey_results_url
from services.training.staff.permissions import TrainingStaffMixin, visible_bookings

# Wagtail log actions (registered in services/wagtail_hooks.py).
MESSAGED_ACTION = "services.training_attendees_messaged"
MESSAGED_LABEL = "교육 참석자에게 메시지"
ATTENDANCE_ACTION = "services.training_attendance_recorded"
ATTENDANCE_LABEL = "교육 출석 기록"

NOT_RECORDED = "미기록"
# The page's order: who comes, who waits for approval, who waits for a seat, who does not come.
SEAT_ORDER = {seat: index for index, seat in enumerate(
    (Seat.CONFIRMED, Seat.PENDING, Seat.WAITLISTED, Seat.CANCELLED, Seat.DECLINED))}


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
                booking.position = waiting  # as seats.waitlist_position counts, without a query per row
            else:
                booking.position = None
            booking.reference = booking.request.reference
            booking.name = booking.request.applicant_name
            booking.seat_label = booking.get_seat_display()
            booking.attended_label = attended_text(booking.attended)
            booking.inspect_url = inspect_url(booking.request)
        return sorted(rows, key=lambda booking: SEAT_ORDER[booking.seat])

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
            index_crumb(),
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
            seats.approve(booking, actor=self.request.user)
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
            messages.error(self.request, "메시지를 보내지 못했습니다. " + form_problems(form))
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
