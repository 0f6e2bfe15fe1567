"""Changes of the Werkstattplan: Handlungsfelder, goals, measures, budget lines, adoption."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.audit import field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.plan.models import BudgetLine, Goal, Handlungsfeld, Measure, PlanVersion
from leuchtfeuer.werkstatt.plan.selectors import plan_snapshot
from leuchtfeuer.werkstatt.process.guards import (
    DENIED,
    assignable_user,
    audit,
    check_own,
    decimal_value,
    locked,
    require_area,
    text_value,
)
from leuchtfeuer.werkstatt.process.models import Process
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Idea


# -------------------------------------------------------------------------------- Handlungsfelder
def _taxonomy_positions() -> dict[str, int]:
    return {term.key: index for index, term in enumerate(taxonomy.HANDLUNGSFELDER, start=1)}


def _field_in_use(field: Handlungsfeld) -> bool:
    return field.goals.exists() or field.measures.exists() or field.ideas.exists()


@transaction.atomic
def topics_set(*, actor: Actor, process: Process, keys: list[str]) -> list[Handlungsfeld]:
    """Choose the programme's Handlungsfelder for this town (own fields stay untouched)."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "topics")
    known = {term.key: term for term in taxonomy.HANDLUNGSFELDER}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationError({"keys": f"Unbekannte Handlungsfelder: {', '.join(unknown)}."})
    positions = _taxonomy_positions()
    current = {f.key: f for f in process.handlungsfelder.filter(from_taxonomy=True)}
    added, removed = [], []
    for key in keys:
        if key not in current:
            term = known[key]
            Handlungsfeld.objects.create(
                process=process,
                key=key,
                label=term.label,
                description=term.description,
                from_taxonomy=True,
                position=positions[key],
            )
            added.append(term.label)
    for key, field in current.items():
        if key not in keys:
            if _field_in_use(field):
                raise ValidationError(
                    {
                        "keys": f"„{field.label}“ hat schon Ziele, Maßnahmen oder Ideen und kann nicht abgewählt werden."
                    }
                )
            removed.append(field.label)
            field.delete()
    if added or removed:
        audit(
            actor,
            process,
            "topics.set",
            process,
            "Handlungsfelder gewählt",
            {"hinzugefügt": added, "entfernt": removed},
        )
    return list(process.handlungsfelder.all())


