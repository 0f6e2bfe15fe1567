"""The portal's public content, written by the town: the portal page, stories (Geschichten),
events (Veranstaltungen) and the welcome box (Willkommensbox).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.uploads import check_upload, delete_after_commit, stored_bytes
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import (
    Consent,
    Event,
    EventRegistration,
    Portal,
    Story,
    WelcomeBoxRequest,
)
from leuchtfeuer.portal.shared import (
    clean_email,
    consent_record,
    notify_lotsen,
    send_on_commit,
)
from leuchtfeuer.portal.uploads import IMAGE_MAX_BYTES, IMAGE_TYPES

# ---------------------------------------------------------------------------------------------
# Portal page
# ---------------------------------------------------------------------------------------------

PORTAL_FIELDS = (
    "title",
    "intro",
    "intro_en",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "contact_photo_alt",
    "is_published",
    "shared_living_note",
)


def _check_image(upload: UploadedFile | None, *, field: str) -> str:
    """The safe name of an uploaded image (JPEG, PNG or WebP up to 5 MB, checked by content);
    '' for no upload. Raises ValidationError for `field` naming the file."""
    if not upload:
        return ""
    _, name = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES, field=field)
    return name


def _replace_image(field_file: FieldFile, upload: UploadedFile, name: str) -> None:
    """Store a checked upload under its safe name, without its metadata (EXIF/GPS); the file it
    replaces goes once the change is committed."""
    delete_after_commit(field_file)
    field_file.save(name, ContentFile(stored_bytes(upload, IMAGE_TYPES[name.rsplit(".", 1)[-1]])), save=False)


@transaction.atomic
def portal_save(
    *,
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Portal:
    """Create or change the town's portal. `photo` replaces the contact photo; `remove_photo`
    deletes it (file included, once committed) — the contact person's picture is personal data."""
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in PORTAL_FIELDS if k in data}
    if not (data.get("title") or "").strip():
        raise ValidationError({"title": "Bitte geben Sie dem Portal einen Titel."})
    if photo and remove_photo:
        raise ValidationError(
            {"remove_photo": "Bitte entweder ein neues Foto wählen oder das Foto entfernen, nicht beides."}
        )
    photo_name = _check_image(photo, field="contact_photo")
    portal = Portal.objects.filter(municipality=municipality).first()
    has_photo = bool(photo) or (bool(portal and portal.contact_photo) and not remove_photo)
    if has_photo and not (data.get("contact_photo_alt") or "").strip():
        raise ValidationError(
            {
                "contact_photo_alt": "Bitte beschreiben Sie das Foto in einem Satz (für Menschen, die es nicht sehen)."
            }
        )
    if data.get("contact_email"):
        data["contact_email"] = clean_email(data["contact_email"], "contact_email")
    changes: dict[str, Any]
    if portal is None:
        portal = Portal(municipality=municipality)
        changes = {"neu": True}
    else:
        changes = field_changes(portal, data)
    for key, value in data.items():
        setattr(portal, key, value)
    if photo:
        changes["contact_photo"] = [portal.contact_photo.name or "", photo_name]
        _replace_image(portal.contact_photo, photo, photo_name)
    elif remove_photo and portal.contact_photo:
        changes["contact_photo"] = [portal.contact_photo.name, ""]
        delete_after_commit(portal.contact_photo)
        portal.contact_photo = ""
        portal.contact_photo_alt = ""
    portal.save()
    audit_record(
        actor=actor,
        action="portal.save",
        target=portal,
        municipality=municipality,
        summary=f"Portal „{portal.title}“ gespeichert",
        changes=changes,
    )
    return portal


# ---------------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------------

STORY_FIELDS = (
    "title",
    "person_name",
    "quote",
    "body",
    "image_alt",
    "source_note",
    "consent_evidence",
    "is_published",
)


