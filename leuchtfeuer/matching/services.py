"""Writes of the matching agency: keyword-only, `actor=` first, transactional, audited; e-mails
after commit. Each service checks the permission itself (rules.py), validates with German
messages naming the field, and leaves the database unchanged when it refuses.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.core import uploads
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.permissions import require
from leuchtfeuer.matching import selectors
from leuchtfeuer.matching.models import (
    Programme,
    Proposal,
    RegisterStatus,
    Seeker,
    Space,
    SpaceKind,
    SpacePhoto,
    TownFacts,
)
from leuchtfeuer.places.models import Municipality

PHOTO_TYPES = {"jpg": uploads.JPEG, "jpeg": uploads.JPEG, "png": uploads.PNG, "webp": uploads.WEBP}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 6
# An entry stays in the register this long unless renewed (then it is no longer matched).
DEFAULT_VALIDITY = timedelta(days=365)


_require = require
_mail_on_commit = mail_on_commit


def _text(value: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    value = " ".join((value or "").split()) if max_length <= 300 else (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Bitte geben Sie {label} an."})
    if len(value) > max_length:
        raise ValidationError(
            {field: f"{label[0].upper()}{label[1:]} ist zu lang (höchstens {max_length} Zeichen)."}
        )
    return value


def _range(lo: Decimal | None, hi: Decimal | None, *, field: str, label: str) -> None:
    if lo is not None and lo < 0:
        raise ValidationError({field: f"{label}: Bitte keine negativen Beträge."})
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError({field: f"{label}: Der Wert „ab“ ist größer als der Wert „bis“."})


# ---------------------------------------------------------------------------- spaces

SPACE_FIELDS = [
    "title",
    "kind",
    "description",
    "area_m2",
    "condition",
    "rent_min",
    "rent_max",
    "price_min",
    "price_max",
    "available_from",
    "available_until",
    "accessibility",
    "features",
    "ortsteil",
    "exact_location_consent",
    "lat",
    "lon",
    "owner_name",
    "owner_email",
    "owner_phone",
]


def _validate_space(municipality: Municipality, data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: data.get(k) for k in SPACE_FIELDS}
    clean["title"] = _text(clean["title"], field="title", label="eine Bezeichnung", max_length=150)
    clean["description"] = _text(
        clean["description"], field="description", label="die Beschreibung", max_length=4000, required=False
    )
    clean["owner_name"] = _text(
        clean["owner_name"], field="owner_name", label="den Namen der Eigentümer:in", max_length=150
    )
    clean["owner_email"] = (clean["owner_email"] or "").strip()
    clean["owner_phone"] = _text(
        clean["owner_phone"], field="owner_phone", label="die Telefonnummer", max_length=50, required=False
    )
    if clean["kind"] not in SpaceKind.values:
        raise ValidationError({"kind": "Bitte wählen Sie eine Art aus der Liste."})
    if clean["condition"] not in Space.Condition.values:
        raise ValidationError({"condition": "Bitte wählen Sie einen Zustand aus der Liste."})
    if clean["accessibility"] not in Space.Accessibility.values:
        raise ValidationError({"accessibility": "Bitte wählen Sie aus, wie barrierefrei der Raum ist."})
    area = clean["area_m2"]
    if area is None or area <= 0:
        raise ValidationError({"area_m2": "Bitte geben Sie die Fläche in m² an (eine Zahl größer als 0)."})
    _range(clean["rent_min"], clean["rent_max"], field="rent_min", label="Miete")
    _range(clean["price_min"], clean["price_max"], field="price_min", label="Kaufpreis")
    if not clean["available_from"]:
        raise ValidationError({"available_from": "Bitte geben Sie an, ab wann der Raum frei ist."})
    if clean["available_until"] and clean["available_until"] < clean["available_from"]:
        raise ValidationError({"available_until": "„Frei bis“ liegt vor „frei ab“."})
    features = list(clean["features"] or [])
    unknown = [f for f in features if f not in selectors.FEATURE_LABELS]
    if unknown:
        raise ValidationError({"features": "Unbekannte Ausstattung: " + ", ".join(unknown)})
    clean["features"] = sorted(set(features))
    ortsteil = clean["ortsteil"]
    if ortsteil is not None and ortsteil.municipality_id != municipality.pk:
        raise ValidationError({"ortsteil": "Dieser Ortsteil gehört nicht zu der gewählten Kommune."})
    clean["exact_location_consent"] = bool(clean["exact_location_consent"])
    if clean["lat"] is not None or clean["lon"] is not None:
        if not clean["exact_location_consent"]:
            raise ValidationError(
                {
                    "lat": "Eine genaue Lage wird nur gespeichert, wenn die Eigentümer:in zustimmt, sie zu zeigen."
                }
            )
        if clean["lat"] is None or clean["lon"] is None:
            raise ValidationError(
                {"lat": "Bitte geben Sie Breiten- und Längengrad an (oder keinen von beiden)."}
            )
        if not (47 <= clean["lat"] <= 56 and 5 <= clean["lon"] <= 16):
            raise ValidationError({"lat": "Diese Koordinaten liegen nicht in Deutschland."})
    return clean


@transaction.atomic
def space_register(
    *,
    actor: Any,
    municipality: Municipality,
    data: dict[str, Any],
    entered_as: str,
    owner_consent: bool = False,
    consent_note: str = "",
    share: bool = False,
    is_demo: bool = False,
) -> Space:
    """Register a space. Owners must consent themselves; the town or a partner records the owner's
    consent (how it was given). Entries by owners and partners are checked by the agency first."""
    _require(actor, "matching.add_space")
    if entered_as not in Space.EnteredAs.values:
        raise ValidationError(
            {"entered_as": "Bitte wählen Sie aus, in welcher Rolle Sie den Raum eintragen."}
        )
    if entered_as != Space.EnteredAs.OWNER:
        _require(actor, "matching.enter_for_town", municipality)
    if entered_as == Space.EnteredAs.TOWN and not actor.has_perm("matching.edit_town", municipality):
        raise PermissionDenied("Nur Koordination und Team der Kommune tragen Räume für die Kommune ein.")
    clean = _validate_space(municipality, data)
    consent_note = _text(
        consent_note,
        field="consent_note",
        label="wie die Einwilligung erteilt wurde",
        max_length=300,
        required=False,
    )
    if entered_as == Space.EnteredAs.OWNER and not owner_consent:
        raise ValidationError(
            {
                "owner_consent": "Bitte willigen Sie ein, dass die Agentur Ihren Raum vermitteln darf – sonst können wir ihn nicht aufnehmen."
            }
        )
    if owner_consent and entered_as != Space.EnteredAs.OWNER and not consent_note:
        raise ValidationError(
            {"consent_note": "Bitte halten Sie fest, wie und wann die Eigentümer:in eingewilligt hat."}
        )
    if share and not owner_consent:
        raise ValidationError(
            {
                "share": "Ein Raum wird außerhalb der Kommune erst gezeigt, wenn die Einwilligung der Eigentümer:in vorliegt."
            }
        )
    now = timezone.now()
    partner = None
    if entered_as == Space.EnteredAs.PARTNER:
        membership = (
            actor.memberships.filter(municipality=municipality, role="partner")
            .select_related("organisation")
            .first()
        )
        partner = membership.organisation if membership else None
    status = RegisterStatus.OPEN if entered_as == Space.EnteredAs.TOWN else RegisterStatus.REVIEW
    space = Space.objects.create(
        municipality=municipality,
        entered_as=entered_as,
        partner=partner,
        owner_consent_at=now if owner_consent else None,
        owner_consent_note=consent_note or ("selbst eingetragen" if owner_consent else ""),
        visibility=Space.Visibility.REGION if share else Space.Visibility.TOWN,
        status=status,
        expires_on=timezone.localdate() + DEFAULT_VALIDITY,
        is_demo=is_demo,
        created_by=actor,
        **clean,
    )
    audit_record(
        actor=actor,
        action="matching.space_register",
        target=space,
        municipality=municipality,
        summary=f"Raum „{space.title}“ eingetragen ({space.get_entered_as_display()})",
        changes={"owner_consent": bool(owner_consent), "visibility": space.visibility},
    )
    return space


@transaction.atomic
def space_update(*, actor: Any, space: Space, data: dict[str, Any]) -> Space:
    _require(actor, "matching.change_space", space)
    space = Space.objects.select_for_update().get(pk=space.pk)
    clean = _validate_space(space.municipality, data)
    changes = {k: [str(getattr(space, k)), str(v)] for k, v in clean.items() if getattr(space, k) != v}
    for key, value in clean.items():
        setattr(space, key, value)
    space.save()
    audit_record(actor=actor, action="matching.space_update", target=space, municipality=space.municipality,
                 summary=f"Raum „{space.title}“ geändert", changes=changes)  # fmt: skip
    return space


@transaction.atomic
def space_consent(*, actor: Any, space: Space, given: bool, note: str = "", share: bool = True) -> Space:
    """Record (or withdraw) the owner's consent; withdrawing stops sharing and running proposals."""
    _require(actor, "matching.change_space", space)
    space = Space.objects.select_for_update().get(pk=space.pk)
    note = _text(
        note, field="note", label="wie die Einwilligung erteilt wurde", max_length=300, required=given
    )
    if given:
        space.owner_consent_at = timezone.now()
        space.owner_consent_note = note
        space.visibility = Space.Visibility.REGION if share else Space.Visibility.TOWN
    else:
        space.owner_consent_at = None
        space.owner_consent_note = note
        space.visibility = Space.Visibility.TOWN
        space.proposals.filter(status__in=Proposal.RUNNING).update(
            status=Proposal.Status.WITHDRAWN,
            outcome_reason="Einwilligung der Eigentümer:in widerrufen",
            closed_at=timezone.now(),
        )
    space.save()
    audit_record(actor=actor, action="matching.space_consent", target=space, municipality=space.municipality,
                 summary=("Einwilligung erfasst" if given else "Einwilligung widerrufen") + f" für „{space.title}“",
                 changes={"visibility": space.visibility})  # fmt: skip
    return space