@transaction.atomic
def handlungsfeld_add(*, actor: Actor, process: Process, label: str, description: str = "") -> Handlungsfeld:
    """An own Handlungsfeld of the town (Themenfreiheit)."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        require_area(process, "plan")
    label = text_value(label, field="label", label="eine Bezeichnung", max_length=200)
    key = slugify(label.replace("ß", "ss"))[:50] or "feld"
    candidate, n = key, 2
    while Handlungsfeld.objects.filter(process=process, key=candidate).exists():
        candidate, n = f"{key}-{n}", n + 1
    if process.handlungsfelder.filter(label__iexact=label).exists():
        raise ValidationError({"label": f"Das Handlungsfeld „{label}“ gibt es schon."})
    position = (process.handlungsfelder.aggregate(m=Max("position"))["m"] or 0) + 1
    field = Handlungsfeld.objects.create(
        process=process,
        key=candidate,
        label=label,
        description=text_value(
            description, field="description", label="Beschreibung", max_length=2000, required=False
        ),
        position=max(position, len(taxonomy.HANDLUNGSFELDER) + 1),
    )
    audit(actor, process, "handlungsfeld.add", field, f"Eigenes Handlungsfeld „{label}“ angelegt")
    return field


@transaction.atomic
def handlungsfeld_update(
    *, actor: Actor, field: Handlungsfeld, label: str, description: str = ""
) -> Handlungsfeld:
    process = field.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        require_area(process, "plan")
    data = {
        "label": text_value(label, field="label", label="eine Bezeichnung", max_length=200),
        "description": text_value(
            description, field="description", label="Beschreibung", max_length=2000, required=False
        ),
    }
    changes = field_changes(field, data)
    if changes:
        for key, value in data.items():
            setattr(field, key, value)
        field.save(update_fields=list(data))
        audit(
            actor, process, "handlungsfeld.update", field, f"Handlungsfeld „{field.label}“ geändert", changes
        )
    return field


@transaction.atomic
def handlungsfeld_delete(*, actor: Actor, field: Handlungsfeld) -> None:
    process = field.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        require_area(process, "plan")
    if _field_in_use(field):
        raise ValidationError(
            f"„{field.label}“ hat schon Ziele, Maßnahmen oder Ideen und kann nicht gelöscht werden."
        )
    audit(actor, process, "handlungsfeld.delete", field, f"Handlungsfeld „{field.label}“ gelöscht")
    field.delete()


# --------------------------------------------------------------------------------- Werkstattplan
@transaction.atomic
def goal_add(
    *, actor: Actor, process: Process, handlungsfeld: Handlungsfeld, title: str, description: str = ""
) -> Goal:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    if handlungsfeld is None:
        raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
    check_own(process, handlungsfeld, "Das Handlungsfeld")
    position = (Goal.objects.filter(handlungsfeld=handlungsfeld).aggregate(m=Max("position"))["m"] or 0) + 1
    goal = Goal.objects.create(
        process=process,
        handlungsfeld=handlungsfeld,
        title=text_value(title, field="title", label="das Ziel", max_length=300),
        description=text_value(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        position=position,
    )
    audit(actor, process, "goal.add", goal, f"Ziel „{goal.title}“ im Handlungsfeld {handlungsfeld.label}")
    return goal


@transaction.atomic
def goal_update(*, actor: Actor, goal: Goal, title: str, description: str = "") -> Goal:
    process = goal.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    data = {
        "title": text_value(title, field="title", label="das Ziel", max_length=300),
        "description": text_value(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
    }
    changes = field_changes(goal, data)
    if changes:
        for key, value in data.items():
            setattr(goal, key, value)
        goal.save(update_fields=list(data))
        audit(actor, process, "goal.update", goal, f"Ziel „{goal.title}“ geändert", changes)
    return goal


@transaction.atomic
def goal_delete(*, actor: Actor, goal: Goal) -> None:
    process = goal.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    audit(actor, process, "goal.delete", goal, f"Ziel „{goal.title}“ gelöscht")
    goal.delete()


MEASURE_FIELDS = (
    "handlungsfeld",
    "goal",
    "title",
    "description",
    "target_groups",
    "responsible",
    "responsible_user",
    "partners",
    "start",
    "end",
    "status",
    "progress_note",
    "scenario",
)


def _clean_measure(process: Process, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {unknown}")
    clean = dict(data)
    if "handlungsfeld" in clean:
        if clean["handlungsfeld"] is None:
            raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
        check_own(process, clean["handlungsfeld"], "Das Handlungsfeld")
    if clean.get("goal") is not None:
        check_own(process, clean["goal"], "Das Ziel")
        field = clean.get("handlungsfeld")
        if field is not None and clean["goal"].handlungsfeld_id != field.pk:
            raise ValidationError({"goal": "Das Ziel gehört zu einem anderen Handlungsfeld."})
    if "title" in clean:
        clean["title"] = text_value(clean["title"], field="title", label="einen Titel", max_length=200)
    for key, label, limit in (
        ("description", "Beschreibung", 10000),
        ("responsible", "Verantwortliche:r", 200),
        ("partners", "Partner", 2000),
        ("progress_note", "Stand der Umsetzung", 10000),
    ):
        if key in clean:
            clean[key] = text_value(clean[key], field=key, label=label, max_length=limit, required=False)
    if "target_groups" in clean:
        groups = list(dict.fromkeys(clean["target_groups"] or []))
        known = {t.key for t in taxonomy.LIFE_PHASES}
        wrong = [g for g in groups if g not in known]
        if wrong:
            raise ValidationError({"target_groups": f"Unbekannte Zielgruppen: {', '.join(wrong)}."})
        clean["target_groups"] = groups
    if "status" in clean and clean["status"] not in Measure.Status.values:
        raise ValidationError({"status": "Bitte wählen Sie einen Status aus der Liste."})
    if "responsible_user" in clean:
        clean["responsible_user"] = assignable_user(
            process, clean["responsible_user"], field="responsible_user"
        )
    if clean.get("scenario") is not None and clean["scenario"].municipality_id != process.municipality_id:
        raise ValidationError({"scenario": "Das Szenario gehört zu einer anderen Kommune."})
    return clean


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end": f"Das Ende ({end:%d.%m.%Y}) liegt vor dem Beginn ({start:%d.%m.%Y})."})


@transaction.atomic
def measure_create(*, actor: Actor, process: Process, **data: Any) -> Measure:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    clean = _clean_measure(process, data)
    if "handlungsfeld" not in clean:
        raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
    if "title" not in clean:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    _check_dates(clean.get("start"), clean.get("end"))
    clean["position"] = (
        Measure.objects.filter(handlungsfeld=clean["handlungsfeld"]).aggregate(m=Max("position"))["m"] or 0
    ) + 1
    measure = Measure.objects.create(process=process, **clean)
    audit(actor, process, "measure.create", measure, f"Maßnahme „{measure.title}“ angelegt")
    return measure


@transaction.atomic
def measure_update(*, actor: Actor, measure: Measure, **data: Any) -> Measure:
    """Change a measure. Status and progress may be changed in the Zwischenbilanz too."""
    process = measure.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    progress_only = set(data) <= {"status", "progress_note"}
    if not (progress_only and "progress" in stage_registry.editable_areas(process.current_stage)):
        require_area(process, "plan")
    clean = _clean_measure(process, data)
    goal = clean.get("goal")
    if (
        goal is not None
        and "handlungsfeld" not in clean
        and goal.handlungsfeld_id != measure.handlungsfeld_id
    ):
        raise ValidationError({"goal": "Das Ziel gehört zu einem anderen Handlungsfeld."})
    _check_dates(clean.get("start", measure.start), clean.get("end", measure.end))
    changes = field_changes(measure, clean)
    for key, value in clean.items():
        setattr(measure, key, value)
    measure.save()
    if changes:
        audit(actor, process, "measure.update", measure, f"Maßnahme „{measure.title}“ geändert", changes)
    return measure


@transaction.atomic
def measure_delete(*, actor: Actor, measure: Measure) -> None:
    process = measure.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    audit(actor, process, "measure.delete", measure, f"Maßnahme „{measure.title}“ gelöscht")
    measure.delete()


@transaction.atomic
def idea_to_measure(*, actor: Actor, idea: Idea, handlungsfeld: Handlungsfeld | None = None) -> Measure:
    """Turn a Zukunftswerkstatt idea into a measure of the Werkstattplan (linked both ways)."""
    process = idea.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    if idea.measure_id:
        raise ValidationError(
            f"Aus der Idee „{idea.title}“ ist bereits die Maßnahme „{idea.measure}“ geworden."
        )
    field = handlungsfeld or idea.handlungsfeld
    if field is None:
        raise ValidationError(
            {"handlungsfeld": f"Bitte ordnen Sie die Idee „{idea.title}“ zuerst einem Handlungsfeld zu."}
        )
    source = f"Aus der Idee „{idea.title}“" + (f" ({idea.source_label})" if idea.source_label else "")
    measure = measure_create(
        actor=actor,
        process=process,
        handlungsfeld=field,
        title=idea.title,
        description=(idea.description + "\n\n" if idea.description else "") + source + ".",
    )
    idea.measure = measure
    idea.save(update_fields=["measure"])
    audit(actor, process, "idea.to_measure", idea, f"Idee „{idea.title}“ wurde Maßnahme")
    return measure


@transaction.atomic
def budget_line_add(
    *,
    actor: Actor,
    measure: Measure,
    label: str,
    amount: Decimal | int | str,
    year: int | None = None,
    funding_source: str = "",
) -> BudgetLine:
    process = measure.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    # required=True: decimal_value raises instead of returning None
    value = cast(Decimal, decimal_value(amount, field="amount", label="den Betrag", required=True))
    if value < 0:
        raise ValidationError({"amount": "Der Betrag darf nicht negativ sein."})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "Bitte geben Sie den Betrag auf volle Cent an."})
    if value >= Decimal("10000000000"):
        raise ValidationError({"amount": "Der Betrag ist zu groß."})
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": f"{year} ist kein plausibles Jahr."})
    line = BudgetLine.objects.create(
        measure=measure,
        label=text_value(label, field="label", label="den Posten", max_length=200),
        amount=value,
        year=year,
        funding_source=text_value(
            funding_source, field="funding_source", label="Finanzierung", max_length=200, required=False
        ),
    )
    audit(actor, process, "budget.add", line, f"Kostenposten „{line.label}“ {value} € bei „{measure.title}“")
    return line


@transaction.atomic
def budget_line_delete(*, actor: Actor, line: BudgetLine) -> None:
    process = line.measure.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "plan")
    audit(actor, process, "budget.delete", line, f"Kostenposten „{line.label}“ gelöscht")
    line.delete()


@transaction.atomic
def plan_adopt(*, actor: Actor, process: Process, adopted_on: date, decision: str = "") -> PlanVersion:
    """Freeze the current Werkstattplan as the next version (the adopted plan)."""
    require(actor, "werkstatt.adopt_plan", process, message=DENIED)
    require_area(process, "plan")
    process = locked(process)
    snapshot = plan_snapshot(process)
    if not snapshot["measures"]:
        raise ValidationError("Ein Werkstattplan ohne Maßnahmen kann nicht beschlossen werden.")
    if adopted_on is None:
        raise ValidationError({"adopted_on": "Bitte geben Sie das Datum des Beschlusses an."})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "Das Beschlussdatum kann nicht in der Zukunft liegen."})
    latest = process.plan_versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        raise ValidationError(f"Der Werkstattplan ist seit Version {latest.number} unverändert.")
    if latest is not None and adopted_on < latest.adopted_on:
        raise ValidationError(
            {"adopted_on": f"Version {latest.number} wurde erst am {latest.adopted_on:%d.%m.%Y} beschlossen."}
        )
    version = PlanVersion.objects.create(
        process=process,
        number=(latest.number + 1) if latest else 1,
        adopted_on=adopted_on,
        adopted_by=cast(User, actor),  # safe: only signed-in users hold werkstatt.adopt_plan (require above)
        decision=text_value(decision, field="decision", label="Beschluss", max_length=300, required=False),
        snapshot=snapshot,
    )
    audit(
        actor,
        process,
        "plan.adopt",
        version,
        f"Werkstattplan Version {version.number} beschlossen am {adopted_on:%d.%m.%Y}",
        {"massnahmen": len(snapshot["measures"])},
    )
    return version
