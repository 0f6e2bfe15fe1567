"""One check for every uploaded file: allowed type (by extension *and* content), size, safe name.

Each part keeps its own rules as data — a dict ``{extension: FileType}`` built from the types
below and a maximum size in bytes — and calls :func:`check_upload` in its service.

The browser's content type is never trusted: the first bytes (for ZIP-based office formats the
package structure, for images the headers and checksums Pillow reads) must match the extension.
Stored file names are reduced to ASCII letters, digits, '-', '_' and the type's own extension, so
that no path, no control character, no second extension and no shell or HTML syntax reaches the
storage or a Content-Disposition header. Messages are German and name the file.

Small files can declare something huge ("decompression bombs"): a 39 KB PNG with 60 frames of
6000 × 6000 pixels, a 1.6 KB office package that unpacks to gigabytes. Both are measured from
their headers before anything is unpacked: an image's pixels (all frames together) against
MAX_IMAGE_PIXELS, an office package's declared unpacked size and packing ratio against
MAX_UNPACKED_BYTES and MAX_PACKING_RATIO (:func:`package_problem`). Python's zipfile never
unpacks more than a member declares, so the declared sizes are a real bound.

A stored file served back (:func:`stored_file_response`) gets the content type its bytes show,
never one guessed from a name the user chose.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404

from leuchtfeuer.core.engine.german import fold_umlauts

MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo is far more than any page shows; all frames together
# Office packages (DOCX, XLSX, ODT, ODS) are ZIP archives. Real ones unpack to 2–20 times their
# size, a Word file with long empty tables to 150–200 times (Apache POI's 100:1 refuses such files);
# a run of one byte packs 1,000:1. The sum of the declared sizes is the real bound – zipfile never
# unpacks more than a part declares; the ratio flags a bomb early (only for parts above 100 KB:
# tiny parts pack oddly well and cannot do harm).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_PACKING_RATIO = 500
MAX_PACKAGE_PARTS = 10_000
_RATIO_FROM_BYTES = 100 * 1024


@dataclass(frozen=True)
class FileType:
    """A file type a part may accept: canonical extension, content type, short label for messages,
    and the test its bytes must pass."""

    extension: str
    content_type: str
    label: str
    matches: Callable[[bytes], bool] = field(compare=False, repr=False)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_package(self) -> bool:
        """A ZIP-based office format (DOCX, XLSX, ODT, ODS)."""
        return "openxmlformats" in self.content_type or "opendocument" in self.content_type


# --- content tests --------------------------------------------------------------------------------


# What zipfile raises for broken, truncated, encrypted or oddly compressed archives.
_ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except _ZIP_ERRORS:
        return set()


def _ooxml(folder: str) -> Callable[[bytes], bool]:
    """Office Open XML (DOCX/XLSX): a ZIP package with [Content_Types].xml and the part's folder."""

    def matches(data: bytes) -> bool:
        names = _zip_names(data)
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return matches


def _opendocument(content_type: str) -> Callable[[bytes], bool]:
    """OpenDocument (ODT/ODS): a ZIP package whose 'mimetype' member names the type."""

    def matches(data: bytes) -> bool:
        if "mimetype" not in _zip_names(data):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("mimetype") as member:
                return member.read(200).strip().decode("ascii", "ignore") == content_type
        except _ZIP_ERRORS:
            return False

    return matches


def _text(data: bytes) -> bool:
    """Plain text (CSV/TXT): no NUL bytes, decodable as UTF-8 or Windows-1252."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


# --- the types parts choose from -----------------------------------------------------------------

PDF = FileType("pdf", "application/pdf", "PDF", lambda data: data.startswith(b"%PDF-"))
JPEG = FileType("jpg", "image/jpeg", "JPEG", lambda data: data.startswith(b"\xff\xd8\xff"))
PNG = FileType("png", "image/png", "PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n"))
WEBP = FileType("webp", "image/webp", "WebP", lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", _ooxml("word/")
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", _ooxml("xl/")
)
ODT = FileType(
    "odt",
    "application/vnd.oasis.opendocument.text",
    "ODT",
    _opendocument("application/vnd.oasis.opendocument.text"),
)
ODS = FileType(
    "ods",
    "application/vnd.oasis.opendocument.spreadsheet",
    "ODS",
    _opendocument("application/vnd.oasis.opendocument.spreadsheet"),
)
CSV = FileType("csv", "text/csv", "CSV", _text)
TXT = FileType("txt", "text/plain", "TXT", _text)
# Not offered for uploads; only to serve images stored before the check, when GIF got through.
GIF = FileType("gif", "image/gif", "GIF", lambda data: data[:6] in (b"GIF87a", b"GIF89a"))


# --- names and sizes ------------------------------------------------------------------------------


def sanitize_filename(name: str, *, fallback: str = "datei") -> str:
    """'../../Begrüßung Paket (final).DOCX' → 'Begruessung-Paket-final.docx'.

    Only the last path part is kept; umlauts are folded (ä → ae), other letters lose their accents;
    everything but ASCII letters, digits, '-' and '_' in the stem (dots included, so no second
    extension survives) becomes '-'; the extension is lower-cased ASCII.
    """
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = unicodedata.normalize("NFKD", fold_umlauts(stem)).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80] or fallback
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{stem}.{ext}" if ext else stem


def display_name(name: str) -> str:
    """The uploaded name as the user knows it, for messages: last path part, no control
    characters, at most 80 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return (name[:79] + "…" if len(name) > 80 else name) or "Datei"


