"""Offers (Angebote): partners and staff submit, the town moderates; job offers imported from a
spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import Membership, PartnerOrganisation, Role, User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality, Ortsteil
from leuchtfeuer.portal.importer import ImportError_, parse_jobs
from leuchtfeuer.portal.models import (
    Offer,
    Portal,
)
from leuchtfeuer.portal.shared import clean_email
from leuchtfeuer.portal.vocab import SHARED_LIVING_KINDS, OfferKind

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


def partner_organisation(actor: Actor, municipality: Municipality) -> PartnerOrganisation | None:
    ms = (
        # safe cast: callers hold portal.submit_offer (signed-in users only; the view is login_required)
        Membership.objects.filter(user=cast(User, actor), municipality=municipality, role=Role.PARTNER)
        .select_related("organisation")
        .first()
    )
    return ms.organisation if ms else None


def _validate_offer(municipality: Municipality, data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
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
            data["contact_email"] = clean_email(data["contact_email"], "contact_email")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _require_publishable(offer: Offer) -> None:
    """A shared-living offer is published only with the town's legal note (issue 21)."""
    if offer.kind in SHARED_LIVING_KINDS and not (
        Portal.objects.filter(municipality_id=offer.municipality_id).exclude(shared_living_note="").exists()
    ):
        raise ValidationError(
            "Angebote zu Azubi-WG und Wohnen für Hilfe erscheinen nur mit dem rechtlichen Hinweis der "
            "Kommune. Bitte tragen Sie ihn zuerst unter „Portalseite“ im Feld „Rechtlicher Hinweis "
            "zu Azubi-WG und Wohnen für Hilfe“ ein."
        )


@transaction.atomic
def offer_create(
    *, actor: Actor, municipality: Municipality, data: dict[str, Any], publish: bool = False
) -> Offer:
    """Partners submit for moderation; the town's Lotse/coordinator may publish at once."""
    require(actor, "portal.submit_offer", municipality)
    data = {k: data[k] for k in OFFER_FIELDS if k in data}
    _validate_offer(municipality, data)
    can_moderate = actor.has_perm("portal.moderate_offer", municipality)
    # safe cast: only signed-in users hold portal.submit_offer (require above)
    offer = Offer(municipality=municipality, created_by=cast(User, actor), **data)
    if not can_moderate:
        offer.organisation = partner_organisation(actor, municipality)
    if publish and can_moderate:
        _require_publishable(offer)
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


def _can_edit_offer(actor: Actor, offer: Offer) -> bool:
    if actor.has_perm("portal.moderate_offer", offer.municipality):
        return True
    if not actor.has_perm("portal.submit_offer", offer.municipality):
        return False
    organisation = partner_organisation(actor, offer.municipality)
    return offer.created_by_id == actor.pk or (
        organisation is not None and offer.organisation_id == organisation.pk
    )


@transaction.atomic
def offer_update(*, actor: Actor, offer: Offer, data: dict[str, Any]) -> Offer:
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
def offer_moderate(*, actor: Actor, offer: Offer, decision: str, note: str = "") -> Offer:
    require(actor, "portal.moderate_offer", offer.municipality)
    if decision == "publish":
        _require_publishable(offer)
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
    *, actor: Actor, municipality: Municipality, filename: str, content: bytes, publish: bool = False
) -> ImportResult:
    """Import a job list (CSV/XLSX). All rows or none: any error raises with row and column."""
    require(actor, "portal.submit_offer", municipality)
    ortsteile = dict(Ortsteil.objects.filter(municipality=municipality).values_list("name", "pk"))
    try:
        rows = parse_jobs(filename, content, ortsteile=ortsteile)
    except ImportError_ as exc:
        raise ValidationError({"file": exc.errors}) from exc
    can_moderate = actor.has_perm("portal.moderate_offer", municipality)
    organisation = None if can_moderate else partner_organisation(actor, municipality)
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
        # safe cast: only signed-in users hold portal.submit_offer (require above)
        target = existing or Offer(
            municipality=municipality, organisation=organisation, created_by=cast(User, actor)
        )
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