@transaction.atomic
def story_save(
    *,
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    image: UploadedFile | None = None,
    story: Story | None = None,
    consent_email: str = "",
) -> Story:
    """Create or change a portrait. Publishing needs a recorded consent of the person shown."""
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in STORY_FIELDS if k in data}
    errors: dict[str, Any] = {}
    for key, label in (("title", "Überschrift"), ("person_name", "Name"), ("body", "Text")):
        if not (data.get(key) or (story and getattr(story, key)) or "").strip():
            errors[key] = f"Bitte füllen Sie „{label}“ aus."
    try:
        image_name = _check_image(image, field="image")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    has_image = bool(image) or bool(story and story.image)
    if has_image and not (data.get("image_alt") or "").strip():
        errors["image_alt"] = (
            "Bitte beschreiben Sie das Bild (Alternativtext für Menschen, die es nicht sehen)."
        )
    wants_publish = bool(data.get("is_published"))
    has_consent = bool(
        story and story.consent_id and cast(Consent, story.consent).withdrawn_at is None
    )  # consent_id set: it is there
    evidence = (data.get("consent_evidence") or "").strip()
    if wants_publish and not has_consent and not evidence and not (story and story.is_fictional):
        errors["consent_evidence"] = (
            "Veröffentlichen nur mit Einwilligung der porträtierten Person: bitte tragen Sie ein, wo die "
            "Einwilligung vorliegt (z. B. „unterschrieben am 03.11.2026, Akte Z-12“)."
        )
    if errors:
        raise ValidationError(errors)
    story = story or Story(municipality=municipality)
    changes: dict[str, Any] = (
        cast("dict[str, Any]", field_changes(story, data)) if story.pk else {"neu": True}
    )
    for key, value in data.items():
        setattr(story, key, value)
    if image:
        changes["image"] = [story.image.name or "", image_name]
        _replace_image(story.image, image, image_name)
    if evidence and not has_consent:
        story.consent = Consent.objects.create(
            email=(consent_email or "").strip().lower(),
            purpose=consent_texts.STORY.purpose,
            version=consent_texts.STORY.version,
            text=consent_texts.german_text(consent_texts.STORY) + f" Nachweis: {evidence}",
            retention_months=0,
            confirmed_at=timezone.now(),
        )
    story.save()
    audit_record(
        actor=actor,
        action="story.save",
        target=story,
        municipality=municipality,
        summary=f"Geschichte „{story.title}“ gespeichert",
        changes=changes,
    )
    return story


@transaction.atomic
def story_withdraw_consent(*, actor: Actor, story: Story) -> Story:
    """The person withdrew consent: unpublish at once and remove the image."""
    require(actor, "portal.manage_portal", story.municipality)
    if story.consent_id:
        Consent.objects.filter(pk=story.consent_id).update(withdrawn_at=timezone.now())
    story.is_published = False
    if story.image:
        delete_after_commit(story.image)
        story.image = ""
        story.image_alt = ""
    story.save()
    audit_record(
        actor=actor,
        action="story.consent_withdrawn",
        target=story,
        municipality=story.municipality,
        summary=f"Einwilligung zur Geschichte „{story.title}“ widerrufen, nicht mehr veröffentlicht",
    )
    return story


# ---------------------------------------------------------------------------------------------
# Events and welcome box
# ---------------------------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "place", "capacity", "is_published")


@transaction.atomic
def event_save(
    *, actor: Actor, municipality: Municipality, data: dict[str, Any], event: Event | None = None
) -> Event:
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in EVENT_FIELDS if k in data}
    if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
        raise ValidationError({"ends_at": "Das Ende liegt vor dem Beginn."})
    if event is not None and "capacity" in data:
        booked = event.registrations.aggregate(n=Sum("persons"))["n"] or 0
        if data["capacity"] < booked:
            raise ValidationError(
                {"capacity": f"Es sind schon {booked} Personen angemeldet; weniger Plätze gehen nicht."}
            )
    event = event or Event(municipality=municipality)
    changes: dict[str, Any] = (
        cast("dict[str, Any]", field_changes(event, data)) if event.pk else {"neu": True}
    )
    for key, value in data.items():
        setattr(event, key, value)
    event.save()
    audit_record(
        actor=actor,
        action="event.save",
        target=event,
        municipality=municipality,
        summary=f"Veranstaltung „{event.title}“ gespeichert",
        changes=changes,
    )
    return event


