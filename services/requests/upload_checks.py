"""Checks for files attached to a service request (민간기관 상담·컨설팅 신청).

`validate_upload(file)` returns the file's type ("PDF", "HWP", "JPG" …) or
raises `ValidationError` with a `code` and a Korean message that says what
to do. In order:

1. Size: not empty, at most 10MB.
2. Type from the content (first bytes; for ZIP documents the parts inside;
   for OLE2 the HWP signature), never from the browser; the name's extension
   must agree.
3. Nothing of another format mixed in (polyglots): no web-page markup
   (`<script`, `<html` anywhere; also `<svg`, `<body`, `<iframe` … in the
   first and last 4 KB, where browsers and other programs look), no ZIP
   archive readable inside a non-ZIP file, no "%PDF-" inside a non-PDF.
4. The format's own rules (services.requests.upload_documents for documents):
   PDF without scripts, actions, embedded files, XFA or encryption; HWP with
   its own signature and no scripts or protection; DOCX/XLSX/HWPX without
   macros, ActiveX, external links, nested archives, or a size that explodes
   when unpacked; JPEG/PNG fully decoded, at most 64 megapixels, and nothing
   after the image's end.

The file position is back at the start afterwards.
"""

from __future__ import annotations

import io
import os
import re
import zipfile

from django.core.exceptions import ValidationError
from PIL import Image

from services.requests import upload_documents
from services.requests.upload_documents import Refused

MB = 1024 * 1024
MAX_UPLOAD_SIZE = 10 * MB
MAX_ATTACHMENTS = 3
# Decoding a 64-megapixel photo takes ~200MB of memory for a moment; phone
# cameras write up to 50.
MAX_IMAGE_PIXELS = 64_000_000

# Detected type → the file name endings that may carry it.
ALLOWED_EXTENSIONS = {
    "PDF": (".pdf",),
    "HWP": (".hwp",),
    "HWPX": (".hwpx",),
    "DOCX": (".docx",),
    "XLSX": (".xlsx",),
    "JPG": (".jpg", ".jpeg"),
    "PNG": (".png",),
}
ALLOWED_TYPES_TEXT = "PDF, HWP, HWPX, DOCX, XLSX, JPG, PNG"
ACCEPT_ATTRIBUTE = ",".join(ext for exts in ALLOWED_EXTENSIONS.values() for ext in exts)

_AS_PDF = "PDF로 저장해 올려 주세요"
UPLOAD_MESSAGES = {
    "required": "첨부할 파일을 선택해 주세요.",
    "empty": "선택한 파일이 비어 있습니다. 내용이 있는 파일을 선택해 주세요.",
    "too_large": "파일 크기는 10MB 이하여야 합니다. (지금 파일: %(size)sMB)",
    "unsupported_type": f"{ALLOWED_TYPES_TEXT} 형식의 파일만 올릴 수 있습니다.",
    "extension_mismatch": (
        "파일 이름의 확장자(%(extension)s)가 실제 파일 형식(%(kind)s)과 맞지 않습니다. "
        "%(kind)s 파일이면 이름 끝을 %(expected)s 확장자로 바꿔서 다시 올려 주세요."
    ),
    "corrupt": "파일이 손상되어 열 수 없습니다. 파일을 다시 저장한 뒤 올려 주세요.",
    "too_many_files": "첨부파일은 %(max_files)s개까지 올릴 수 있습니다.",
    "pdf_script": (
        "자동 실행 기능(스크립트)이 들어 있는 PDF는 받을 수 없습니다. "
        "스크립트 없이 다시 저장하거나 인쇄용 PDF로 저장해 올려 주세요."
    ),
    "pdf_xfa": (
        "XFA 양식(움직이는 입력 양식)으로 만든 PDF는 받을 수 없습니다. "
        "양식을 채운 뒤 인쇄 기능으로 PDF를 다시 만들어(인쇄용 PDF) 올려 주세요."
    ),
    "embedded_file": (
        "안에 다른 파일이 넣어져 있는 문서는 받을 수 없습니다. "
        "넣어 둔 파일을 빼고 다시 저장한 뒤, 그 파일은 따로 첨부해 주세요."
    ),
    "encrypted": (
        "암호가 걸려 있거나 배포용·보안 문서로 잠긴 파일은 열어 볼 수 없어 받을 수 없습니다. "
        "암호나 잠금을 풀고 다시 저장해 올려 주세요."
    ),
    "macro": (
        "매크로나 스크립트가 포함된 문서는 받을 수 없습니다. "
        f"매크로 없는 형식(.docx, .xlsx, .hwp)으로 다시 저장하거나 {_AS_PDF}."
    ),
    "activex": (
        f"ActiveX 컨트롤이 들어 있는 문서는 받을 수 없습니다. 컨트롤을 지우고 다시 저장하거나 {_AS_PDF}."
    ),
    "external": (
        "열 때 다른 곳에서 서식이나 내용을 불러오는 문서(외부 서식 파일, 연결된 그림·개체)는 "
        "받을 수 없습니다. "
        f"연결을 끊고 문서 안에 포함해 다시 저장하거나 {_AS_PDF}."
    ),
    "zip_bomb": (
        "압축을 풀면 지나치게 커지는 파일은 받을 수 없습니다. "
        f"원래 프로그램에서 문서를 다시 저장하거나 {_AS_PDF}."
    ),
    "too_many_parts": (
        f"문서 안에 든 항목이 너무 많습니다 (%(count)s개). 문서를 나누어 저장하거나 {_AS_PDF}."
    ),
    "nested_archive": (
        "압축 파일이 안에 들어 있는 문서는 받을 수 없습니다. 압축 파일을 빼고 다시 저장해 올려 주세요."
    ),
    "not_hwp": (
        "한글(HWP) 문서가 아닙니다. 다른 프로그램의 파일(예: 워드 97 .doc)의 이름만 .hwp로 바꾼 것일 수 "
        "있습니다. "
        f"원래 프로그램에서 DOCX로 저장하거나 {_AS_PDF}."
    ),
    "polyglot": (
        "파일 안에 웹 페이지나 압축 파일 같은 다른 형식의 내용이 섞여 있어 받을 수 없습니다. "
        "원래 프로그램에서 파일을 다시 저장해 올려 주세요."
    ),
    "trailing_data": (
        "사진 파일 끝에 사진이 아닌 내용이 붙어 있습니다. "
        "사진 편집 앱에서 다시 저장하거나 화면을 캡처해 올려 주세요."
    ),
    "image_too_large": (
        "사진의 해상도가 너무 큽니다 (%(megapixels)s백만 화소). "
        "6,400만 화소 이하로 줄여서 올려 주세요."
    ),
}

