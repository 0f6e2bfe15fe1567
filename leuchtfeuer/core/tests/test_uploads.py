"""The one upload check every part uses: type by extension and content, size, empty files, safe names."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from leuchtfeuer.core import uploads
from leuchtfeuer.core.tests import bombs
from leuchtfeuer.core.uploads import check_upload, display_name, format_size, sanitize_filename

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENTS = {
    t.extension: t
    for t in (uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.ODT, uploads.ODS, uploads.CSV, uploads.TXT)
}
IMAGES = {"jpg": uploads.JPEG, "jpeg": uploads.JPEG, "png": uploads.PNG, "webp": uploads.WEBP}


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX_BYTES = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT_BYTES = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS_BYTES = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


def message(exc: pytest.ExceptionInfo, field: str = "file") -> str:
    return " ".join(exc.value.message_dict[field])


def check(name: str, content: bytes, allowed=DOCUMENTS, max_bytes: int = 10 * 1024 * 1024, field="file"):
    return check_upload(SimpleUploadedFile(name, content), allowed=allowed, max_bytes=max_bytes, field=field)


# --- accepted files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected_type", "expected_name"),
    [
        ("Beschluss.pdf", PDF_BYTES, uploads.PDF, "Beschluss.pdf"),
        ("Vorlage.DOCX", DOCX_BYTES, uploads.DOCX, "Vorlage.docx"),
        ("Tabelle.xlsx", XLSX_BYTES, uploads.XLSX, "Tabelle.xlsx"),
        ("Protokoll.odt", ODT_BYTES, uploads.ODT, "Protokoll.odt"),
        ("Haushalt.ods", ODS_BYTES, uploads.ODS, "Haushalt.ods"),
        ("liste.csv", b"Ortsteil;Alter\nMalchin;42\n", uploads.CSV, "liste.csv"),
        ("notiz.txt", "Grüße aus Görlitz".encode("cp1252"), uploads.TXT, "notiz.txt"),
    ],
)
def test_accepts_documents_by_content(name, content, expected_type, expected_name):
    file_type, clean = check(name, content)
    assert file_type == expected_type
    assert clean == expected_name


@pytest.mark.parametrize(
    ("name", "fmt", "expected_name"),
    [("foto.jpeg", "JPEG", "foto.jpg"), ("foto.JPG", "JPEG", "foto.jpg"), ("bild.png", "PNG", "bild.png")],
)
def test_accepts_real_images_and_uses_the_types_own_extension(name, fmt, expected_name):
    file_type, clean = check(name, image_bytes(fmt), allowed=IMAGES)
    assert file_type.is_image
    assert clean == expected_name


def test_leaves_the_upload_at_its_start_for_storing():
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    upload.read(3)
    check_upload(upload, allowed=DOCUMENTS, max_bytes=1024, field="file")
    assert upload.read() == PDF_BYTES


# --- rejected files ---------------------------------------------------------------------------------


def test_no_file_chosen():
    with pytest.raises(ValidationError) as exc:
        check_upload(None, allowed=DOCUMENTS, max_bytes=1024, field="upload")
    assert message(exc, "upload") == "Bitte wählen Sie eine Datei aus."


@pytest.mark.parametrize("name", ["tool.exe", "bild.svg", "ohne-endung", "seite.pdf.html"])
def test_wrong_extension_names_file_and_allowed_types(name):
    with pytest.raises(ValidationError) as exc:
        check(name, b"%PDF-1.4", allowed={"pdf": uploads.PDF, "png": uploads.PNG, "jpg": uploads.JPEG})
    text = message(exc)
    assert f"„{name}“" in text
    assert "sind hier nicht erlaubt – erlaubt sind nur PDF, PNG oder JPEG." in text


def test_empty_file():
    with pytest.raises(ValidationError) as exc:
        check("beschluss.pdf", b"")
    assert message(exc) == "„beschluss.pdf“ ist leer."


def test_oversized_file_says_size_and_limit_in_german():
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        check("gross.pdf", big, max_bytes=5 * 1024 * 1024, field="receipt")
    assert message(exc, "receipt") == "„gross.pdf“ ist 5 MB groß – erlaubt sind höchstens 5 MB."
    with pytest.raises(ValidationError) as exc:
        check("riesig.pdf", PDF_BYTES + b"0" * (6 * 1024 * 1024 + 300_000), max_bytes=5 * 1024 * 1024)
    assert "ist 6,3 MB groß – erlaubt sind höchstens 5 MB" in message(exc)


def test_size_limit_is_inclusive():
    content = PDF_BYTES + b"0" * (1000 - len(PDF_BYTES))
    assert check("genau.pdf", content, max_bytes=1000)[0] == uploads.PDF


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("beschluss.pdf", b"<html>kein pdf</html>", "PDF"),
        ("bild.png", b"<script>alert(1)</script>", "PNG"),
        ("liste.pdf", DOCX_BYTES, "PDF"),  # an office file renamed to .pdf
        ("liste.docx", b"PK\x03\x04 nothing", "DOCX"),  # a broken ZIP
        ("liste.docx", XLSX_BYTES, "DOCX"),  # a spreadsheet renamed to .docx
        ("liste.xlsx", DOCX_BYTES, "XLSX"),
        ("liste.docx", zip_bytes({"word/document.xml": "<w/>"}), "DOCX"),  # no [Content_Types].xml
        ("text.odt", ODS_BYTES, "ODT"),  # ODF spreadsheet renamed to .odt
        ("text.odt", zip_bytes({"content.xml": "<x/>"}), "ODT"),  # no mimetype member
        ("text.odt", ODT_BYTES[:-30], "ODT"),  # truncated package
        ("daten.csv", b"a;b\x00\x00c", "CSV"),  # binary under .csv
        ("virus.txt", b"MZ\x90\x00\x03\x00\x00\x00", "TXT"),
    ],
)
def test_wrong_content_under_a_right_extension(name, content, label):
    allowed = {**DOCUMENTS, "png": uploads.PNG}
    with pytest.raises(ValidationError) as exc:
        check(name, content, allowed=allowed)
    ext = name.rsplit(".", 1)[-1]
    assert message(exc) == (
        f"„{name}“ ist keine gültige {label}-Datei: der Inhalt passt nicht zur Endung „.{ext}“ "
        "(beschädigt oder umbenannt?)."
    )


def test_image_with_a_valid_signature_but_broken_body_is_rejected():
    broken = image_bytes("PNG")[:20]
    with pytest.raises(ValidationError) as exc:
        check("bild.png", broken, allowed=IMAGES)
    assert "„bild.png“ lässt sich nicht als PNG-Bild lesen" in message(exc)


def test_webp_signature():
    riff = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8
    assert uploads.WEBP.matches(riff)
    assert not uploads.WEBP.matches(b"RIFF\x10\x00\x00\x00WAVEfmt ")


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\eva\\Begrüßung Paket (final).DOCX", "Begruessung-Paket-final.docx"),
        ("<script>.pdf", "script.pdf"),
        ("....pdf", "datei.pdf"),
        (".htaccess", "datei.htaccess"),
        ("Ünïcödé  ñame.xlsx", "Uenicoede-name.xlsx"),
        ("Bericht\x00\n\r\x1b[31m.pdf", "Bericht-31m.pdf"),
        ("beschluss.php.pdf", "beschluss-php.pdf"),  # no second extension survives
        ("Plan v2.1 (Entwurf).odt", "Plan-v2-1-Entwurf.odt"),
        ("a" * 200 + ".pdf", "a" * 80 + ".pdf"),
        ("", "datei"),
    ],
)
def test_sanitize_filename(name, expected):
    assert sanitize_filename(name) == expected


def test_stored_name_from_a_hostile_upload_is_safe():
    _, clean = check("../../Schöne Grüße\x07<b>.PDF", PDF_BYTES)
    assert clean == "Schoene-Gruesse-b.pdf"
    assert clean.isascii() and "/" not in clean and ".." not in clean


def test_messages_show_the_name_without_path_or_control_characters():
    with pytest.raises(ValidationError) as exc:
        check("C:\\Temp\\Bericht\x1b\x00 Mai.pdf", b"")
    assert message(exc) == "„Bericht Mai.pdf“ ist leer."
    assert display_name("uploads/" + "x" * 100 + ".pdf").endswith("…")
    assert len(display_name("x" * 100)) == 80


@pytest.mark.parametrize(
    ("size", "text"),
    [(10 * 1024 * 1024, "10 MB"), (6_600_000, "6,3 MB"), (2048, "2 KB"), (10, "10 Byte")],
)
def test_format_size(size, text):
    assert format_size(size) == text


# --- serving a stored file -------------------------------------------------------------------------

SERVED = (uploads.JPEG, uploads.PNG, uploads.WEBP, uploads.GIF)


@pytest.fixture
def storage(tmp_path):
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=tmp_path)


def stored(storage, name: str, content: bytes):
    from django.core.files.base import ContentFile
    from django.db.models.fields.files import FieldFile

    class Field:  # the bits of a FileField a FieldFile needs
        def __init__(self):
            self.storage = storage

    return FieldFile(None, Field(), storage.save(name, ContentFile(content)))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.png", image_bytes("PNG"), "image/png"),
        ("foto.png", image_bytes("JPEG"), "image/jpeg"),  # the name says PNG, the bytes say JPEG
        ("foto.jpg", image_bytes("WEBP"), "image/webp"),
        ("alt.gif", image_bytes("GIF"), "image/gif"),
    ],
)
def test_stored_file_served_with_the_type_of_its_content(storage, name, content, content_type):
    response = uploads.stored_file_response(stored(storage, name, content), types=SERVED)
    assert response["Content-Type"] == content_type and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [("bild.png", b"<html><script>alert(1)</script></html>"), ("bild.svg", b"<svg/>"), ("a.png", PDF_BYTES)],
)
def test_stored_file_of_no_allowed_type_is_not_served(storage, name, content):
    from django.http import Http404

    with pytest.raises(Http404):
        uploads.stored_file_response(stored(storage, name, content), types=SERVED)


def test_missing_or_absent_stored_file_is_a_404(storage):
    from django.http import Http404

    field = stored(storage, "weg.png", image_bytes("PNG"))
    storage.delete(field.name)
    with pytest.raises(Http404):
        uploads.stored_file_response(field, types=SERVED)
    with pytest.raises(Http404):
        uploads.stored_file_response(None, types=SERVED)


# --- metadata removed before storing ----------------------------------------------------------------


def photo_with_gps(fmt: str) -> bytes:
    """A 40 × 20 picture as a phone stores it: EXIF with the GPS position, the owner's name and
    'rotate 90° clockwise to show' (orientation 6)."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x013B] = "Max Mustermann"  # artist
    exif[0x8825] = {1: "N", 2: (52.0, 30.0, 7.5), 3: "E", 4: (13.0, 24.0, 1.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    "fmt,file_type", [("JPEG", uploads.JPEG), ("PNG", uploads.PNG), ("WEBP", uploads.WEBP)]
)
def test_stored_image_has_no_metadata_and_stands_upright(fmt, file_type):
    data = photo_with_gps(fmt)
    assert b"Mustermann" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    stored = uploads.stored_bytes(SimpleUploadedFile(f"foto.{file_type.extension}", data), file_type)
    assert b"Mustermann" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt
        assert dict(image.getexif()) == {}  # no GPS, no artist, no orientation tag
        assert image.size == (20, 40)  # turned as the orientation said
        assert image.getpixel((10, 20))[0] > 150  # still the red picture


def test_stored_bytes_keeps_documents_and_clean_images_as_they_are():
    upload = SimpleUploadedFile("antrag.pdf", PDF_BYTES)
    assert uploads.stored_bytes(upload, uploads.PDF) == PDF_BYTES
    clean = image_bytes("JPEG")
    stored = uploads.stored_bytes(SimpleUploadedFile("foto.jpg", clean), uploads.JPEG)
    with Image.open(io.BytesIO(stored)) as image:  # same quantisation ("keep"): no visible loss
        assert image.size == (4, 4) and image.getpixel((1, 1)) == Image.open(io.BytesIO(clean)).getpixel(
            (1, 1)
        )


def test_image_with_too_many_pixels_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1_000)
    buffer = io.BytesIO()
    Image.new("L", (50, 21), 0).save(buffer, format="PNG")  # 1,050 pixels, a few hundred bytes
    with pytest.raises(ValidationError) as err:
        check_upload(
            SimpleUploadedFile("plan,neu.png", buffer.getvalue()),
            allowed=IMAGES,
            max_bytes=10**6,
            field="file",
        )
    assert err.value.message_dict["file"] == [
        "„plan,neu.png“ hat 50 × 21 = 1.050 Bildpunkte – erlaubt sind höchstens 1.000. Bitte verkleinern Sie das Bild."
    ]


