"""Checks for uploaded files: allowed types (by extension *and* content), size limit, safe names.

The browser's content type is never trusted: the first bytes (and for ZIP-based office formats
the package structure) must match the extension. File names are reduced to ASCII letters,
digits, '-', '_' and one extension, so that no path, no control character and no shell or HTML
syntax ever reaches the storage or a Content-Disposition header.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


IMAGE_TYPES = {
    "jpg": FileType("jpg", "image/jpeg", "JPEG"),
    "jpeg": FileType("jpg", "image/jpeg", "JPEG"),
    "png": FileType("png", "image/png", "PNG"),
    "webp": FileType("webp", "image/webp", "WebP"),
}
DOCUMENT_TYPES = {
    "pdf": FileType("pdf", "application/pdf", "PDF"),
    "docx": FileType(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    ),
    "xlsx": FileType(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
    ),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument-Text (ODT)"),
    "ods": FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-Tabelle (ODS)"),
    "csv": FileType("csv", "text/csv", "CSV"),
    "txt": FileType("txt", "text/plain", "Text"),
}


def sanitize_filename(name: str, *, fallback: str = "datei") -> str:
    """'../../Begrüßung Paket (final).DOCX' → 'Begruessung-Paket-final.docx'."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = unicodedata.normalize("NFKD", stem.translate(_FOLD)).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:80] or fallback
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{stem}.{ext}" if ext else stem


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _content_matches(ext: str, data: bytes) -> bool:
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext in ("docx", "xlsx"):
        names = _zip_names(data)
        return "[Content_Types].xml" in names and any(
            n.startswith("word/" if ext == "docx" else "xl/") for n in names
        )
    if ext in ("odt", "ods"):
        if "mimetype" not in _zip_names(data):
            return False
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").decode("ascii", "ignore") == DOCUMENT_TYPES[ext].content_type
    if ext in ("csv", "txt"):
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return True
    return False


def check_upload(upload, *, allowed: dict[str, FileType], max_bytes: int, field: str) -> tuple[FileType, str]:
    """Validate an uploaded file; returns (type, sanitised file name) or raises ValidationError
    with a German message for `field`."""
    if upload is None:
        raise ValidationError({field: "Bitte wählen Sie eine Datei aus."})
    name = getattr(upload, "name", "") or ""
    ext = _extension(name)
    labels = ", ".join(sorted({t.label for t in allowed.values()}))
    if ext not in allowed:
        raise ValidationError(
            {field: f"Dateien vom Typ „.{ext or '?'}“ sind hier nicht erlaubt. Erlaubt: {labels}."}
        )
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read(upload))
    if size == 0:
        raise ValidationError({field: "Die Datei ist leer."})
    if size > max_bytes:
        raise ValidationError(
            {
                field: f"Die Datei ist {size / 1024 / 1024:.1f} MB groß; erlaubt sind höchstens {max_bytes // 1024 // 1024} MB."
            }
        )
    data = _read(upload)
    if not _content_matches(ext, data):
        raise ValidationError(
            {field: f"Der Inhalt der Datei passt nicht zur Endung „.{ext}“ (beschädigt oder umbenannt?)."}
        )
    if allowed is IMAGE_TYPES:
        try:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception as exc:
            raise ValidationError({field: "Die Bilddatei lässt sich nicht lesen (beschädigt?)."}) from exc
    file_type = allowed[ext]
    clean = sanitize_filename(name)
    clean = clean.rsplit(".", 1)[0] + "." + file_type.extension
    return file_type, clean
