"""The public application forms (긴급돌봄 신청, 민간기관 상담·컨설팅 신청).

Every kind shares `RequestForm`: the contact fields, the district that routes
the request, the consent block, the honeypot, the GOV.UK layout and the
"check your answers" summary. A kind only DECLARES what differs: its own
fields, how they are grouped (`sections`), which of them go to its details
model (`details_fields`), label and hint overrides, and any extra consent.
`REGISTRY` maps each kind to its form, details model and details builder;
the page (services.models.request_forms.RequestFormPage) runs the same flow
for every kind.

Answers travel between the steps in the session as form data (strings and
lists of strings, see `to_data`), so the same form class validates them
again when they are finally submitted.
"""

from __future__ import annotations

import datetime
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone

from agency_site.params import whole_number
from services import consent
from services.districts import DISTRICT_CHOICES
from services.form_layout import FixedTemplate
from services.models import (
    ConsultingDetails,
    EmergencyCareDetails,
    RequestKind,
    TrainingBooking,
    TrainingSession,
)
from services.models.request_details import EARLIEST_BIRTH_YEAR
from services.validators import (
    ALLOWED_TYPES_TEXT,
    BusinessRegistrationNumberField,
    KoreanPhoneField,
    MultipleAttachmentField,
)

HONEYPOT = "website"
REMOVE_FILES = "remove_files"
NOT_GIVEN = "입력하지 않음"
DESCRIPTION_MAX = 2000


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------

class PlainTextField(forms.CharField):
    """Text as people mean it: Unicode NFC, control characters dropped (they
    come from copy and paste, never from typing), line breaks kept only in
    multi-line boxes."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = unicodedata.normalize("NFC", value)
        keep = "\n"
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        else:
            keep = ""
        value = "".join(ch for ch in value if ch in keep or unicodedata.category(ch) != "Cc")
        return value.strip()


class FirstOptionBoundField(BoundField):
    """For radios and checkboxes, the id of the FIRST option.

    crispy-forms-gds writes the options' ids as id_<name>_1, id_<name>_2 …, so
    the error summary's link (#<auto_id>) and the check page's "변경" link
    land on the first option, as the GOV.UK pattern asks.
    """

    @property
    def auto_id(self):
        base = super().auto_id
        if base and isinstance(self.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
            return f"{base}_1"
        return base


def text_input(width=None, **attrs):
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    return forms.TextInput(attrs=attrs)


def textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


def to_data(value):
    """A cleaned value as the form data that would produce it again (JSON-safe)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):  # a model choice (e.g. a training session)
        return str(value.pk)
    return str(value)


YES_NO = [("True", "예"), ("False", "아니요")]


def _yes_no(value):
    return value == "True"


# ---------------------------------------------------------------------------
# The shared form
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryRow:
    name: str
    label: str
    values: list
    anchor: str


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: list


