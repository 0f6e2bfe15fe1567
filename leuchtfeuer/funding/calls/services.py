"""Writes of a call: its settings, elements (questions, data sheet, attachments) and criteria."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.funding.calls.models import Call, CallItem, Criterion
from leuchtfeuer.funding.calls.selectors import PROFILE_FIELDS
from leuchtfeuer.funding.common import (
    CENT,
    ZERO,
    money,
)
from leuchtfeuer.funding.programmes.models import ApplicantType

CALL_FIELDS = (
    "programme", "title", "description", "status", "applicant_types", "short_form", "budget", "max_request",
    "deadline", "consulting_cap", "material_cap", "first_year", "last_year", "carry_over", "report_required",
    "report_due_month", "report_due_day", "land_groups", "min_per_land_group", "min_grw_share",
    "min_per_size_class", "max_per_kreis", "max_selected",
)  # fmt: skip


def parse_land_groups(text: str) -> dict[str, list[str]]:
    """'Ost: 12, 13, 14' per line → {"Ost": ["12", "13", "14"]}; keys are Land (2) or Kreis (5) codes."""
    groups: dict[str, list[str]] = {}
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if ":" not in line:
            raise ValidationError(
                {"land_groups": f"Zeile {n}: Format „Name: Schlüssel, Schlüssel“ erwartet."}
            )
        name, keys = line.split(":", 1)
        name = name.strip()
        codes = [k.strip() for k in keys.replace(";", ",").split(",") if k.strip()]
        if not name or not codes:
            raise ValidationError({"land_groups": f"Zeile {n}: Name und mindestens ein Schlüssel nötig."})
        bad = [c for c in codes if not (c.isdigit() and len(c) in (2, 5))]
        if bad:
            raise ValidationError(
                {
                    "land_groups": f"Zeile {n}: „{', '.join(bad)}“ – erwartet werden Landesschlüssel (2 Ziffern) oder Kreisschlüssel (5 Ziffern)."
                }
            )
        if name in groups:
            raise ValidationError({"land_groups": f"Zeile {n}: die Gruppe „{name}“ gibt es schon."})
        groups[name] = codes
    return groups  # fmt: skip


@transaction.atomic
def call_save(*, actor: Actor, data: dict[str, Any], call: Call | None = None) -> Call:
    require(actor, "funding.manage")
    data = {k: v for k, v in data.items() if k in CALL_FIELDS}
    title = " ".join((data.get("title") or "").split())
    if not title:
        raise ValidationError({"title": "Bitte einen Titel für den Aufruf angeben."})
    data["title"] = title
    data["budget"] = money(data.get("budget"), "budget", "Gesamtbudget")
    for key, label in (
        ("max_request", "Höchstbetrag je Antrag"),
        ("consulting_cap", "Beratung je Jahr"),
        ("material_cap", "Sachmittel je Jahr"),
    ):
        data[key] = money(data.get(key), key, label, allow_none=True)
    deadline = data.get("deadline")
    if deadline is None:
        raise ValidationError({"deadline": "Bitte eine Einreichungsfrist angeben."})
    if timezone.is_naive(deadline):
        raise ValidationError({"deadline": "Die Frist braucht eine Zeitzone (Serverzeit)."})
    types = [t for t in data.get("applicant_types") or [] if t in ApplicantType.values]
    if not types:
        raise ValidationError(
            {"applicant_types": "Bitte mindestens eine Gruppe von Antragsberechtigten wählen."}
        )
    data["applicant_types"] = types
    if data.get("short_form") is False and any(t != "kommune" for t in types):
        raise ValidationError(
            {
                "short_form": "Vereine und Einzelpersonen können nur in Aufrufen mit Kurzantrag (Mikroförderung) antragen."
            }
        )
    first, last = data.get("first_year"), data.get("last_year")
    if first is None or last is None or first > last:
        raise ValidationError({"last_year": "Das letzte Förderjahr darf nicht vor dem ersten liegen."})
    if data.get("max_request") and data["max_request"] > data["budget"]:
        raise ValidationError({"max_request": "Der Höchstbetrag je Antrag ist größer als das Gesamtbudget."})
    share = data.get("min_grw_share")
    if share is not None and not (ZERO <= share <= 100):
        raise ValidationError({"min_grw_share": "Der GRW-Anteil muss zwischen 0 und 100 % liegen."})
    if isinstance(data.get("land_groups"), str):
        data["land_groups"] = parse_land_groups(data["land_groups"])
    if data.get("min_per_land_group") and not data.get("land_groups"):
        raise ValidationError(
            {"land_groups": "Für „mindestens je Ländergruppe“ bitte die Ländergruppen angeben."}
        )
    if call is None:
        base = slugify(title.replace("ß", "ss"))[:70] or "aufruf"
        slug, n = base, 2
        while Call.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        call = Call(slug=data.pop("slug", None) or slug)
        for key, value in data.items():
            setattr(call, key, value)
        call.save()
        audit_record(
            actor=actor, action="funding.call.create", target=call, summary=f"Förderaufruf {title} angelegt"
        )
        return call
    changes = field_changes(call, data)
    for key, value in data.items():
        setattr(call, key, value)
    call.save()
    if changes:
        audit_record(
            actor=actor,
            action="funding.call.update",
            target=call,
            summary=f"Förderaufruf {title} geändert",
            changes=changes,
        )
    return call  # fmt: skip


@transaction.atomic
def call_item_add(
    *, actor: Actor, call: Call, kind: str, label: str, help_text: str = "", required: bool = True,
    field_type: str = CallItem.FieldType.TEXT, profile_key: str = "", order: int | None = None,
) -> CallItem:  # fmt: skip
    require(actor, "funding.manage")
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte eine Bezeichnung angeben."})
    if kind not in CallItem.Kind.values:
        raise ValidationError({"kind": "Unbekannte Art des Elements."})
    if profile_key and profile_key not in PROFILE_FIELDS:
        raise ValidationError({"profile_key": f"„{profile_key}“ ist keine Kennzahl des Kommunalprofils."})
    if profile_key and kind != CallItem.Kind.DATASHEET:
        raise ValidationError(
            {"profile_key": "Nur Datenblatt-Felder können aus dem Kommunalprofil vorausgefüllt werden."}
        )
    if kind == CallItem.Kind.PREREQUISITE and not help_text.strip():
        raise ValidationError(
            {"help_text": "Bitte angeben, welcher Nachweis für diese Voraussetzung verlangt wird."}
        )
    if order is None:
        order = call.items.filter(kind=kind).count() + 1
    try:
        with transaction.atomic():
            item = CallItem.objects.create(
                call=call, kind=kind, label=label, help_text=help_text.strip(), required=required,
                field_type=field_type, profile_key=profile_key, order=order,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"label": f"„{label}“ gibt es in diesem Aufruf schon."}) from exc
    audit_record(
        actor=actor,
        action="funding.call.item_add",
        target=call,
        summary=f"{item.get_kind_display()}: {label}",
    )
    return item


@transaction.atomic
def call_item_update(
    *, actor: Actor, item: CallItem, label: str, help_text: str = "", required: bool = True,
    field_type: str = CallItem.FieldType.TEXT, profile_key: str = "", kind: str | None = None, order: int | None = None,
) -> CallItem:  # fmt: skip
    """Change an element's text, evidence, obligation or pre-fill (its kind stays: answers hang on it)."""
    require(actor, "funding.manage")
    if kind is not None and kind != item.kind:
        raise ValidationError({"kind": "Die Art eines Elements lässt sich nicht ändern – bitte neu anlegen."})
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte eine Bezeichnung angeben."})
    if profile_key and profile_key not in PROFILE_FIELDS:
        raise ValidationError({"profile_key": f"„{profile_key}“ ist keine Kennzahl des Kommunalprofils."})
    if profile_key and item.kind != CallItem.Kind.DATASHEET:
        raise ValidationError(
            {"profile_key": "Nur Datenblatt-Felder können aus dem Kommunalprofil vorausgefüllt werden."}
        )
    if item.kind == CallItem.Kind.PREREQUISITE and not (help_text or "").strip():
        raise ValidationError(
            {"help_text": "Bitte angeben, welcher Nachweis für diese Voraussetzung verlangt wird."}
        )
    data = {"label": label, "help_text": (help_text or "").strip(), "required": required, "field_type": field_type,
            "profile_key": profile_key or ""}  # fmt: skip
    changes = field_changes(item, data)
    for key, value in data.items():
        setattr(item, key, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError({"label": f"„{label}“ gibt es in diesem Aufruf schon."}) from exc
    if changes:
        audit_record(actor=actor, action="funding.call.item_update", target=item.call,
                     summary=f"{item.get_kind_display()} geändert: {label}", changes=changes)  # fmt: skip
    return item


@transaction.atomic
def call_item_delete(*, actor: Actor, item: CallItem) -> None:
    require(actor, "funding.manage")
    call = item.call
    if item.kind == CallItem.Kind.ATTACHMENT and call.applications.filter(attachments__item=item).exists():
        raise ValidationError(
            "Zu dieser Anlage wurden schon Dateien hochgeladen – sie kann nicht mehr entfernt werden."
        )
    audit_record(
        actor=actor,
        action="funding.call.item_delete",
        target=call,
        summary=f"{item.get_kind_display()} entfernt: {item.label}",
    )
    item.delete()


@transaction.atomic
def criterion_add(
    *, actor: Actor, call: Call, label: str, weight: Any, max_points: int = 5, description: str = ""
) -> Criterion:
    require(actor, "funding.manage")
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte das Kriterium benennen."})
    try:
        weight = Decimal(str(weight).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError({"weight": f"„{weight}“ ist keine Zahl."}) from exc
    if not weight.is_finite() or weight <= 0 or weight >= 1000:
        raise ValidationError({"weight": "Das Gewicht muss größer als 0 (und kleiner als 1.000) sein."})
    if not 1 <= int(max_points) <= 100:
        raise ValidationError({"max_points": "Die höchste Punktzahl muss zwischen 1 und 100 liegen."})
    if call.criteria.filter(scores__isnull=False).exists():
        raise ValidationError("Es wurde schon bewertet – die Kriterien lassen sich nicht mehr ändern.")
    try:
        with transaction.atomic():
            criterion = Criterion.objects.create(
                call=call, label=label, weight=weight.quantize(CENT), max_points=int(max_points),
                description=description.strip(), order=call.criteria.count() + 1,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"label": f"Das Kriterium „{label}“ gibt es schon."}) from exc
    audit_record(
        actor=actor,
        action="funding.call.criterion_add",
        target=call,
        summary=f"Kriterium {label} (Gewicht {weight})",
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Actor, criterion: Criterion) -> None:
    require(actor, "funding.manage")
    if criterion.scores.exists():
        raise ValidationError(
            "Zu diesem Kriterium gibt es schon Bewertungen – es kann nicht entfernt werden."
        )
    audit_record(
        actor=actor,
        action="funding.call.criterion_delete",
        target=criterion.call,
        summary=f"Kriterium {criterion.label} entfernt",
    )
    criterion.delete()