@pytest.mark.django_db(transaction=True)
def test_stored_file_goes_only_when_the_change_commits(tmp_path):
    from django.core.files.storage import FileSystemStorage
    from django.db import transaction
    from django.db.models.fields.files import FieldFile

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("foto.png", io.BytesIO(image_bytes("PNG")))

    class Field:  # what a FieldFile needs from its model field
        def __init__(self):
            self.storage = storage

    field_file = FieldFile(None, Field(), name)
    with pytest.raises(RuntimeError), transaction.atomic():
        uploads.delete_after_commit(field_file)
        raise RuntimeError("the change fails")
    assert storage.exists(name)  # rolled back: the file its row names is still there
    with transaction.atomic():
        uploads.delete_after_commit(field_file)
    assert not storage.exists(name)
    uploads.delete_after_commit(FieldFile(None, Field(), ""))  # no file: nothing to do


# --- decompression bombs: refused from their headers, before anything is unpacked -------------------


@pytest.fixture
def decoded_frames(monkeypatch):
    """Records every image decode (Pillow's ImageFile.load, WebP's own load) while a test runs."""
    from PIL import ImageFile, WebPImagePlugin

    calls: list[str] = []
    for cls in (ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        original = cls.load

        def spy(self, _original=original):
            calls.append(self.format)
            return _original(self)

        monkeypatch.setattr(cls, "load", spy)
    return calls


def test_animated_png_bomb_is_refused_without_decoding_a_frame(decoded_frames):
    """39 KB declaring 60 frames of 6000 × 6000 pixels: re-saving it took 14.7 s and 3.1 GB."""
    apng = bombs.png(6000, 6000, frames=60)
    assert len(apng) < 50_000
    expected = (
        "„idee.png“ ist eine Animation aus 60 Einzelbildern zu je 6.000 × 6.000 Bildpunkten, zusammen "
        "2.160.000.000 – erlaubt sind höchstens 40.000.000 Bildpunkte für alle Einzelbilder zusammen. "
        "Bitte laden Sie ein einzelnes Bild oder eine kleinere Animation hoch."
    )
    with pytest.raises(ValidationError) as exc:
        check("idee.png", apng, allowed=IMAGES, field="image")
    assert exc.value.message_dict["image"] == [expected]
    # stored_bytes (which re-saves every frame) refuses it on its own, too
    with pytest.raises(ValidationError) as exc:
        uploads.stored_bytes(SimpleUploadedFile("idee.png", apng), uploads.PNG)
    assert exc.value.messages == [expected]
    assert decoded_frames == []


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animation_counts_the_pixels_of_all_its_frames(monkeypatch, decoded_frames, fmt):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1_000)
    ext = fmt.lower()
    three = bombs.animated(fmt, (20, 20), 3)  # 3 × 400 = 1,200 pixels
    with pytest.raises(ValidationError) as exc:
        check(f"bewegt.{ext}", three, allowed=IMAGES)
    assert message(exc).startswith(
        f"„bewegt.{ext}“ ist eine Animation aus 3 Einzelbildern zu je 20 × 20 Bildpunkten, zusammen 1.200 – "
        "erlaubt sind höchstens 1.000 Bildpunkte"
    )
    assert decoded_frames == []
    two = bombs.animated(fmt, (20, 20), 2)  # 800 pixels: a small animation stays an animation
    upload = SimpleUploadedFile(f"bewegt.{ext}", two)
    file_type, _ = check_upload(upload, allowed=IMAGES, max_bytes=10**6, field="file")
    with Image.open(io.BytesIO(uploads.stored_bytes(upload, file_type))) as stored:
        assert stored.format == fmt and stored.n_frames == 2