class RequestForm(forms.Form):
    """Contact, district, consent and honeypot; subclasses declare the rest."""

    kind: ClassVar[str] = ""
    # (legend, [field names]) in the order people answer them.
    sections: ClassVar[list[tuple[str, list[str]]]] = []
    # The fields saved on the kind's details model, under the same names.
    details_fields: ClassVar[list[str]] = []
    field_labels: ClassVar[dict[str, str]] = {}
    field_help: ClassVar[dict[str, str]] = {}
    # Shared fields this kind needs answered: {name: the message when left empty}.
    required_fields: ClassVar[dict[str, str]] = {}
    consent_fields: ClassVar[list[str]] = ["privacy_consent"]
    file_field: ClassVar[str | None] = None

    bound_field_class = FirstOptionBoundField

    name = PlainTextField(
        label="이름", max_length=50, widget=text_input(20, autocomplete="name", spellcheck="false"),
        error_messages={
            "required": "이름을 입력해 주세요.",
            "max_length": "이름은 %(limit_value)d자 이내로 입력해 주세요. (지금 %(show_value)d자)",
        },
    )
    phone = KoreanPhoneField(
        label="전화번호", help_text="담당자가 이 번호로 연락드립니다. 예: 010-1234-5678",
    )
    email = forms.EmailField(
        label="전자우편", required=False, max_length=254,
        help_text="처리 상황을 전자우편으로도 받으려면 적어 주세요.",
        widget=forms.TextInput(attrs={
            "type": "email", "autocomplete": "email", "spellcheck": "false", "class": "govuk-input--width-30",
        }),
        error_messages={
            "invalid": "전자우편 주소를 name@example.com 처럼 입력해 주세요.",
            "max_length": "전자우편 주소가 너무 깁니다. %(limit_value)d자 이내로 입력해 주세요.",
        },
    )
    district = forms.ChoiceField(
        label="자치구", choices=[("", "자치구를 고르세요")] + list(DISTRICT_CHOICES),
        error_messages={
            "required": "자치구를 골라 주세요.",
            "invalid_choice": "목록에 있는 자치구를 골라 주세요.",
        },
    )
    privacy_consent = forms.BooleanField(
        label="위 내용을 읽었으며, 개인정보 수집·이용에 동의합니다.",
        error_messages={
            "required": (
                "개인정보 수집·이용에 동의해야 누리집에서 신청할 수 있습니다. "
                "동의하지 않으려면 전화나 방문으로 신청해 주세요."
            ),
        },
    )
    # Honeypot: hidden from people (and screen readers), filled in by bots.
    website = forms.CharField(
        label="이 칸은 비워 두세요", required=False, max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, action="", kept_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.field_labels.items():
            self.fields[name].label = label
        for name, text in self.field_help.items():
            self.fields[name].help_text = text
        for name, message in self.required_fields.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.plain_labels = {name: field.label for name, field in self.fields.items()}
        for name, field in self.fields.items():
            if not field.required and not isinstance(field, forms.BooleanField) and name != HONEYPOT:
                field.label = f"{field.label} (선택)"
        self._check_declarations()
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.set_kept_files(kept_files)

    def set_kept_files(self, kept_files):
        """The uploads already kept for this application: listed under the file
        field, with a box to remove them."""
        self.kept_files = list(kept_files)
        if self.file_field and self.kept_files:
            self.fields.setdefault(REMOVE_FILES, forms.BooleanField(
                label="이미 올린 파일을 모두 지웁니다", required=False,
            ))
        else:
            self.fields.pop(REMOVE_FILES, None)
        self.order_fields(self._page_order())  # the error summary lists errors in this order
        self.helper.layout = self._layout()

    def _page_order(self) -> list[str]:
        order = []
        for _title, names in self.sections:
            for name in names:
                order.append(name)
                if name == self.file_field:
                    order.append(REMOVE_FILES)
        return order + list(self.consent_fields) + [HONEYPOT]

    def _check_declarations(self):
        placed = {name for _title, names in self.sections for name in names}
        loose = set(self.fields) - placed - {HONEYPOT, REMOVE_FILES, *self.consent_fields}
        if loose:
            raise ImproperlyConfigured(f"{type(self).__name__}: fields not in any section: {sorted(loose)}")

    # --- what people see -----------------------------------------------------

    def consent_notices(self) -> dict[str, consent.Notice]:
        return {"privacy_consent": consent.PRIVACY_NOTICES[self.kind]}

    def _layout_field(self, name):
        field = self.fields[name]
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_size="s")
        if isinstance(field.widget, forms.RadioSelect):
            return Field.radios(name, legend_size="s")
        if isinstance(field.widget, forms.Textarea):
            return Field.textarea(name, label_size="s", rows=field.widget.attrs.get("rows", 5))
        return Field.text(name, label_size="s")  # text, select, file: a label above the control

    def _kept_files_block(self):
        # The names are the applicant's: values in a fixed template, never template text.
        return FixedTemplate("services/includes/kept_files.html",
                             files=[_describe_file(f) for f in self.kept_files])

    def _layout(self):
        parts = []
        for title, names in self.sections:
            items = []
            for name in names:
                items.append(self._layout_field(name))
                if name == self.file_field and self.kept_files:
                    items += [self._kept_files_block(), Field.checkbox(REMOVE_FILES, small=True)]
            parts.append(Fieldset(*items, legend=title, legend_size="m", legend_tag="h2"))
        notices = self.consent_notices()
        for name in self.consent_fields:
            notice = notices[name]
            parts.append(Fieldset(
                FixedTemplate("services/includes/consent_notice.html", notice=notice),
                Field.checkbox(name),
                legend=notice.title, legend_size="m", legend_tag="h2",
            ))
        parts.append(Div(Field.text(HONEYPOT), css_class="govuk-visually-hidden", aria_hidden="true"))
        parts.append(Submit("submit", "계속", data_module="govuk-button", data_prevent_double_click="true"))
        return Layout(*parts)

    # --- the flow --------------------------------------------------------------

    @classmethod
    def initial_from_query(cls, query) -> dict:
        """Answers a link may fill in (e.g. the training session chosen on its page)."""
        return {}

    def is_trap(self) -> bool:
        """The honeypot was filled in: a bot."""
        return bool(str(self.data.get(HONEYPOT, "")).strip())

    def new_uploads(self) -> list:
        """Valid files picked in this POST (stored only when every other answer is valid too)."""
        if not self.file_field or self.file_field in self.errors or not hasattr(self, "cleaned_data"):
            return []
        return list(self.cleaned_data.get(self.file_field) or [])

    def wants_files_removed(self) -> bool:
        return str(self.data.get(REMOVE_FILES, "")).lower() in ("on", "true", "1")

    def session_data(self) -> dict:
        """The cleaned answers as form data, for the session."""
        skip = {HONEYPOT, REMOVE_FILES, self.file_field}
        return {name: to_data(value) for name, value in self.cleaned_data.items() if name not in skip}

    def sensitive_data_given(self) -> bool:
        """Whether the answers include sensitive information (제23조)."""
        return False

    def applicant_fields(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "phone": data["phone"], "email": data.get("email") or ""}

    # --- check your answers ----------------------------------------------------

    def summary(self, data: dict) -> list[SummarySection]:
        sections = [(title, names) for title, names in self.sections]
        sections.append(("동의", list(self.consent_fields)))
        return [
            SummarySection(title, [self._summary_row(name, data.get(name)) for name in names])
            for title, names in sections
        ]

    def _summary_row(self, name, value) -> SummaryRow:
        field = self.fields[name]
        if name == self.file_field:
            values = [_describe_file(f) for f in self.kept_files]
        else:
            values = _display(field, value)
        label = self.plain_labels[name]
        if name in self.consent_fields:
            label = self.consent_notices()[name].title.replace(" (필수)", "")
        return SummaryRow(name=name, label=label, values=values, anchor=self[name].auto_id)


