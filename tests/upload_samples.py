"""Small real files for the upload tests, built in memory: PDFs written by
pypdf, images by Pillow, XLSX by openpyxl, DOCX and HWPX with the parts their
programs write, and OLE2 compound files (HWP 5, Word 97) written here, since
olefile only reads them."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

MB = 1024 * 1024

# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def pdf_writer(pages=1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    return writer


def pdf_bytes(writer: PdfWriter | None = None) -> bytes:
    buffer = io.BytesIO()
    (writer or pdf_writer()).write(buffer)
    return buffer.getvalue()


def name(value):
    return NameObject(value)


def action(kind, **entries):
    """A PDF action dictionary: /S kind plus entries."""
    values = {name("/S"): name(kind)}
    for key, value in entries.items():
        values[name(f"/{key}")] = TextStringObject(value) if isinstance(value, str) else value
    return DictionaryObject(values)


def pdf_with(edit) -> bytes:
    """A one-page PDF after `edit(writer)` changed it."""
    writer = pdf_writer()
    edit(writer)
    return pdf_bytes(writer)


def pdf_of_size(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes: the padding is a page's content stream."""

    def build(padding):
        writer = pdf_writer()
        content = StreamObject()
        content.set_data(b"%" + b" " * padding + b"\n")
        writer.pages[0][name("/Contents")] = writer._add_object(content)
        return pdf_bytes(writer)

    padding = size
    for _attempt in range(5):  # the /Length and offsets grow a digit now and then
        built = build(padding)
        if len(built) == size:
            return built
        padding += size - len(built)
    raise AssertionError(f"could not build a PDF of {size} bytes")


def pdf_with_object_stream(*extra: bytes, open_action: int | None = None) -> bytes:
    """A PDF 1.5 whose objects sit in one compressed object stream (as Word
    and Acrobat write them), with a cross-reference stream. `extra` objects
    are numbered from 4; `open_action` makes the catalog open with one."""
    opens = f" /OpenAction {open_action} 0 R".encode() if open_action else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + opens + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra,
    ]
    header, body = b"", b""
    for number, content in enumerate(objects, start=1):
        header += f"{number} {len(body)} ".encode()
        body += content + b"\n"
    packed = zlib.compress(header + body)
    count = len(objects)
    stream_number, xref_number = count + 1, count + 2
    pdf = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    stream_offset = len(pdf)
    pdf += (f"{stream_number} 0 obj\n<< /Type /ObjStm /N {count} /First {len(header)} /Filter /FlateDecode "
            f"/Length {len(packed)} >>\nstream\n").encode() + packed + b"\nendstream\nendobj\n"
    xref_offset = len(pdf)
    rows = struct.pack(">BIH", 0, 0, 65535)
    rows += b"".join(struct.pack(">BIH", 2, stream_number, index) for index in range(count))
    rows += struct.pack(">BIH", 1, stream_offset, 0) + struct.pack(">BIH", 1, xref_offset, 0)
    pdf += (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R "
            f"/Length {len(rows)} >>\nstream\n").encode() + rows + b"\nendstream\nendobj\n"
    return pdf + f"startxref\n{xref_offset}\n%%EOF\n".encode()


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------