@transaction.atomic
def space_photo_add(*, actor: Any, space: Space, upload: Any, alt_text: str) -> SpacePhoto:
    _require(actor, "matching.change_space", space)
    alt_text = _text(
        alt_text,
        field="alt_text",
        label="einen Alternativtext (was auf dem Foto zu sehen ist)",
        max_length=300,
    )
    if space.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"file": f"Höchstens {MAX_PHOTOS} Fotos je Raum."})
    file_type, name = uploads.check_upload(
        upload, allowed=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES, field="file"
    )
    data = uploads.stored_bytes(upload, file_type)  # without EXIF/GPS
    photo = SpacePhoto(
        space=space, alt_text=alt_text, content_type=file_type.content_type, size=len(data), uploaded_by=actor
    )
    photo.file.save(name, ContentFile(data), save=False)
    photo.save()
    audit_record(actor=actor, action="matching.photo_add", target=space, municipality=space.municipality,
                 summary=f"Foto zu „{space.title}“ hochgeladen ({name})")  # fmt: skip
    return photo


def _moderate(
    actor: Any, obj: Space | Seeker, *, approve: bool, note: str, municipality: Municipality | None = None
) -> None:
    _require(actor, "matching.moderate")
    note = _text(note, field="note", label="eine Begründung", max_length=300, required=not approve)
    if obj.status != RegisterStatus.REVIEW:
        raise ValidationError("Dieser Eintrag wartet nicht (mehr) auf eine Prüfung.")
    obj.status = RegisterStatus.OPEN if approve else RegisterStatus.REJECTED
    obj.moderation_note = note
    obj.save(update_fields=["status", "moderation_note", "updated_at"])
    audit_record(actor=actor, action="matching.moderate", target=obj, municipality=municipality,
                 summary=f"„{obj.title}“ {'freigegeben' if approve else 'nicht freigegeben'}", changes={"note": note})  # fmt: skip
    who = obj.created_by if obj.created_by_id else None
    outcome = (
        "ist freigegeben: Die Agentur schlägt ihn nun passenden Partner:innen vor."
        if approve
        else f"wurde nicht freigegeben. Begründung: {note}"
    )
    mail_on_commit(
        "Ihr Eintrag bei der Matching-Agentur",
        f"Guten Tag,\n\nIhr Eintrag „{obj.title}“ {outcome}\n\nViele Grüße\nIhre Matching-Agentur",
        [who.email if who else None],
    )