def test_a_jpeg_with_several_pictures_counts_each_at_its_own_size(monkeypatch, decoded_frames):
    """Some phones store a second picture in the JPEG (MPO); it may be larger than the first."""
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1_000)
    with pytest.raises(ValidationError) as exc:
        check("foto.jpg", bombs.mpo([(20, 20), (30, 30)]), allowed=IMAGES)  # 400 + 900 pixels
    assert message(exc) == (
        "„foto.jpg“ enthält 2 Einzelbilder mit zusammen mehr als 1.000 Bildpunkten – erlaubt sind höchstens "
        "1.000. Bitte laden Sie ein einzelnes Bild hoch."
    )
    assert decoded_frames == []
    assert check("foto.jpg", bombs.mpo([(20, 20), (10, 10)]), allowed=IMAGES)[0] == uploads.JPEG


def test_a_400_megapixel_png_gets_the_pixel_limit_message():
    """Pillow itself refuses to open it (DecompressionBombError); that is no broken file."""
    huge = bombs.png(20_000, 20_000)
    assert len(huge) < 100_000
    with pytest.raises(ValidationError) as exc:
        check("luftbild.png", huge, allowed=IMAGES)
    assert message(exc) == (
        "„luftbild.png“ hat 400.000.000 Bildpunkte – erlaubt sind höchstens 40.000.000. Bitte verkleinern Sie das Bild."
    )
    with pytest.raises(ValidationError) as exc:
        uploads.stored_bytes(SimpleUploadedFile("luftbild.png", huge), uploads.PNG)
    assert "hat 400.000.000 Bildpunkte" in exc.value.messages[0]