def image_bytes(fmt, size=(2, 2), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_comment(text: bytes) -> bytes:
    """A valid JPEG with a COM segment right after SOI."""
    jpeg = image_bytes("JPEG")
    segment = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text
    return jpeg[:2] + segment + jpeg[2:]


# ---------------------------------------------------------------------------
# ZIP-based documents
# ---------------------------------------------------------------------------

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    """A ZIP archive; a `mimetype` entry goes first and uncompressed, as HWPX requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for entry_name, content in entries.items():
            method = zipfile.ZIP_STORED if entry_name == "mimetype" else compression
            archive.writestr(entry_name, content, compress_type=method)
    return buffer.getvalue()


def content_types(main=WORD_MAIN, extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
    )


def relationships(*items):
    rows = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"{mode}/>'
        for n, (kind, target, mode) in enumerate(items, start=1)
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{head}<Relationships xmlns="{PACKAGE_RELS}">{rows}</Relationships>'


def docx_parts(main=WORD_MAIN, document_rels=(), types_extra=""):
    """The parts Word writes for a one-paragraph document, with a web link."""
    link = (f"{RELS}/hyperlink", "https://www.example.kr/", ' TargetMode="External"')
    return {
        "[Content_Types].xml": content_types(main, types_extra),
        "_rels/.rels": relationships((f"{RELS}/officeDocument", "word/document.xml", "")),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>근로계약서 검토 요청</w:t></w:r></w:p></w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": relationships(link, *document_rels),
        "docProps/app.xml": "<Properties/>",
    }


def docx(**changes) -> bytes:
    """A DOCX; keyword `extra` adds parts, the others go to docx_parts."""
    extra = changes.pop("extra", {})
    return zip_bytes({**docx_parts(**changes), **extra})


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "예산"
    workbook.active["B1"] = 1200000
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hwpx(extra=None) -> bytes:
    """What 한컴오피스 writes: mimetype first, then the OWPML parts."""
    return zip_bytes({
        "mimetype": "application/hwp+zip",
        "version.xml": "<hv:HCFVersion/>",
        "Contents/header.xml": "<hh:head/>",
        "Contents/section0.xml": "<hs:sec/>",
        "Contents/content.hpf": "<opf:package/>",
        "META-INF/container.xml": "<ocf:container/>",
        "settings.xml": "<ha:HWPApplicationSetting/>",
        **(extra or {}),
    })


def raw_zip(entries) -> bytes:
    """A ZIP written by hand from (name, deflated data, crc, unpacked size)
    rows, so an entry can be a real zip bomb without packing it here."""
    local, central = b"", b""
    for entry_name, data, crc, file_size in entries:
        encoded = entry_name.encode()
        offset = len(local)
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), file_size,
                             len(encoded), 0) + encoded + data
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), file_size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(entries)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(central), len(local), 0)
    return local + central + end


def deflated(name_, content) -> tuple:
    """A raw_zip row for real content."""
    content = content.encode() if isinstance(content, str) else content
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (name_, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content))


@functools.cache
def zeros_deflated(mebibytes: int) -> tuple[bytes, int]:
    """`mebibytes` MiB of zeros, deflated (~1 kB per MiB), and their CRC-32.
    After a full flush the packer starts afresh, so one MiB's output repeats."""
    zeros = bytes(MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return block * mebibytes + packer.flush(), crc


def docx_bomb(mebibytes=2048) -> bytes:
    """A DOCX of ~2MB whose picture unpacks to 2 GiB."""
    data, crc = zeros_deflated(mebibytes)
    parts = [deflated(part, content) for part, content in docx_parts().items()]
    return raw_zip([*parts, ("word/media/image1.png", data, crc, mebibytes * MB)])


# ---------------------------------------------------------------------------
# OLE2 compound files (MS-CFB, version 3: 512-byte sectors)
# ---------------------------------------------------------------------------

_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NO_STREAM = 0xFFFFFFFF


def _chain(table, first, count):
    for index in range(count):
        table[first + index] = first + index + 1 if index < count - 1 else _END


def ole2(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("Storage/Stream" → bytes). Streams
    under 4096 bytes go to the mini stream, as the format requires."""
    storages = sorted({path.rsplit("/", 1)[0] for path in streams if "/" in path})
    entries = [{"name": "Root Entry", "type": 5, "children": []}]
    index_of = {"": 0}
    for storage in storages:
        index_of[storage] = len(entries)
        entries.append({"name": storage.rsplit("/", 1)[-1], "type": 1, "children": []})
    for path, data in streams.items():
        entries.append({"name": path.rsplit("/", 1)[-1], "type": 2, "children": [], "data": data})
        index_of[path] = len(entries) - 1
    for path in [*storages, *streams]:
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        entries[index_of[parent]]["children"].append(index_of[path])

    mini, big = bytearray(), []
    mini_fat = []
    for entry in entries[1:]:
        data = entry.get("data")
        if data is None:
            continue
        if len(data) < 4096:
            first, count = len(mini) // 64, -(-len(data) // 64) or 1
            entry["start"] = first
            mini_fat.extend([0] * count)
            _chain(mini_fat, first, count)
            mini += data.ljust(count * 64, b"\x00")
        else:
            big.append(entry)
    directory_sectors = -(-len(entries) // 4)
    mini_fat_sectors = -(-len(mini_fat) * 4 // 512) if mini_fat else 0
    mini_stream_sectors = -(-len(mini) // 512)
    big_sectors = sum(-(-len(entry["data"]) // 512) for entry in big)
    body = directory_sectors + mini_fat_sectors + mini_stream_sectors + big_sectors
    fat_sectors = 1
    while fat_sectors * 128 < body + fat_sectors:
        fat_sectors += 1
    fat = [_FREE] * (fat_sectors * 128)
    for sector in range(fat_sectors):
        fat[sector] = _FAT_SECTOR
    next_sector = fat_sectors
    directory_start = next_sector
    _chain(fat, next_sector, directory_sectors)
    next_sector += directory_sectors
    mini_fat_start = next_sector if mini_fat_sectors else _END
    _chain(fat, next_sector, mini_fat_sectors)
    next_sector += mini_fat_sectors
    mini_stream_start = next_sector if mini_stream_sectors else _END
    _chain(fat, next_sector, mini_stream_sectors)
    next_sector += mini_stream_sectors
    for entry in big:
        count = -(-len(entry["data"]) // 512)
        entry["start"] = next_sector
        _chain(fat, next_sector, count)
        next_sector += count
    entries[0]["start"], entries[0]["size"] = mini_stream_start, len(mini)

    def directory_entry(entry, right):
        encoded = (entry["name"] + "\x00").encode("utf-16-le")
        children = entry["children"]
        # Children as a chain of right siblings (a valid, if unbalanced, tree).
        size = entry.get("size", len(entry.get("data", b"")))
        start = entry.get("start", _END if entry["type"] != 2 else 0)
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB3I", len(encoded), entry["type"], 1,
                _NO_STREAM, right, children[0] if children else _NO_STREAM)
                + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16 + struct.pack("<IQ", start, size))

    right_of = {}
    for entry in entries:
        for position, child in enumerate(entry["children"]):
            following = entry["children"][position + 1:]
            right_of[child] = following[0] if following else _NO_STREAM
    directory = b"".join(
        directory_entry(entry, right_of.get(number, _NO_STREAM)) for number, entry in enumerate(entries)
    )
    directory = directory.ljust(directory_sectors * 512, b"\x00")
    for padding in range(len(entries), directory_sectors * 4):  # unused entries
        offset = padding * 128
        directory = (directory[:offset + 68] + struct.pack("<3I", _NO_STREAM, _NO_STREAM, _NO_STREAM)
                     + directory[offset + 80:])

    difat = [n for n in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<5H6x", 0x3E, 3, 0xFFFE, 9, 6)
              + struct.pack("<9I", 0, fat_sectors, directory_start, 0, 4096, mini_fat_start,
                            mini_fat_sectors, _END, 0)
              + struct.pack("<109I", *difat))
    parts = [header, struct.pack(f"<{len(fat)}I", *fat), directory]
    parts.append(struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(mini_fat_sectors * 512, b"\xff")
                 if mini_fat_sectors else b"")
    parts.append(bytes(mini).ljust(mini_stream_sectors * 512, b"\x00"))
    parts.extend(entry["data"].ljust(-(-len(entry["data"]) // 512) * 512, b"\x00") for entry in big)
    return b"".join(parts)


HWP_PROPERTY_COMPRESSED = 1 << 0
HWP_PROPERTY_PASSWORD = 1 << 1
HWP_PROPERTY_DISTRIBUTION = 1 << 2
HWP_PROPERTY_SCRIPTS = 1 << 3


def hwp_file_header(properties=HWP_PROPERTY_COMPRESSED) -> bytes:
    """HWP 5's FileHeader stream: signature, version 5.1.0.0, properties."""
    return (b"HWP Document File".ljust(32, b"\x00") + struct.pack("<4BI", 0, 0, 1, 5, properties)).ljust(
        256, b"\x00"
    )


def hwp(properties=HWP_PROPERTY_COMPRESSED, extra=None) -> bytes:
    """A minimal HWP 5 document (the streams 한글 always writes)."""
    return ole2({
        "FileHeader": hwp_file_header(properties),
        "DocInfo": b"\x00" * 120,
        "BodyText/Section0": b"\x00" * 300,
        "\x05HwpSummaryInformation": b"\xfe\xff" + b"\x00" * 100,
        "PrvText": "근로계약서".encode("utf-16-le"),
        **(extra or {}),
    })


def word97() -> bytes:
    """A Word 97 (.doc) compound file: WordDocument and 1Table streams."""
    return ole2({
        "WordDocument": b"\xec\xa5\xc1\x00" + b"\x00" * 5000,
        "1Table": b"\x00" * 600,
        "\x05SummaryInformation": b"\xfe\xff" + b"\x00" * 100,
    })