@transaction.atomic
def space_moderate(*, actor: Any, space: Space, approve: bool, note: str = "") -> Space:
    space = Space.objects.select_for_update().get(pk=space.pk)
    _moderate(actor, space, approve=approve, note=note, municipality=space.municipality)
    return space


@transaction.atomic
def seeker_moderate(*, actor: Any, seeker: Seeker, approve: bool, note: str = "") -> Seeker:
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    _moderate(actor, seeker, approve=approve, note=note, municipality=seeker.municipality)
    return seeker


@transaction.atomic
def entry_close(*, actor: Any, obj: Space | Seeker) -> None:
    """Withdraw a space or search from the register (the one who entered it, or the agency)."""
    perm = "matching.change_space" if isinstance(obj, Space) else "matching.change_seeker"
    if not (actor.has_perm(perm, obj) or actor.has_perm("matching.manage")):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")
    obj.status = RegisterStatus.CLOSED
    obj.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="matching.close",
        target=obj,
        municipality=obj.municipality,
        summary=f"„{obj.title}“ beendet",
    )


@transaction.atomic
def entry_renew(*, actor: Any, obj: Space | Seeker) -> Space | Seeker:
    """Keep a space or search in the register for another year (only the one who entered it)."""
    perm = "matching.change_space" if isinstance(obj, Space) else "matching.change_seeker"
    require(actor, perm, obj)
    if obj.status not in (RegisterStatus.OPEN, RegisterStatus.REVIEW):
        raise ValidationError("Nur offene Einträge lassen sich verlängern.")
    obj.expires_on = timezone.localdate() + DEFAULT_VALIDITY
    obj.save(update_fields=["expires_on", "updated_at"])
    audit_record(actor=actor, action="matching.renew", target=obj, municipality=obj.municipality,
                 summary=f"„{obj.title}“ verlängert bis {obj.expires_on:%d.%m.%Y}")  # fmt: skip
    return obj