# The first bytes ("magic numbers") of each format.
_PDF = b"%PDF-"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5, but also old .doc/.xls
_ZIP = b"PK\x03\x04"  # HWPX, DOCX, XLSX

# Web-page markup: anywhere (tags long enough never to occur by chance in
# compressed or image data), and at the edges, where content sniffers look
# (shorter ones too). A tag name must end as tags do (space, ">" or "/").
_EDGE = 4096
_MARKUP_ANYWHERE = re.compile(rb"<(?:script|html)[\s/>]|<!doctype\s+html", re.IGNORECASE)
_MARKUP_AT_EDGES = re.compile(
    rb"<(?:svg|body|iframe|object|embed|frameset|meta)[\s/>]|<!doctype[\s>]", re.IGNORECASE,
)
# Padding some programs leave after an image's end marker.
_PADDING = re.compile(rb"[\x00\xff\r\n \t]{0,16}")


def _size_in_mb(size: int) -> str:
    """Size in MB with one decimal, rounded up so 10MB + 1 byte shows "10.1"."""
    tenths = -(-size * 10 // MB)  # ceiling division
    return f"{tenths // 10}.{tenths % 10}"


def _error(code: str, **params) -> ValidationError:
    return ValidationError(UPLOAD_MESSAGES[code], code=code, params=params or None)


def _zip_document_type(data: bytes) -> str | None:
    """Which office document a ZIP file is, from the parts inside it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        # HWPX (KS X 6101, OWPML): a `mimetype` entry saying
        # "application/hwp+zip" (the first entry, stored uncompressed) and the
        # package description Contents/content.hpf. Either one is enough.
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= 64:
                with archive.open(info) as entry:
                    if entry.read(64).strip().startswith(b"application/hwp+zip"):
                        return "HWPX"
        if "Contents/content.hpf" in names:
            return "HWPX"
        # Office Open XML: [Content_Types].xml plus the main document part.
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "DOCX"
            if "xl/workbook.xml" in names:
                return "XLSX"
    return None


def _detect_type(data: bytes, extension: str) -> str | None:
    """The allowed type the file's content shows, or None."""
    if data.startswith(_PDF):
        return "PDF"
    if data.startswith(_PNG):
        return "PNG"
    if data.startswith(_JPEG):
        return "JPG"
    if data.startswith(_OLE2):
        kind = upload_documents.ole_kind(data)
        if kind == "HWP":
            return "HWP"
        if kind == "ENCRYPTED_OFFICE" and extension in (".docx", ".xlsx"):
            raise Refused("encrypted")
        # An OLE2 file named like a Hangul document that is not one (Word 97 .doc …).
        if extension in (".hwp", ".hwpx"):
            raise Refused("not_hwp")
        return None
    if data.startswith(_ZIP):
        try:
            return _zip_document_type(data)
        except upload_documents.ZIP_ERRORS as error:
            raise Refused("corrupt") from error
    return None


# ---------------------------------------------------------------------------
# Another format mixed in
# ---------------------------------------------------------------------------

def _hides_zip(data: bytes) -> bool:
    """A ZIP archive that unzip tools would open (its end record near the end)."""
    if b"PK\x05\x06" not in data[-65_557:]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.infolist())
    except upload_documents.ZIP_ERRORS:
        return False


