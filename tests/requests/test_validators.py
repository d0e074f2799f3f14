"""The checks behind the service-request forms (긴급돌봄 신청, 민간기관 상담·컨설팅
신청): phone numbers and 사업자등록번호 come back in one tidy form, attachments
are judged by what is inside them, and every message is in Korean and says
what to do. No database is needed."""

import contextlib
import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.template import Context, Template
from django.utils.datastructures import MultiValueDict

from services.requests.validators import (
    AttachmentField,
    BusinessRegistrationNumberField,
    KoreanPhoneField,
    MultipleAttachmentField,
    normalise_korean_phone,
    validate_business_registration_number,
    validate_upload,
)
from tests import upload_samples

MB = 1024 * 1024


def error_of(check, value):
    """The ValidationError `check(value)` raises, as (code, message)."""
    with pytest.raises(ValidationError) as caught:
        check(value)
    error = caught.value
    return error.code, error.messages[0]


# ---------------------------------------------------------------------------
# 전화번호
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # 휴대전화, however it is typed
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        (" 010-1234-5678 ", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("+82 (0)10 1234 5678", "010-1234-5678"),
        ("82-10-1234-5678", "010-1234-5678"),
        ("０１０－１２３４－５６７８", "010-1234-5678"),  # full-width
        ("010–1234–5678", "010-1234-5678"),  # en dashes from a word processor
        # 서울 02
        ("02-2038-8670", "02-2038-8670"),
        ("0220388670", "02-2038-8670"),
        ("(02) 2038-8670", "02-2038-8670"),
        ("+82 2 2038 8670", "02-2038-8670"),
        ("02-123-4567", "02-123-4567"),
        # 지역번호 (경기 031, 부산 051, 제주 064)
        ("031-123-4567", "031-123-4567"),
        ("0311234567", "031-123-4567"),
        ("051 1234 5678", "051-1234-5678"),
        ("064-123-4567", "064-123-4567"),
        # 인터넷전화, 대표번호
        ("070-1234-5678", "070-1234-5678"),
        ("15881234", "1588-1234"),
        ("1588-1234", "1588-1234"),
    ],
)
def test_phone_numbers_come_back_as_koreans_write_them(typed, expected):
    assert normalise_korean_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("010-CALL-ME12", "invalid_characters"),  # not read as a keypad number
        ("010-1234-5678 ext 3", "invalid_characters"),
        ("010-1234-5678 내선 3", "invalid_characters"),
        ("전화 주세요", "invalid_characters"),
        ("010+1234+5678", "invalid_characters"),
        ("1" * 40, "invalid_characters"),
        ("+1 650-253-0000", "not_korean"),
        ("+44 20 7946 0000", "not_korean"),
        ("119", "too_short"),
        ("1234", "too_short"),
        ("02-123-456", "invalid"),
        ("010-1234-5678-9999", "too_long"),
        ("02-1234-56789", "invalid"),
        ("010-1234-56789", "invalid"),
        ("010-123-456", "invalid"),
        ("+", "invalid_characters"),
        ("-", "invalid"),
    ],
)
def test_phone_numbers_that_are_not_korean_numbers_are_refused(typed, code):
    assert error_of(normalise_korean_phone, typed)[0] == code


def test_phone_messages_say_what_to_do_in_korean():
    assert error_of(normalise_korean_phone, "010-1234-56789")[1] == (
        "전화번호를 010-1234-5678 또는 02-1234-5678 처럼 입력해 주세요."
    )
    assert error_of(normalise_korean_phone, "1234")[1] == (
        "전화번호가 너무 짧습니다. 지역번호를 포함해 02-1234-5678 처럼 입력해 주세요."
    )
    assert error_of(normalise_korean_phone, "abc")[1] == (
        "전화번호는 숫자로만 010-1234-5678 처럼 입력해 주세요."
    )
    assert error_of(normalise_korean_phone, "+1 650-253-0000")[1] == (
        "국내 전화번호를 010-1234-5678 처럼 입력해 주세요."
    )


# ---------------------------------------------------------------------------
# 사업자등록번호
# ---------------------------------------------------------------------------