@pytest.fixture
def unpacked_parts(monkeypatch):
    """Records every part of a ZIP archive that is opened for reading while a test runs."""
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self, name, mode="r", *args, **kwargs):
        if mode == "r":  # building a test file writes parts; only reading them counts
            opened.append(getattr(name, "filename", name))
        return original(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return opened


def test_office_package_packed_over_500_to_1_is_refused_unopened(unpacked_parts):
    bomb = bombs.zip_bomb("odt", 50 * 1024 * 1024)  # 50 MB of spaces in 51 KB
    assert len(bomb) < 60_000
    with pytest.raises(ValidationError) as exc:
        check("protokoll.odt", bomb)
    assert message(exc).startswith(
        "„protokoll.odt“ ist ungewöhnlich stark gepackt: der Teil „content.xml“ wäre entpackt "
    )
    assert message(exc).endswith(
        "-mal so groß – erlaubt ist höchstens das 500-Fache. Bitte prüfen Sie die Datei."
    )
    assert unpacked_parts == []


def test_office_package_unpacking_to_too_much_is_refused(monkeypatch, unpacked_parts):
    monkeypatch.setattr(uploads, "MAX_PACKING_RATIO", 10_000)  # only the sum is in question here
    with pytest.raises(ValidationError) as exc:
        check("bericht.docx", bombs.zip_bomb("docx", 300 * 1024 * 1024))
    assert message(exc) == (
        "„bericht.docx“ wäre entpackt 300 MB groß – erlaubt sind höchstens 256 MB. Bitte prüfen Sie die Datei "
        "oder teilen Sie sie auf."
    )
    assert unpacked_parts == []


def test_real_office_files_pass_the_package_check():
    """Written as Excel and Word programs write them, with repetitive content: no false alarm."""
    from docx import Document
    from openpyxl import Workbook

    workbook = Workbook()
    for i in range(20_000):
        workbook.active.append(["Altstadt", 1950 + i % 60, "w", None, "Stelle"])
    spreadsheet = io.BytesIO()
    workbook.save(spreadsheet)
    document = Document()
    for _ in range(2_000):
        document.add_paragraph("Die Gemeinde lädt alle Bürgerinnen und Bürger zur Einwohnerversammlung ein.")
    text = io.BytesIO()
    document.save(text)
    assert check("liste.xlsx", spreadsheet.getvalue())[0] == uploads.XLSX
    assert check("einladung.docx", text.getvalue())[0] == uploads.DOCX