def _check_mixed_formats(data: bytes, kind: str) -> None:
    edges = data[:_EDGE] + b"\n" + data[-_EDGE:]
    if _MARKUP_ANYWHERE.search(data) or _MARKUP_AT_EDGES.search(edges):
        raise Refused("polyglot")
    if kind not in ("DOCX", "XLSX", "HWPX") and _hides_zip(data):
        raise Refused("polyglot")
    # PDF readers accept the header anywhere in the first 1024 bytes.
    if kind != "PDF" and _PDF in data[:1024]:
        raise Refused("polyglot")


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------

def _jpeg_end(data: bytes, start: int) -> int:
    """Where the JPEG starting at `start` ends (just after its EOI marker),
    following its segments and the entropy-coded data after each SOS."""
    position = start + 2  # after SOI
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise Refused("corrupt")
        while position < len(data) and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= len(data):
            raise Refused("corrupt")
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if position + 2 > len(data):
            raise Refused("corrupt")
        length = int.from_bytes(data[position:position + 2], "big")
        if length < 2:
            raise Refused("corrupt")
        position += length
        if marker == 0xDA:  # SOS: scan data up to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= len(data):
                    raise Refused("corrupt")
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1
                    continue
                break


def _jpeg_trailer(data: bytes) -> bytes:
    """What follows the image. Phones add further whole JPEGs after the first
    (HDR gain maps, depth maps, listed in its MPF segment): those are allowed."""
    end = _jpeg_end(data, 0)
    for _image in range(8):
        if not data.startswith(_JPEG, end):
            break
        end = _jpeg_end(data, end)
    return data[end:]


def _png_trailer(data: bytes) -> bytes:
    position = len(_PNG)
    while True:
        if position + 12 > len(data):
            raise Refused("corrupt")
        length = int.from_bytes(data[position:position + 4], "big")
        chunk_type = data[position + 4:position + 8]
        position += 12 + length
        if position > len(data):
            raise Refused("corrupt")
        if chunk_type == b"IEND":
            return data[position:]


def _check_image(data: bytes, kind: str) -> None:
    trailer = _jpeg_trailer(data) if kind == "JPG" else _png_trailer(data)
    if not _PADDING.fullmatch(trailer):
        raise Refused("trailing_data")
    formats = ("JPEG", "MPO") if kind == "JPG" else ("PNG",)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                raise Refused("corrupt")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Refused("image_too_large", megapixels=f"{width * height / 1_000_000:,.0f}")
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # every pixel decoded
    except Refused:
        raise
    except Exception as error:  # hostile input: any decoder failure means "corrupt"
        raise Refused("corrupt") from error


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------

def _check_content(data: bytes, kind: str) -> None:
    _check_mixed_formats(data, kind)
    if kind == "PDF":
        upload_documents.check_pdf(data)
    elif kind == "HWP":
        upload_documents.check_hwp(data)
    elif kind in ("DOCX", "XLSX", "HWPX"):
        upload_documents.check_zip(data, kind)
    else:
        _check_image(data, kind)


def validate_upload(file) -> str:
    """Check an uploaded attachment and return its type: "PDF", "HWPX", "JPG" …"""
    size = file.size
    if not size:
        raise _error("empty")
    if size > MAX_UPLOAD_SIZE:
        raise _error("too_large", size=_size_in_mb(size))

    extension = os.path.splitext(file.name or "")[1].lower()
    file.seek(0)
    try:
        data = file.read(MAX_UPLOAD_SIZE + 1)
    finally:
        file.seek(0)
    try:
        kind = _detect_type(data, extension)
        if kind is None:
            raise _error("unsupported_type")
        expected = ALLOWED_EXTENSIONS[kind]
        if extension not in expected:
            raise _error("extension_mismatch", extension=extension or "없음", kind=kind, expected=expected[0])
        _check_content(data, kind)
    except Refused as refusal:
        raise _error(refusal.code, **refusal.params) from None
    return kind
