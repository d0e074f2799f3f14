"""긴급돌봄 신청: the emergency care application form."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from services.models import EmergencyCareDetails, RequestKind
from services.models.request_details import EARLIEST_BIRTH_YEAR
from services.requests import consent
from services.requests.forms.base import RequestForm
from services.requests.forms.fields import (
    DESCRIPTION_MAX,
    YES_NO,
    PlainTextField,
    text_input,
    textarea,
    yes_no,
)

Emergency = EmergencyCareDetails


class EmergencyCareForm(RequestForm):
    kind = RequestKind.EMERGENCY_CARE
    sections = [
        ("신청하시는 분", ["name", "applicant_relation", "phone", "email"]),
        ("돌봄이 필요한 분", ["district", "age_group", "birth_year", "has_disability"]),
        ("필요한 돌봄", ["situation", "services_needed", "desired_start", "description"]),
    ]
    details_fields = [
        "applicant_relation", "age_group", "birth_year", "has_disability", "situation",
        "services_needed", "desired_start", "description",
    ]
    consent_fields = ["privacy_consent", "sensitive_consent"]
    field_labels = {
        "name": "신청하시는 분의 이름",
        "district": "돌봄이 필요한 분이 사는 자치구",
    }
    field_help = {
        "district": "이 자치구를 맡은 팀이 신청을 받습니다.",
    }

    applicant_relation = forms.ChoiceField(
        label="돌봄이 필요한 분과 어떤 관계입니까?", choices=Emergency.ApplicantRelation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "돌봄이 필요한 분과의 관계를 골라 주세요.",
                        "invalid_choice": "보기 가운데 하나를 골라 주세요."},
    )
    age_group = forms.ChoiceField(
        label="연령대", choices=Emergency.AgeGroup.choices, widget=forms.RadioSelect,
        error_messages={"required": "돌봄이 필요한 분의 연령대를 골라 주세요.",
                        "invalid_choice": "보기 가운데 하나를 골라 주세요."},
    )
    birth_year = forms.IntegerField(
        label="출생연도", required=False,
        help_text="알맞은 돌봄 인력을 찾는 데 씁니다. 네 자리로 적어 주세요. 예: 1948",
        widget=text_input(4, inputmode="numeric", maxlength="4"),
        error_messages={"invalid": "출생연도를 1948 처럼 숫자 네 자리로 입력해 주세요."},
    )
    has_disability = forms.TypedChoiceField(
        label="장애가 있습니까?", choices=YES_NO, coerce=yes_no, empty_value=None,
        widget=forms.RadioSelect,
        help_text="‘예’라고 답하면 아래 민감정보 처리 동의가 필요합니다.",
        error_messages={"required": "장애가 있는지 ‘예’ 또는 ‘아니요’를 골라 주세요.",
                        "invalid_choice": "‘예’ 또는 ‘아니요’를 골라 주세요."},
    )
    situation = forms.ChoiceField(
        label="어떤 상황입니까?",
        choices=[
            (Emergency.Situation.TYPE_1, "기존에 받던 돌봄 서비스가 중단되었거나 중단될 위기입니다 (유형1)"),
            (Emergency.Situation.TYPE_1_1, "지금 바로 돌봄이 필요합니다 (유형1-1)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "돌봄이 필요한 상황을 골라 주세요.",
                        "invalid_choice": "보기 가운데 하나를 골라 주세요."},
    )
    services_needed = forms.MultipleChoiceField(
        label="어떤 도움이 필요합니까?", choices=Emergency.Help.choices,
        widget=forms.CheckboxSelectMultiple, help_text="해당하는 것을 모두 고르세요.",
        error_messages={"required": "필요한 도움을 하나 이상 골라 주세요.",
                        "invalid_choice": "보기에 있는 도움만 골라 주세요."},
    )
    desired_start = forms.DateField(
        label="언제부터 돌봄이 필요합니까?",
        input_formats=["%Y-%m-%d", "%Y.%m.%d", "%Y. %m. %d", "%Y. %m. %d.", "%Y/%m/%d", "%Y%m%d"],
        # A plain text box, not <input type="date">: the browser's date box orders
        # its parts by the browser's language, so typed digits can land in the
        # wrong part, and keyboard focus inside it is hard to see. Any of the
        # formats above is accepted.
        widget=text_input(10, autocomplete="off"),
        error_messages={"required": "돌봄이 필요한 날짜를 입력해 주세요."},
    )
    description = PlainTextField(
        label="더 알려 주실 내용", required=False, multiline=True, max_length=DESCRIPTION_MAX,
        help_text=f"돌봄이 필요한 이유, 건강 상태와 주의할 점 등을 {DESCRIPTION_MAX:,}자 이내로 적어 주세요.",
        widget=textarea(),
        error_messages={"max_length": "%(limit_value)d자 이내로 줄여 주세요. (지금 %(show_value)d자)"},
    )
    sensitive_consent = forms.BooleanField(
        label="위 내용을 읽었으며, 민감정보(건강·장애 정보) 처리에 동의합니다.", required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The example date is always a near, valid one.
        example = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
        field = self.fields["desired_start"]
        field.help_text = f"연-월-일 순서로 적어 주세요. 예: {example}"
        field.error_messages["invalid"] = f"날짜를 {example} 처럼 연-월-일 순서로 입력해 주세요."

    def consent_notices(self):
        return {**super().consent_notices(), "sensitive_consent": consent.SENSITIVE_NOTICE}

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not EARLIEST_BIRTH_YEAR <= year <= this_year:
            raise ValidationError(
                "출생연도는 %(first)s년부터 %(last)s년 사이로 입력해 주세요.", code="out_of_range",
                params={"first": EARLIEST_BIRTH_YEAR, "last": this_year},
            )
        return year

    def clean_desired_start(self):
        day = self.cleaned_data["desired_start"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError("희망 시작일은 오늘이나 그 뒤의 날짜로 입력해 주세요.", code="past")
        if day > today + datetime.timedelta(days=365):
            raise ValidationError("희망 시작일은 오늘부터 1년 안의 날짜로 입력해 주세요.", code="too_far")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_disability") and not cleaned.get("sensitive_consent"):
            self.add_error("sensitive_consent", consent.SENSITIVE_CONSENT_REQUIRED)
        return cleaned

    def sensitive_data_given(self):
        return bool(self.cleaned_data.get("has_disability"))
