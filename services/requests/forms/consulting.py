"""민간기관 상담·컨설팅 신청, and the organisation questions private providers
answer (shared with the training booking form, services.training.booking_form)."""

from __future__ import annotations

from django import forms

from services.models import ConsultingDetails, RequestKind
from services.requests.forms.base import RequestForm
from services.requests.forms.fields import DESCRIPTION_MAX, PlainTextField, text_input, textarea
from services.requests.validators import (
    ALLOWED_TYPES_TEXT,
    BusinessRegistrationNumberField,
    MultipleAttachmentField,
)

Consulting = ConsultingDetails


class ProviderFields(forms.Form):
    """The organisation questions asked of private providers (consulting, training)."""

    organisation_name = PlainTextField(
        label="기관명", max_length=100, widget=text_input(30, autocomplete="organization"),
        error_messages={
            "required": "기관명을 입력해 주세요.",
            "max_length": "기관명은 %(limit_value)d자 이내로 입력해 주세요. (지금 %(show_value)d자)",
        },
    )
    business_number = BusinessRegistrationNumberField(
        label="사업자등록번호", help_text="사업자등록증에 적힌 숫자 10자리. 예: 123-45-67890",
    )
    provider_type = forms.ChoiceField(
        label="기관 유형", choices=Consulting.ProviderType.choices, widget=forms.RadioSelect,
        error_messages={"required": "기관 유형을 골라 주세요.",
                        "invalid_choice": "보기 가운데 하나를 골라 주세요."},
    )


class ConsultingForm(ProviderFields, RequestForm):
    kind = RequestKind.CONSULTING
    sections = [
        ("기관 정보", ["organisation_name", "business_number", "provider_type", "district"]),
        ("담당자", ["name", "phone", "email", "notify_by"]),
        ("상담 내용", ["topics", "description", "preferred_dates", "attachments"]),
    ]
    details_fields = ["organisation_name", "business_number", "provider_type", "topics",
                      "preferred_dates", "description"]
    file_field = "attachments"
    field_labels = {
        "name": "담당자 이름",
        "district": "기관이 있는 자치구",
    }

    topics = forms.MultipleChoiceField(
        label="어떤 주제로 상담받고 싶습니까?", choices=Consulting.Topic.choices,
        widget=forms.CheckboxSelectMultiple, help_text="해당하는 것을 모두 고르세요.",
        error_messages={"required": "상담 주제를 하나 이상 골라 주세요.",
                        "invalid_choice": "보기에 있는 주제만 골라 주세요."},
    )
    description = PlainTextField(
        label="상담받고 싶은 내용", multiline=True, max_length=DESCRIPTION_MAX,
        help_text=f"지금 겪고 있는 어려움과 궁금한 점을 {DESCRIPTION_MAX:,}자 이내로 적어 주세요.",
        widget=textarea(),
        error_messages={"required": "상담받고 싶은 내용을 적어 주세요.",
                        "max_length": "%(limit_value)d자 이내로 줄여 주세요. (지금 %(show_value)d자)"},
    )
    preferred_dates = PlainTextField(
        label="희망 일정", required=False, max_length=200,
        help_text="상담받기 좋은 날짜나 요일, 시간대. 예: 12월 둘째 주 화·목 오후",
        widget=text_input(30),
        error_messages={"max_length": "희망 일정은 %(limit_value)d자 이내로 입력해 주세요."},
    )
    attachments = MultipleAttachmentField(
        label="첨부파일", required=False,
        help_text=(
            "상담에 필요한 자료가 있으면 3개까지 올려 주세요. "
            f"파일 하나에 10MB까지, {ALLOWED_TYPES_TEXT} 형식."
        ),
    )
