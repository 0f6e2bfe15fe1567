"""Every write of the portal. Keyword-only, authorised, validated, atomic, audited.

Public actions (inquiry, trial application, event registration, welcome box, "Meine Daten") have
no logged-in actor; they are authorised by the person's consent or by a signed, expiring link.
E-mails are sent in `transaction.on_commit`, so nothing is mailed for a write that rolled back.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import Membership, PartnerOrganisation, Role
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.uploads import check_upload, delete_after_commit, stored_bytes
from leuchtfeuer.places.models import Municipality, Ortsteil
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.importer import ImportError_, parse_jobs
from leuchtfeuer.portal.models import (
    DECIDED_STAGES,
    Case,
    CaseEmail,
    CaseNote,
    CaseTask,
    Consent,
    Event,
    EventRegistration,
    Inquiry,
    InquiryStat,
    Offer,
    Portal,
    Stage,
    Story,
    TrialApartment,
    TrialApplication,
    TrialNight,
    WelcomeBoxRequest,
)
from leuchtfeuer.portal.uploads import IMAGE_MAX_BYTES, IMAGE_TYPES
from leuchtfeuer.portal.vocab import OfferKind

CONFIRM_SALT = "leuchtfeuer.portal.inquiry-confirm"
MY_DATA_SALT = "leuchtfeuer.portal.my-data"
CONFIRM_MAX_AGE = timedelta(days=7)
MY_DATA_MAX_AGE = timedelta(hours=24)
UNCONFIRMED_RETENTION = timedelta(days=7)


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _clean_email(email: str, field: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({field: _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    return email


def _send(subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> None:
    message = EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=to,
        reply_to=reply_to or None,
    )
    message.send()


def _notify_lotsen(municipality: Municipality, subject: str, text: str) -> None:
    """Tell the town's Lotsen about something new, without personal data in the e-mail."""
    recipients = sorted(
        set(
            Membership.objects.filter(municipality=municipality, role=Role.LOTSE).values_list(
                "user__email", flat=True
            )
        )
    )
    if recipients:
        _send_on_commit(
            f"{subject} in {municipality.display_name}",
            f"Guten Tag,\n\n{text}\n\n(Aus Datenschutzgründen stehen keine persönlichen Angaben in dieser E-Mail.)\n",
            recipients,
        )


def _send_on_commit(subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> None:
    transaction.on_commit(lambda: _send(subject, body, to, reply_to))


def _consent_record(*, email: str, text: consent_texts.ConsentText, given: bool) -> Consent:
    if not given:
        raise ValidationError(
            {"consent": _("Ohne Ihre Einwilligung können wir die Angaben nicht speichern.")}
        )
    return Consent.objects.create(
        email=email,
        purpose=text.purpose,
        version=text.version,
        text=str(text.text),  # exactly as shown, in the language shown
        language=translation.get_language() or "de",
        retention_months=text.retention_months,
    )


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
)


def _check_image(upload, *, field: str) -> str:
    """The safe name of an uploaded image (JPEG, PNG or WebP up to 5 MB, checked by content);
    '' for no upload. Raises ValidationError for `field` naming the file."""
    if not upload:
        return ""
    _, name = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES, field=field)
    return name


def _replace_image(field_file, upload, name: str) -> None:
    """Store a checked upload under its safe name, without its metadata (EXIF/GPS); the file it
    replaces goes once the change is committed."""
    delete_after_commit(field_file)
    field_file.save(name, ContentFile(stored_bytes(upload, IMAGE_TYPES[name.rsplit(".", 1)[-1]])), save=False)


@transaction.atomic
def portal_save(
    *, actor, municipality: Municipality, data: dict, photo=None, remove_photo: bool = False
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
        data["contact_email"] = _clean_email(data["contact_email"], "contact_email")
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
# Offers
# ---------------------------------------------------------------------------------------------

OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "job_field",
    "ortsteil",
    "place_text",
    "starts_on",
    "ends_on",
    "conditions",
    "contact_name",
    "contact_email",
    "contact_phone",
    "life_phases",
    "apartment",
)


def _partner_organisation(actor, municipality) -> PartnerOrganisation | None:
    ms = (
        Membership.objects.filter(user=actor, municipality=municipality, role=Role.PARTNER)
        .select_related("organisation")
        .first()
    )
    return ms.organisation if ms else None


