"""교육 신청: the public form that books a seat on a training session.

It is a request form like the others (services.requests.forms.RequestForm)
with the provider questions of the consulting form; `build_booking` is the
kind's details builder, which takes the seat (services.training.seats).
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

from agency_site.params import whole_number
from services.models import RequestKind, TrainingSession
from services.requests.forms import PlainTextField, ProviderFields, RequestForm, notify, text_input
from services.training import seats
from services.training.listing import availability


class TrainingSessionField(forms.ModelChoiceField):
    """The sessions still taking bookings, each with the seat label the
    training pages show (services.training.listing, counted by the database)."""

    def label_from_instance(self, session):
        held = availability(session)
        label = "정원이 차서 대기자로 신청됩니다" if held.full else held.label
        return f"{session.page.title} — {session.when}, {session.place} ({label})"

    def to_python(self, value):
        # Only the ids the radios send: int() also reads "１２", " 1" and "٣".
        if isinstance(value, str) and value and whole_number(value, minimum=1) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def bookable_sessions():
    return TrainingSession.objects.open_for_booking().with_seats_held().select_related("page")


class TrainingBookingForm(ProviderFields, RequestForm):
    kind = RequestKind.TRAINING
    sections = [
        ("교육 회차", ["session"]),
        ("기관 정보", ["organisation_name", "business_number", "provider_type", "district"]),
        ("참석하시는 분", ["name", "role", "phone", "email", "notify_by"]),
    ]
    field_labels = {
        "name": "참석자 이름",
        "district": "기관이 있는 자치구",
    }
    field_help = {
        "email": "확정 안내, 일정 파일(.ics), 신청을 확인하거나 취소하는 링크를 이 주소로 보냅니다.",
    }
    # The confirmation, the calendar file and the link to cancel go by e-mail.
    required_fields = {"email": "전자우편 주소를 입력해 주세요. 확정 안내를 전자우편으로 보내 드립니다."}
    # …so e-mail always, and 문자 besides for those who want it.
    notify_options = (notify.EMAIL, notify.BOTH)
    notify_default = notify.EMAIL

    session = TrainingSessionField(
        queryset=TrainingSession.objects.none(), label="신청할 교육 회차", widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "신청할 교육 회차를 골라 주세요.",
                        "invalid_choice": "지금 신청을 받는 회차 가운데 하나를 골라 주세요."},
    )
    role = PlainTextField(
        label="직위·직무", max_length=50, widget=text_input(20),
        help_text="예: 요양보호사, 사회복지사, 센터장, 주무관",
        error_messages={"required": "직위나 하는 일을 입력해 주세요.",
                        "max_length": "직위·직무는 %(limit_value)d자 이내로 입력해 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = bookable_sessions()
        # ASCII digits only: str.isdigit() is true for "²", which int() refuses (a 500).
        chosen = whole_number(str(self.data.get("session") or self.initial.get("session") or ""), minimum=1)
        if chosen is not None:
            # Someone who chose a session on a training's page sees that training's
            # sessions only; the chosen one stays a valid answer even if it has just
            # closed, so that clean_session can say why.
            training = TrainingSession.objects.filter(pk=chosen).values("page_id")
            sessions = bookable_sessions().filter(page_id__in=training) | (
                TrainingSession.objects.filter(pk=chosen).with_seats_held().select_related("page")
            )
        self.fields["session"].queryset = sessions.order_by("date", "start_time", "pk")

    @classmethod
    def initial_from_query(cls, query) -> dict:
        session = query.get("session", "")
        return {"session": session} if whole_number(session, minimum=1) is not None else {}

    def clean_session(self):
        session = self.cleaned_data["session"]
        refusal = session.refusal()
        if refusal:
            raise ValidationError(refusal, code="closed")
        return session


def build_booking(service_request, cleaned_data: dict, submission_key: uuid.UUID):
    provider = ("organisation_name", "business_number", "provider_type", "role")
    return seats.book(
        service_request, cleaned_data["session"].pk, submission_key=submission_key,
        **{name: cleaned_data[name] for name in provider},
    )
