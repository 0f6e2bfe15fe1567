"""API of the Werkstatt process (django-ninja router mounted at /api/v1/).

Session login (django_auth; CSRF applies to writes). Reads: the processes the caller may see
(the programme office sees all, the town's coordinator/team/consultant/mentor their own). Writes
go through the same services and permissions as the pages.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import Field

from leuchtfeuer.core.api import PathId, Problem, Text, Word
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.plan.models import Handlungsfeld, Indicator, Measure
from leuchtfeuer.werkstatt.process import selectors as process_selectors
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.process.models import Process
from leuchtfeuer.werkstatt.stages import BY_KEY

router = Router(tags=["Werkstatt"], auth=django_auth)


class ProcessOut(Schema):
    id: int
    municipality: str
    municipality_slug: str
    region_key: str
    title: str
    started_on: date
    current_stage: str
    current_stage_label: str
    completed_at: datetime | None


class StageOut(Schema):
    kind: str
    label: str
    position: int
    status: str
    opened_at: datetime | None
    closed_at: datetime | None
    planned_end: date | None
    responsible: str | None
    deliverables: list[str]
    missing: list[str]


class BudgetLineOut(Schema):
    label: str
    year: int | None
    amount: Decimal
    funding_source: str


class MeasureOut(Schema):
    id: int
    title: str
    description: str
    handlungsfeld: str
    handlungsfeld_label: str
    goal: str | None
    target_groups: list[str]
    responsible: str
    partners: str
    start: date | None
    end: date | None
    status: str
    progress_note: str
    scenario_id: int | None
    budget: list[BudgetLineOut]
    budget_total: Decimal


TargetGroups = list[Word]


class MeasureIn(Schema):
    handlungsfeld: Word  # key of the town's Handlungsfeld
    title: Text
    description: Text = ""
    target_groups: TargetGroups = Field([], max_length=20)
    responsible: Text = ""
    partners: Text = ""
    start: date | None = None
    end: date | None = None
    status: Word = Measure.Status.PLANNED  # the service checks it against Measure.Status


class MeasurePatch(Schema):
    title: Text | None = None
    description: Text | None = None
    target_groups: TargetGroups | None = Field(None, max_length=20)
    responsible: Text | None = None
    partners: Text | None = None
    start: date | None = None
    end: date | None = None
    status: Word | None = None
    progress_note: Text | None = None


class IndicatorOut(Schema):
    id: int
    kind: str
    official_key: str
    label: str
    unit: str
    measure_id: int | None
    direction: str
    baseline_value: Decimal | None
    baseline_date: date | None
    baseline_source: str
    target_value: Decimal | None
    target_year: int | None
    target_is_town_target: bool = True
    current_value: Decimal | None
    current_date: date | None
    current_source: str
    progress: float | None
    traffic_light: str


class ReadingIn(Schema):
    date: dt.date
    value: Decimal = Field(max_digits=14, decimal_places=3)  # as IndicatorReading.value
    source: Text = ""


class StageCloseIn(Schema):
    stage: Word | None = None


def _process(request, process_id: int) -> Process:
    process = get_object_or_404(
        Process.objects.select_related("municipality", "municipality__region"), pk=process_id
    )
    if not request.user.has_perm("werkstatt.view_process", process):
        # Same answer as for a missing process: do not reveal which towns have one.
        raise HttpError(404, "Kein Werkstatt-Prozess mit dieser Nummer.")
    return process


def _write(call):
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Dafür fehlt Ihnen die Berechtigung.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


def _process_out(p: Process) -> dict:
    return {
        "id": p.pk,
        "municipality": p.municipality.display_name,
        "municipality_slug": p.municipality.slug,
        "region_key": p.municipality.region.key,
        "title": p.title,
        "started_on": p.started_on,
        "current_stage": p.current_stage,
        "current_stage_label": BY_KEY[p.current_stage].label if p.current_stage else "abgeschlossen",
        "completed_at": p.completed_at,
    }


def _measure_out(m: Measure) -> dict:
    lines = list(m.budget_lines.all())
    return {
        "id": m.pk,
        "title": m.title,
        "description": m.description,
        "handlungsfeld": m.handlungsfeld.key,
        "handlungsfeld_label": m.handlungsfeld.label,
        "goal": m.goal.title if m.goal else None,
        "target_groups": list(m.target_groups),
        "responsible": m.responsible or (str(m.responsible_user) if m.responsible_user else ""),
        "partners": m.partners,
        "start": m.start,
        "end": m.end,
        "status": m.status,
        "progress_note": m.progress_note,
        "scenario_id": m.scenario_id,
        "budget": [
            {"label": b.label, "year": b.year, "amount": b.amount, "funding_source": b.funding_source}
            for b in lines
        ],
        "budget_total": sum((b.amount for b in lines), Decimal("0")),
    }


def _indicator_out(p) -> dict:
    ind = p.indicator
    return {
        "id": ind.pk,
        "kind": ind.kind,
        "official_key": ind.official_key,
        "label": ind.label,
        "unit": ind.unit,
        "measure_id": ind.measure_id,
        "direction": ind.direction,
        "baseline_value": ind.baseline_value,
        "baseline_date": ind.baseline_date,
        "baseline_source": ind.baseline_source,
        "target_value": ind.target_value,
        "target_year": ind.target_year,
        "current_value": p.current,
        "current_date": p.current_date,
        "current_source": p.current_source,
        "progress": p.share,
        "traffic_light": p.light,
    }


@router.get("processes", response=list[ProcessOut], summary="Werkstatt-Prozesse, die Sie sehen dürfen")
def process_list(request):
    return [_process_out(p) for p in process_selectors.processes_visible_to(request.user)]


@router.get("processes/{process_id}", response=ProcessOut, summary="Ein Werkstatt-Prozess")
def process_detail(request, process_id: PathId):
    return _process_out(_process(request, process_id))


@router.get(
    "processes/{process_id}/stages", response=list[StageOut], summary="Die fünf Stufen mit Status und Lücken"
)
def stage_list(request, process_id: PathId):
    process = _process(request, process_id)
    return [
        {
            "kind": s.key,
            "label": s.label,
            "position": s.position,
            "status": s.status,
            "opened_at": s.opened_at,
            "closed_at": s.closed_at,
            "planned_end": s.planned_end,
            "responsible": str(s.responsible) if s.responsible else None,
            "deliverables": list(s.deliverables),
            "missing": s.missing,
        }
        for s in process_selectors.stage_overview(process)
    ]


@router.post(
    "processes/{process_id}/stages/close",
    response={200: list[StageOut], 403: Problem, 422: Problem},
    summary="Laufende Stufe abschließen (prüft, ob alle Ergebnisse vorliegen)",
)
def stage_close(request, process_id: PathId, payload: StageCloseIn):
    process = _process(request, process_id)
    try:
        process_services.stage_close(actor=request.user, process=process, kind=payload.stage)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        messages = exc.messages
        return Status(422, {"detail": messages[0], "errors": messages[1:]})
    process.refresh_from_db()
    return Status(200, stage_list(request, process_id))


@router.get(
    "processes/{process_id}/measures", response=list[MeasureOut], summary="Maßnahmen des Werkstattplans"
)
def measure_list(request, process_id: PathId):
    process = _process(request, process_id)
    measures = (
        Measure.objects.filter(process=process)
        .select_related("handlungsfeld", "goal", "responsible_user")
        .prefetch_related("budget_lines")
        .order_by("handlungsfeld__position", "position", "id")
    )
    return [_measure_out(m) for m in measures]


@router.post("processes/{process_id}/measures", response={201: MeasureOut}, summary="Maßnahme anlegen")
def measure_create(request, process_id: PathId, payload: MeasureIn):
    process = _process(request, process_id)
    field = Handlungsfeld.objects.filter(process=process, key=payload.handlungsfeld).first()
    if field is None:
        raise HttpError(422, f"Unbekanntes Handlungsfeld „{payload.handlungsfeld}“.")
    data = payload.dict()
    data["handlungsfeld"] = field
    measure = _write(lambda: plan_services.measure_create(actor=request.user, process=process, **data))
    measure = (
        Measure.objects.select_related("handlungsfeld", "goal")
        .prefetch_related("budget_lines")
        .get(pk=measure.pk)
    )
    return Status(201, _measure_out(measure))


@router.patch(
    "processes/{process_id}/measures/{measure_id}",
    response=MeasureOut,
    summary="Maßnahme ändern (nur die gesendeten Felder; Status und Umsetzungsstand auch in der Zwischenbilanz)",
)
def measure_patch(request, process_id: PathId, measure_id: PathId, payload: MeasurePatch):
    process = _process(request, process_id)
    measure = get_object_or_404(Measure, process=process, pk=measure_id)
    data = payload.dict(exclude_unset=True)
    if data:
        _write(lambda: plan_services.measure_update(actor=request.user, measure=measure, **data))
    measure = (
        Measure.objects.select_related("handlungsfeld", "goal")
        .prefetch_related("budget_lines")
        .get(pk=measure.pk)
    )
    return _measure_out(measure)


@router.get(
    "processes/{process_id}/indicators",
    response=list[IndicatorOut],
    summary="Indikatoren mit Ausgangs-, Ziel- und aktuellem Wert",
)
def indicator_list(request, process_id: PathId):
    process = _process(request, process_id)
    return [_indicator_out(p) for p in plan_selectors.indicator_progress(process)]


@router.post(
    "processes/{process_id}/indicators/{indicator_id}/readings",
    response={201: IndicatorOut},
    summary="Aktuellen Wert eines eigenen Indikators eintragen",
)
def indicator_reading(request, process_id: PathId, indicator_id: PathId, payload: ReadingIn):
    process = _process(request, process_id)
    indicator = get_object_or_404(Indicator, process=process, pk=indicator_id)
    _write(
        lambda: indicator_services.indicator_reading_add(
            actor=request.user,
            indicator=indicator,
            date=payload.date,
            value=payload.value,
            source=payload.source,
        )
    )
    fresh = Indicator.objects.prefetch_related("readings").get(pk=indicator.pk)
    return Status(201, _indicator_out(plan_selectors.indicator_progress(process, [fresh])[0]))
