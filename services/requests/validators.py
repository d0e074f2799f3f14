"""Checks for what people type into the service-request forms
(긴급돌봄 신청, 민간기관 상담·컨설팅 신청).

Each validator accepts what people really type, returns one tidy form of the
value, and otherwise raises `ValidationError` with a `code` and a Korean
message that says what to do (GOV.UK style: "…처럼 입력해 주세요.").

- `normalise_korean_phone`               → "010-1234-5678", "02-2038-8670"
- `validate_business_registration_number` → "123-45-67890" (사업자등록번호)
- `validate_upload`                       → "PDF", "HWP", "JPG" … (checked by content:
  services.requests.upload_checks)

The form fields at the end (`KoreanPhoneField`, `BusinessRegistrationNumberField`,
`AttachmentField`, `MultipleAttachmentField`) return those tidy values from
`clean()`, so the check-answers page shows the number as we will store it.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError

# The attachment checks live in services.requests.upload_checks; importable from here
# as before.
from services.requests.upload_checks import (  # noqa: F401
    ACCEPT_ATTRIBUTE,
    ALLOWED_EXTENSIONS,
    ALLOWED_TYPES_TEXT,
    MAX_ATTACHMENTS,
    MAX_UPLOAD_SIZE,
    UPLOAD_MESSAGES,
    validate_upload,
)


def _to_ascii(value) -> str:
    """Turn full-width characters (０１０－１２３４) into ordinary ones and trim.

    NFKC maps full-width digits, hyphens, brackets, plus signs and the
    ideographic space to their ASCII forms. The other dashes that word
    processors and phones insert (‐ – — −) become "-" as well.
    """
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub("[\u2010-\u2015\u2212]", "-", text).strip()


# ---------------------------------------------------------------------------
# 1. 전화번호
# ---------------------------------------------------------------------------

# Digits with the separators people use: spaces, hyphens, dots and brackets,
# and one "+" at the very start (+82). Anything else (letters, "#", "내선")
# is refused: phonenumbers would otherwise read "010-CALL-ME12" as a keypad
# number or keep "ext 3" as an extension.
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ().-]+")

PHONE_MESSAGES = {
    "required": "전화번호를 입력해 주세요.",
    "invalid_characters": "전화번호는 숫자로만 010-1234-5678 처럼 입력해 주세요.",
    "not_korean": "국내 전화번호를 010-1234-5678 처럼 입력해 주세요.",
    "too_short": "전화번호가 너무 짧습니다. 지역번호를 포함해 02-1234-5678 처럼 입력해 주세요.",
    "too_long": "전화번호가 너무 깁니다. 010-1234-5678 처럼 입력해 주세요.",
    "invalid": "전화번호를 010-1234-5678 또는 02-1234-5678 처럼 입력해 주세요.",
}

# Korean numbers have 8 to 11 digits after the country code (82) once the
# leading 0 is dropped: 1588-1234 has 8, 02-2038-8670 has 9, 010-1234-5678
# has 10 and 0505-1234-5678 has 11. Outside that range we can tell people
# exactly what is wrong; inside it, phonenumbers decides.
_SHORTEST_KOREAN_NUMBER = 8
_LONGEST_KOREAN_NUMBER = 11


def _phone_error(code: str) -> ValidationError:
    return ValidationError(PHONE_MESSAGES[code], code=code)


def normalise_korean_phone(value) -> str:
    """Return a Korean phone number written the way Koreans write it.

    Accepts "010 1234 5678", "010.1234.5678", "(02) 2038-8670",
    "+82 10-1234-5678", "82-2-2038-8670" and full-width digits; returns
    "010-1234-5678", "02-2038-8670", "031-123-4567" or, for 대표번호,
    "1588-1234". Raises ValidationError for anything phonenumbers (region
    KR) does not consider a valid Korean number.
    """
    text = _to_ascii(value)
    if not text:
        raise _phone_error("required")
    if not _PHONE_CHARACTERS.fullmatch(text) or len(text) > 30:
        raise _phone_error("invalid_characters")

    try:
        # "KR" tells phonenumbers how to read numbers typed without +82.
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException as error:
        raise _phone_error("invalid") from error

    if number.country_code != 82:
        raise _phone_error("not_korean")

    digits = phonenumbers.national_significant_number(number)  # no leading 0
    if len(digits) < _SHORTEST_KOREAN_NUMBER:
        raise _phone_error("too_short")
    if len(digits) > _LONGEST_KOREAN_NUMBER:
        raise _phone_error("too_long")
    if not phonenumbers.is_valid_number(number):
        raise _phone_error("invalid")

    # NATIONAL format is the hyphenated form with the leading 0: 010-1234-5678.
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def is_korean_mobile(value) -> bool:
    """Whether `value` is a Korean mobile number (010…, and the older 011,
    016–019): what can receive 문자. Landlines and 대표번호 (1588-…) cannot.
    phonenumbers knows the number plan, as it does for normalising."""
    try:
        number = phonenumbers.parse(_to_ascii(value or ""), "KR")
    except phonenumbers.NumberParseException:
        return False
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    return number.country_code == 82 and mobile


# ---------------------------------------------------------------------------
# 2. 사업자등록번호
# ---------------------------------------------------------------------------

BRN_MESSAGES = {
    "required": "사업자등록번호를 입력해 주세요.",
    "invalid_characters": "사업자등록번호는 숫자로만 123-45-67890 처럼 입력해 주세요.",
    "wrong_length": "사업자등록번호는 숫자 10자리로 입력해 주세요. (지금 입력: %(count)s자리)",
    "invalid_checksum": "올바른 사업자등록번호가 아닙니다. 사업자등록증에 적힌 번호를 확인해 주세요.",
}

# The National Tax Service check-digit weights for the first nine digits.
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_registration_check_digit(first_nine: str) -> int:
    """The tenth digit of a 사업자등록번호, computed from the first nine.

    1. Multiply each of the first nine digits by 1, 3, 7, 1, 3, 7, 1, 3, 5
       and add the products.
    2. Add the tens digit of (ninth digit × 5), i.e. floor(d9 × 5 / 10).
    3. The check digit is (10 − total mod 10) mod 10.
    """
    digits = [int(d) for d in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def validate_business_registration_number(value) -> str:
    """Check a 사업자등록번호 and return it as "123-45-67890".

    Accepts "123-45-67890", "1234567890" and spaced or full-width versions.
    """
    text = _to_ascii(value)
    if not text:
        raise ValidationError(BRN_MESSAGES["required"], code="required")
    if not re.fullmatch(r"[0-9 -]+", text):
        raise ValidationError(BRN_MESSAGES["invalid_characters"], code="invalid_characters")

    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10:
        raise ValidationError(
            BRN_MESSAGES["wrong_length"],
            code="wrong_length",
            params={"count": len(digits)},
        )
    if business_registration_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(BRN_MESSAGES["invalid_checksum"], code="invalid_checksum")

    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


# ---------------------------------------------------------------------------
# Form fields
# ---------------------------------------------------------------------------


class NormalisedCharField(forms.CharField):
    """A text box whose `clean()` returns the value in its standard form.

    A plain TextInput, which the KRDS form pack draws as a `krds-input`;
    subclasses set the input's attributes.
    """

    required_message = ""
    input_attrs: dict = {}

    @staticmethod
    def normalise(value):
        return value

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": self.required_message})
        attrs = {"spellcheck": "false", "class": "agency-width-20", **self.input_attrs}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return self.normalise(value)


class KoreanPhoneField(NormalisedCharField):
    """A phone number box; `clean()` returns the number as "010-1234-5678"."""

    required_message = PHONE_MESSAGES["required"]
    input_attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
    normalise = staticmethod(normalise_korean_phone)


class BusinessRegistrationNumberField(NormalisedCharField):
    """A 사업자등록번호 box; `clean()` returns the number as "123-45-67890"."""

    required_message = BRN_MESSAGES["required"]
    input_attrs = {"inputmode": "numeric", "autocomplete": "off"}
    normalise = staticmethod(validate_business_registration_number)


_FILE_ERROR_MESSAGES = {
    "required": UPLOAD_MESSAGES["required"],
    "empty": UPLOAD_MESSAGES["empty"],
    "invalid": "파일을 올리지 못했습니다. 파일을 다시 선택해 주세요.",
    "missing": "파일을 올리지 못했습니다. 파일을 다시 선택해 주세요.",
}


class AttachmentField(forms.FileField):
    """One attachment. `clean()` returns the uploaded file with its checked
    type in `file.detected_type` ("PDF", "HWP" …)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", _FILE_ERROR_MESSAGES)
        super().__init__(**kwargs)
        # `accept` only filters the browser's file picker; the server check is
        # validate_upload().
        self.widget.attrs.setdefault("accept", ACCEPT_ATTRIBUTE)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            upload.detected_type = validate_upload(upload)
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets people pick several files at once (Django docs:
    "Uploading multiple files")."""

    allow_multiple_selected = True


class MultipleAttachmentField(AttachmentField):
    """Up to three attachments; `clean()` returns a list of checked files.

    Every file is checked and all problems are reported together, each
    starting with the file's name so people know which one to fix.
    """

    def __init__(self, *, max_files: int = MAX_ATTACHMENTS, **kwargs):
        self.max_files = max_files
        # The KRDS form pack draws any FileInput as a file box; no class needed.
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        # The widget gives a list of files; be lenient with a single file too.
        files = list(data) if isinstance(data, list | tuple) else [data]
        files = [upload for upload in files if upload]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                UPLOAD_MESSAGES["too_many_files"],
                code="too_many_files",
                params={"max_files": self.max_files},
            )

        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{getattr(upload, 'name', '')}: {message}", code=detail.code)
                    for detail in error.error_list
                    for message in detail
                )
        if errors:
            raise ValidationError(errors)
        return cleaned