def format_size(size: int) -> str:
    """German size text: 10485760 → '10 MB', 6291456 → '6 MB', 6400000 → '6,1 MB', 512 → '512 Byte'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = f"{size / factor:.1f}".removesuffix(".0").replace(".", ",")
            return f"{value} {unit}"
    return f"{size} Byte"


def _int_de(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _labels(allowed: dict[str, FileType]) -> str:
    labels = list(dict.fromkeys(t.label for t in allowed.values()))
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " oder " + labels[-1]


def package_problem(data: bytes, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> str | None:
    """Why an office package (a ZIP archive) must not be unpacked, in German, or None.

    Reads only the archive's directory — the sizes each part declares — and unpacks nothing. A
    file that is no readable ZIP archive is None here: the content test reports it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except _ZIP_ERRORS:
        return None
    if len(parts) > MAX_PACKAGE_PARTS:
        return (
            f"besteht aus {_int_de(len(parts))} Teilen – erlaubt sind höchstens {_int_de(MAX_PACKAGE_PARTS)}. "
            "Bitte prüfen Sie die Datei."
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > max_unpacked:
        return (
            f"wäre entpackt {format_size(unpacked)} groß – erlaubt sind höchstens {format_size(max_unpacked)}. "
            "Bitte prüfen Sie die Datei oder teilen Sie sie auf."
        )
    for part in parts:
        if part.file_size > _RATIO_FROM_BYTES and part.file_size > MAX_PACKING_RATIO * max(
            part.compress_size, 1
        ):
            ratio = part.file_size // max(part.compress_size, 1)
            return (
                f"ist ungewöhnlich stark gepackt: der Teil „{display_name(part.filename)}“ wäre entpackt "
                f"{_int_de(ratio)}-mal so groß – erlaubt ist höchstens das {MAX_PACKING_RATIO}-Fache. "
                "Bitte prüfen Sie die Datei."
            )
    return None


def _pixels_problem(image) -> str | None:
    """Why an opened image has too many pixels to decode, in German, or None.

    Only headers are read, no frame is decoded: Pillow knows an APNG's frame count from its acTL
    chunk and an animated WebP's from its frame index, and every frame of those is composed on the
    full canvas, so frames × canvas is the work. A JPEG with several pictures (MPO, as some phones
    write) is counted picture by picture — seeking to one reads only its header.
    """
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    limit = MAX_IMAGE_PIXELS
    if frames > 1 and image.format == "MPO":
        total = 0
        for index in range(frames):
            image.seek(index)
            total += image.size[0] * image.size[1]
            if total > limit:
                return (
                    f"enthält {_int_de(frames)} Einzelbilder mit zusammen mehr als {_int_de(limit)} Bildpunkten – "
                    f"erlaubt sind höchstens {_int_de(limit)}. Bitte laden Sie ein einzelnes Bild hoch."
                )
        image.seek(0)
        return None
    total = width * height * frames
    if total <= limit:
        return None
    if frames > 1:
        return (
            f"ist eine Animation aus {_int_de(frames)} Einzelbildern zu je {_int_de(width)} × {_int_de(height)} "
            f"Bildpunkten, zusammen {_int_de(total)} – erlaubt sind höchstens {_int_de(limit)} Bildpunkte für alle "
            "Einzelbilder zusammen. Bitte laden Sie ein einzelnes Bild oder eine kleinere Animation hoch."
        )
    return (
        f"hat {_int_de(width)} × {_int_de(height)} = {_int_de(total)} Bildpunkte – erlaubt sind höchstens "
        f"{_int_de(limit)}. Bitte verkleinern Sie das Bild."
    )


def _bomb_problem(exc: Exception) -> str:
    """The pixel-limit message for an image Pillow itself refused to open (more than twice its own
    limit, PIL.Image.DecompressionBombError); its message holds the pixel count."""
    match = re.search(r"\((\d+) pixels\)", str(exc))
    pixels = f"{_int_de(int(match.group(1)))}" if match else f"mehr als {_int_de(MAX_IMAGE_PIXELS)}"
    return f"hat {pixels} Bildpunkte – erlaubt sind höchstens {_int_de(MAX_IMAGE_PIXELS)}. Bitte verkleinern Sie das Bild."


def _image_problem(data: bytes, file_type: FileType) -> str | None:
    """Why image bytes must not be stored (too many pixels, or unreadable), in German, or None.
    No frame is decoded."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            problem = _pixels_problem(image)
            if problem is None:
                image.verify()  # chunk structure and checksums, without decoding pixels
    except Image.DecompressionBombError as exc:
        return _bomb_problem(exc)
    except Exception:  # Pillow raises many kinds for broken or hostile images
        return f"lässt sich nicht als {file_type.label}-Bild lesen (beschädigt?)."
    return problem


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_upload(upload, *, allowed: dict[str, FileType], max_bytes: int, field: str) -> tuple[FileType, str]:
    """Validate an uploaded file against a part's allowed types and size limit.

    Returns (type, safe file name with the type's extension); raises ValidationError with a German
    message for `field` that names the file. Leaves the upload at position 0.
    """
    if upload is None:
        raise ValidationError({field: "Bitte wählen Sie eine Datei aus."})
    name = getattr(upload, "name", "") or ""
    shown = display_name(name)
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if ext not in allowed:
        raise ValidationError(
            {
                field: f"„{shown}“: Dateien vom Typ „.{display_name(ext) if ext else '?'}“ sind hier nicht "
                f"erlaubt – erlaubt sind nur {_labels(allowed)}."
            }
        )
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read(upload))
    if size <= 0:
        raise ValidationError({field: f"„{shown}“ ist leer."})
    if size > max_bytes:
        raise ValidationError(
            {
                field: f"„{shown}“ ist {format_size(size)} groß – erlaubt sind höchstens "
                f"{format_size(max_bytes)}."
            }
        )
    file_type = allowed[ext]
    data = _read(upload)
    if file_type.is_package and (problem := package_problem(data)):
        raise ValidationError({field: f"„{shown}“ {problem}"})
    if not file_type.matches(data):
        raise ValidationError(
            {
                field: f"„{shown}“ ist keine gültige {file_type.label}-Datei: der Inhalt passt nicht zur "
                f"Endung „.{ext}“ (beschädigt oder umbenannt?)."
            }
        )
    if file_type.is_image and (problem := _image_problem(data, file_type)):
        raise ValidationError({field: f"„{shown}“ {problem}"})
    clean = sanitize_filename(name).rsplit(".", 1)[0]
    return file_type, f"{clean}.{file_type.extension}"


def delete_after_commit(field_file) -> None:
    """Remove a stored file once the surrounding transaction has committed — not at all if it
    rolls back, so a failed change never loses the file its row still names. Call it while the
    field still holds the name (before clearing it or deleting the row)."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


def stored_file_response(field, *, types: Iterable[FileType]):
    """Serve a stored file (a FieldFile) with the content type its first 64 bytes show: the first
    of `types` (ones with a signature test: images, PDF) whose content test they pass. A missing
    file, or one matching none, is a 404 — nothing is served under a type guessed from its name.
    Sends `X-Content-Type-Options: nosniff`."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    head = handle.read(64)
    handle.seek(0)
    file_type = next((t for t in types if t.matches(head)), None)
    if file_type is None:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=file_type.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_bytes(upload, file_type: FileType) -> bytes:
    """The bytes to store for a checked upload: images re-saved without their metadata, other
    files as they came.

    Photos carry EXIF/XMP data — often the GPS position where a resident took the picture, the
    camera owner's name, the time. None of it is needed to show the picture, so it is removed
    before anything is stored (data minimisation). The picture is first turned upright by its
    EXIF orientation (the tag that did this goes with the rest); the colour profile stays.

    Re-saving decodes every frame, so the pixel limit is checked here too, before any frame is
    decoded (:func:`check_upload` has normally refused such a file already).
    """
    data = _read(upload)
    if not file_type.is_image:
        return data
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ValidationError(f"„{display_name(upload.name)}“ {_bomb_problem(exc)}") from exc
    with image:
        if problem := _pixels_problem(image):
            raise ValidationError(f"„{display_name(upload.name)}“ {problem}")
        fmt = image.format
        icc = image.info.get("icc_profile")
        animated = getattr(image, "n_frames", 1) > 1
        options: dict = {"icc_profile": icc} if icc else {}
        out = io.BytesIO()
        if animated:  # frames kept as they are; only metadata dropped
            image.save(out, format=fmt, save_all=True, **options)
        else:
            upright = ImageOps.exif_transpose(image)
            if fmt == "JPEG":
                if upright is image:
                    options["quality"] = "keep"  # same quantisation: no visible loss
                else:
                    options["quality"] = 92
                    upright = upright.convert("RGB") if upright.mode not in ("RGB", "L", "CMYK") else upright
            elif fmt == "WEBP":
                options.update(lossless=image.info.get("lossless", False), quality=92)
            upright.save(out, format=fmt, **options)
    return out.getvalue()