def check_digit(nine):
    """The National Tax Service check digit, written out longhand so the test
    does not reuse the code it checks."""
    d = [int(c) for c in nine]
    total = d[0] * 1 + d[1] * 3 + d[2] * 7 + d[3] * 1 + d[4] * 3 + d[5] * 7 + d[6] * 1 + d[7] * 3 + d[8] * 5
    total += (d[8] * 5) // 10  # the tens digit of the last product counts once more
    return (10 - total % 10) % 10


def valid_brn(nine):
    return nine + str(check_digit(nine))


def test_the_check_digit_worked_by_hand():
    # 1·1 + 2·3 + 3·7 + 4·1 + 5·3 + 6·7 + 7·1 + 8·3 + 9·5 = 165; + ⌊45/10⌋ = 169
    # → (10 − 9) mod 10 = 1
    assert validate_business_registration_number("123-45-67891") == "123-45-67891"
    # Forgetting the ⌊d9·5/10⌋ term would give 5 instead: that must fail.
    assert error_of(validate_business_registration_number, "123-45-67895")[0] == "invalid_checksum"


@pytest.mark.parametrize(
    "number",
    [
        # Published registration numbers of two large companies (삼성전자, 네이버).
        "124-81-00998",
        "220-81-62517",
        # Built with the check digit computed above; 9th digits 0–9 so the
        # ⌊d9·5/10⌋ term takes every value.
        *(valid_brn(f"10181{n:03d}{d9}") for n, d9 in zip(range(10), range(10), strict=True)),
        valid_brn("000000000"),
        valid_brn("999999999"),
    ],
)
def test_valid_business_registration_numbers_are_accepted_and_hyphenated(number):
    digits = number.replace("-", "")
    expected = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    assert validate_business_registration_number(number) == expected
    assert validate_business_registration_number(digits) == expected
    assert validate_business_registration_number(f" {digits[:3]} {digits[3:5]} {digits[5:]} ") == expected
    # Every other last digit is wrong.
    for wrong in set("0123456789") - {digits[9]}:
        code, _ = error_of(validate_business_registration_number, digits[:9] + wrong)
        assert code == "invalid_checksum"


def test_full_width_business_registration_numbers_are_accepted():
    assert validate_business_registration_number("１２４－８１－００９９８") == "124-81-00998"


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("", "required", "사업자등록번호를 입력해 주세요."),
        (
            "124-81-0099",
            "wrong_length",
            "사업자등록번호는 숫자 10자리로 입력해 주세요. (지금 입력: 9자리)",
        ),
        (
            "124-81-009981",
            "wrong_length",
            "사업자등록번호는 숫자 10자리로 입력해 주세요. (지금 입력: 11자리)",
        ),
        ("12a-81-00998", "invalid_characters", "사업자등록번호는 숫자로만 123-45-67890 처럼 입력해 주세요."),
        ("124/81/00998", "invalid_characters", "사업자등록번호는 숫자로만 123-45-67890 처럼 입력해 주세요."),
        (
            "124-81-00997",
            "invalid_checksum",
            "올바른 사업자등록번호가 아닙니다. 사업자등록증에 적힌 번호를 확인해 주세요.",
        ),
    ],
)
def test_wrong_business_registration_numbers_are_refused_with_korean_messages(typed, code, message):
    assert error_of(validate_business_registration_number, typed) == (code, message)


# ---------------------------------------------------------------------------
# 첨부파일: tiny real files
# ---------------------------------------------------------------------------

# Real files: the content checks (tests/requests/test_upload_checks.py) open them.
PDF = upload_samples.pdf_bytes()
HWP = upload_samples.hwp()
WORD_97 = upload_samples.word97()  # OLE2, like HWP, but not a Hangul file
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
image_bytes = upload_samples.image_bytes