# ---------------------------------------------------------------------------- seekers

SEEKER_FIELDS = [
    "title",
    "description",
    "sector",
    "contact_name",
    "contact_email",
    "contact_phone",
    "space_kinds",
    "area_min_m2",
    "area_max_m2",
    "budget_max",
    "needed_from",
    "needed_until",
    "place",
    "radius_km",
    "kreise",
    "needs_accessible",
    "required_features",
    "employees",
    "needs_rail",
    "needs_motorway",
    "needs_broadband",
    "labour_wish",
    "post",
]


@transaction.atomic
def seeker_register(
    *,
    actor: Any,
    kind: str,
    data: dict[str, Any],
    consent: bool,
    municipality: Municipality | None = None,
    is_demo: bool = False,
) -> Seeker:
    """Register a search. The person consents to be matched; a town's search for a shared post
    is entered by its coordination. Entries are checked by the agency before they are matched."""
    _require(actor, "matching.add_seeker")
    if kind not in Seeker.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie aus, was Sie suchen."})
    if not consent:
        raise ValidationError(
            {
                "consent": "Bitte willigen Sie ein, dass die Agentur Ihre Angaben zur Vermittlung speichert und nutzt."
            }
        )
    clean = {k: data.get(k) for k in SEEKER_FIELDS}
    clean["title"] = _text(clean["title"], field="title", label="Ihr Vorhaben", max_length=150)
    clean["description"] = _text(
        clean["description"], field="description", label="die Beschreibung", max_length=4000, required=False
    )
    clean["contact_name"] = _text(
        clean["contact_name"], field="contact_name", label="eine Ansprechperson", max_length=150
    )
    clean["contact_email"] = (clean["contact_email"] or "").strip()
    if not clean["contact_email"]:
        raise ValidationError({"contact_email": "Bitte geben Sie eine E-Mail-Adresse an."})
    for key in ("contact_phone", "labour_wish", "sector", "post"):
        clean[key] = (clean[key] or "").strip()
    clean["space_kinds"] = sorted(set(clean["space_kinds"] or []))
    if any(k not in SpaceKind.values for k in clean["space_kinds"] or []):
        raise ValidationError({"space_kinds": "Bitte wählen Sie Arten aus der Liste."})
    amin, amax = clean["area_min_m2"], clean["area_max_m2"]
    if amin is not None and amax is not None and amin > amax:
        raise ValidationError({"area_min_m2": "Die Mindestfläche ist größer als die Höchstfläche."})
    if clean["budget_max"] is not None and clean["budget_max"] < 0:
        raise ValidationError({"budget_max": "Bitte keine negativen Beträge."})
    nf, nu = clean["needed_from"], clean["needed_until"]
    if nf and nu and nf > nu:
        raise ValidationError({"needed_until": "„Gebraucht bis“ liegt vor „gebraucht ab“."})
    clean["kreise"] = sorted(set(clean["kreise"] or []))
    clean["required_features"] = sorted(set(clean["required_features"] or []))
    for key in ("needs_accessible", "needs_rail", "needs_motorway", "needs_broadband"):
        clean[key] = bool(clean[key])
    if kind != Seeker.Kind.VERBUND:
        if not clean["place"] and not clean["kreise"]:
            raise ValidationError(
                {"place": "Bitte geben Sie einen Wunschort mit Umkreis oder mindestens einen Kreis an."}
            )
        if clean["place"] and not clean["radius_km"]:
            raise ValidationError({"radius_km": "Bitte geben Sie einen Umkreis in km um den Wunschort an."})
        municipality = None
    else:
        if municipality is None or not actor.has_perm("matching.edit_town", municipality):
            raise PermissionDenied("Eine gemeinsame Stelle sucht die Koordination oder das Team der Kommune.")
        if clean["post"] not in Seeker.Post.values:
            raise ValidationError({"post": "Bitte wählen Sie die gemeinsame Stelle aus der Liste."})
    seeker = Seeker.objects.create(
        kind=kind,
        person=actor,
        municipality=municipality,
        consent_at=timezone.now(),
        status=RegisterStatus.REVIEW,
        expires_on=timezone.localdate() + DEFAULT_VALIDITY,
        is_demo=is_demo,
        created_by=actor,
        **clean,
    )
    audit_record(actor=actor, action="matching.seeker_register", target=seeker, municipality=municipality,
                 summary=f"Suche „{seeker.title}“ eingetragen ({seeker.get_kind_display()})")  # fmt: skip
    return seeker