def _describe_file(kept) -> str:
    return f"{kept['original_name']} ({kept['detected_type']}, {_size(kept['size'])})"


def _size(size) -> str:
    size = int(size)
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}KB"
    return f"{size / (1024 * 1024):.1f}MB"


def _display(field, value) -> list[str]:
    """How an answer (as form data) reads on the check page."""
    if value in (None, "", []):
        return []
    if isinstance(field, forms.BooleanField):
        return ["동의함" if str(value) == "True" else "동의하지 않음"]
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        values = value if isinstance(value, list) else [value]
        return [str(labels.get(str(v), v)) for v in values]
    if isinstance(field, forms.DateField):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return [str(value)]
        return [f"{day.year}년 {day.month}월 {day.day}일"]
    return [str(value)]


# ---------------------------------------------------------------------------
# 긴급돌봄 신청
# ---------------------------------------------------------------------------

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
        label="장애가 있습니까?", choices=YES_NO, coerce=_yes_no, empty_value=None,
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


# ---------------------------------------------------------------------------
# 민간기관 상담·컨설팅 신청
# ---------------------------------------------------------------------------

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
        ("담당자", ["name", "phone", "email"]),
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


# ---------------------------------------------------------------------------
# 교육 신청
# ---------------------------------------------------------------------------

class TrainingSessionField(forms.ModelChoiceField):
    """The sessions still taking bookings, each with the seat label the
    training pages show (services.training_listing, counted by the database)."""

    def label_from_instance(self, session):
        from services.training_listing import availability

        seats = availability(session)
        label = "정원이 차서 대기자로 신청됩니다" if seats.full else seats.label
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
        ("참석하시는 분", ["name", "role", "phone", "email"]),
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
    from services import bookings

    provider = ("organisation_name", "business_number", "provider_type", "role")
    return bookings.book(
        service_request, cleaned_data["session"].pk, submission_key=submission_key,
        **{name: cleaned_data[name] for name in provider},
    )


# ---------------------------------------------------------------------------
# Registry: kind → form, details model, details builder
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestType:
    form_class: type[RequestForm]
    details_model: type
    build_details: Callable  # (service_request, cleaned_data, submission_key) → saved details row


def details_from_form(form_class, details_model):
    """The default builder: the form's `details_fields`, copied as cleaned."""

    def build(service_request, cleaned_data: dict, submission_key: uuid.UUID):
        values = {name: cleaned_data[name] for name in form_class.details_fields}
        return details_model.objects.create(request=service_request, submission_key=submission_key, **values)

    return build


REGISTRY: dict[str, RequestType] = {
    **{
        form.kind: RequestType(form, model, details_from_form(form, model))
        for form, model in [(EmergencyCareForm, EmergencyCareDetails), (ConsultingForm, ConsultingDetails)]
    },
    RequestKind.TRAINING: RequestType(TrainingBookingForm, TrainingBooking, build_booking),
}
