"""Hostile uploads built in memory: small files that declare (or unpack to) something huge.

Used by the upload tests of every part and by `benchmarks/upload_bombs.py`. Each builder writes
the file format by hand (a few chunks or XML parts) so that the file stays small and the builder
never has to hold the huge thing it declares.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from PIL import Image

# --- images ---------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _zeros_deflated(row_bytes: int, rows: int) -> bytes:
    """zlib stream of `rows` scanlines of `row_bytes` zero bytes each (filter byte included)."""
    packer = zlib.compressobj(9)
    row = b"\x00" * row_bytes
    parts = [packer.compress(row) for _ in range(rows)]
    parts.append(packer.flush())
    return b"".join(parts)


def png(width: int, height: int, *, frames: int = 1) -> bytes:
    """A black greyscale PNG of width × height; with frames > 1 an APNG whose further frames are
    1 × 1 pixel patches — tiny on disk, but every frame is composed on the full canvas.

    The first frame's pixel data is real (deflated zeros), so the file decodes; 6000 × 6000 with
    60 frames is about 36 KB, 20000 × 20000 (1 bit per pixel) about 50 KB.
    """
    bit_depth = 1 if width * height > 100_000_000 else 8  # keeps the builder fast for huge pictures
    row_bytes = 1 + (width * bit_depth + 7) // 8
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    out = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", ihdr)]
    sequence = 0
    if frames > 1:
        out.append(_chunk(b"acTL", struct.pack(">II", frames, 0)))
        out.append(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 10, 0, 0)))
        sequence += 1
    out.append(_chunk(b"IDAT", _zeros_deflated(row_bytes, height)))
    patch = zlib.compress(b"\x00\x00")  # one scanline: filter byte and one pixel
    for _ in range(frames - 1):
        out.append(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, 1, 1, 0, 0, 1, 10, 0, 0)))
        out.append(_chunk(b"fdAT", struct.pack(">I", sequence + 1) + patch))
        sequence += 2
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


def animated(fmt: str, size: tuple[int, int], frames: int) -> bytes:
    """An animation in `fmt` (WEBP, GIF, PNG) with `frames` frames of `size`, each a different grey,
    written by Pillow (so keep the size small)."""
    pictures = [Image.new("L", size, (i * 37) % 256) for i in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format=fmt, save_all=True, append_images=pictures[1:], duration=100, lossless=True
    )
    return buffer.getvalue()


def mpo(sizes: Iterable[tuple[int, int]]) -> bytes:
    """A JPEG file with several pictures (Multi-Picture Object, as some phones write), of the sizes
    given; opened as .jpg it starts like any JPEG."""
    pictures = [Image.new("RGB", size, "white") for size in sizes]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="MPO", save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


# --- office packages ------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_row(number: int, cells: dict[int, object]) -> str:
    """One <row> of sheet XML: {column number: value}; strings inline, numbers as numbers."""
    parts = []
    for column, value in sorted(cells.items()):
        ref = f"{column_letter(column)}{number}"
        if isinstance(value, int | float):
            parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


def xlsx(rows: Iterable[str], *, dimension: str | None = None) -> bytes:
    """A minimal XLSX with one sheet whose <sheetData> holds the given <row> strings (see
    `xlsx_row`), declaring `dimension` (e.g. "A1:XFD1048576") if given — true or not."""
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8"?>')
    sheet.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if dimension:
        sheet.write(f'<dimension ref="{dimension}"/>')
    sheet.write("<sheetData>")
    for row in rows:
        sheet.write(row)
    sheet.write("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


def xlsx_table(header: list[str], rows: Iterable[list[object]], *, dimension: str | None = None) -> bytes:
    """An XLSX of a header row and data rows (each a list of values from column A)."""

    def lines():
        yield xlsx_row(1, dict(enumerate(header, start=1)))
        for number, values in enumerate(rows, start=2):
            yield xlsx_row(number, {i: v for i, v in enumerate(values, start=1) if v is not None})

    return xlsx(lines(), dimension=dimension)


@functools.cache
def million_rows(*, dimension: str | None = None) -> bytes:
    """An XLSX whose sheet has 1,000,000 rows with a 1 in column A (about 5 MB), declaring
    `dimension` or none. Built once per test run."""
    return xlsx((xlsx_row(number, {1: 1}) for number in range(1, 1_000_001)), dimension=dimension)


@functools.cache
def wide_dimension(heading: tuple[str, ...] = ("Titel", "Art", "Berufsfeld")) -> bytes:
    """1.6 KB: a heading in row 1, one cell in XFD1048576, and the dimension A1:XFD1048576 –
    16,384 columns × 1,048,576 rows if a reader pads what the sheet declares."""
    first = xlsx_row(1, dict(enumerate(heading, start=1)))
    return xlsx([first, xlsx_row(1_048_576, {16_384: "x"})], dimension="A1:XFD1048576")


def zip_bomb(kind: str, unpacked_bytes: int) -> bytes:
    """An office package (kind "docx", "xlsx" or "odt") whose main part unpacks to
    `unpacked_bytes` of spaces: a few hundred KB for 100 MB."""
    main = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml", "odt": "content.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        else:
            archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        if kind == "xlsx":
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("xl/workbook.xml", _WORKBOOK)
            archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open(main, "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                member.write(block)
            member.write(b" " * (unpacked_bytes % len(block)))
    return buffer.getvalue()
