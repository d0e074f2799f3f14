"""The applicant's choice of channel: "진행 상황을 어떻게 알려 드릴까요?"

문자 is the default, because every form asks for a phone number; but only a
mobile number (010…) receives 문자, so a landline with 문자 is refused with
a message that says so. 전자우편 needs an address. ‘받지 않음’ is for
someone with a landline and no e-mail: staff still call, and the status
page still shows everything.

A POST without the question at all (a script, or answers kept in a session
from before the question existed) is read as "every channel I gave you",
which is what the service did before: e-mail when there is an address, and
문자 when the number is a mobile one.
"""

from __future__ import annotations

from django import forms

from services.requests import status_texts
from services.requests.sms import is_mobile

SMS, EMAIL, BOTH, NONE = status_texts.SMS, status_texts.EMAIL, status_texts.BOTH, status_texts.NONE
UNANSWERED = "unanswered"  # the question was not in the POST at all

LABELS = {
    SMS: "문자(휴대전화)",
    EMAIL: "전자우편",
    BOTH: "문자와 전자우편 둘 다",
    NONE: "받지 않음 (진행 상황은 누리집에서 직접 확인합니다)",
}
LABEL = "진행 상황을 어떻게 알려 드릴까요?"
HELP = (
    "접수, 처리 상태 변경, 담당자의 메시지를 알려 드립니다. 문자에는 접수번호와 진행 상황 "
    "화면의 주소만 넣고, 이름이나 신청 내용은 넣지 않습니다."
)
LANDLINE = (
    "문자는 휴대전화로만 받을 수 있습니다. 010으로 시작하는 휴대전화 번호를 적거나, 다른 방법을 골라 주세요."
)
NEEDS_EMAIL = "전자우편으로 알려 드리려면 주소가 필요합니다. 전자우편 주소를 입력하거나 ‘문자’를 골라 주세요."


class ChannelRadios(forms.RadioSelect):
    def value_from_datadict(self, data, files, name):
        if name not in data:
            return UNANSWERED
        return super().value_from_datadict(data, files, name)


class NotifyField(forms.ChoiceField):
    widget = ChannelRadios

    def __init__(self, **kwargs):
        kwargs.setdefault("label", LABEL)
        kwargs.setdefault("help_text", HELP)
        kwargs.setdefault("choices", list(LABELS.items()))
        kwargs.setdefault("initial", SMS)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "진행 상황을 알려 드릴 방법을 골라 주세요.",
                "invalid_choice": "보기 가운데 하나를 골라 주세요.",
            },
        )
        super().__init__(**kwargs)

    def valid_value(self, value):
        return value == UNANSWERED or super().valid_value(value)


def offer(field: NotifyField, options, default) -> None:
    """Only these `options` (in this order), `default` checked."""
    field.choices = [(option, LABELS[option]) for option in options]
    field.initial = default


def _given(phone, email, options) -> str:
    """The UNANSWERED reading: every channel the answers make possible, among `options`."""
    mobile = bool(phone) and is_mobile(phone)
    choice = {(True, True): BOTH, (True, False): SMS, (False, True): EMAIL}.get((mobile, bool(email)), NONE)
    if choice in options:
        return choice
    return next((option for option in (BOTH, EMAIL, SMS, NONE) if option in options), options[0])


def check(form, cleaned: dict) -> None:
    """Resolve an unanswered question and refuse a channel the answers cannot reach."""
    choice = cleaned.get("notify_by")
    if not choice:
        return
    phone, email = cleaned.get("phone"), cleaned.get("email")
    options = [value for value, _label in form.fields["notify_by"].choices]
    if choice == UNANSWERED:
        cleaned["notify_by"] = _given(phone, email, options)
        return
    if choice in (SMS, BOTH) and phone and not is_mobile(phone):
        form.add_error("notify_by", LANDLINE)
    if choice in (EMAIL, BOTH) and not email and "email" not in form.errors:
        form.add_error("email", NEEDS_EMAIL)


def flags(choice: str) -> dict:
    """The choice as ServiceRequest's fields (and pipeline.Applicant's)."""
    return {"notify_sms": choice in (SMS, BOTH), "notify_email": choice in (EMAIL, BOTH)}