@transaction.atomic
def event_register(
    *, event: Event, name: str, email: str, persons: int, consent_given: bool, base_url: str = ""
) -> EventRegistration:
    """Register for an event; the capacity holds also under concurrent requests (row lock)."""
    email = clean_email(email)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie Ihren Namen an.")})
    if not 1 <= persons <= 10:
        raise ValidationError({"persons": _("Bitte melden Sie 1 bis 10 Personen an.")})
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.starts_at < timezone.now():
        raise ValidationError(_("Diese Veranstaltung hat schon stattgefunden."))
    booked = locked.registrations.aggregate(n=Sum("persons"))["n"] or 0
    free = locked.capacity - booked
    if persons > free:
        raise ValidationError(
            {
                "persons": _("Leider ausgebucht: es sind nur noch %(free)s Plätze frei.")
                % {"free": max(free, 0)}
            }
            if free > 0
            else _("Leider ist diese Veranstaltung ausgebucht.")
        )
    consent = consent_record(email=email, text=consent_texts.EVENT, given=consent_given)
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=locked, name=name, email=email, persons=persons, consent=consent
            )
    except IntegrityError as exc:
        raise ValidationError({"email": _("Mit dieser E-Mail-Adresse sind Sie schon angemeldet.")}) from exc
    audit_record(
        actor=None,
        action="event.register",
        target=locked,
        municipality=locked.municipality,
        summary=f"Anmeldung zu „{locked.title}“ ({persons} Personen)",
    )
    when = timezone.localtime(locked.starts_at)
    send_on_commit(
        translation.gettext("Anmeldung bestätigt: %(title)s") % {"title": locked.title},
        translation.gettext(
            "Guten Tag %(name)s,\n\nSie sind angemeldet: %(title)s am %(date)s um %(time)s Uhr, %(place)s "
            "(%(persons)s Personen).\n\nIhre Daten einsehen oder löschen: %(link)s\n"
        )
        % {
            "name": name,
            "title": locked.title,
            "date": date_format(when, "d.m.Y"),
            "time": f"{when:%H:%M}",
            "place": locked.place,
            "persons": persons,
            "link": base_url + reverse("portal:my-data"),
        },
        [email],
    )
    return registration


@transaction.atomic
def welcome_box_request(
    *,
    municipality: Municipality,
    name: str,
    email: str,
    address: str,
    moved_in_on: date | None,
    household: int,
    consent_given: bool,
) -> WelcomeBoxRequest:
    email = clean_email(email)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not (address or "").strip():
        errors["address"] = _("Bitte geben Sie die Anschrift an, an die die Box soll.")
    if not 1 <= (household or 0) <= 20:
        errors["household"] = _("Bitte geben Sie 1 bis 20 Personen an.")
    if errors:
        raise ValidationError(errors)
    consent = consent_record(email=email, text=consent_texts.WELCOME_BOX, given=consent_given)
    request = WelcomeBoxRequest.objects.create(
        municipality=municipality,
        name=name.strip(),
        email=email,
        address=address.strip(),
        moved_in_on=moved_in_on,
        household=household,
        consent=consent,
    )
    send_on_commit(
        _("Ihre Anfrage für eine Willkommensbox"),
        _(
            "Guten Tag %(name)s,\n\ndanke für Ihre Anfrage. %(town)s meldet sich wegen Ihrer Willkommensbox.\n"
            "Ihre Daten einsehen oder löschen: über „Meine Daten“ im Portal.\n"
        )
        % {"name": request.name, "town": municipality.display_name},
        [email],
    )
    notify_lotsen(
        municipality,
        "Neue Anfrage für eine Willkommensbox",
        "eine Willkommensbox wurde angefragt: " + reverse("portal:welcome-boxes", args=[municipality.slug]),
    )
    audit_record(
        actor=None,
        action="welcome_box.request",
        target=request,
        municipality=municipality,
        summary="Willkommensbox angefragt",
    )
    return request


@transaction.atomic
def welcome_box_mark_sent(*, actor: Actor, request: WelcomeBoxRequest) -> WelcomeBoxRequest:
    require(actor, "portal.view_case", request.municipality)
    request.status = WelcomeBoxRequest.Status.SENT
    request.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="welcome_box.sent",
        target=request,
        municipality=request.municipality,
        summary=f"Willkommensbox #{request.pk} übergeben",
    )
    return request
