"""What is inside an attachment (services.requests.upload_checks): each refused file
is a real small file built here, and so is each ordinary file that must
still pass. No database is needed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject, TextStringObject

from services.requests.upload_checks import UPLOAD_MESSAGES, validate_upload
from tests import upload_samples as samples
from tests.upload_samples import action, name

MB = samples.MB


def refusal(file_name, content):
    """(code, message) of the refusal, or the detected type if accepted."""
    try:
        return validate_upload(SimpleUploadedFile(file_name, content))
    except ValidationError as error:
        assert error.messages == [error.messages[0]]
        return error.code, error.messages[0]


def refused_as(file_name, content, code):
    result = refusal(file_name, content)
    assert isinstance(result, tuple), f"{file_name} was accepted as {result}"
    assert result[0] == code, result
    if "%(" not in UPLOAD_MESSAGES[code]:
        assert result[1] == UPLOAD_MESSAGES[code]
    return result[1]


# ---------------------------------------------------------------------------
# Ordinary files still pass
# ---------------------------------------------------------------------------

def link_annotation(writer, target):
    annotation = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"),
        name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 30)]),
        name("/A"): target,
    })
    writer.pages[0][name("/Annots")] = ArrayObject([writer._add_object(annotation)])


def open_at_first_page(writer):
    # What LibreOffice writes: open at page 1, zoom 100 %.
    writer._root_object[name("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference, name("/Fit")])


def fillable_form(writer):
    field = DictionaryObject({
        name("/FT"): name("/Tx"), name("/T"): TextStringObject("기관명"),
        name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 200, 30)]),
        name("/Subtype"): name("/Widget"), name("/Type"): name("/Annot"),
    })
    reference = writer._add_object(field)
    writer.pages[0][name("/Annots")] = ArrayObject([reference])
    writer._root_object[name("/AcroForm")] = DictionaryObject({name("/Fields"): ArrayObject([reference])})


def go_to_first_page(writer):
    destination = ArrayObject([writer.pages[0].indirect_reference, name("/Fit")])
    writer._root_object[name("/OpenAction")] = action("/GoTo", D=destination)


# Phones append gain maps and depth maps as whole JPEGs after the first (MPF).
HDR_PHOTO = samples.image_bytes("JPEG", (40, 30)) + samples.image_bytes("JPEG", (20, 15))
CHART = {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": samples.xlsx()}


ORDINARY = [
    ("신청서.pdf", samples.pdf_bytes(), "PDF"),
    ("사업계획서.pdf", samples.pdf_bytes(samples.pdf_writer(pages=12)), "PDF"),
    ("링크.pdf", samples.pdf_with(lambda w: link_annotation(
        w, action("/URI", URI="https://www.example.kr/"))), "PDF"),
    ("첫쪽.pdf", samples.pdf_with(open_at_first_page), "PDF"),
    ("pdf15.pdf", samples.pdf_with_object_stream(b"<< /Producer (Word) >>"), "PDF"),
    ("이동.pdf", samples.pdf_with(go_to_first_page), "PDF"),
    ("양식.pdf", samples.pdf_with(fillable_form), "PDF"),
    ("조직도.png", samples.image_bytes("PNG", (40, 30)), "PNG"),
    ("여백.png", samples.image_bytes("PNG") + b"\x00" * 8, "PNG"),
    ("사진.jpg", samples.image_bytes("JPEG", (40, 30), quality=90), "JPG"),
    ("점진.jpeg", samples.image_bytes("JPEG", (64, 64), progressive=True), "JPG"),
    ("exif.jpg", samples.image_bytes("JPEG", exif=Image.Exif()), "JPG"),
    ("hdr.jpg", HDR_PHOTO, "JPG"),
    ("계획서.hwp", samples.hwp(), "HWP"),
    ("계획서.hwpx", samples.hwpx(), "HWPX"),
    ("계약서.docx", samples.docx(), "DOCX"),
    ("차트.docx", samples.docx(extra=CHART), "DOCX"),
    ("예산.xlsx", samples.xlsx(), "XLSX"),
]


@pytest.mark.parametrize(("file_name", "content", "kind"), ORDINARY, ids=[row[0] for row in ORDINARY])
def test_ordinary_files_pass(file_name, content, kind):
    assert refusal(file_name, content) == kind


def test_a_full_10mb_pdf_passes():
    assert refusal("보고서.pdf", samples.pdf_of_size(10 * MB)) == "PDF"


# ---------------------------------------------------------------------------
# PDF: scripts, actions, files inside, XFA, encryption
# ---------------------------------------------------------------------------

def on_open(act):
    return lambda writer: writer._root_object.__setitem__(name("/OpenAction"), act)


def names_tree(kind, entry):
    def edit(writer):
        leaves = ArrayObject([TextStringObject("a"), writer._add_object(entry)])
        tree = DictionaryObject({name("/Names"): leaves})
        writer._root_object[name("/Names")] = DictionaryObject({name(kind): writer._add_object(tree)})
    return edit


def page_aa(writer):
    writer.pages[0][name("/AA")] = DictionaryObject({name("/O"): action("/JavaScript", JS="app.alert(1)")})


def annotation(subtype, **extra):
    def edit(writer):
        values = {name("/Type"): name("/Annot"), name("/Subtype"): name(subtype),
                  name("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)])}
        values.update({name(f"/{key}"): value for key, value in extra.items()})
        writer.pages[0][name("/Annots")] = ArrayObject([writer._add_object(DictionaryObject(values))])
    return edit


def xfa_form(writer):
    template = writer._add_object(samples.StreamObject())
    writer._root_object[name("/AcroForm")] = DictionaryObject({
        name("/Fields"): ArrayObject(), name("/XFA"): ArrayObject([TextStringObject("template"), template]),
    })


def encrypted(writer):
    writer.encrypt("password", algorithm="RC4-128")


def unreachable_script(writer):
    # An object no page or catalog points to (left by an edit, found by repairing viewers).
    writer._add_object(action("/JavaScript", JS="app.launchURL('https://evil.example')"))


def obfuscated(data: bytes) -> bytes:
    # "/J#61vaScript" is "/JavaScript" to every PDF reader.
    return data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")


JAVASCRIPT = action("/JavaScript", JS="app.alert('열림')")
SCRIPT_OBJECT = b"<< /S /JavaScript /JS (app.alert(1)) >>"
SCRIPTED_PDFS = [
    ("OpenAction JavaScript", samples.pdf_with(on_open(JAVASCRIPT))),
    ("OpenAction Launch", samples.pdf_with(on_open(action("/Launch", F="cmd.exe")))),
    ("OpenAction URI", samples.pdf_with(on_open(action("/URI", URI="https://evil.example/")))),
    ("/Names /JavaScript", samples.pdf_with(names_tree("/JavaScript", JAVASCRIPT))),
    ("link with /JS", samples.pdf_with(lambda w: link_annotation(w, JAVASCRIPT))),
    ("link with /Launch", samples.pdf_with(lambda w: link_annotation(w, action("/Launch", F="calc.exe")))),
    ("page /AA", samples.pdf_with(page_aa)),
    ("/RichMedia", samples.pdf_with(annotation("/RichMedia"))),
    ("unreachable /JS", samples.pdf_with(unreachable_script)),
    ("#-escaped names", obfuscated(samples.pdf_with(on_open(JAVASCRIPT)))),
    # Packed in a compressed object stream, where no byte of it shows in the file.
    ("object stream, opened", samples.pdf_with_object_stream(SCRIPT_OBJECT, open_action=4)),
    ("object stream, unreachable", samples.pdf_with_object_stream(SCRIPT_OBJECT)),
]


@pytest.mark.parametrize(("case", "content"), SCRIPTED_PDFS, ids=[row[0] for row in SCRIPTED_PDFS])
def test_pdfs_that_act_by_themselves_are_refused(case, content):
    message = refused_as("신청서.pdf", content, "pdf_script")
    assert message == (
        "자동 실행 기능(스크립트)이 들어 있는 PDF는 받을 수 없습니다. "
        "스크립트 없이 다시 저장하거나 인쇄용 PDF로 저장해 올려 주세요."
    )


def attachment(writer):
    writer.add_attachment("설치.exe", b"MZ\x90\x00")


EMBEDDING_PDFS = [
    ("/EmbeddedFiles", samples.pdf_with(attachment)),
    ("/FileAttachment annotation", samples.pdf_with(annotation("/FileAttachment"))),
    ("/EmbeddedFile stream", samples.pdf_with(lambda w: w._add_object(DictionaryObject({
        name("/Type"): name("/EmbeddedFile")})))),
]


@pytest.mark.parametrize(("case", "content"), EMBEDDING_PDFS, ids=[row[0] for row in EMBEDDING_PDFS])
def test_pdfs_carrying_other_files_are_refused(case, content):
    refused_as("신청서.pdf", content, "embedded_file")


def test_an_xfa_form_is_refused():
    refused_as("양식.pdf", samples.pdf_with(xfa_form), "pdf_xfa")


def test_an_encrypted_pdf_is_refused():
    refused_as("암호.pdf", samples.pdf_with(encrypted), "encrypted")


def test_markup_or_an_archive_inside_a_pdf_is_refused():
    plain = samples.pdf_bytes()
    binary_comment = b"%\xe2\xe3\xcf\xd3\n"
    with_page = plain.replace(binary_comment, binary_comment + b"%<html><script>alert(1)</script>\n")
    refused_as("a.pdf", with_page, "polyglot")
    middle = plain.replace(b"/Producer (pypdf)", b"/Producer (<script>alert(1)</script>)")
    refused_as("b.pdf", middle, "polyglot")
    refused_as("c.pdf", plain + samples.zip_bytes({"index.html": "<p>hi</p>"}), "polyglot")


def test_an_svg_or_xml_behind_a_pdf_header_is_refused():
    svg = b'%PDF-1.4\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n'
    refused_as("그림.pdf", svg + samples.pdf_bytes()[9:], "polyglot")
    xml = b'%PDF-1.7\n<?xml version="1.0"?><data>1</data>\n'
    refused_as("자료.pdf", xml + samples.pdf_bytes()[9:], "corrupt")


# ---------------------------------------------------------------------------
# Images: polyglots, data after the end, decompression bombs
# ---------------------------------------------------------------------------

def test_an_image_with_web_page_markup_inside_is_refused():
    refused_as("사진.jpg", samples.jpeg_with_comment(b"<html><script>alert(1)</script></html>"), "polyglot")
    refused_as("사진.jpg", samples.jpeg_with_comment(b"<svg onload=alert(1)>"), "polyglot")
    refused_as("사진.jpg", samples.jpeg_with_comment(b"%PDF-1.4 1 0 obj"), "polyglot")


def test_an_image_with_an_archive_appended_is_refused():
    archive = samples.zip_bytes({"evil.html": "<p>x</p>", "run.exe": "MZ"})
    refused_as("사진.jpg", samples.image_bytes("JPEG") + archive, "polyglot")
    refused_as("조직도.png", samples.image_bytes("PNG") + archive, "polyglot")


def test_anything_after_the_end_of_an_image_is_refused():
    message = refused_as("사진.jpg", samples.image_bytes("JPEG") + bytes(range(1, 65)), "trailing_data")
    assert message.startswith("사진 파일 끝에 사진이 아닌 내용이 붙어 있습니다.")
    refused_as("조직도.png", samples.image_bytes("PNG") + b"tail data " * 5, "trailing_data")


def test_a_truncated_image_is_refused():
    jpeg = samples.image_bytes("JPEG", (64, 64))
    refused_as("사진.jpg", jpeg[: len(jpeg) // 2], "corrupt")
    png = samples.image_bytes("PNG", (64, 64))
    refused_as("사진.png", png[:-20], "corrupt")


def test_an_image_too_large_to_decode_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 megapixels in ~10 kB
    assert len(buffer.getvalue()) < 100_000
    message = refused_as("큰사진.png", buffer.getvalue(), "image_too_large")
    assert message == "사진의 해상도가 너무 큽니다 (81백만 화소). 6,400만 화소 이하로 줄여서 올려 주세요."


# ---------------------------------------------------------------------------
# ZIP documents: bombs, macros, ActiveX, external links, nested archives
# ---------------------------------------------------------------------------

def test_a_docx_zip_bomb_is_refused_from_its_directory(monkeypatch):
    bomb = samples.docx_bomb()  # ~2MB that unpacks to 2 GiB
    assert len(bomb) < 3 * MB

    def no_reading(*args, **kwargs):
        raise AssertionError("an entry was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    message = refused_as("계약서.docx", bomb, "zip_bomb")
    assert message.startswith("압축을 풀면 지나치게 커지는 파일은 받을 수 없습니다.")


def test_one_part_that_expands_a_thousand_times_is_refused():
    data, crc = samples.zeros_deflated(50)  # 50 MiB in ~50 kB: under the total, over the ratio
    parts = [samples.deflated(part, content) for part, content in samples.docx_parts().items()]
    picture = ("word/media/image1.png", data, crc, 50 * MB)
    refused_as("계약서.docx", samples.raw_zip([*parts, picture]), "zip_bomb")


def test_a_document_of_too_many_parts_is_refused():
    many = {f"word/media/image{n}.png": b"" for n in range(3001)}
    message = refused_as("계약서.docx", samples.docx(extra=many), "too_many_parts")
    assert "(3006개)" in message


def test_archives_inside_a_document_are_refused():
    archive = samples.zip_bytes({"a.txt": "x"})
    refused_as("a.docx", samples.docx(extra={"word/media/자료.zip": archive}), "nested_archive")
    refused_as("b.docx", samples.docx(extra={"word/media/image1.png": archive}), "nested_archive")
    nested_twice = samples.docx(extra={"word/embeddings/x.docx": samples.docx(
        extra={"word/embeddings/y.xlsx": samples.xlsx()})})
    refused_as("d.docx", nested_twice, "nested_archive")


def xlsx_with(extra, types_extra=""):
    with zipfile.ZipFile(io.BytesIO(samples.xlsx())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if types_extra:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", types_extra.encode() + b"</Types>")
    return samples.zip_bytes({**parts, **extra})


MACRO_DOCUMENTS = [
    ("vbaProject.bin in a .docx", "계약서.docx", samples.docx(extra={"word/vbaProject.bin": b"\xd0\xcf"})),
    ("a .docm renamed .docx", "계약서.docx", samples.docx(main=samples.DOCM_MAIN)),
    ("vbaProject.bin in a .xlsx", "예산.xlsx", xlsx_with({"xl/vbaProject.bin": b"\x00" * 10})),
    ("a .xlsm renamed .xlsx", "예산.xlsx", xlsx_with({}, (
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'))),
    ("Excel 4.0 macro sheet", "예산.xlsx", xlsx_with({"xl/macrosheets/sheet1.xml": "<xm:macrosheet/>"})),
    ("embedded .xlsm", "계약서.docx", samples.docx(extra={"word/embeddings/Sheet.xlsm": samples.xlsx()})),
    ("embedded chart data with macros", "계약서.docx", samples.docx(extra={
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_with({"xl/vbaProject.bin": b"\x00"})})),
    ("HWPX with scripts", "계획서.hwpx", samples.hwpx({
        "Scripts/headerScripts": "function OnDocument_New() {}", "Scripts/sourceScripts": "var a = 1;"})),
]


@pytest.mark.parametrize(
    ("case", "file_name", "content"), MACRO_DOCUMENTS, ids=[row[0] for row in MACRO_DOCUMENTS],
)
def test_documents_with_macros_are_refused(case, file_name, content):
    message = refused_as(file_name, content, "macro")
    assert message.startswith("매크로나 스크립트가 포함된 문서는 받을 수 없습니다.")


def test_activex_controls_are_refused():
    refused_as("계약서.docx", samples.docx(extra={"word/activeX/activeX1.xml": "<ax:ocx/>"}), "activex")
    activex_type = '<Default Extension="bin" ContentType="application/vnd.ms-office.activeX"/>'
    refused_as("계약서.docx", samples.docx(types_extra=activex_type), "activex")


EXTERNAL = ' TargetMode="External"'
EXTERNAL_LINKS = [
    ("attachedTemplate", f"{samples.RELS}/attachedTemplate", "https://evil.example/t.dotm"),
    ("linked picture", f"{samples.RELS}/image", "https://tracker.example/pixel.png"),
    ("external OLE object", f"{samples.RELS}/oleObject", "mhtml:https://evil.example/x.html!x-usc:x"),
    ("frame", f"{samples.RELS}/frame", "https://evil.example/"),
]


@pytest.mark.parametrize(("case", "kind", "target"), EXTERNAL_LINKS, ids=[row[0] for row in EXTERNAL_LINKS])
def test_documents_that_fetch_content_when_opened_are_refused(case, kind, target):
    document = samples.docx(document_rels=[(kind, target, EXTERNAL)])
    refused_as("계약서.docx", document, "external")


def test_an_embedded_package_object_is_refused():
    package = samples.ole2({"\x01Ole10Native": b"\x00" * 200, "\x01CompObj": b"\x00" * 80})
    document = samples.docx(extra={"word/embeddings/oleObject1.bin": package})
    refused_as("계약서.docx", document, "embedded_file")


def test_xml_entity_tricks_are_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&b;</Types>'
    )
    refused_as("계약서.docx", samples.docx(extra={"[Content_Types].xml": laughs}), "corrupt")


def test_a_pdf_appended_to_a_document_is_refused():
    refused_as("계약서.docx", samples.docx() + samples.pdf_bytes(), "polyglot")
    stored_pdf = {"a.pdf": samples.pdf_bytes(), **samples.docx_parts()}
    refused_as("계약서.docx", samples.zip_bytes(stored_pdf, zipfile.ZIP_STORED), "polyglot")


# ---------------------------------------------------------------------------
# HWP: its own signature, scripts, protection
# ---------------------------------------------------------------------------

def test_a_word_97_file_renamed_hwp_is_refused():
    message = refused_as("계획서.hwp", samples.word97(), "not_hwp")
    assert message.startswith("한글(HWP) 문서가 아닙니다.")
    refused_as("계획서.hwpx", samples.word97(), "not_hwp")
    # Named as what it is, it is simply a type we do not take.
    refused_as("계획서.doc", samples.word97(), "unsupported_type")


def test_an_ole2_file_with_only_the_magic_number_is_refused():
    refused_as("계획서.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "corrupt")


def test_hwp_with_scripts_is_refused():
    scripts = {"Scripts/DefaultJScript": b"\x00" * 64, "Scripts/JScriptVersion": b"\x00" * 8}
    refused_as("계획서.hwp", samples.hwp(extra=scripts), "macro")
    flagged = samples.hwp(samples.HWP_PROPERTY_COMPRESSED | samples.HWP_PROPERTY_SCRIPTS)
    refused_as("계획서.hwp", flagged, "macro")


@pytest.mark.parametrize("flag", [samples.HWP_PROPERTY_PASSWORD, samples.HWP_PROPERTY_DISTRIBUTION])
def test_protected_hwp_is_refused(flag):
    refused_as("계획서.hwp", samples.hwp(samples.HWP_PROPERTY_COMPRESSED | flag), "encrypted")


def test_a_password_protected_office_file_is_refused_as_such():
    protected = samples.ole2({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 200,
                              "EncryptedPackage": b"\x00" * 5000})
    refused_as("계약서.docx", protected, "encrypted")
