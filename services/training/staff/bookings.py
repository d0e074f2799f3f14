"""거절 or 취소 of one training booking in 교육 신청, with the reason the
applicant is told (in their request's history and by e-mail). The seat is
given up through services.training.seats, which promotes the next person
waiting."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from services.models import TrainingBooking
from services.models.request_details import ACTIVE_SEATS, Seat
from services.requests import audit
from services.requests.staff.common import STAFF_CSS, inspect_url, local_text
from services.training import seats
from services.training.staff.links import index_crumb, session_url
from services.training.staff.permissions import TrainingStaffMixin, visible_bookings


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
            index_crumb(),
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
                promoted = seats.decline(booking, actor=user, reason=reason)
            else:
                promoted = seats.cancel(booking, actor=user, reason=reason)
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
