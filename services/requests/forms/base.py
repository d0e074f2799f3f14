"""`RequestForm`: what every kind's public form shares.

The contact fields, the district that routes the request, the consent block,
the honeypot, kept uploads, the KRDS layout and the "check your answers"
summary. A kind only DECLARES what differs: its own fields, how they are
grouped (`sections`), which of them go to its details model
(`details_fields`), label and hint overrides, and any extra consent.
"""

from __future__ import annotations

from typing import ClassVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

from agency_site.crispy_krds.layout import Fieldset, Submit
from agency_site.districts import DISTRICT_CHOICES
from services.models import contacts
from services.requests import consent, kinds
from services.requests.form_layout import FixedTemplate
from services.requests.forms import notify
from services.requests.forms.fields import FirstOptionBoundField, PlainTextField, text_input, to_data
from services.requests.forms.summary import SummaryRow, SummarySection, describe_file, display
from services.requests.validators import KoreanPhoneField

HONEYPOT = "website"
REMOVE_FILES = "remove_files"


def _consent_refused(kind: str) -> str:
    """What someone who does not consent is told: to apply by telephone or in
    person, to the team of this kind's form (services.models.contacts)."""
    team = contacts.for_kind(kind)
    how = f"{team.name}({team.phone})에 전화하거나 방문해" if team else "전화나 방문으로"
    return (f"개인정보 수집·이용에 동의해야 누리집에서 신청할 수 있습니다. "
            f"동의하지 않으려면 {how} 신청해 주세요.")


# Looked up only when the message is shown (a refusal), not for every form.
consent_refused = lazy(_consent_refused, str)


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
    # The channels `notify_by` offers, and the one checked at first (forms.notify).
    notify_options: ClassVar[tuple[str, ...]] = (notify.SMS, notify.EMAIL, notify.BOTH, notify.NONE)
    notify_default: ClassVar[str] = notify.SMS

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
        help_text=(
            "진행 상황을 전자우편으로 받으려면 주소를 적고, 아래 질문에서 ‘전자우편’이나 ‘둘 다’를 고르세요."
        ),
        widget=forms.TextInput(attrs={
            "type": "email", "autocomplete": "email", "spellcheck": "false", "class": "agency-width-30",
        }),
        error_messages={
            "invalid": "전자우편 주소를 name@example.com 처럼 입력해 주세요.",
            "max_length": "전자우편 주소가 너무 깁니다. %(limit_value)d자 이내로 입력해 주세요.",
        },
    )
    notify_by = notify.NotifyField()
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
        notify.offer(self.fields["notify_by"], self.notify_options, self.notify_default)
        for name, label in self.field_labels.items():
            self.fields[name].label = label
        for name, text in self.field_help.items():
            self.fields[name].help_text = text
        for name, message in self.required_fields.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        if self.kind:  # refusing consent: the number to apply by instead
            self.fields["privacy_consent"].error_messages["required"] = consent_refused(self.kind)
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
        return {"privacy_consent": kinds.get(self.kind).privacy_notice}

    def _kept_files_block(self):
        # The names are the applicant's: values in a fixed template, never template text.
        return FixedTemplate("services/includes/kept_files.html",
                             files=[describe_file(f) for f in self.kept_files])

    def _layout(self):
        parts = []
        for title, names in self.sections:
            items = []
            for name in names:
                # The KRDS pack draws each field by its widget: radios and checkboxes
                # as a fieldset with a legend, every other control under its label.
                items.append(Field(name))
                if name == self.file_field and self.kept_files:
                    items += [self._kept_files_block(), Field(REMOVE_FILES)]
            parts.append(Fieldset(title, *items, heading="h2"))
        notices = self.consent_notices()
        for name in self.consent_fields:
            notice = notices[name]
            parts.append(Fieldset(
                notice.title,
                FixedTemplate("services/includes/consent_notice.html", notice=notice),
                Field(name),
                heading="h2",
            ))
        parts.append(Div(Field(HONEYPOT), css_class="sr-only", aria_hidden="true"))
        parts.append(Submit("submit", "계속", data_prevent_double_click="true"))
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

    def clean(self):
        cleaned = super().clean()
        notify.check(self, cleaned)  # 문자 needs a mobile number, 전자우편 an address
        return cleaned

    def applicant_fields(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "phone": data["phone"], "email": data.get("email") or "",
                **notify.flags(data["notify_by"])}

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
            values = [describe_file(f) for f in self.kept_files]
        else:
            values = display(field, value)
        label = self.plain_labels[name]
        if name in self.consent_fields:
            label = self.consent_notices()[name].title.replace(" (필수)", "")
        return SummaryRow(name=name, label=label, values=values, anchor=self[name].auto_id)