def _validate_offer(municipality: Municipality, data: dict) -> None:
    errors = {}
    if data.get("kind") not in OfferKind.values:
        errors["kind"] = "Bitte wählen Sie die Art des Angebots."
    if not (data.get("title") or "").strip():
        errors["title"] = "Bitte geben Sie einen Titel an."
    if data.get("kind") in (OfferKind.JOB, OfferKind.APPRENTICESHIP) and not data.get("job_field"):
        errors["job_field"] = (
            "Für Stellen und Ausbildungsplätze ist das Berufsfeld nötig (dafür werden sie vorgeschlagen)."
        )
    ortsteil = data.get("ortsteil")
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        errors["ortsteil"] = "Dieser Ortsteil gehört nicht zu dieser Kommune."
    apartment = data.get("apartment")
    if apartment is not None and apartment.municipality_id != municipality.pk:
        errors["apartment"] = "Diese Probewohnung gehört nicht zu dieser Kommune."
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = "„Sichtbar bis“ liegt vor „verfügbar ab“."
    if data.get("contact_email"):
        try:
            data["contact_email"] = _clean_email(data["contact_email"], "contact_email")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(*, actor, municipality: Municipality, data: dict, publish: bool = False) -> Offer:
    """Partners submit for moderation; the town's Lotse/coordinator may publish at once."""
    require(actor, "portal.submit_offer", municipality)
    data = {k: data[k] for k in OFFER_FIELDS if k in data}
    _validate_offer(municipality, data)
    can_moderate = actor.has_perm("portal.moderate_offer", municipality)
    offer = Offer(municipality=municipality, created_by=actor, **data)
    if not can_moderate:
        offer.organisation = _partner_organisation(actor, municipality)
    if publish and can_moderate:
        offer.status = Offer.Status.PUBLISHED
        offer.published_at = timezone.now()
    else:
        offer.status = Offer.Status.SUBMITTED
    offer.save()
    audit_record(
        actor=actor,
        action="offer.create",
        target=offer,
        municipality=municipality,
        summary=f"Angebot „{offer.title}“ angelegt ({offer.get_status_display()})",
    )
    return offer


def _can_edit_offer(actor, offer: Offer) -> bool:
    if actor.has_perm("portal.moderate_offer", offer.municipality):
        return True
    if not actor.has_perm("portal.submit_offer", offer.municipality):
        return False
    organisation = _partner_organisation(actor, offer.municipality)
    return offer.created_by_id == actor.pk or (
        organisation is not None and offer.organisation_id == organisation.pk
    )


@transaction.atomic
def offer_update(*, actor, offer: Offer, data: dict) -> Offer:
    if not _can_edit_offer(actor, offer):
        raise PermissionDenied("Dieses Angebot dürfen Sie nicht bearbeiten.")
    data = {k: data[k] for k in OFFER_FIELDS if k in data}
    merged = {k: getattr(offer, k) for k in OFFER_FIELDS} | data
    _validate_offer(offer.municipality, merged)
    changes = field_changes(offer, data)
    for key, value in data.items():
        setattr(offer, key, value)
    # A partner's change goes back to moderation.
    if (
        not actor.has_perm("portal.moderate_offer", offer.municipality)
        and offer.status == Offer.Status.PUBLISHED
    ):
        offer.status = Offer.Status.SUBMITTED
        offer.published_at = None
    offer.save()
    audit_record(
        actor=actor,
        action="offer.update",
        target=offer,
        municipality=offer.municipality,
        summary=f"Angebot „{offer.title}“ geändert",
        changes=changes,
    )
    return offer


@transaction.atomic
def offer_moderate(*, actor, offer: Offer, decision: str, note: str = "") -> Offer:
    require(actor, "portal.moderate_offer", offer.municipality)
    if decision == "publish":
        offer.status = Offer.Status.PUBLISHED
        offer.published_at = timezone.now()
    elif decision == "reject":
        if not note.strip():
            raise ValidationError(
                {
                    "note": "Bitte begründen Sie die Ablehnung kurz (die Partnerorganisation sieht den Hinweis)."
                }
            )
        offer.status = Offer.Status.REJECTED
        offer.published_at = None
    elif decision == "withdraw":
        offer.status = Offer.Status.DRAFT
        offer.published_at = None
    else:
        raise ValidationError({"decision": "Unbekannte Entscheidung."})
    offer.moderation_note = note.strip()[:500]
    offer.save(update_fields=["status", "published_at", "moderation_note"])
    audit_record(
        actor=actor,
        action=f"offer.{decision}",
        target=offer,
        municipality=offer.municipality,
        summary=f"Angebot „{offer.title}“: {offer.get_status_display()}",
    )
    return offer


@dataclass
class ImportResult:
    created: int
    updated: int
    status: str


