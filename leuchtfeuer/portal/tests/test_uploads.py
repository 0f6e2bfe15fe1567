"""Portal images go through core.uploads.check_upload: the Lots:in's contact photo and a story's image
(JPEG, PNG, WebP, 5 MB). A right file is stored under its safe name and served with the type its
content has; wrong type, renamed content, empty and oversized files are refused with a German message
at the form field (status 422) and change nothing – neither the database nor the storage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.portal.models import Portal, Story

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def image_bytes(fmt: str = "PNG", colour=(20, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), colour).save(buffer, format=fmt)
    return buffer.getvalue()


# A PDF as real ones are: binary stream bytes (with NULs) after the header.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 8 >>\nstream\n\x00\x01\x02\x03\x00\xff\x10\x00\nendstream\n%%EOF\n"

REFUSED = [
    ("foto.gif", b"GIF89a" + b"\x00" * 40, "„foto.gif“: Dateien vom Typ „.gif“ sind hier nicht erlaubt – erlaubt sind nur JPEG, PNG oder WebP."),
    ("foto.html", b"<html><script>alert(1)</script></html>", "Dateien vom Typ „.html“ sind hier nicht erlaubt"),
    ("lebenslauf.png", PDF, "„lebenslauf.png“ ist keine gültige PNG-Datei: der Inhalt passt nicht zur Endung „.png“ (beschädigt oder umbenannt?)."),
    ("foto.jpg", image_bytes("PNG"), "„foto.jpg“ ist keine gültige JPEG-Datei"),
    ("kaputt.png", image_bytes("PNG")[:30], "„kaputt.png“ lässt sich nicht als PNG-Bild lesen (beschädigt?)."),
    ("leer.png", b"", "„leer.png“ ist leer."),
    ("riesig.jpg", b"\xff\xd8\xff\xe0" + b"0" * (5 * 1024 * 1024), "„riesig.jpg“ ist 5 MB groß – erlaubt sind höchstens 5 MB."),
]  # fmt: skip


# --- contact photo --------------------------------------------------------------------------------


def portal_address(municipality):
    return f"/kommunen/{municipality.slug}/lotse/portal/"


def portal_data(photo, alt="Lotte lacht in die Kamera"):
    return {
        "title": "Ankommen hier",
        "contact_name": "Lotte",
        "is_published": "on",
        "contact_photo_alt": alt,
    } | ({"contact_photo": photo} if photo is not None else {})


def test_contact_photo_stored_under_safe_name_and_served_with_its_type(
    staff_client, lotse, municipality, client, media
):
    staff = staff_client(lotse)
    upload = SimpleUploadedFile(
        "C:\\Bilder\\Lotte Müller (2026).PNG", image_bytes(), content_type="image/gif"
    )
    response = staff.post(portal_address(municipality), portal_data(upload))
    assert response.status_code == 302
    portal = Portal.objects.get()
    assert portal.contact_photo.name == "portal/contact/Lotte-Mueller-2026.png"
    assert stored_files(media) == ["portal/contact/Lotte-Mueller-2026.png"]
    entry = AuditEntry.objects.get(action="portal.save")
    assert entry.changes["contact_photo"] == ["", "Lotte-Mueller-2026.png"]
    form = staff.get(portal_address(municipality)).content.decode()
    assert "Gespeichert ist „Lotte-Mueller-2026.png“; ein neues Bild ersetzt es." in form
    assert 'accept="image/jpeg,image/png,image/webp"' in form
    client.logout()
    served = client.get(f"/ankommen/{municipality.slug}/ansprechperson/foto")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"  # not the browser's image/gif
    assert b"".join(served.streaming_content) == image_bytes()


def test_new_contact_photo_replaces_the_old_file(
    staff_client, lotse, municipality, media, django_capture_on_commit_callbacks
):
    staff = staff_client(lotse)
    staff.post(portal_address(municipality), portal_data(SimpleUploadedFile("foto.png", image_bytes())))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            portal_address(municipality), portal_data(SimpleUploadedFile("neu.jpg", image_bytes("JPEG")))
        )
    assert response.status_code == 302
    assert Portal.objects.get().contact_photo.name == "portal/contact/neu.jpg"
    assert stored_files(media) == ["portal/contact/neu.jpg"]


def test_contact_photo_can_be_removed_file_included(
    staff_client, lotse, municipality, client, media, django_capture_on_commit_callbacks
):
    """The contact person's picture is personal data: the Lots:in can take it down, not only
    replace it; the file goes from the storage and the public page shows no picture."""
    staff = staff_client(lotse)
    assert "Gespeichertes Foto entfernen" not in staff.get(portal_address(municipality)).content.decode()
    staff.post(portal_address(municipality), portal_data(SimpleUploadedFile("foto.png", image_bytes())))
    assert "Gespeichertes Foto entfernen" in staff.get(portal_address(municipality)).content.decode()
    both = staff.post(
        portal_address(municipality),
        portal_data(SimpleUploadedFile("neu.png", image_bytes())) | {"remove_photo": "on"},
    )
    assert both.status_code == 422
    assert "entweder ein neues Foto wählen oder das Foto entfernen" in both.content.decode()
    assert stored_files(media) == ["portal/contact/foto.png"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            portal_address(municipality), portal_data(None, alt="") | {"remove_photo": "on"}
        )
    assert response.status_code == 302
    portal = Portal.objects.get()
    assert not portal.contact_photo and portal.contact_photo_alt == ""
    assert stored_files(media) == []
    entry = AuditEntry.objects.filter(action="portal.save").latest("pk")
    assert entry.changes["contact_photo"] == ["portal/contact/foto.png", ""]
    client.logout()
    assert client.get(f"/ankommen/{municipality.slug}/ansprechperson/foto").status_code == 404
    assert "ansprechperson/foto" not in client.get(f"/ankommen/{municipality.slug}/").content.decode()


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_contact_photo_refused_changes_nothing(
    staff_client, lotse, municipality, media, name, content, message
):
    staff = staff_client(lotse)
    staff.post(portal_address(municipality), portal_data(SimpleUploadedFile("alt.png", image_bytes())))
    before = Portal.objects.values().get()
    files, audits = stored_files(media), AuditEntry.objects.count()
    response = staff.post(
        portal_address(municipality),
        portal_data(SimpleUploadedFile(name, content)) | {"title": "Neuer Titel", "contact_name": "Lena"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page and "Foto: " in page  # at the field, named in the error summary
    assert Portal.objects.values().get() == before
    assert stored_files(media) == files and AuditEntry.objects.count() == audits


def test_first_contact_photo_refused_creates_no_portal(staff_client, lotse, municipality, media):
    response = staff_client(lotse).post(
        portal_address(municipality), portal_data(SimpleUploadedFile("foto.png", PDF))
    )
    assert response.status_code == 422 and "keine gültige PNG-Datei" in response.content.decode()
    assert not Portal.objects.exists() and stored_files(media) == []


# --- story image ----------------------------------------------------------------------------------


def story_data(image, alt="Anna vor ihrem Laden"):
    data = {
        "title": "Zurück nach Hause",
        "person_name": "Anna",
        "body": "Ich bin wieder da.",
        "image_alt": alt,
        "is_published": "on",
        "consent_evidence": "unterschrieben am 01.11.2026",
    }
    return data | ({"image": image} if image is not None else {})


def test_story_image_stored_under_safe_name_and_served_with_its_type(
    staff_client, lotse, municipality, portal, client, media
):
    staff = staff_client(lotse)
    response = staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/",
        story_data(SimpleUploadedFile("Anna & der Laden.webp", image_bytes("WEBP"))),
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.image.name == "portal/stories/Anna-der-Laden.webp"
    assert stored_files(media) == ["portal/stories/Anna-der-Laden.webp"]
    client.logout()
    served = client.get(reverse("portal:story-image", args=[municipality.slug, story.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"


def test_withdrawn_consent_removes_the_story_image_once_committed(
    staff_client, lotse, municipality, portal, media, django_capture_on_commit_callbacks
):
    staff = staff_client(lotse)
    staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/",
        story_data(SimpleUploadedFile("anna.png", image_bytes())),
    )
    story = Story.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/kommunen/{municipality.slug}/lotse/geschichten/{story.pk}/widerruf/")
    story.refresh_from_db()
    assert not story.image and not story.is_published
    assert stored_files(media) == []


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_story_image_refused_changes_nothing(
    staff_client, lotse, municipality, portal, media, name, content, message
):
    staff = staff_client(lotse)
    audits = AuditEntry.objects.count()
    response = staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/", story_data(SimpleUploadedFile(name, content))
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page and "Bild: " in page
    assert not Story.objects.exists() and AuditEntry.objects.count() == audits
    assert stored_files(media) == []


def test_story_edit_with_refused_image_keeps_the_story_and_its_image(
    staff_client, lotse, municipality, portal, media
):
    staff = staff_client(lotse)
    staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/",
        story_data(SimpleUploadedFile("anna.png", image_bytes())),
    )
    story = Story.objects.get()
    before, files = Story.objects.values().get(), stored_files(media)
    response = staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/{story.pk}/",
        story_data(SimpleUploadedFile("anna.jpg", PDF)) | {"title": "Anders"},
    )
    assert (
        response.status_code == 422 and "„anna.jpg“ ist keine gültige JPEG-Datei" in response.content.decode()
    )
    assert Story.objects.values().get() == before and stored_files(media) == files


def test_story_errors_are_reported_together(staff_client, lotse, municipality, portal):
    response = staff_client(lotse).post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/",
        story_data(SimpleUploadedFile("anna.png", b""), alt=""),
    )
    page = response.content.decode()
    assert (
        response.status_code == 422
        and "„anna.png“ ist leer." in page
        and "Bitte beschreiben Sie das Bild" in page
    )
    assert not Story.objects.exists()


def test_stored_images_served_with_the_type_of_their_content(client, municipality, portal):
    """Images stored before the check kept the name the user chose: the content decides the type,
    and stored content that is no image is not served at all."""
    portal.contact_photo.save("foto.png", ContentFile(image_bytes("JPEG")), save=False)
    portal.contact_photo_alt = "Foto"
    portal.save()
    served = client.get(f"/ankommen/{municipality.slug}/ansprechperson/foto")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    story = Story(municipality=municipality, title="T", person_name="P", body="B", is_fictional=True)
    story.image_alt, story.is_published = "Bild", True
    story.image.save("bild.png", ContentFile(b"<html><script>alert(1)</script></html>"), save=True)
    assert client.get(reverse("portal:story-image", args=[municipality.slug, story.pk])).status_code == 404
