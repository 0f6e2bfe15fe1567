"""Every change to scenarios: create, update, delete (permission check, validation, audit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.projections.current import END_YEAR, latest_total_year
from leuchtfeuer.projections.models import MAX_AGE, Scenario, ScenarioMeasure

MAX_MEASURES = 20
MAX_PERSONS = 5_000  # per year and measure: far above any small town's reach, catches typos
MAX_FAMILIES = 1_000
Kind = ScenarioMeasure.Kind
MEASURE_FIELDS = ("kind", "count", "percent", "age_from", "age_to", "start_year", "end_year")


def _require(actor: Actor, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Sie dürfen Szenarien dieser Kommune nicht bearbeiten.")


def first_measure_year(municipality: Municipality) -> int:
    """Measures act from the year after the projection's base year (latest official total)."""
    base = latest_total_year(municipality.region)
    return (base or END_YEAR - 22) + 1


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def clean_measures(rows: Iterable[Mapping[str, Any]], *, first_year: int) -> list[dict[str, Any]]:
    """Validate measure rows; raise one ValidationError listing every problem with its row."""
    cleaned: list[dict[str, Any]] = []
    errors: list[str] = []
    rows = list(rows)
    if len(rows) > MAX_MEASURES:
        raise ValidationError({"measures": f"Höchstens {MAX_MEASURES} Maßnahmen je Szenario."})
    for number, row in enumerate(rows, start=1):
        where = f"Maßnahme {row.get('row') or number}"
        kind = row.get("kind")
        if kind not in Kind.values:
            errors.append(f"{where}: Bitte wählen Sie die Art der Maßnahme.")
            continue
        out: dict[str, Any] = dict.fromkeys(MEASURE_FIELDS)
        out["kind"] = kind
        start, end = _int(row.get("start_year")), _int(row.get("end_year"))
        if start is None or not first_year <= start <= END_YEAR:
            errors.append(f"{where}: „ab Jahr“ muss zwischen {first_year} und {END_YEAR} liegen.")
        if row.get("end_year") not in (None, "") and (
            end is None or (start is not None and not start <= end <= END_YEAR)
        ):
            errors.append(
                f"{where}: „bis Jahr“ muss zwischen „ab Jahr“ und {END_YEAR} liegen (oder leer bleiben)."
            )
        out["start_year"], out["end_year"] = start, end
        if kind in (Kind.RETURNEES, Kind.FAMILIES):
            count = _int(row.get("count"))
            limit = MAX_PERSONS if kind == Kind.RETURNEES else MAX_FAMILIES
            what = "Personen" if kind == Kind.RETURNEES else "Familien"
            if count is None or not 1 <= count <= limit:
                errors.append(
                    f"{where}: Bitte geben Sie die Zahl der {what} pro Jahr an (1 bis {format_number(limit)})."
                )
            out["count"] = count
        else:
            try:
                percent = Decimal(str(row.get("percent")).replace(",", ".")).quantize(Decimal("0.1"))
            except (InvalidOperation, ValueError):
                percent = None
            if percent is None or not Decimal("0") < percent <= Decimal("100"):
                errors.append(
                    f"{where}: Bitte geben Sie an, um wie viel Prozent die Fortzüge sinken (über 0 bis 100)."
                )
            out["percent"] = percent
        if kind in (Kind.RETURNEES, Kind.FEWER_OUT_MOVES):
            lo, hi = _int(row.get("age_from")), _int(row.get("age_to"))
            if lo is None or hi is None or not 0 <= lo <= MAX_AGE or not 0 <= hi <= MAX_AGE:
                errors.append(f"{where}: Bitte geben Sie das Alter von … bis … an (0 bis {MAX_AGE}).")
            elif lo > hi:
                errors.append(f"{where}: Das Alter „von“ ({lo}) liegt über dem Alter „bis“ ({hi}).")
            out["age_from"], out["age_to"] = lo, hi
        cleaned.append(out)
    if errors:
        raise ValidationError({"measures": errors})
    if not cleaned:
        raise ValidationError({"measures": "Ein Szenario braucht mindestens eine Maßnahme."})
    return cleaned


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Bitte geben Sie dem Szenario einen Namen."})
    if len(name) > 150:
        raise ValidationError({"name": "Der Name ist zu lang (höchstens 150 Zeichen)."})
    return name


def _write_measures(scenario: Scenario, measures: list[dict[str, Any]]) -> list[ScenarioMeasure]:
    scenario.measures.all().delete()
    return ScenarioMeasure.objects.bulk_create(
        [ScenarioMeasure(scenario=scenario, position=i, **m) for i, m in enumerate(measures)]
    )


def _labels(measures: Iterable[ScenarioMeasure]) -> list[str]:
    return [m.label for m in measures]


@transaction.atomic
def scenario_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    description: str = "",
    measures: Iterable[Mapping[str, Any]],
) -> Scenario:
    _require(actor, "projections.add_scenario", municipality)
    name = _clean_name(name)
    cleaned = clean_measures(measures, first_year=first_measure_year(municipality))
    try:
        with transaction.atomic():
            scenario = Scenario.objects.create(
                municipality=municipality,
                name=name,
                description=(description or "").strip(),
                created_by=cast(User, actor)
                if getattr(actor, "is_authenticated", False)
                else None,  # signed in: a User
            )
    except IntegrityError as exc:
        raise ValidationError({"name": f"Ein Szenario „{name}“ gibt es in {municipality} bereits."}) from exc
    rows = _write_measures(scenario, cleaned)
    audit_record(
        actor=actor,
        action="scenario.create",
        target=scenario,
        municipality=municipality,
        summary=f"Szenario {name} angelegt: " + "; ".join(_labels(rows)),
        changes={"measures": [None, _labels(rows)]},
    )
    return scenario


@transaction.atomic
def scenario_update(
    *,
    actor: Actor,
    scenario: Scenario,
    name: str,
    description: str = "",
    measures: Iterable[Mapping[str, Any]],
) -> Scenario:
    scenario = Scenario.objects.select_for_update().select_related("municipality__region").get(pk=scenario.pk)
    _require(actor, "projections.change_scenario", scenario)
    name = _clean_name(name)
    cleaned = clean_measures(measures, first_year=first_measure_year(scenario.municipality))
    description = (description or "").strip()
    changes = field_changes(scenario, {"name": name, "description": description})
    before = _labels(scenario.measures.all())
    scenario.name, scenario.description = name, description
    try:
        with transaction.atomic():
            scenario.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": f"Ein Szenario „{name}“ gibt es in {scenario.municipality} bereits."}
        ) from exc
    after = _labels(_write_measures(scenario, cleaned))
    if before != after:
        changes["measures"] = [before, after]
    audit_record(
        actor=actor,
        action="scenario.update",
        target=scenario,
        municipality=scenario.municipality,
        summary=f"Szenario {name} geändert" + (f": {', '.join(changes)}" if changes else " (ohne Änderung)"),
        changes=changes,
    )
    return scenario


@transaction.atomic
def scenario_delete(*, actor: Actor, scenario: Scenario) -> None:
    scenario = Scenario.objects.select_for_update().select_related("municipality").get(pk=scenario.pk)
    _require(actor, "projections.delete_scenario", scenario)
    labels = _labels(scenario.measures.all())
    audit_record(
        actor=actor,
        action="scenario.delete",
        target=scenario,
        municipality=scenario.municipality,
        summary=f"Szenario {scenario.name} gelöscht",
        changes={"measures": [labels, None]},
    )
    scenario.delete()