@transaction.atomic
def offer_import_jobs(
    *, actor, municipality: Municipality, filename: str, content: bytes, publish: bool = False
) -> ImportResult:
    """Import a job list (CSV/XLSX). All rows or none: any error raises with row and column."""
    require(actor, "portal.submit_offer", municipality)
    ortsteile = dict(Ortsteil.objects.filter(municipality=municipality).values_list("name", "pk"))
    try:
        rows = parse_jobs(filename, content, ortsteile=ortsteile)
    except ImportError_ as exc:
        raise ValidationError({"file": exc.errors}) from exc
    can_moderate = actor.has_perm("portal.moderate_offer", municipality)
    organisation = None if can_moderate else _partner_organisation(actor, municipality)
    status = Offer.Status.PUBLISHED if (publish and can_moderate) else Offer.Status.SUBMITTED
    now = timezone.now()
    created = updated = 0
    for row in rows:
        row.pop("row_number")
        ref = row.get("external_ref", "")
        existing = None
        if ref:
            existing = Offer.objects.filter(
                municipality=municipality, organisation=organisation, external_ref=ref
            ).first()
        target = existing or Offer(municipality=municipality, organisation=organisation, created_by=actor)
        for key, value in row.items():
            setattr(target, key, value)
        target.status = status
        target.published_at = now if status == Offer.Status.PUBLISHED else None
        target.save()
        if existing:
            updated += 1
        else:
            created += 1
    audit_record(
        actor=actor,
        action="offer.import",
        target=municipality,
        municipality=municipality,
        summary=f"Stellenliste {filename[:80]} importiert: {created} neu, {updated} aktualisiert",
    )
    return ImportResult(created, updated, status)


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
    actor,
    municipality: Municipality,
    data: dict,
    image=None,
    story: Story | None = None,
    consent_email: str = "",
) -> Story:
    """Create or change a portrait. Publishing needs a recorded consent of the person shown."""
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in STORY_FIELDS if k in data}
    errors = {}
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
    has_consent = bool(story and story.consent_id and story.consent.withdrawn_at is None)
    evidence = (data.get("consent_evidence") or "").strip()
    if wants_publish and not has_consent and not evidence and not (story and story.is_fictional):
        errors["consent_evidence"] = (
            "Veröffentlichen nur mit Einwilligung der porträtierten Person: bitte tragen Sie ein, wo die "
            "Einwilligung vorliegt (z. B. „unterschrieben am 03.11.2026, Akte Z-12“)."
        )
    if errors:
        raise ValidationError(errors)
    story = story or Story(municipality=municipality)
    changes = field_changes(story, data) if story.pk else {"neu": True}
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
def story_withdraw_consent(*, actor, story: Story) -> Story:
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
def event_save(*, actor, municipality: Municipality, data: dict, event: Event | None = None) -> Event:
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
    changes = field_changes(event, data) if event.pk else {"neu": True}
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
    email = _clean_email(email)
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
    consent = _consent_record(email=email, text=consent_texts.EVENT, given=consent_given)
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
    _send_on_commit(
        translation.gettext("Anmeldung bestätigt: %(title)s") % {"title": locked.title},
        translation.gettext(
            "Guten Tag %(name)s,\n\nSie sind angemeldet: %(title)s am %(date)s um %(time)s Uhr, %(place)s "
            "(%(persons)s Personen).\n\nIhre Daten einsehen oder löschen: %(link)s\n"
        )
        % {
            "name": name,
            "title": locked.title,
            "date": f"{when:%d.%m.%Y}",
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
    email = _clean_email(email)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not (address or "").strip():
        errors["address"] = _("Bitte geben Sie die Anschrift an, an die die Box soll.")
    if not 1 <= (household or 0) <= 20:
        errors["household"] = _("Bitte geben Sie 1 bis 20 Personen an.")
    if errors:
        raise ValidationError(errors)
    consent = _consent_record(email=email, text=consent_texts.WELCOME_BOX, given=consent_given)
    request = WelcomeBoxRequest.objects.create(
        municipality=municipality,
        name=name.strip(),
        email=email,
        address=address.strip(),
        moved_in_on=moved_in_on,
        household=household,
        consent=consent,
    )
    _send_on_commit(
        _("Ihre Anfrage für eine Willkommensbox"),
        _(
            "Guten Tag %(name)s,\n\ndanke für Ihre Anfrage. %(town)s meldet sich wegen Ihrer Willkommensbox.\n"
            "Ihre Daten einsehen oder löschen: über „Meine Daten“ im Portal.\n"
        )
        % {"name": request.name, "town": municipality.display_name},
        [email],
    )
    _notify_lotsen(
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
def welcome_box_mark_sent(*, actor, request: WelcomeBoxRequest) -> WelcomeBoxRequest:
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


# ---------------------------------------------------------------------------------------------
# Erhebungsbogen → case
# ---------------------------------------------------------------------------------------------

INQUIRY_FIELDS = (
    "name",
    "phone",
    "life_phase",
    "is_returnee",
    "job_field",
    "partner_job_field",
    "housing_type",
    "needs_kita",
    "needs_school",
    "wants_trial",
    "ortsteil",
    "timeframe",
    "origin",
    "origin_place",
    "message",
)


def confirm_token(inquiry: Inquiry) -> str:
    return signing.dumps({"i": inquiry.pk, "e": inquiry.email}, salt=CONFIRM_SALT, compress=True)


@transaction.atomic
def inquiry_submit(
    *, municipality: Municipality, email: str, data: dict, consent_given: bool, base_url: str
) -> Inquiry:
    """Store an unconfirmed inquiry with its consent and mail the double-opt-in link."""
    email = _clean_email(email)
    data = {k: data[k] for k in INQUIRY_FIELDS if k in data}
    if not (data.get("name") or "").strip():
        raise ValidationError({"name": _("Bitte geben Sie Ihren Namen an.")})
    ortsteil = data.get("ortsteil")
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        raise ValidationError({"ortsteil": _("Dieser Ortsteil gehört nicht zu dieser Kommune.")})
    consent = _consent_record(email=email, text=consent_texts.INQUIRY, given=consent_given)
    inquiry = Inquiry.objects.create(municipality=municipality, email=email, consent=consent, **data)
    audit_record(
        actor=None,
        action="inquiry.submit",
        target=inquiry,
        municipality=municipality,
        summary=f"Erhebungsbogen #{inquiry.pk} eingegangen (unbestätigt)",
    )
    link = base_url + reverse("portal:inquiry-confirm", args=[confirm_token(inquiry)])
    _send_on_commit(
        translation.gettext("Bitte bestätigen Sie Ihre Anfrage an %(town)s")
        % {"town": municipality.display_name},
        translation.gettext(
            "Guten Tag %(name)s,\n\nSie haben über das Portal von %(town)s einen Erhebungsbogen geschickt. "
            "Bitte bestätigen Sie innerhalb von 7 Tagen, dass die Anfrage von Ihnen stammt:\n\n%(link)s\n\n"
            "Erst nach der Bestätigung sieht die Lotsin oder der Lotse Ihre Angaben. Ohne Bestätigung "
            "werden sie nach 7 Tagen gelöscht. Wenn Sie nichts geschickt haben, ignorieren Sie diese E-Mail.\n"
        )
        % {"name": inquiry.name, "town": municipality.display_name, "link": link},
        [email],
    )
    return inquiry


def _load_signed(token: str, *, salt: str, max_age: timedelta, expired: str, invalid: str) -> dict:
    """The payload of a signed link, or a ValidationError saying plainly what is wrong with it."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(expired) from exc
    except signing.BadSignature as exc:
        raise ValidationError(invalid) from exc


def _inquiry_from_token(token: str) -> Inquiry:
    payload = _load_signed(
        token,
        salt=CONFIRM_SALT,
        max_age=CONFIRM_MAX_AGE,
        expired=_("Der Bestätigungslink ist abgelaufen (gültig 7 Tage). Bitte senden Sie den Bogen neu."),
        invalid=_("Der Bestätigungslink ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail."),
    )
    inquiry = (
        Inquiry.objects.select_related("municipality", "consent")
        .filter(pk=payload.get("i"), email=payload.get("e"))
        .first()
    )
    if inquiry is None:
        raise ValidationError(_("Diese Anfrage gibt es nicht mehr (sie wurde gelöscht)."))
    return inquiry


def inquiry_for_token(token: str) -> Inquiry:
    return _inquiry_from_token(token)


def _first_lotse(municipality: Municipality):
    ms = (
        Membership.objects.filter(municipality=municipality, role=Role.LOTSE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return ms.user if ms else None


@transaction.atomic
def inquiry_confirm(*, token: str, base_url: str = "") -> Case:
    """Double opt-in: the signed link confirms the inquiry and opens the case (idempotent)."""
    inquiry = _inquiry_from_token(token)
    inquiry = Inquiry.objects.select_for_update().select_related("municipality", "consent").get(pk=inquiry.pk)
    existing = Case.objects.filter(inquiry=inquiry).first()
    if existing is not None:
        return existing
    now = timezone.now()
    inquiry.confirmed_at = now
    inquiry.save(update_fields=["confirmed_at"])
    Consent.objects.filter(pk=inquiry.consent_id).update(confirmed_at=now)
    municipality = inquiry.municipality
    case = Case.objects.create(
        municipality=municipality,
        inquiry=inquiry,
        lotse=_first_lotse(municipality),
        opened_at=now,
        stage_changed_at=now,
        last_activity_at=now,
        retain_until=add_months(now, inquiry.consent.retention_months),
    )
    InquiryStat.objects.create(
        municipality=municipality,
        case=case,
        month=now.date().replace(day=1),
        life_phase=inquiry.life_phase,
        needs=inquiry.needs,
        origin=inquiry.origin,
        is_returnee=inquiry.is_returnee,
        outcome=Stage.NEW,
    )
    audit_record(
        actor=None,
        action="case.open",
        target=case,
        municipality=municipality,
        summary=f"Fall #{case.pk} eröffnet (Erhebungsbogen #{inquiry.pk} bestätigt)",
    )
    link = base_url + reverse("portal:case-detail", args=[municipality.slug, case.pk])
    _notify_lotsen(
        municipality,
        f"Neuer Fall #{case.pk}",
        f"ein Erhebungsbogen wurde bestätigt. Der Fall #{case.pk} wartet auf Sie:\n{link}",
    )
    return case


def case_access(*, actor, case: Case, purpose: str = "angesehen") -> Case:
    """Authorise and log every access to a case (who, when, what)."""
    require(actor, "portal.view_case", case)
    audit_record(
        actor=actor,
        action="case.view",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk} {purpose}",
    )
    return case


def _touch(case: Case, now: datetime) -> None:
    case.last_activity_at = now
    case.retain_until = add_months(now, case.inquiry.consent.retention_months)


@transaction.atomic
def case_set_stage(*, actor, case: Case, stage: str, note: str = "") -> Case:
    require(actor, "portal.change_case", case)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Bitte wählen Sie einen gültigen Stand."})
    case = Case.objects.select_for_update().select_related("inquiry__consent", "municipality").get(pk=case.pk)
    old = case.stage
    if old == stage:
        return case
    now = timezone.now()
    case.stage = stage
    case.stage_changed_at = now
    case.decided_at = now if stage in DECIDED_STAGES else None
    _touch(case, now)
    case.save()
    days = (now - case.opened_at).days if stage in DECIDED_STAGES else None
    InquiryStat.objects.filter(case=case).update(outcome=stage, days_to_decision=days)
    if note.strip():
        CaseNote.objects.create(case=case, author=actor, text=note.strip())
    audit_record(
        actor=actor,
        action="case.stage",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: {Stage(old).label} → {Stage(stage).label}",
        changes={"stage": [old, stage]},
    )
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, lotse) -> Case:
    """Hand a case to another Lotse or coordinator of the same town."""
    require(actor, "portal.change_case", case)
    if lotse is None or not lotse.has_perm("portal.view_case", case.municipality):
        raise ValidationError(
            {"lotse": "Zuständig kann nur eine Lotsin, ein Lotse oder die Koordination dieser Kommune sein."}
        )
    old = case.lotse
    if old == lotse:
        return case
    case.lotse = lotse
    case.save(update_fields=["lotse"])
    audit_record(
        actor=actor,
        action="case.assign",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: zuständig jetzt {lotse.name or lotse.email}",
        changes={"lotse": [str(old) if old else None, str(lotse)]},
    )
    return case


@transaction.atomic
def case_add_note(*, actor, case: Case, text: str) -> CaseNote:
    require(actor, "portal.change_case", case)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Die Notiz ist leer."})
    note = CaseNote.objects.create(case=case, author=actor, text=text)
    _touch(case, timezone.now())
    case.save(update_fields=["last_activity_at", "retain_until"])
    audit_record(
        actor=actor,
        action="case.note",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Notiz hinzugefügt",
    )
    return note


@transaction.atomic
def case_add_task(*, actor, case: Case, title: str, due_on: date) -> CaseTask:
    require(actor, "portal.change_case", case)
    if not (title or "").strip():
        raise ValidationError({"title": "Bitte beschreiben Sie die Aufgabe."})
    if due_on is None:
        raise ValidationError({"due_on": "Bitte geben Sie ein Fälligkeitsdatum an."})
    task = CaseTask.objects.create(
        case=case, title=title.strip(), due_on=due_on, assignee=case.lotse or actor
    )
    audit_record(
        actor=actor,
        action="case.task",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: Aufgabe bis {due_on:%d.%m.%Y} angelegt",
    )
    return task


@transaction.atomic
def case_complete_task(*, actor, task: CaseTask) -> CaseTask:
    require(actor, "portal.change_case", task.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(
            actor=actor,
            action="case.task_done",
            target=task.case,
            municipality=task.case.municipality,
            summary=f"Fall #{task.case_id}: Aufgabe erledigt",
        )
    return task


@transaction.atomic
def case_send_email(*, actor, case: Case, subject: str, body: str) -> CaseEmail:
    """An e-mail from the platform to the person; replies go to the Lotse."""
    require(actor, "portal.change_case", case)
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = "Bitte geben Sie einen Betreff an."
    if not body:
        errors["body"] = "Die Nachricht ist leer."
    if errors:
        raise ValidationError(errors)
    mail = CaseEmail.objects.create(case=case, sender=actor, subject=subject[:200], body=body)
    _touch(case, timezone.now())
    case.save(update_fields=["last_activity_at", "retain_until"])
    portal = Portal.objects.filter(municipality=case.municipality).first()
    reply_to = [portal.contact_email] if portal and portal.contact_email else [actor.email]
    footer = (
        f"\n\n--\n{actor.name or actor.email}, {case.municipality.display_name}\n"
        "Ihre Daten einsehen, herunterladen oder löschen: über „Meine Daten“ im Portal."
    )
    _send_on_commit(subject, body + footer, [case.inquiry.email], reply_to)
    audit_record(
        actor=actor,
        action="case.email",
        target=case,
        municipality=case.municipality,
        summary=f"Fall #{case.pk}: E-Mail an die Person gesendet",
    )
    return mail


def send_due_reminders(*, today: date | None = None) -> int:
    """Mail each open task due today or earlier once to its assignee (for `portal-reminders`)."""
    today = today or timezone.localdate()
    sent = 0
    tasks = CaseTask.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_on__lte=today, assignee__isnull=False
    ).select_related("assignee", "case__municipality")
    for task in tasks:
        with transaction.atomic():
            updated = CaseTask.objects.filter(pk=task.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not updated:
                continue
            _send_on_commit(
                f"Erinnerung: Aufgabe zu Fall #{task.case_id} fällig",
                f"Guten Tag,\n\ndie Aufgabe „{task.title}“ zu Fall #{task.case_id} in "
                f"{task.case.municipality.display_name} ist am {task.due_on:%d.%m.%Y} fällig.\n",
                [task.assignee.email],
            )
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# Trial living (Probewohnen)
# ---------------------------------------------------------------------------------------------

APARTMENT_FIELDS = ("name", "description", "ortsteil", "min_nights", "max_nights", "conditions", "is_active")


@transaction.atomic
def apartment_save(
    *, actor, municipality: Municipality, data: dict, apartment: TrialApartment | None = None
) -> TrialApartment:
    require(actor, "portal.manage_portal", municipality)
    data = {k: data[k] for k in APARTMENT_FIELDS if k in data}
    if data.get("min_nights") and data.get("max_nights") and data["max_nights"] < data["min_nights"]:
        raise ValidationError(
            {"max_nights": "Höchstens-Nächte müssen mindestens so viele sein wie Mindest-Nächte."}
        )
    apartment = apartment or TrialApartment(municipality=municipality)
    changes = field_changes(apartment, data) if apartment.pk else {"neu": True}
    for key, value in data.items():
        setattr(apartment, key, value)
    try:
        with transaction.atomic():
            apartment.save()
    except IntegrityError as exc:
        raise ValidationError({"name": "Eine Probewohnung mit diesem Namen gibt es schon."}) from exc
    audit_record(
        actor=actor,
        action="apartment.save",
        target=apartment,
        municipality=municipality,
        summary=f"Probewohnung „{apartment.name}“ gespeichert",
        changes=changes,
    )
    return apartment


def _nights(arrival: date, departure: date) -> list[date]:
    return [arrival + timedelta(days=i) for i in range((departure - arrival).days)]


def booked_nights(apartment: TrialApartment, arrival: date, departure: date) -> list[date]:
    return list(
        TrialNight.objects.filter(apartment=apartment, night__gte=arrival, night__lt=departure)
        .order_by("night")
        .values_list("night", flat=True)
    )


@transaction.atomic
def trial_apply(
    *,
    apartment: TrialApartment,
    name: str,
    email: str,
    arrival: date,
    departure: date,
    persons: int,
    motivation: str,
    consent_given: bool,
) -> TrialApplication:
    """An application for trial living. If the dates are taken it goes onto the waiting list."""
    email = _clean_email(email)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not (motivation or "").strip():
        errors["motivation"] = _("Bitte schreiben Sie kurz, warum Sie zur Probe wohnen möchten.")
    if arrival is None or departure is None:
        errors["arrival"] = _("Bitte geben Sie An- und Abreise an.")
    elif departure <= arrival:
        errors["departure"] = _("Die Abreise muss nach der Anreise liegen.")
    elif arrival <= timezone.localdate():
        errors["arrival"] = _("Die Anreise muss in der Zukunft liegen.")
    else:
        nights = (departure - arrival).days
        if not apartment.min_nights <= nights <= apartment.max_nights:
            errors["departure"] = _(
                "Diese Wohnung gibt es für %(lo)s bis %(hi)s Nächte; gewählt sind %(n)s."
            ) % {
                "lo": apartment.min_nights,
                "hi": apartment.max_nights,
                "n": nights,
            }
    if not 1 <= (persons or 0) <= 8:
        errors["persons"] = _("Bitte geben Sie 1 bis 8 Personen an.")
    if not apartment.is_active:
        errors["__all__"] = _("Diese Wohnung ist zurzeit nicht buchbar.")
    if errors:
        raise ValidationError(errors)
    consent = _consent_record(email=email, text=consent_texts.TRIAL, given=consent_given)
    taken = booked_nights(apartment, arrival, departure)
    application = TrialApplication.objects.create(
        apartment=apartment,
        name=name.strip(),
        email=email,
        arrival=arrival,
        departure=departure,
        persons=persons,
        motivation=motivation.strip(),
        consent=consent,
        status=TrialApplication.Status.WAITING if taken else TrialApplication.Status.RECEIVED,
    )
    _send_on_commit(
        _("Ihre Bewerbung zum Probewohnen: %(apartment)s") % {"apartment": apartment.name},
        (
            _("Guten Tag %(name)s,\n\nIhre Bewerbung für %(arrival)s bis %(departure)s ist eingegangen.")
            % {
                "name": application.name,
                "arrival": f"{arrival:%d.%m.%Y}",
                "departure": f"{departure:%d.%m.%Y}",
            }
            + " "
            + (
                _("Der Zeitraum ist schon belegt; Sie stehen auf der Warteliste.")
                if taken
                else _("Die Lotsin oder der Lotse meldet sich bei Ihnen.")
            )
            + "\n"
        ),
        [email],
    )
    _notify_lotsen(
        apartment.municipality,
        f"Neue Bewerbung zum Probewohnen ({apartment.name})",
        f"für „{apartment.name}“ ist eine Bewerbung eingegangen"
        + (" (Zeitraum belegt: Warteliste)" if taken else "")
        + ". Belegung und Bewerbungen: "
        + reverse("portal:apartment-bookings", args=[apartment.municipality.slug, apartment.pk]),
    )
    audit_record(
        actor=None,
        action="trial.apply",
        target=application,
        municipality=apartment.municipality,
        summary=f"Bewerbung Probewohnen „{apartment.name}“ {arrival:%d.%m.%Y}–{departure:%d.%m.%Y}"
        + (" (Warteliste)" if taken else ""),
    )
    return application


class DoubleBooking(ValidationError):
    pass


@transaction.atomic
def trial_accept(*, actor, application: TrialApplication) -> TrialApplication:
    """Accept = book the nights. The UNIQUE (apartment, night) constraint decides races: exactly
    one of several overlapping accepts can insert its nights; the others roll back completely."""
    require(actor, "portal.view_case", application.apartment)
    application = (
        TrialApplication.objects.select_for_update()
        .select_related("apartment__municipality")
        .get(pk=application.pk)
    )
    if application.status == TrialApplication.Status.ACCEPTED:
        return application
    if application.status == TrialApplication.Status.CANCELLED:
        raise ValidationError("Diese Bewerbung wurde storniert.")
    apartment = application.apartment
    try:
        with transaction.atomic():
            TrialNight.objects.bulk_create(
                [
                    TrialNight(apartment=apartment, night=n, application=application)
                    for n in _nights(application.arrival, application.departure)
                ]
            )
    except IntegrityError as exc:
        taken = booked_nights(apartment, application.arrival, application.departure)
        span = f"{taken[0]:%d.%m.%Y}–{taken[-1] + timedelta(days=1):%d.%m.%Y}" if taken else "diesem Zeitraum"
        raise DoubleBooking(
            f"„{apartment.name}“ ist im Zeitraum {span} bereits vergeben – die Bewerbung wurde nicht angenommen. "
            "Setzen Sie sie auf die Warteliste oder schlagen Sie andere Daten vor."
        ) from exc
    application.status = TrialApplication.Status.ACCEPTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="trial.accept",
        target=application,
        municipality=apartment.municipality,
        summary=f"Probewohnen „{apartment.name}“ {application.arrival:%d.%m.%Y}–{application.departure:%d.%m.%Y} zugesagt",
    )
    _send_on_commit(
        f"Zusage Probewohnen: {apartment.name}",
        f"Guten Tag {application.name},\n\nSie können vom {application.arrival:%d.%m.%Y} bis zum "
        f"{application.departure:%d.%m.%Y} in „{apartment.name}“ ({apartment.municipality.display_name}) "
        "zur Probe wohnen. Wir melden uns mit den Einzelheiten.\n",
        [application.email],
    )
    return application


@transaction.atomic
def trial_decline(*, actor, application: TrialApplication, waitlist: bool = False) -> TrialApplication:
    require(actor, "portal.view_case", application.apartment)
    if application.status == TrialApplication.Status.ACCEPTED:
        TrialNight.objects.filter(application=application).delete()
    application.status = TrialApplication.Status.WAITING if waitlist else TrialApplication.Status.DECLINED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    apartment = application.apartment
    audit_record(
        actor=actor,
        action="trial.waitlist" if waitlist else "trial.decline",
        target=application,
        municipality=apartment.municipality,
        summary=f"Bewerbung #{application.pk} für „{apartment.name}“: {application.get_status_display()}",
    )
    if waitlist:
        text = f"Sie stehen für „{apartment.name}“ auf der Warteliste. Wir melden uns, sobald der Zeitraum frei wird."
    else:
        text = f"Leider können wir Ihnen „{apartment.name}“ im gewünschten Zeitraum nicht anbieten."
    _send_on_commit(
        f"Probewohnen: {apartment.name}", f"Guten Tag {application.name},\n\n{text}\n", [application.email]
    )
    return application


# ---------------------------------------------------------------------------------------------
# Meine Daten: see, export, delete (signed, expiring link)
# ---------------------------------------------------------------------------------------------


def my_data_token(email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=MY_DATA_SALT, compress=True)


def my_data_email(token: str) -> str:
    payload = _load_signed(
        token,
        salt=MY_DATA_SALT,
        max_age=MY_DATA_MAX_AGE,
        expired=_("Der Link ist abgelaufen (gültig 24 Stunden). Bitte fordern Sie einen neuen an."),
        invalid=_("Der Link ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail."),
    )
    return payload["e"]


def my_data_request_link(*, email: str, base_url: str) -> None:
    """Mail a link to the address. The answer on the page is the same whether data exists or not."""
    email = _clean_email(email)
    link = base_url + reverse("portal:my-data-view", args=[my_data_token(email)])
    transaction.on_commit(
        lambda: _send(
            translation.gettext("Ihre Daten im Rückkehr- und Zuzugsportal"),
            translation.gettext(
                "Guten Tag,\n\nüber diesen Link sehen Sie alle Daten, die zu dieser E-Mail-Adresse im Portal "
                "gespeichert sind. Sie können sie dort herunterladen (JSON, PDF) oder löschen. Der Link gilt "
                "24 Stunden:\n\n%(link)s\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n"
            )
            % {"link": link},
            [email],
        )
    )


@transaction.atomic
def my_data_delete(*, email: str) -> dict[str, int]:
    """Delete everything stored about this e-mail address; only anonymous counts remain."""
    from leuchtfeuer.portal.selectors import person_records

    records = person_records(email)
    counts: dict[str, int] = {}
    touched: dict[int, Municipality] = {}
    for case in records["cases"]:
        touched[case.municipality_id] = case.municipality
    for inquiry in records["inquiries"]:
        touched[inquiry.municipality_id] = inquiry.municipality
    counts["Fälle"] = (
        Case.objects.filter(pk__in=[c.pk for c in records["cases"]]).delete()[1].get("portal.Case", 0)
    )
    counts["Erhebungsbögen"] = Inquiry.objects.filter(email=email).delete()[1].get("portal.Inquiry", 0)
    counts["Bewerbungen Probewohnen"] = (
        TrialApplication.objects.filter(email=email).delete()[1].get("portal.TrialApplication", 0)
    )
    counts["Anmeldungen"] = (
        EventRegistration.objects.filter(email=email).delete()[1].get("portal.EventRegistration", 0)
    )
    counts["Willkommensbox"] = (
        WelcomeBoxRequest.objects.filter(email=email).delete()[1].get("portal.WelcomeBoxRequest", 0)
    )
    # Story consents stay (they prove a publication was allowed); all others go.
    counts["Einwilligungen"] = (
        Consent.objects.filter(email=email).exclude(purpose="story").delete()[1].get("portal.Consent", 0)
    )
    summary = ", ".join(f"{v} {k}" for k, v in counts.items() if v) or "nichts gespeichert"
    for municipality in touched.values() or [None]:
        audit_record(
            actor=None,
            action="person.delete",
            target=municipality or Consent(),
            municipality=municipality,
            summary=f"Daten einer Person auf ihren Wunsch gelöscht: {summary}",
        )
    return counts


# ---------------------------------------------------------------------------------------------
# Retention: purge-expired
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expired:
    kind: str
    pk: int
    municipality: str
    reason: str


def expired_records(*, now: datetime | None = None) -> list[Expired]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result: list[Expired] = []
    for case in Case.objects.filter(retain_until__lt=now).select_related("municipality").order_by("pk"):
        result.append(
            Expired(
                "Fall",
                case.pk,
                case.municipality.display_name,
                f"Speicherfrist abgelaufen am {timezone.localtime(case.retain_until):%d.%m.%Y}",
            )
        )
    for inquiry in (
        Inquiry.objects.filter(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_RETENTION)
        .select_related("municipality")
        .order_by("pk")
    ):
        result.append(
            Expired(
                "Erhebungsbogen (unbestätigt)",
                inquiry.pk,
                inquiry.municipality.display_name,
                "nicht innerhalb von 7 Tagen bestätigt",
            )
        )
    for app in TrialApplication.objects.select_related("apartment__municipality", "consent").order_by("pk"):
        end = max(app.departure, timezone.localdate(app.created_at))
        limit = add_months(datetime(end.year, end.month, end.day), app.consent.retention_months).date()
        if limit < today:
            result.append(
                Expired(
                    "Bewerbung Probewohnen",
                    app.pk,
                    app.apartment.municipality.display_name,
                    f"Speicherfrist abgelaufen am {limit:%d.%m.%Y}",
                )
            )
    for reg in EventRegistration.objects.select_related("event__municipality", "consent").order_by("pk"):
        limit = add_months(reg.event.ends_at or reg.event.starts_at, reg.consent.retention_months)
        if limit < now:
            result.append(
                Expired(
                    "Anmeldung",
                    reg.pk,
                    reg.event.municipality.display_name,
                    f"Speicherfrist abgelaufen am {timezone.localtime(limit):%d.%m.%Y}",
                )
            )
    for box in WelcomeBoxRequest.objects.select_related("municipality", "consent").order_by("pk"):
        limit = add_months(box.created_at, box.consent.retention_months)
        if limit < now:
            result.append(
                Expired(
                    "Willkommensbox-Anfrage",
                    box.pk,
                    box.municipality.display_name,
                    f"Speicherfrist abgelaufen am {timezone.localtime(limit):%d.%m.%Y}",
                )
            )
    return result


@transaction.atomic
def purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> list[Expired]:
    """Delete personal data past its retention period (anonymous counts remain). Idempotent."""
    items = expired_records(now=now)
    if dry_run or not items:
        return items
    by_kind: dict[str, list[int]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.pk)
    case_ids = by_kind.get("Fall", [])
    inquiry_ids = list(Case.objects.filter(pk__in=case_ids).values_list("inquiry_id", flat=True))
    Case.objects.filter(pk__in=case_ids).delete()
    Inquiry.objects.filter(pk__in=inquiry_ids + by_kind.get("Erhebungsbogen (unbestätigt)", [])).delete()
    TrialApplication.objects.filter(pk__in=by_kind.get("Bewerbung Probewohnen", [])).delete()
    EventRegistration.objects.filter(pk__in=by_kind.get("Anmeldung", [])).delete()
    WelcomeBoxRequest.objects.filter(pk__in=by_kind.get("Willkommensbox-Anfrage", [])).delete()
    # Consents no longer backing any record (and not a story's) are deleted too.
    used = set()
    for model in (Inquiry, TrialApplication, EventRegistration, WelcomeBoxRequest, Story):
        used.update(model.objects.exclude(consent__isnull=True).values_list("consent_id", flat=True))
    Consent.objects.exclude(pk__in=used).exclude(purpose="story").delete()
    municipalities = {
        m.display_name: m
        for m in Municipality.objects.filter(display_name__in={i.municipality for i in items})
    }
    for name, municipality in municipalities.items():
        n = sum(1 for i in items if i.municipality == name)
        audit_record(
            actor=None,
            action="privacy.purge",
            target=municipality,
            municipality=municipality,
            summary=f"Speicherfrist abgelaufen: {n} Datensätze gelöscht (purge-expired)",
        )
    return items