# ---------------------------------------------------------------------------- town facts, money


@transaction.atomic
def town_facts_set(
    *,
    actor: Any,
    municipality: Municipality,
    rail_station: bool,
    motorway_km: int | None,
    gigabit: bool,
    note: str = "",
) -> TownFacts:
    _require(actor, "matching.edit_town", municipality)
    if motorway_km is not None and (motorway_km < 0 or motorway_km > 500):
        raise ValidationError({"motorway_km": "Bitte eine Entfernung zwischen 0 und 500 km angeben."})
    facts, _ = TownFacts.objects.select_for_update().get_or_create(municipality=municipality)
    before = {"rail_station": facts.rail_station, "motorway_km": facts.motorway_km, "gigabit": facts.gigabit}
    facts.rail_station, facts.motorway_km, facts.gigabit = bool(rail_station), motorway_km, bool(gigabit)
    facts.note = _text(note, field="note", label="den Hinweis", max_length=300, required=False)
    facts.updated_by = actor
    facts.save()
    audit_record(actor=actor, action="matching.town_facts", target=facts, municipality=municipality,
                 summary="Standortangaben geändert", changes={"before": {k: str(v) for k, v in before.items()}})  # fmt: skip
    return facts


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    name: str,
    sponsor: str,
    remaining: Decimal,
    summary: str = "",
    deadline: date | None = None,
    url: str = "",
    is_demo: bool = False,
) -> Programme:
    _require(actor, "matching.manage")
    name = _text(name, field="name", label="den Namen des Programms", max_length=200)
    sponsor = _text(sponsor, field="sponsor", label="den Fördergeber", max_length=200)
    if remaining is None or remaining <= 0:
        raise ValidationError({"remaining": "Bitte geben Sie die verfügbaren Mittel an (mehr als 0 €)."})
    programme = Programme.objects.create(
        name=name, sponsor=sponsor, remaining=remaining, summary=(summary or "").strip(), deadline=deadline,
        url=url or "", is_demo=is_demo, created_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="matching.programme_create",
        target=programme,
        summary=f"Programm „{name}“ eingetragen",
    )
    return programme
