"""Writes on municipalities and Ortsteile."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import (
    Municipality,
    Ortsteil,
    OrtsteilAgeGroupCount,
    OrtsteilDataUpload,
    Region,
)
from leuchtfeuer.places.ortsteil_data import REGIO17, UploadError, parse_upload


def _unique_slug(base: str) -> str:
    slug = slugify(base.replace("ß", "ss")) or "kommune"
    candidate, n = slug, 2
    while Municipality.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@transaction.atomic
def municipality_register(*, actor: Actor, key: str, display_name: str = "") -> Municipality:
    """Register an official region (Gemeinde by AGS, or Verband/Kreis by ARS) as a municipality."""
    require(actor, "places.add_municipality")
    key = (key or "").strip()
    if not key.isdigit() or len(key) not in (5, 8, 9, 12):
        raise ValidationError(
            {
                "key": f"„{key}“ ist kein gültiger Schlüssel: erwartet wird ein AGS (8 Ziffern) oder ARS (5, 9 oder 12 Ziffern)."
            }
        )
    if len(key) == 8:
        region = Region.objects.filter(level=Region.Level.GEMEINDE, ags=key).first()
    else:
        region = Region.objects.filter(ars=key).first()
    if region is None:
        raise ValidationError(
            {"key": f"Zum Schlüssel {key} gibt es keine Gebietseinheit in den amtlichen Daten."}
        )
    if region.level not in (Region.Level.GEMEINDE, Region.Level.GEMEINDEVERBAND, Region.Level.KREIS):
        raise ValidationError({"key": f"{region.name} ist kein Kreis, Gemeindeverband oder keine Gemeinde."})
    if Municipality.objects.filter(region=region).exists():
        raise ValidationError({"key": f"{region.name} ist bereits als Kommune angelegt."})
    name = display_name.strip() or region.short_name
    municipality = Municipality.objects.create(region=region, slug=_unique_slug(name), display_name=name)
    audit_record(
        actor=actor,
        action="municipality.register",
        target=municipality,
        municipality=municipality,
        summary=f"Kommune {name} ({region.key}) angelegt",
    )
    return municipality


@transaction.atomic
def municipality_update_contact(
    *, actor: Actor, municipality: Municipality, contact_email: str, contact_phone: str
) -> Municipality:
    require(actor, "places.change_municipality", municipality)
    contact_email = contact_email.strip().lower()
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError as exc:
            raise ValidationError(
                {"contact_email": "Bitte geben Sie eine gültige E-Mail-Adresse an."}
            ) from exc
    data = {"contact_email": contact_email, "contact_phone": contact_phone.strip()}
    changes = field_changes(municipality, data)
    if changes:
        for field, value in data.items():
            setattr(municipality, field, value)
        municipality.save(update_fields=list(data))
        audit_record(
            actor=actor,
            action="municipality.update",
            target=municipality,
            municipality=municipality,
            summary="Kontaktdaten geändert",
            changes=changes,
        )
    return municipality


@transaction.atomic
def ortsteil_create(
    *, actor: Actor, municipality: Municipality, name: str, kind: str = "ortsteil", key: str = ""
) -> Ortsteil:
    require(actor, "places.manage_ortsteile", municipality)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Bitte geben Sie einen Namen für den Ortsteil an."})
    if len(name) > 150:
        raise ValidationError({"name": "Der Name ist zu lang (höchstens 150 Zeichen)."})
    if kind not in ("ortsteil", "quartier"):
        raise ValidationError({"kind": "Bitte wählen Sie Ortsteil oder Quartier."})
    try:
        with transaction.atomic():
            ortsteil = Ortsteil.objects.create(
                municipality=municipality, name=name, kind=kind, key=key.strip()
            )
    except IntegrityError as exc:
        raise ValidationError({"name": f"Den Ortsteil „{name}“ gibt es in {municipality} bereits."}) from exc
    audit_record(
        actor=actor,
        action="ortsteil.create",
        target=ortsteil,
        municipality=municipality,
        summary=f"Ortsteil {name} angelegt",
    )
    return ortsteil


@transaction.atomic
def ortsteil_delete(*, actor: Actor, ortsteil: Ortsteil) -> None:
    require(actor, "places.manage_ortsteile", ortsteil.municipality)
    audit_record(
        actor=actor,
        action="ortsteil.delete",
        target=ortsteil,
        municipality=ortsteil.municipality,
        summary=f"Ortsteil {ortsteil.name} gelöscht",
    )
    ortsteil.delete()


@transaction.atomic
def ortsteil_data_upload(
    *,
    actor: Actor,
    municipality: Municipality,
    filename: str,
    content: bytes,
    reference_date: date,
    create_missing: bool = True,
) -> OrtsteilDataUpload:
    """Aggregate an anonymous Einwohnermeldeamt export into Ortsteil counts (rows are never stored).

    Replaces earlier counts of the same Ortsteile and reference date. A malformed file raises a
    ValidationError naming file, line and column, and nothing changes.
    """
    require(actor, "places.manage_ortsteile", municipality)
    try:
        aggregate = parse_upload(filename, content, reference_year=reference_date.year)
    except UploadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    existing = {o.name: o for o in municipality.ortsteile.all()}
    missing = [name for name in aggregate.ortsteile() if name not in existing]
    if missing and not create_missing:
        raise ValidationError(
            {
                "file": f"Datei {filename}: unbekannte Ortsteile: {', '.join(missing)}. Legen Sie sie zuerst an."
            }
        )
    for name in missing:
        existing[name] = Ortsteil.objects.create(municipality=municipality, name=name[:150])
    # safe cast: only signed-in users hold places.manage_ortsteile (require above)
    upload = OrtsteilDataUpload.objects.create(
        municipality=municipality, uploaded_by=cast(User, actor), filename=filename[:255], reference_date=reference_date,
        rows_read=aggregate.rows_read, layout=aggregate.layout,
    )  # fmt: skip
    touched = [existing[name].pk for name in aggregate.ortsteile()]
    OrtsteilAgeGroupCount.objects.filter(ortsteil_id__in=touched, reference_date=reference_date).delete()
    OrtsteilAgeGroupCount.objects.bulk_create(
        [
            OrtsteilAgeGroupCount(
                ortsteil=existing[name],
                upload=upload,
                reference_date=reference_date,
                age_from=REGIO17[index][0],
                age_to=REGIO17[index][1],
                sex=sex,
                count=count,
            )
            for (name, index, sex), count in sorted(aggregate.counts.items())
        ]
    )
    audit_record(
        actor=actor, action="ortsteil.data_upload", target=upload, municipality=municipality,
        summary=f"Ortsteildaten {filename} (Stichtag {reference_date:%d.%m.%Y}) hochgeladen: "
        f"{aggregate.rows_read} Zeilen, {len(touched)} Ortsteile"
        + (f", neu angelegt: {', '.join(missing)}" if missing else ""),
    )  # fmt: skip
    return upload
