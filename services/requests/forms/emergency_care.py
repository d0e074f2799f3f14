"""긴급돌봄 신청: the emergency care application form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from services.models import EmergencyCareDetails, RequestKind
from services.models.request_details import EARLIEST_BIRTH_YEAR
from services.requests import consent
from services.requests.forms.base import RequestForm
from services.requests.forms.dates import StartDateField
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
        ("신청하시는 분", ["name", "applicant_relation", "phone", "email", "notify_by"]),
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
            (Emergency.Situation.TYPE_1, "받던 돌봄 서비스가 끊겼거나 곧 끊길 것 같습니다"),
            (Emergency.Situation.TYPE_1_1, "다른 이유로 지금 바로 돌봄이 필요합니다"),
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
    # 오늘 / 내일 / 날짜 지정, and dates as people write them (12월 8일, 2026.12.8 …), never
    # <input type="date">: the browser's date box orders its parts by the browser's language,
    # so typed digits can land in the wrong part, and keyboard focus inside it is hard to see.
    desired_start = StartDateField(
        label="언제부터 돌봄이 필요하신가요?",
        error_messages={"required": "언제부터 돌봄이 필요한지 골라 주세요."},
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_disability") and not cleaned.get("sensitive_consent"):
            self.add_error("sensitive_consent", consent.SENSITIVE_CONSENT_REQUIRED)
        return cleaned

    def sensitive_data_given(self):
        return bool(self.cleaned_data.get("has_disability"))
