"""Uploads of the participation part go through core.uploads.check_upload: the idea image (JPEG, PNG,
WebP, 5 MB) and the Bürgerrat pool (CSV, UTF-8, 2 MB). A right file is stored (or read) under its safe
name; wrong type, renamed content, empty and oversized files are refused with a German message at the
form field (status 422) and change nothing – neither the database nor the storage. Idea images are
served by the app with the type their content has."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.core.tests import bombs
from leuchtfeuer.participation import services
from leuchtfeuer.participation.models import Idea, PoolMember

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def image_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


# A PDF as real ones are: binary stream bytes (with NULs) after the header.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 8 >>\nstream\n\x00\x01\x02\x03\x00\xff\x10\x00\nendstream\n%%EOF\n"


def url(name, project, *args):
    return reverse(f"participation:{name}", args=[project.municipality.slug, project.slug, *args])


# --- idea image -----------------------------------------------------------------------------------


def post_idea(client, project, upload, alt="Eine rote Bank am Markt"):
    data = {"title": "Bank am Markt", "text": "Eine Bank zum Ausruhen.", "image_alt": alt, "image": upload}
    return client.post(url("idea-create", project), data)


def test_idea_image_stored_under_safe_name_and_served_with_its_type(client, make_project, resident, media):
    project = make_project(running="ideas")
    client.force_login(resident)
    response = post_idea(
        client, project, SimpleUploadedFile("../Schöne Bank (Entwurf).v2.PNG", image_bytes())
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.image.name == "beteiligung/ideen/Schoene-Bank-Entwurf-v2.png"
    assert stored_files(media) == ["beteiligung/ideen/Schoene-Bank-Entwurf-v2.png"]
    assert (
        "Bild Schoene-Bank-Entwurf-v2.png"
        in AuditEntry.objects.get(action="participation.idea_submit").summary
    )
    page = client.get(url("idea-detail", project, idea.pk)).content.decode()
    assert url("idea-image", project, idea.pk) in page
    client.logout()
    served = client.get(url("idea-image", project, idea.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == image_bytes()


def test_idea_jpeg_with_jpeg_extension_keeps_jpg(make_project, resident):
    upload = SimpleUploadedFile("foto.jpeg", image_bytes("JPEG"))
    idea = services.idea_submit(
        actor=resident, project=make_project(), title="x", text="y", image=upload, image_alt="Foto"
    )
    assert idea.image.name == "beteiligung/ideen/foto.jpg"


REFUSED_IMAGES = [
    ("bank.gif", b"GIF89a" + b"\x00" * 40, "„bank.gif“: Dateien vom Typ „.gif“ sind hier nicht erlaubt – erlaubt sind nur JPEG, PNG oder WebP."),
    ("bank.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Dateien vom Typ „.svg“ sind hier nicht erlaubt"),
    ("plan.png", PDF, "„plan.png“ ist keine gültige PNG-Datei: der Inhalt passt nicht zur Endung „.png“ (beschädigt oder umbenannt?)."),
    ("kaputt.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "„kaputt.png“ lässt sich nicht als PNG-Bild lesen (beschädigt?)."),
    ("leer.png", b"", "„leer.png“ ist leer."),
    ("riesig.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "„riesig.png“ ist 5 MB groß – erlaubt sind höchstens 5 MB."),
    # 39 KB, 60 frames of 6000 × 6000: re-saving it took 14.7 s and 3.1 GB (issue 13)
    ("bewegt.png", bombs.png(6000, 6000, frames=60), "„bewegt.png“ ist eine Animation aus 60 Einzelbildern zu je 6.000 × 6.000 Bildpunkten"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), REFUSED_IMAGES)
def test_idea_image_refused_changes_nothing(client, make_project, resident, media, name, content, message):
    project = make_project(running="ideas")
    client.force_login(resident)
    audits = AuditEntry.objects.count()
    response = post_idea(client, project, SimpleUploadedFile(name, content))
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert "Bild (freiwillig, höchstens 5 MB):" in page  # the error summary names the field
    assert Idea.objects.count() == 0 and AuditEntry.objects.count() == audits
    assert stored_files(media) == []


def test_idea_image_refused_in_service_before_alt_text(make_project, resident, media):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.idea_submit(
            actor=resident,
            project=make_project(),
            title="x",
            text="y",
            image=SimpleUploadedFile("a.pdf", PDF),
        )
    assert list(exc.value.message_dict) == ["image"]
    assert Idea.objects.count() == 0 and stored_files(media) == []


def test_idea_image_of_hidden_idea_only_for_author_and_moderators(client, make_project, resident, team):
    project = make_project()
    idea = services.idea_submit(
        actor=resident,
        project=project,
        title="Werbung",
        text="…",
        image=SimpleUploadedFile("werbung.png", image_bytes()),
        image_alt="Ein Plakat",
    )
    services.content_moderate(actor=team, idea=idea, hide=True, reason="Werbung für ein Geschäft")
    assert client.get(url("idea-image", project, idea.pk)).status_code == 404
    client.force_login(resident)
    assert client.get(url("idea-image", project, idea.pk)).status_code == 200


def test_stored_image_served_with_the_type_of_its_content(client, make_project, resident):
    """Images stored before the check kept the user's name: the content decides the type, and
    content that is no image is not served at all."""
    project = make_project()
    jpeg = Idea(project=project, author=resident, title="Alt", text="…", image_alt="Foto")
    jpeg.image.save("heisst-png.png", ContentFile(image_bytes("JPEG")), save=True)
    served = client.get(url("idea-image", project, jpeg.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    html = Idea(project=project, author=resident, title="Alt2", text="…", image_alt="Bild")
    html.image.save("bild.png", ContentFile(b"<html><script>alert(1)</script></html>"), save=True)
    assert client.get(url("idea-image", project, html.pk)).status_code == 404
    assert (
        client.get(
            url("idea-image", project, Idea.objects.create(project=project, title="o", text="o").pk)
        ).status_code
        == 404
    )


# --- Bürgerrat pool -------------------------------------------------------------------------------

POOL = "\n".join(
    ["Kennung;Alter;Geschlecht"]
    + [f"R{i:02d};{20 + (i * 7) % 60};{'w' if i % 2 else 'm'}" for i in range(30)]
)


@pytest.fixture
def assembly(coordinator, municipality):
    assembly = services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Mobilität",
        slug="mobilitaet",
        summary="Zwölf Menschen beraten.",
        panel_size=6,
    )
    quotas = {"Alter": {"16-39": [2, 3], "40+": [3, 4]}, "Geschlecht": {"w": [3, 3], "m": [3, 3]}}
    services.assembly_set_quotas(actor=coordinator, assembly=assembly, quotas=quotas)
    return assembly


def post_pool(client, assembly, upload, consent=True):
    address = reverse("participation:manage-assembly-pool", args=[assembly.municipality.slug, assembly.slug])
    data = {"file": upload} if upload is not None else {}
    return client.post(address, data | ({"consent_confirmed": "on"} if consent else {}))


def test_pool_upload_read_and_audited_with_safe_name(staff_client, coordinator, assembly, media):
    client = staff_client(coordinator)
    response = post_pool(
        client, assembly, SimpleUploadedFile("Pool 2026 (final).CSV", ("\ufeff" + POOL).encode())
    )
    assert response.status_code == 302
    assert PoolMember.objects.filter(assembly=assembly).count() == 30
    entry = AuditEntry.objects.get(action="participation.pool_import")
    assert entry.summary == "Pool mit 30 Personen eingelesen aus „Pool-2026-final.csv“"
    assert stored_files(media) == []  # the pool is read, not kept as a file


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


REFUSED_POOLS = [
    ("pool.xlsx", xlsx_bytes(), "„pool.xlsx“: Dateien vom Typ „.xlsx“ sind hier nicht erlaubt – erlaubt sind nur CSV."),
    ("pool.pdf", PDF, "„pool.pdf“: Dateien vom Typ „.pdf“ sind hier nicht erlaubt – erlaubt sind nur CSV."),
    ("pool.csv", xlsx_bytes(), "„pool.csv“ ist keine gültige CSV-Datei: der Inhalt passt nicht zur Endung „.csv“ (beschädigt oder umbenannt?)."),
    ("liste.csv", PDF, "„liste.csv“ ist keine gültige CSV-Datei"),
    ("leer.csv", b"", "„leer.csv“ ist leer."),
    ("gross.csv", POOL.encode() + b"\n" + b"R;30;w\n" * (2 * 1024 * 1024 // 7), "„gross.csv“ ist 2 MB groß – erlaubt sind höchstens 2 MB."),
    ("ansi.csv", POOL.replace("Kennung", "Kennung;Straße").encode("cp1252"), "„ansi.csv“ ist nicht UTF-8-kodiert. Bitte speichern Sie die Tabelle als „CSV UTF-8“"),
    # an unclosed quote makes the rest of the file one field, over the csv module's limit (was a 500)
    ("quote.csv", (POOL + '\nR99;"30;w\n' + "R;30;w\n" * 40_000).encode(), "Pool-Datei, Zeile 32: Ein Feld ist länger als 131.072 Zeichen – fehlt ein schließendes Anführungszeichen?"),
    (None, None, "Bitte wählen Sie die CSV-Datei mit dem Pool aus."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), REFUSED_POOLS)
def test_pool_upload_refused_keeps_the_old_pool(
    staff_client, coordinator, assembly, media, name, content, message
):
    services.pool_import(actor=coordinator, assembly=assembly, text=POOL, consent_confirmed=True)
    before = list(PoolMember.objects.order_by("pk").values_list("pk", "key"))
    audits = AuditEntry.objects.count()
    client = staff_client(coordinator)
    upload = SimpleUploadedFile(name, content) if name else None
    response = post_pool(client, assembly, upload)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page and "Pool als CSV-Datei (UTF-8):" in page
    assert "Bürgerrat Mobilität" in page  # the management page itself, with the error at the field
    assert list(PoolMember.objects.order_by("pk").values_list("pk", "key")) == before
    assert AuditEntry.objects.count() == audits and stored_files(media) == []


def test_pool_upload_rule_errors_shown_on_the_page(staff_client, coordinator, assembly):
    client = staff_client(coordinator)
    response = post_pool(client, assembly, SimpleUploadedFile("pool.csv", POOL.encode()), consent=False)
    assert response.status_code == 422 and "Bitte bestätigen Sie" in response.content.decode()
    bad = SimpleUploadedFile("pool.csv", b"Kennung;Alter;Geschlecht\nX;30;q\n")
    response = post_pool(client, assembly, bad)
    assert response.status_code == 422 and "Zeile 2, Spalte Geschlecht" in response.content.decode()
    assert PoolMember.objects.count() == 0


def test_pool_upload_needs_the_right_to_manage(client, role_user, municipality, assembly, staff_client):
    from leuchtfeuer.accounts.models import Role

    mentor = staff_client(role_user(Role.MENTORING, municipality))
    response = post_pool(mentor, assembly, SimpleUploadedFile("pool.csv", POOL.encode()))
    assert response.status_code in (403, 404) and PoolMember.objects.count() == 0


def test_idea_photo_is_stored_without_the_residents_gps_position(make_project, resident):
    """A phone photo carries where and by whom it was taken; the platform stores the picture only."""
    exif = Image.Exif()
    exif[0x013B] = "Rita Rüstig"
    exif[0x8825] = {1: "N", 2: (53.0, 44.0, 12.0), 3: "E", 4: (12.0, 46.0, 3.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (20, 120, 40)).save(buffer, format="JPEG", exif=exif.tobytes())
    idea = services.idea_submit(
        actor=resident, project=make_project(), title="Bank", text="am Markt",
        image=SimpleUploadedFile("handyfoto.jpg", buffer.getvalue()), image_alt="Grüne Bank",
    )  # fmt: skip
    with idea.image.open("rb") as handle, Image.open(handle) as stored:
        assert dict(stored.getexif()) == {} and stored.size == (30, 20)