def zip_bytes(entries):
    """A ZIP archive; a `mimetype` entry goes first and uncompressed, as HWPX requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = zip_bytes(
    {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document/>",
    }
)
XLSX = zip_bytes(
    {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": "<Relationships/>",
        "xl/workbook.xml": "<workbook/>",
        "xl/worksheets/sheet1.xml": "<worksheet/>",
    }
)
# What 한컴오피스 writes: mimetype first, then the OWPML parts.
HWPX = zip_bytes(
    {
        "mimetype": "application/hwp+zip",
        "version.xml": "<hv:HCFVersion/>",
        "Contents/header.xml": "<hh:head/>",
        "Contents/section0.xml": "<hs:sec/>",
        "Contents/content.hpf": "<opf:package/>",
        "META-INF/container.xml": "<ocf:container/>",
        "settings.xml": "<ha:HWPApplicationSetting/>",
    }
)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("신청서.pdf", PDF, "PDF"),
        ("신청서.PDF", PDF, "PDF"),
        ("사진.png", image_bytes("PNG"), "PNG"),
        ("사진.jpg", image_bytes("JPEG"), "JPG"),
        ("사진.jpeg", image_bytes("JPEG"), "JPG"),
        ("계획서.hwp", HWP, "HWP"),
        ("계획서.hwpx", HWPX, "HWPX"),
        ("계획서.docx", DOCX, "DOCX"),
        ("예산.xlsx", XLSX, "XLSX"),
        # HWPX recognised by either of its two markers alone
        ("mimetype만.hwpx", zip_bytes({"mimetype": "application/hwp+zip", "Contents/a.xml": "<x/>"}), "HWPX"),
        ("hpf만.hwpx", zip_bytes({"Contents/content.hpf": "<opf:package/>"}), "HWPX"),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, kind):
    assert validate_upload(upload(name, content)) == kind


def test_the_browser_content_type_is_ignored():
    fake = SimpleUploadedFile("사진.png", EXE, content_type="image/png")
    assert error_of(validate_upload, fake)[0] == "unsupported_type"


def test_the_file_is_left_at_the_start_for_whoever_saves_it():
    for name, content in [("a.pdf", PDF), ("a.docx", DOCX), ("a.exe.pdf", EXE)]:
        attachment = upload(name, content)
        attachment.read()  # someone read it to the end before us
        with contextlib.suppress(ValidationError):
            validate_upload(attachment)
        assert attachment.tell() == 0
        assert attachment.read() == content


def test_a_file_saved_to_disk_during_upload_is_checked_too():
    # Django writes uploads over 2.5MB to a temporary file instead of memory.
    attachment = TemporaryUploadedFile("계획서.hwpx", "application/zip", len(HWPX), None)
    attachment.write(HWPX)
    attachment.seek(0)
    try:
        assert validate_upload(attachment) == "HWPX"
        assert attachment.tell() == 0
    finally:
        attachment.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "사진.png",
            PDF,
            "파일 이름의 확장자(.png)가 실제 파일 형식(PDF)과 맞지 않습니다. "
            "PDF 파일이면 이름 끝을 .pdf 확장자로 바꿔서 다시 올려 주세요.",
        ),
        (
            "신청서.pdf",
            image_bytes("JPEG"),
            "파일 이름의 확장자(.pdf)가 실제 파일 형식(JPG)과 맞지 않습니다. "
            "JPG 파일이면 이름 끝을 .jpg 확장자로 바꿔서 다시 올려 주세요.",
        ),
        (
            "계획서.hwpx",
            HWP,
            "파일 이름의 확장자(.hwpx)가 실제 파일 형식(HWP)과 맞지 않습니다. "
            "HWP 파일이면 이름 끝을 .hwp 확장자로 바꿔서 다시 올려 주세요.",
        ),
        (
            "계획서.docx",
            HWPX,
            "파일 이름의 확장자(.docx)가 실제 파일 형식(HWPX)과 맞지 않습니다. "
            "HWPX 파일이면 이름 끝을 .hwpx 확장자로 바꿔서 다시 올려 주세요.",
        ),
        (
            "예산.docx",
            XLSX,
            "파일 이름의 확장자(.docx)가 실제 파일 형식(XLSX)과 맞지 않습니다. "
            "XLSX 파일이면 이름 끝을 .xlsx 확장자로 바꿔서 다시 올려 주세요.",
        ),
        (
            "확장자없음",
            PDF,
            "파일 이름의 확장자(없음)가 실제 파일 형식(PDF)과 맞지 않습니다. "
            "PDF 파일이면 이름 끝을 .pdf 확장자로 바꿔서 다시 올려 주세요.",
        ),
    ],
)
def test_renamed_files_are_refused_with_a_way_to_fix_them(name, content, message):
    assert error_of(validate_upload, upload(name, content)) == ("extension_mismatch", message)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("신청서.pdf", EXE),  # a program renamed .pdf
        ("계획서.hwp", EXE),
        ("문서.doc", WORD_97),  # Word 97: OLE2 but not a Hangul file
        ("문서.pdf", WORD_97),
        ("압축.docx", zip_bytes({"readme.txt": "hello"})),  # a plain ZIP
        ("가짜.docx", zip_bytes({"word/document.xml": "<w:document/>"})),  # no [Content_Types].xml
        ("글.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"})),
        ("메모.txt", b"just some text"),
        ("사진.gif", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_other_kinds_of_file_are_refused(name, content):
    assert error_of(validate_upload, upload(name, content)) == (
        "unsupported_type",
        "PDF, HWP, HWPX, DOCX, XLSX, JPG, PNG 형식의 파일만 올릴 수 있습니다.",
    )


def test_a_docx_renamed_zip_is_told_to_use_docx():
    assert error_of(validate_upload, upload("압축.zip", DOCX)) == (
        "extension_mismatch",
        "파일 이름의 확장자(.zip)가 실제 파일 형식(DOCX)과 맞지 않습니다. "
        "DOCX 파일이면 이름 끝을 .docx 확장자로 바꿔서 다시 올려 주세요.",
    )


def test_a_damaged_zip_is_refused():
    damaged = b"PK\x03\x04" + b"\x00" * 100
    assert error_of(validate_upload, upload("계획서.docx", damaged)) == (
        "corrupt",
        "파일이 손상되어 열 수 없습니다. 파일을 다시 저장한 뒤 올려 주세요.",
    )


def test_files_over_10mb_are_refused_and_the_size_is_shown():
    just_over = PDF + b"\x00" * (10 * MB + 1 - len(PDF))
    assert error_of(validate_upload, upload("큰파일.pdf", just_over)) == (
        "too_large",
        # rounded up, so a file just over the limit does not read "10.0MB"
        "파일 크기는 10MB 이하여야 합니다. (지금 파일: 10.1MB)",
    )
    bigger = PDF + b"\x00" * (int(12.3 * MB) - len(PDF))
    assert error_of(validate_upload, upload("큰파일.pdf", bigger))[1] == (
        "파일 크기는 10MB 이하여야 합니다. (지금 파일: 12.3MB)"
    )


def test_a_file_of_exactly_10mb_is_accepted():
    exactly = upload_samples.pdf_of_size(10 * MB)
    assert validate_upload(upload("딱10MB.pdf", exactly)) == "PDF"


def test_an_empty_file_is_refused():
    assert error_of(validate_upload, upload("빈파일.pdf", b""))[0] == "empty"


# ---------------------------------------------------------------------------
# Form fields
# ---------------------------------------------------------------------------


class RequestForm(forms.Form):
    phone = KoreanPhoneField(label="연락처")
    business_number = BusinessRegistrationNumberField(label="사업자등록번호", required=False)
    document = AttachmentField(label="신청서", required=False)
    attachments = MultipleAttachmentField(label="첨부파일", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def files(**named):
    return MultiValueDict({name: v if isinstance(v, list) else [v] for name, v in named.items()})


def test_the_form_gives_back_tidy_values_for_the_check_answers_page():
    form = RequestForm(
        data={"phone": "+82 10 1234 5678", "business_number": "1248100998"},
        files=files(document=upload("신청서.pdf", PDF)),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "010-1234-5678"
    assert form.cleaned_data["business_number"] == "124-81-00998"
    assert form.cleaned_data["document"].detected_type == "PDF"
    assert form.cleaned_data["attachments"] == []


def test_the_form_shows_korean_messages():
    form = RequestForm(data={"phone": "", "business_number": "124-81-00997"})
    assert not form.is_valid()
    assert form.errors["phone"] == ["전화번호를 입력해 주세요."]
    assert form.errors["business_number"] == [
        "올바른 사업자등록번호가 아닙니다. 사업자등록증에 적힌 번호를 확인해 주세요."
    ]

    form = RequestForm(data={"phone": "010-12"})
    assert form.errors["phone"] == [
        "전화번호가 너무 짧습니다. 지역번호를 포함해 02-1234-5678 처럼 입력해 주세요."
    ]


def test_a_required_attachment_asks_for_a_file_in_korean():
    class Form(forms.Form):
        document = AttachmentField(label="신청서")
        attachments = MultipleAttachmentField(label="첨부파일")

    form = Form(data={}, files=files(document=upload("빈파일.pdf", b"")))
    assert form.errors["document"] == ["선택한 파일이 비어 있습니다. 내용이 있는 파일을 선택해 주세요."]
    assert form.errors["attachments"] == ["첨부할 파일을 선택해 주세요."]


def test_up_to_three_attachments_are_accepted_and_each_is_checked():
    chosen = [upload("신청서.pdf", PDF), upload("사진.jpg", image_bytes("JPEG")), upload("계획서.hwpx", HWPX)]
    form = RequestForm(data={"phone": "02-2038-8670"}, files=files(attachments=chosen))
    assert form.is_valid(), form.errors
    assert [f.detected_type for f in form.cleaned_data["attachments"]] == ["PDF", "JPG", "HWPX"]


def test_a_fourth_attachment_is_refused():
    chosen = [upload(f"신청서{n}.pdf", PDF) for n in range(4)]
    form = RequestForm(data={"phone": "02-2038-8670"}, files=files(attachments=chosen))
    assert form.errors["attachments"] == ["첨부파일은 3개까지 올릴 수 있습니다."]


def test_every_bad_attachment_is_named_in_its_message():
    chosen = [upload("신청서.pdf", PDF), upload("사진.png", PDF), upload("프로그램.pdf", EXE)]
    form = RequestForm(data={"phone": "02-2038-8670"}, files=files(attachments=chosen))
    assert form.errors["attachments"] == [
        "사진.png: 파일 이름의 확장자(.png)가 실제 파일 형식(PDF)과 맞지 않습니다. "
        "PDF 파일이면 이름 끝을 .pdf 확장자로 바꿔서 다시 올려 주세요.",
        "프로그램.pdf: PDF, HWP, HWPX, DOCX, XLSX, JPG, PNG 형식의 파일만 올릴 수 있습니다.",
    ]


def render(form):
    template = Template("{% load crispy_forms_tags %}{% crispy form %}")
    return BeautifulSoup(template.render(Context({"form": form})), "html.parser")


def test_the_fields_render_with_the_right_input_attributes():
    html = render(RequestForm())

    phone = html.find("input", attrs={"name": "phone"})
    assert phone["type"] == "tel"
    assert phone["inputmode"] == "tel"
    assert phone["autocomplete"] == "tel"
    assert phone["class"] == ["krds-input", "agency-width-20"]
    assert html.find("label", attrs={"for": phone["id"]}).get_text(strip=True) == "연락처"

    number = html.find("input", attrs={"name": "business_number"})
    assert number["inputmode"] == "numeric"
    assert number["class"] == ["krds-input", "agency-width-20"]

    document = html.find("input", attrs={"name": "document"})
    assert document["type"] == "file"
    assert "multiple" not in document.attrs
    assert document["accept"] == ".pdf,.hwp,.hwpx,.docx,.xlsx,.jpg,.jpeg,.png"
    assert "krds-input" in document["class"]

    attachments = html.find("input", attrs={"name": "attachments"})
    assert attachments["type"] == "file"
    assert "multiple" in attachments.attrs
    assert attachments["accept"] == document["accept"]
    assert "krds-input" in attachments["class"]


def test_a_wrong_phone_number_is_shown_as_an_error_on_the_field():
    html = render(RequestForm(data={"phone": "010-CALL-ME12"}))
    phone = html.find("input", attrs={"name": "phone"})
    assert phone["aria-invalid"] == "true"
    assert "is-error" in phone.find_parent(class_="form-conts")["class"]
    assert phone["value"] == "010-CALL-ME12"  # what they typed is kept
    error = html.find(id=phone["aria-describedby"].split()[-1])
    assert error["class"] == ["form-hint-invalid"]
    assert "전화번호는 숫자로만 010-1234-5678 처럼 입력해 주세요." in error.get_text()
