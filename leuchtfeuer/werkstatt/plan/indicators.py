"""Changes of the Werkstattplan's indicators: official and own indicators, readings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.kommunalprofil.selectors import live_profile_indicators, snapshot_indicator
from leuchtfeuer.werkstatt.plan.models import Goal, Indicator, IndicatorReading, Measure
from leuchtfeuer.werkstatt.process.guards import (
    DENIED,
    audit,
    check_own,
    decimal_value,
    require_area,
    text_value,
)
from leuchtfeuer.werkstatt.process.models import Process


def official_indicator_value(process: Process, key: str) -> dict | None:
    """{value, unit, label, date, source} of an official indicator from the live Kommunalprofil."""
    return live_profile_indicators(process).get(key)


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    process: Process,
    kind: str,
    label: str = "",
    official_key: str = "",
    measure: Measure | None = None,
    goal: Goal | None = None,
    unit: str = "",
    direction: str = Indicator.Direction.UP,
    baseline_value=None,
    baseline_date: date | None = None,
    baseline_source: str = "",
    target_value=None,
    target_year: int | None = None,
    note: str = "",
) -> Indicator:
    """An official indicator takes label, unit and baseline from the data (the snapshot taken in
    the Kommunalprofil stage, else the live profile); a custom one takes what the town enters."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    check_own(process, measure, "Die Maßnahme")
    check_own(process, goal, "Das Ziel")
    if kind not in Indicator.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie amtlicher oder eigener Indikator."})
    if direction not in Indicator.Direction.values:
        raise ValidationError({"direction": "Bitte wählen Sie, ob höhere oder niedrigere Werte besser sind."})
    target = decimal_value(target_value, field="target_value", label="Der Zielwert")
    if target_year is not None and not 2000 <= target_year <= 2100:
        raise ValidationError({"target_year": f"{target_year} ist kein plausibles Zieljahr."})
    if kind == Indicator.Kind.OFFICIAL:
        official_key = (official_key or "").strip()
        live = official_indicator_value(process, official_key)
        if live is None:
            raise ValidationError(
                {"official_key": f"„{official_key}“ ist keine Kennzahl des Kommunalprofils."}
            )
        base = snapshot_indicator(process, official_key) or live
        value = base["value"]
        data = {
            "label": label.strip() or live["label"],
            "unit": live["unit"],
            "baseline_value": None if value is None else Decimal(str(round(value, 3))),
            "baseline_date": base["date"],
            "baseline_source": base["source"][:300],
        }
    else:
        official_key = ""
        baseline = decimal_value(baseline_value, field="baseline_value", label="Der Ausgangswert")
        data = {
            "label": text_value(label, field="label", label="eine Bezeichnung", max_length=200),
            "unit": text_value(unit, field="unit", label="Einheit", max_length=60, required=False),
            "baseline_value": baseline,
            "baseline_date": baseline_date,
            "baseline_source": text_value(
                baseline_source, field="baseline_source", label="Quelle", max_length=300, required=False
            )
            or "eigene Erhebung der Kommune",
        }
        if baseline is not None and baseline_date is None:
            raise ValidationError(
                {"baseline_date": "Bitte geben Sie an, auf welches Datum sich der Ausgangswert bezieht."}
            )
    indicator = Indicator.objects.create(
        process=process,
        kind=kind,
        official_key=official_key,
        measure=measure,
        goal=goal,
        direction=direction,
        target_value=target,
        target_year=target_year,
        note=text_value(note, field="note", label="Anmerkung", max_length=2000, required=False),
        **data,
    )
    audit(
        actor,
        process,
        "indicator.create",
        indicator,
        f"Indikator „{indicator.label}“ ({indicator.get_kind_display()}) angelegt",
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: Actor,
    indicator: Indicator,
    target_value=None,
    target_year: int | None = None,
    direction: str | None = None,
    note: str | None = None,
    label: str | None = None,
) -> Indicator:
    """Change target and description; an official indicator's baseline stays what the data said."""
    process = indicator.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    data: dict[str, Any] = {
        "target_value": decimal_value(target_value, field="target_value", label="Der Zielwert"),
        "target_year": target_year,
    }
    if target_year is not None and not 2000 <= target_year <= 2100:
        raise ValidationError({"target_year": f"{target_year} ist kein plausibles Zieljahr."})
    if direction is not None:
        if direction not in Indicator.Direction.values:
            raise ValidationError({"direction": "Bitte wählen Sie eine Richtung aus der Liste."})
        data["direction"] = direction
    if note is not None:
        data["note"] = text_value(note, field="note", label="Anmerkung", max_length=2000, required=False)
    if label is not None:
        data["label"] = text_value(label, field="label", label="eine Bezeichnung", max_length=200)
    changes = field_changes(indicator, data)
    if changes:
        for key, value in data.items():
            setattr(indicator, key, value)
        indicator.save(update_fields=list(data))
        audit(
            actor, process, "indicator.update", indicator, f"Indikator „{indicator.label}“ geändert", changes
        )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Actor, indicator: Indicator) -> None:
    process = indicator.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    audit(actor, process, "indicator.delete", indicator, f"Indikator „{indicator.label}“ gelöscht")
    indicator.delete()


@transaction.atomic
def indicator_reading_add(
    *, actor, indicator: Indicator, date: date, value, source: str = ""
) -> IndicatorReading:
    """Enter the current value of a custom indicator (official ones update themselves)."""
    process = indicator.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    areas = stage_registry.editable_areas(process.current_stage)
    if not areas & {"progress", "plan"}:
        require_area(process, "progress")
    if indicator.kind == Indicator.Kind.OFFICIAL:
        raise ValidationError(
            f"„{indicator.label}“ ist ein amtlicher Indikator; sein Wert kommt aus den amtlichen Daten."
        )
    if date is None:
        raise ValidationError({"date": "Bitte geben Sie das Datum des Werts an."})
    if date > timezone.localdate():
        raise ValidationError({"date": "Ein Messwert kann nicht in der Zukunft liegen."})
    number = decimal_value(value, field="value", label="Der Wert", required=True)
    try:
        with transaction.atomic():
            reading = IndicatorReading.objects.create(
                indicator=indicator,
                date=date,
                value=number,
                source=text_value(source, field="source", label="Quelle", max_length=300, required=False),
                entered_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError({"date": f"Für den {date:%d.%m.%Y} ist schon ein Wert eingetragen."}) from exc
    audit(
        actor,
        process,
        "indicator.reading",
        reading,
        f"Wert {number} für „{indicator.label}“ zum {date:%d.%m.%Y} eingetragen",
    )
    return reading
