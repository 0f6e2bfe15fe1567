"""Services: editorial workflow with versions, uploads, network and events."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.knowledge import services
from leuchtfeuer.knowledge.examples import services as example_services
from leuchtfeuer.knowledge.models import (
    Document,
    Event,
    EventRegistration,
    Example,
    ExampleComment,
    ExampleImage,
    ExampleVersion,
    HospitationRequest,
    NetworkContact,
    Tandem,
)


def draft(actor, municipality, **data):
    return services.example_create(
        actor=actor,
        municipality=municipality,
        data={
            "title": "Rückkehrtag",
            "summary": "Ein Tag für Rückkehrende.",
            "description": "Am 2. Weihnachtstag.",
            **data,
        },
        terms={"handlungsfeld": ["rueckkehr"], "zielgruppe": ["junge-familie"]},
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


# --- workflow ---------------------------------------------------------------------------------


def test_coordinator_submits_office_publishes_with_versions_comments_and_mails(
    coordinator_user, municipality, office, django_capture_on_commit_callbacks
):
    example = draft(coordinator_user, municipality)
    assert (example.state, example.version, example.region_id) == ("entwurf", 1, municipality.region_id)

    services.example_update(actor=coordinator_user, example=example, data={"summary": "Neu formuliert."})
    with django_capture_on_commit_callbacks(execute=True):
        services.example_submit(actor=coordinator_user, example=example)
    assert [m.to for m in mail.outbox] == [[office.email]]

    with pytest.raises(PermissionDenied):  # locked for the town while in review
        services.example_update(actor=coordinator_user, example=example, data={"summary": "Noch mal."})

    with django_capture_on_commit_callbacks(execute=True):
        services.example_request_changes(actor=office, example=example, body="Bitte die Quelle ergänzen.")
    assert mail.outbox[-1].to == [coordinator_user.email]
    assert "Bitte die Quelle ergänzen." in mail.outbox[-1].body

    services.example_update(actor=coordinator_user, example=example, data={"source": "Ratsbeschluss 2024"})
    services.example_submit(actor=coordinator_user, example=example)
    with django_capture_on_commit_callbacks(execute=True):
        services.example_publish(actor=office, example=example, body="Danke!")
    example.refresh_from_db()
    assert example.state == "veroeffentlicht" and example.published_at is not None
    assert example.version == 3
    assert list(ExampleVersion.objects.filter(example=example).values_list("number", flat=True)) == [3, 2, 1]
    assert ExampleVersion.objects.get(example=example, number=2).data["summary"] == "Neu formuliert."
    assert list(ExampleComment.objects.filter(example=example).values_list("kind", flat=True)) == [
        "eingereicht", "ueberarbeiten", "eingereicht", "veroeffentlicht",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(target_id=str(example.pk), action="example.publish").count() == 1


def test_rejection_needs_a_reason_and_changes_nothing_without(coordinator_user, municipality, office):
    example = draft(coordinator_user, municipality)
    services.example_submit(actor=coordinator_user, example=example)
    with pytest.raises(ValidationError) as err:
        services.example_reject(actor=office, example=example, body="  ")
    assert "begründen" in str(err.value)
    assert Example.objects.get(pk=example.pk).state == "eingereicht"
    services.example_reject(actor=office, example=example, body="Kein Bezug zur Kommune.")
    assert Example.objects.get(pk=example.pk).state == "abgelehnt"


def test_town_cannot_publish_and_other_town_cannot_edit(
    coordinator_user, municipality, role_user, other_municipality
):
    example = draft(coordinator_user, municipality)
    services.example_submit(actor=coordinator_user, example=example)
    with pytest.raises(PermissionDenied):
        services.example_publish(actor=coordinator_user, example=example)
    stranger = role_user(Role.KOORDINATION, other_municipality)
    with pytest.raises(PermissionDenied):
        services.example_comment(actor=stranger, example=example, body="Hallo")
    with pytest.raises(PermissionDenied):
        draft(stranger, municipality)


def test_a_draft_cannot_be_published_by_skipping_the_review(coordinator_user, municipality, office):
    example = draft(coordinator_user, municipality)
    with pytest.raises(ValidationError):
        services.example_publish(actor=office, example=example)


def test_validation_messages_say_what_and_where(coordinator_user, municipality):
    with pytest.raises(ValidationError) as err:
        draft(coordinator_user, municipality, title="")
    assert err.value.message_dict == {"title": ["Bitte füllen Sie das Feld „Titel“ aus."]}
    with pytest.raises(ValidationError) as err:
        draft(coordinator_user, municipality, period_start=2020, period_end=2019)
    assert "period_end" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        draft(coordinator_user, municipality, links="keine-adresse")
    assert "Link 1" in err.value.message_dict["links"][0]
    with pytest.raises(ValidationError) as err:
        services.example_create(
            actor=coordinator_user, municipality=municipality,
            data={"title": "x", "summary": "x", "description": "x"}, terms={"handlungsfeld": ["erfunden"]},
        )  # fmt: skip
    assert "erfunden" in err.value.message_dict["handlungsfeld"][0]
    assert not Example.objects.exists()


def test_contact_is_published_only_with_consent(coordinator_user, municipality):
    with pytest.raises(ValidationError) as err:
        draft(coordinator_user, municipality, contact_name="Eva", contact_email="eva@example.org")
    assert "Einwilligung" in err.value.message_dict["contact_consent"][0]
    example = services.example_create(
        actor=coordinator_user, municipality=municipality, contact_consent=True,
        data={"title": "x", "summary": "x", "description": "x", "contact_email": "eva@example.org"},
    )  # fmt: skip
    assert example.contact_consent_at is not None
    with pytest.raises(IntegrityError), transaction.atomic():  # the database insists, too
        Example.objects.filter(pk=example.pk).update(contact_consent_at=None)


# --- uploads ----------------------------------------------------------------------------------


def test_image_needs_alt_text_and_real_image_content(coordinator_user, municipality):
    example = draft(coordinator_user, municipality)
    good = SimpleUploadedFile("../../Fest am Markt (1).PNG", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError) as err:
        services.example_image_add(actor=coordinator_user, example=example, upload=good, alt_text="  ")
    assert "Alternativtext" in err.value.message_dict["alt_text"][0]
    fake = SimpleUploadedFile("bild.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as err:
        services.example_image_add(actor=coordinator_user, example=example, upload=fake, alt_text="Markt")
    assert "passt nicht zur Endung" in err.value.message_dict["file"][0]
    svg = SimpleUploadedFile("bild.svg", b"<svg/>", content_type="image/svg+xml")
    with pytest.raises(ValidationError) as err:
        services.example_image_add(actor=coordinator_user, example=example, upload=svg, alt_text="Markt")
    assert "nicht erlaubt" in err.value.message_dict["file"][0]
    assert not ExampleImage.objects.exists()

    good.seek(0)
    image = services.example_image_add(
        actor=coordinator_user, example=example, upload=good, alt_text="Stadtfest auf dem Markt"
    )
    assert image.file.name.endswith("/Fest-am-Markt-1.png")
    assert image.content_type == "image/png"


def test_image_size_limit(coordinator_user, municipality, monkeypatch):
    monkeypatch.setattr(example_services, "IMAGE_MAX_BYTES", 10)
    example = draft(coordinator_user, municipality)
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError) as err:
        services.example_image_add(actor=coordinator_user, example=example, upload=upload, alt_text="x")
    assert "höchstens" in err.value.message_dict["file"][0]


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_document_upload_checks_and_download_count(office, coordinator_user):
    upload = SimpleUploadedFile("Vorlage Rückkehr.docx", docx_bytes())
    with pytest.raises(PermissionDenied):
        services.document_upload(
            actor=coordinator_user, upload=upload, title="x", kind="checkliste", description="x"
        )
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError) as err:
        services.document_upload(actor=office, upload=exe, title="Tool", kind="sonstiges", description="x")
    assert "„.exe“" in err.value.message_dict["file"][0]
    renamed = SimpleUploadedFile("liste.pdf", docx_bytes())
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=office, upload=renamed, title="Liste", kind="checkliste", description="x"
        )
    zip_not_docx = SimpleUploadedFile("liste.docx", b"PK\x03\x04 nothing")
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=office, upload=zip_not_docx, title="Liste", kind="checkliste", description="x"
        )
    assert not Document.objects.exists()

    document = services.document_upload(
        actor=office, upload=upload, title="Vorlage Rückkehr", kind="checkliste", description="Zum Abhaken."
    )
    assert document.file_name == "Vorlage-Rueckkehr.docx"
    services.document_count_download(document=document)
    services.document_count_download(document=document)
    document.refresh_from_db()
    assert document.download_count == 2


def test_documents_of_an_older_template_version_are_renewed(db):
    from leuchtfeuer.knowledge.loader import TEMPLATE_VERSION, load_documents

    load_documents()
    old = Document.objects.get(slug="erhebungsbogen-rueckkehrende")
    Document.objects.filter(pk=old.pk).update(
        file="knowledge/documents/v0/alt.docx", source="seeds/000_b23d8ffcce1f7b06.txt (alt)"
    )
    assert load_documents() == 0  # nothing new, but the old one renewed
    old.refresh_from_db()
    assert old.file.name.startswith(f"knowledge/documents/{TEMPLATE_VERSION}/")
    assert "seeds/" not in old.source and old.source.startswith("Starke Orte Netzwerk")
    assert old.size == len(old.file.read())


def test_seed_documents_are_real_office_files(db):
    from leuchtfeuer.knowledge.loader import load_documents

    assert load_documents() == 4
    assert load_documents() == 0  # idempotent
    for document in Document.objects.all():
        data = document.file.read()
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        assert document.size == len(data)
    from docx import Document as Docx

    survey = Document.objects.get(slug="erhebungsbogen-rueckkehrende")
    text = "\n".join(p.text for p in Docx(survey.file.open("rb")).paragraphs)
    assert (
        "Kita-Platz" in text
        and "Einwilligung" in text
        and "Starke Orte Netzwerk" in text
        and "seeds/" not in text
    )


# --- network ----------------------------------------------------------------------------------


def test_hospitation_request_accept_and_mails(
    role_user, municipality, other_municipality, django_capture_on_commit_callbacks
):
    guest = role_user(Role.KOORDINATION, municipality)
    host = role_user(Role.KOORDINATION, other_municipality)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.hospitation_request(
            actor=guest, guest=municipality, host=other_municipality, topic="Rückkehrertage",
            message="Wir möchten sehen, wie Sie Rückkehrertage organisieren.",
        )  # fmt: skip
    assert {tuple(m.to) for m in mail.outbox} == {(host.email,), (guest.email,)}
    with pytest.raises(PermissionDenied):  # only the host answers
        services.hospitation_accept(actor=guest, request=request, dates=["2099-05-01"])
    with pytest.raises(ValidationError) as err:
        services.hospitation_accept(actor=host, request=request, dates=["2000-01-01"])
    assert "nicht in der Zukunft" in err.value.message_dict["dates"][0]
    with pytest.raises(ValidationError):
        services.hospitation_accept(actor=host, request=request, dates=["morgen"])
    mail.outbox.clear()
    future = timezone.localdate() + dt.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.hospitation_accept(
            actor=host, request=request, dates=[future.isoformat(), None], message="Gern!"
        )
    request.refresh_from_db()
    assert request.state == "angenommen" and request.proposed_dates == [future.isoformat()]
    recipients = {address for m in mail.outbox for address in m.to}
    assert recipients == {guest.email, host.email}
    assert f"{future:%d.%m.%Y}" in mail.outbox[0].body


def test_hospitation_validation(role_user, municipality, other_municipality):
    guest = role_user(Role.TEAM, municipality)
    with pytest.raises(ValidationError):
        services.hospitation_request(
            actor=guest, guest=municipality, host=municipality, topic="x", message="x" * 30
        )
    services.hospitation_request(
        actor=guest, guest=municipality, host=other_municipality, topic="x", message="x" * 30
    )
    with pytest.raises(ValidationError) as err:
        services.hospitation_request(
            actor=guest, guest=municipality, host=other_municipality, topic="y", message="y" * 30
        )
    assert "offene Anfrage" in err.value.message_dict["host"][0]
    assert HospitationRequest.objects.count() == 1


def test_tandem_proposed_by_town_confirmed_by_office(role_user, municipality, other_municipality, office):
    coordinator = role_user(Role.KOORDINATION, municipality)
    tandem = services.tandem_propose(actor=coordinator, mentor=other_municipality, mentee=municipality)
    assert tandem.state == "vorgeschlagen" and tandem.explanation
    with pytest.raises(ValidationError):
        services.tandem_propose(actor=coordinator, mentor=other_municipality, mentee=municipality)
    with pytest.raises(PermissionDenied):
        services.tandem_confirm(actor=coordinator, tandem=tandem)
    services.tandem_confirm(actor=office, tandem=tandem)
    assert Tandem.objects.get(pk=tandem.pk).state == "bestaetigt"
    with pytest.raises(ValidationError):
        services.tandem_decline(actor=office, tandem=tandem)


def test_contact_only_by_own_consent(role_user, municipality):
    person = role_user(Role.TEAM, municipality)
    services.network_contact_opt_in(actor=person, municipality=municipality, function="Stabsstelle")
    assert NetworkContact.objects.get(user=person).function == "Stabsstelle"
    services.network_contact_opt_out(actor=person, municipality=municipality)
    assert not NetworkContact.objects.exists()


# --- events -----------------------------------------------------------------------------------


@pytest.fixture
def event(office):
    start = timezone.now() + dt.timedelta(days=7)
    return services.event_create(
        actor=office, title="Praxiswerkstatt", kind="praxiswerkstatt", description="x",
        starts_at=start, ends_at=start + dt.timedelta(hours=2), location="Malchin", capacity=2,
    )  # fmt: skip


def test_event_capacity_and_one_registration_per_person(
    event, user_factory, django_capture_on_commit_callbacks
):
    a, b, c = user_factory(), user_factory(), user_factory()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_register(actor=a, event=event)
    assert mail.outbox[-1].to == [a.email]
    with pytest.raises(ValidationError) as err:
        services.event_register(actor=a, event=event)
    assert "bereits angemeldet" in err.value.messages[0]
    services.event_register(actor=b, event=event)
    with pytest.raises(ValidationError) as err:
        services.event_register(actor=c, event=event)
    assert "ausgebucht" in err.value.messages[0]
    event.refresh_from_db()
    assert (event.seats_taken, EventRegistration.objects.filter(event=event).count()) == (2, 2)
    services.event_cancel(actor=a, event=event)
    services.event_register(actor=c, event=event)
    event.refresh_from_db()
    assert event.seats_taken == 2


def test_the_database_refuses_overbooking_and_double_registration(event, user_factory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=3)
    user = user_factory()
    EventRegistration.objects.create(event=event, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventRegistration.objects.create(event=event, user=user)


def test_event_validation(office):
    start = timezone.now()
    with pytest.raises(ValidationError) as err:
        services.event_create(
            actor=office, title="x", kind="praxiswerkstatt", description="", starts_at=start, ends_at=start,
            location="online", capacity=0,
        )  # fmt: skip
    assert "capacity" in err.value.message_dict
