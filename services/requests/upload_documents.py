"""What is inside an uploaded document: PDF, HWP (OLE2) and the ZIP-based
formats (DOCX, XLSX, HWPX). Used by services.requests.upload_checks.

Each check receives the whole file as bytes (at most 10MB) and raises
`Refused(code)` when the file carries something that could act on the
computer of the staff member who opens it: scripts, macros, ActiveX, files
hidden inside, links that fetch content from elsewhere when the document is
opened, or an archive that would expand far beyond its size. The codes are
keys of services.requests.upload_checks.UPLOAD_MESSAGES.

The parsers are well-kept libraries (pypdf, olefile, zipfile, defusedxml);
they are fed hostile input, so any failure of theirs means "corrupt", never
a server error.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

import olefile
from defusedxml import ElementTree

MB = 1024 * 1024

# ZIP-based documents, judged from the central directory before anything is
# read. A 10MB DOCX of photos holds ~10MB; a 10MB XLSX of plain cells about
# 150MB (XML compresses 10-20 times, ~200 at most); a zip bomb 1000 times.
MAX_ZIP_ENTRIES = 3000
MAX_ZIP_UNCOMPRESSED = 256 * MB
MAX_ZIP_RATIO = 200
ZIP_RATIO_FLOOR = 1 * MB  # smaller entries may compress any amount
# Objects the PDF walk visits at most (the raw scan still reads every object).
PDF_WALK_BUDGET = 20_000


class Refused(Exception):
    """The file is refused; `code` says why (a key of UPLOAD_MESSAGES)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

# Names that make a PDF act when opened or clicked (scripts, launching programs,
# dynamic XFA forms, Flash/3D media) or that carry other files inside it. Found
# as dictionary keys or as the value of /S (action), /Type or /Subtype.
_PDF_ACTIVE = {
    "/JS", "/JavaScript", "/AA", "/Launch", "/ImportData", "/RichMedia", "/RichMediaExecute",
    "/RichMediaContent", "/RichMediaSettings",
}
_PDF_EMBEDDED = {"/EmbeddedFile", "/EmbeddedFiles", "/FileAttachment", "/GoToE"}
_PDF_XFA = {"/XFA"}
_PDF_REFUSED_NAMES = _PDF_ACTIVE | _PDF_EMBEDDED | _PDF_XFA
# What the catalog may open with: a destination (page and zoom), nothing else.
_PLAIN_OPEN_ACTIONS = {"/GoTo"}
# Parts of a page or the catalog that hold drawing, fonts and structure, not
# actions: skipped by the walk, which then stays small for long documents.
_PDF_SKIPPED_KEYS = {
    "/Parent", "/Resources", "/Contents", "/Font", "/XObject", "/ColorSpace", "/ExtGState", "/Pattern",
    "/Shading", "/Metadata", "/Thumb", "/StructTreeRoot", "/StructParent", "/P", "/ParentTree",
}
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_FIRST_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
# Name tokens (PDF 7.3.5), and stream data that is skipped by the raw scan.
_PDF_NAME = re.compile(rb"/[^\x00\t\n\f\r ()<>\[\]{}/%]+")
_PDF_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def _starts_like_pdf(data: bytes) -> bool:
    """The header, then only comment lines, then the first object (`1 0 obj`):
    so no page, image or XML hides behind a "%PDF-" line."""
    header = _PDF_HEADER.match(data)
    if not header:
        return False
    lines = re.split(rb"\r\n|\r|\n", data[header.end():2048])
    if lines[0].strip(b" \t\x00\x0c") and not lines[0].lstrip().startswith(b"%"):
        return False
    for line in lines[1:]:
        line = line.strip(b" \t\x00\x0c")
        if line and not line.startswith(b"%"):
            return _PDF_FIRST_OBJECT.match(line) is not None
    return False


def _pdf_refusal(name: str) -> Refused:
    if name in _PDF_EMBEDDED:
        return Refused("embedded_file")
    if name in _PDF_XFA:
        return Refused("pdf_xfa")
    return Refused("pdf_script")


def _scan_pdf_names(text: bytes) -> None:
    """Every name token in `text` (with #xx escapes decoded, as readers do)."""
    for match in _PDF_NAME.finditer(text):
        token = match.group()
        if b"#" in token:
            token = _PDF_HEX.sub(lambda hex_digits: bytes([int(hex_digits.group(1), 16)]), token)
        name = token.decode("latin-1")
        if name in _PDF_REFUSED_NAMES:
            raise _pdf_refusal(name)


def _scan_pdf_text(data: bytes) -> None:
    """A raw scan of the file outside stream data: catches objects the reader
    did not reach (left over by edits, or hidden from one parser but found by
    another when a viewer repairs the file)."""
    position = 0
    while True:
        found = _PDF_STREAM.search(data, position)
        end = found.start() if found else len(data)
        _scan_pdf_names(data[position:end])
        if not found:
            return
        closing = data.find(b"endstream", found.end())
        if closing < 0:
            return
        position = closing + len(b"endstream")


def _walk_pdf(reader) -> None:
    """Follow the catalog (names tree, outlines, pages with their /AA and
    annotations, /AcroForm) and refuse what acts or hides files."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    root = reader.trailer["/Root"].get_object()
    opens_with = root.get("/OpenAction")
    if opens_with is not None:
        opens_with = opens_with.get_object()
        if isinstance(opens_with, DictionaryObject) and opens_with.get("/S") not in _PLAIN_OPEN_ACTIONS:
            raise Refused("pdf_script")
    seen, budget, pending = set(), PDF_WALK_BUDGET, [root]
    while pending and budget:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            budget -= 1
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in _PDF_REFUSED_NAMES:
                    raise _pdf_refusal(key)
                named = key in ("/S", "/Type", "/Subtype") and isinstance(value, NameObject)
                if named and value in _PDF_REFUSED_NAMES:
                    raise _pdf_refusal(str(value))
                if key not in _PDF_SKIPPED_KEYS:
                    pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    if not _starts_like_pdf(data):
        raise Refused("corrupt")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("encrypted")
        if len(reader.pages) < 1:
            raise Refused("corrupt")
        _walk_pdf(reader)
        # Objects packed into compressed object streams (PDF 1.5+), unpacked.
        for number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
            _scan_pdf_names(reader.get_object(number).get_data())
    except Refused:
        raise
    except Exception as error:  # hostile input: any parser failure means "corrupt"
        raise Refused("corrupt") from error
    _scan_pdf_text(data)


# ---------------------------------------------------------------------------
# HWP 5 (OLE2 compound file)
# ---------------------------------------------------------------------------

HWP_SIGNATURE = b"HWP Document File"
# FileHeader properties (HWP 5.0 file format, 한글과컴퓨터): bit 1 password,
# bit 2 distribution document (배포용: the body is encrypted), bit 3 scripts
# saved, bit 4 DRM, bit 8 certificate encryption, bit 10 certificate DRM.
_HWP_LOCKED = (1 << 1) | (1 << 2) | (1 << 4) | (1 << 8) | (1 << 10)
_HWP_SCRIPTS = 1 << 3


def _open_ole(data: bytes):
    # Always a file object: olefile takes short `bytes` for a file *name*.
    return olefile.OleFileIO(io.BytesIO(data))


def ole_kind(data: bytes) -> str | None:
    """What an OLE2 file is: "HWP" (HWP 5's own signature in FileHeader),
    "ENCRYPTED_OFFICE" (a password-protected DOCX/XLSX: Office keeps those
    in an OLE2 container), or None (Word 97, Excel 97 …)."""
    try:
        with _open_ole(data) as ole:
            if ole.exists("FileHeader"):
                with ole.openstream("FileHeader") as stream:
                    if stream.read(32).startswith(HWP_SIGNATURE):
                        return "HWP"
            if ole.exists("EncryptedPackage"):
                return "ENCRYPTED_OFFICE"
    except Exception as error:  # hostile input: any parser failure means "corrupt"
        raise Refused("corrupt") from error
    return None


def check_hwp(data: bytes) -> None:
    try:
        with _open_ole(data) as ole:
            with ole.openstream("FileHeader") as stream:
                header = stream.read(256)
            streams = ["/".join(path).lower() for path in ole.listdir(streams=True, storages=True)]
    except Exception as error:  # hostile input: any parser failure means "corrupt"
        raise Refused("corrupt") from error
    if len(header) < 40:
        raise Refused("corrupt")
    (properties,) = struct.unpack_from("<I", header, 36)
    if properties & _HWP_LOCKED:
        raise Refused("encrypted")
    # The Scripts storage holds the document's JScript (DefaultJScript, JScriptVersion).
    if properties & _HWP_SCRIPTS or any(name == "scripts" or name.startswith("scripts/") for name in streams):
        raise Refused("macro")


def _check_embedded_ole(data: bytes) -> None:
    """An OLE object inside an Office document (word/embeddings/oleObject1.bin)."""
    try:
        with _open_ole(data) as ole:
            names = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
    except Exception as error:  # hostile input: any parser failure means "corrupt"
        raise Refused("corrupt") from error
    # "Package" objects wrap any file (often a program shown as an icon).
    if "\x01ole10native" in names:
        raise Refused("embedded_file")
    if any(name.split("/")[0] in ("macros", "_vba_project_cur", "vba") for name in names):
        raise Refused("macro")


# ---------------------------------------------------------------------------
# ZIP-based: DOCX, XLSX (Office Open XML) and HWPX (OWPML)
# ---------------------------------------------------------------------------

ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError,
               RuntimeError, ValueError, struct.error)
_ARCHIVE_ENDINGS = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".tar", ".alz",
                    ".egg", ".iso")
_MACRO_ENDINGS = (".docm", ".xlsm", ".pptm", ".dotm", ".xltm", ".xlam", ".potm", ".ppam")
# Office documents embedded in another (a chart's data is an .xlsx inside the
# .docx): checked by the same rules, one level deep.
_EMBEDDED_PACKAGE = re.compile(r"(?:^|/)embeddings/[^/]+\.(?:docx|xlsx|pptx)$")
_MACRO_PARTS = re.compile(r"(?:^|/)(?:vbaproject\.bin|vbadata\.xml)$|^xl/(?:macrosheets|dialogsheets)/")
_MACRO_TYPES = ("macroenabled", "vbaproject", "ms-excel.macrosheet", "ms-excel.intlmacrosheet",
                "ms-word.vbadata", "ms-excel.dialogsheet")
_HYPERLINK = "/relationships/hyperlink"
_XML_READ_LIMIT = 4 * 1024 * 1024  # content types and relationships are a few kB
_MAX_EMBEDDED_PACKAGE = 12 * 1024 * 1024


def _read_small(archive, info) -> bytes:
    if info.file_size > _XML_READ_LIMIT:
        raise Refused("zip_bomb")
    with archive.open(info) as entry:
        return entry.read(_XML_READ_LIMIT + 1)


def _xml(archive, info):
    try:
        return ElementTree.fromstring(_read_small(archive, info))
    except Refused:
        raise
    except Exception as error:  # malformed XML, or a DTD/entity trick defusedxml refuses
        raise Refused("corrupt") from error


def _check_directory(infos) -> None:
    """From the central directory alone, before anything is read."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise Refused("too_many_parts", count=len(infos))
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED:
        raise Refused("zip_bomb")
    for info in infos:
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise Refused("zip_bomb")
        if info.flag_bits & 0x1:
            raise Refused("encrypted")


def _check_parts(archive, infos, kind: str | None, depth: int) -> None:
    for info in infos:
        name = info.filename.replace("\\", "/").lower()
        if _MACRO_PARTS.search(name):
            raise Refused("macro")
        if "activex/" in name:
            raise Refused("activex")
        if kind == "HWPX" and name.startswith("scripts/"):
            raise Refused("macro")
        if name.endswith(_MACRO_ENDINGS):
            raise Refused("macro")
        if name.endswith(_ARCHIVE_ENDINGS):
            raise Refused("nested_archive")
        if info.is_dir() or name.endswith((".xml", ".rels")) or not info.file_size:
            continue
        with archive.open(info) as entry:
            head = entry.read(8)
        if head.startswith(b"PK\x03\x04"):
            if depth or not _EMBEDDED_PACKAGE.search(name) or info.file_size > _MAX_EMBEDDED_PACKAGE:
                raise Refused("nested_archive")
            with archive.open(info) as entry:
                check_zip(entry.read(_MAX_EMBEDDED_PACKAGE + 1), None, depth=depth + 1)
        elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            with archive.open(info) as entry:
                _check_embedded_ole(entry.read(_MAX_EMBEDDED_PACKAGE))


def _check_content_types(archive, names) -> None:
    info = names.get("[content_types].xml")
    if info is None:
        return
    for element in _xml(archive, info).iter():
        content_type = element.get("ContentType", "").lower()
        if any(marker in content_type for marker in _MACRO_TYPES):
            raise Refused("macro")
        if "activex" in content_type:
            raise Refused("activex")


def _check_relationships(archive, infos) -> None:
    """Links the document follows by itself when opened (a template, a frame,
    an OLE object or a picture on another server) are refused; hyperlinks,
    which need a click, are fine."""
    for info in infos:
        if not info.filename.lower().endswith(".rels"):
            continue
        for element in _xml(archive, info).iter():
            if not element.tag.endswith("Relationship"):
                continue
            external = element.get("TargetMode", "").lower() == "external"
            if external and not element.get("Type", "").lower().endswith(_HYPERLINK):
                raise Refused("external")


def check_zip(data: bytes, kind: str | None, depth: int = 0) -> None:
    """A DOCX, XLSX or HWPX (`kind`; None for a document embedded in one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos)
            names = {info.filename.lower(): info for info in infos}
            _check_content_types(archive, names)
            _check_parts(archive, infos, kind, depth)
            _check_relationships(archive, infos)
    except Refused:
        raise
    except ZIP_ERRORS as error:
        raise Refused("corrupt") from error
    if not depth:
        _check_zip_ends(data)


def _check_zip_ends(data: bytes) -> None:
    """Nothing after the archive's end record (and its comment): another file
    appended there (a PDF, a page) would be read by other programs."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise Refused("corrupt")
    (comment_length,) = struct.unpack_from("<H", data, end + 20)
    if end + 22 + comment_length != len(data):
        raise Refused("polyglot")
