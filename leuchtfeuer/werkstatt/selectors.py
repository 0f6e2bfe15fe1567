"""Read-only queries of the Werkstatt process.

The first three functions are the contract other parts use (knowledge recommendations, funding
reports); keep their signatures. The rest serve this part's views, API and services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from leuchtfeuer.core import taxonomy
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.models import (
    Handlungsfeld,
    Indicator,
    Measure,
    PlanVersion,
    Process,
    ProfileSnapshot,
    Report,
    ResilienceAnswer,
    ResilienceCheck,
    Task,
)


# ------------------------------------------------------------------------------ the contract
def resilience_weak_spots(municipality) -> list[str]:
    """Keys from core.taxonomy.CHALLENGE_FIELDS and RESILIENCE_PILLARS that the town's latest
    Resilienz-Check rates weakest (worst first); [] without a check.

    "Weak" means a score of 1 or 2 on the 1–5 scale; ties keep the order of the taxonomy
    (pillars first). A key that is both a pillar and a challenge field appears once.
    """
    check = (
        ResilienceCheck.objects.filter(process__municipality=municipality)
        .order_by("-taken_on", "-id")
        .first()
    )
    if check is None:
        return []
    order = {("saeule", t.key): i for i, t in enumerate(taxonomy.RESILIENCE_PILLARS)} | {
        ("feld", t.key): 100 + i for i, t in enumerate(taxonomy.CHALLENGE_FIELDS)
    }
    weak = sorted(
        (a for a in check.answers.all() if a.score <= 2),
        key=lambda a: (a.score, order.get((a.dimension, a.key), 999)),
    )
    return list(dict.fromkeys(a.key for a in weak))


def plan_handlungsfelder(municipality) -> list[str]:
    """Keys (core.taxonomy.HANDLUNGSFELDER or the town's own field slugs) of the Handlungsfelder in
    the town's current Werkstattplan; [] without a plan.

    The current plan is the live one: every field that has a goal or a measure; before any goal
    or measure exists there is no plan yet.
    """
    return list(
        Handlungsfeld.objects.filter(process__municipality=municipality)
        .filter(Q(goals__isnull=False) | Q(measures__isnull=False))
        .distinct()
        .order_by("position", "label")
        .values_list("key", flat=True)
    )


def report_status(municipality, year: int) -> dict:
    """The yearly Kurzbericht of that year: {"due": date | None, "submitted": datetime | None,
    "overdue": bool}; due None when no report is expected."""
    report = Report.objects.filter(process__municipality=municipality, year=year).first()
    if report is None:
        return {"due": None, "submitted": None, "overdue": False}
    overdue = report.submitted_at is None and report.due < timezone.localdate()
    return {"due": report.due, "submitted": report.submitted_at, "overdue": overdue}


# ------------------------------------------------------------------------------ processes
def process_for(municipality) -> Process | None:
    return (
        Process.objects.select_related("municipality", "municipality__region")
        .filter(municipality=municipality)
        .first()
    )


def processes_visible_to(user):
    """Processes the user may see: all for the office/admin, else those of her municipalities."""
    from leuchtfeuer.accounts.models import Role
    from leuchtfeuer.accounts.roles import roles_by_municipality

    qs = Process.objects.select_related("municipality", "municipality__region").order_by(
        "municipality__display_name"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.has_perm("werkstatt.view_all_processes"):
        return qs
    visible_roles = {Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING}
    ids = [mid for mid, roles in roles_by_municipality(user).items() if roles & visible_roles]
    return qs.filter(municipality_id__in=ids)


@dataclass
class StageView:
    key: str
    label: str
    position: int
    purpose: str
    deliverables: tuple[str, ...]
    status: str
    status_label: str
    opened_at: Any
    closed_at: Any
    planned_end: date | None
    responsible: Any
    url_name: str
    stage_id: int
    is_current: bool
    missing: list[str] = field(default_factory=list)


def stage_overview(process: Process, *, with_gate: bool = True) -> list[StageView]:
    """The five stages with their state; the open one with its gate's list of what is missing."""
    rows = {s.kind: s for s in process.stages.select_related("responsible")}
    result = []
    for stage_def in stage_registry.STAGES:
        row = rows[stage_def.key]
        current = process.current_stage == stage_def.key
        result.append(
            StageView(
                key=stage_def.key,
                label=stage_def.label,
                position=stage_def.position,
                purpose=stage_def.purpose,
                deliverables=stage_def.deliverables,
                status=row.status,
                status_label=row.get_status_display(),
                opened_at=row.opened_at,
                closed_at=row.closed_at,
                planned_end=row.planned_end,
                responsible=row.responsible,
                url_name=stage_def.url_name,
                stage_id=row.pk,
                is_current=current,
                missing=stage_def.missing(process) if current and with_gate else [],
            )
        )
    return result


def latest_resilience(process: Process) -> tuple[ResilienceCheck | None, list[dict]]:
    """The latest check and its answers as rows [{dimension, key, label, score, note}] in taxonomy order."""
    checks = list(process.resilience_checks.order_by("-taken_on", "-id")[:2])
    if not checks:
        return None, []
    check = checks[0]
    answers = {(a.dimension, a.key): a for a in check.answers.all()}
    previous = {(a.dimension, a.key): a.score for a in checks[1].answers.all()} if len(checks) > 1 else {}
    rows = []
    for dimension, terms in (
        (ResilienceAnswer.Dimension.PILLAR, taxonomy.RESILIENCE_PILLARS),
        (ResilienceAnswer.Dimension.CHALLENGE, taxonomy.CHALLENGE_FIELDS),
    ):
        for term in terms:
            answer = answers.get((dimension, term.key))
            rows.append(
                {
                    "dimension": dimension,
                    "dimension_label": ResilienceAnswer.Dimension(dimension).label,
                    "key": term.key,
                    "label": term.label,
                    "score": answer.score if answer else None,
                    "previous": previous.get((dimension, term.key)),
                    "note": answer.note if answer else "",
                }
            )
    return check, rows


# ------------------------------------------------------------------------- official indicators
def live_profile_indicators(process: Process) -> dict[str, dict]:
    """{key: {label, unit, value, date, source}} of the live Kommunalprofil (cached per data version)."""
    from leuchtfeuer.places.profile import build_profile, data_version

    region = process.municipality.region
    key = f"leuchtfeuer:werkstatt:profile:{region.pk}:{data_version()}"
    cached = cache.get(key)
    if cached is None:
        profile = build_profile(region, with_map=False, with_peers=False)
        cached = {
            i.key: {
                "label": i.label,
                "unit": i.unit,
                "value": i.value,
                "date": i.reference_date,
                "source": i.source,
                "estimated": i.estimated,
            }
            for i in profile.indicators
        }
        cache.set(key, cached, 60 * 60)
    return cached


def official_indicator_choices(process: Process) -> list[tuple[str, str]]:
    return [(key, f"{v['label']} ({v['unit']})") for key, v in live_profile_indicators(process).items()]


def snapshot_indicator(process: Process, key: str) -> dict | None:
    """The indicator as frozen in the latest Kommunalprofil snapshot of the process."""
    snapshot = process.profile_snapshots.order_by("-taken_at", "-id").first()
    if snapshot is None:
        return None
    for item in snapshot.profile.get("indicators", []):
        if item.get("key") == key:
            ref = item.get("reference_date")
            return {
                "label": item.get("label", key),
                "unit": item.get("unit", ""),
                "value": item.get("value"),
                "date": date.fromisoformat(ref) if ref else None,
                "source": item.get("source", ""),
            }
    return None


def latest_snapshot(process: Process) -> ProfileSnapshot | None:
    return process.profile_snapshots.order_by("-taken_at", "-id").first()


def profile_comparison(process: Process, keys: list[str] | None = None) -> list[dict]:
    """Each Kommunalprofil indicator as frozen at the start (latest snapshot) and as the data say
    today: [{key, label, unit, start, start_date, current, current_date, change}]; [] without a
    snapshot. `change` is current − start where both exist and the current figure is newer."""
    snapshot = latest_snapshot(process)
    if snapshot is None:
        return []
    live = live_profile_indicators(process)
    rows = []
    for item in snapshot.profile.get("indicators", []):
        if keys is not None and item.get("key") not in keys:
            continue
        now = live.get(item.get("key"), {})
        start_date = date.fromisoformat(item["reference_date"]) if item.get("reference_date") else None
        current, current_date = now.get("value"), now.get("date")
        newer = current is not None and item.get("value") is not None and current_date != start_date
        rows.append(
            {
                "key": item.get("key"),
                "label": item.get("label", item.get("key")),
                "unit": item.get("unit", ""),
                "start": item.get("value"),
                "start_date": start_date,
                "current": current,
                "current_date": current_date,
                "change": (current - item["value"]) if newer else None,
            }
        )
    return rows


@dataclass
class IndicatorProgress:
    indicator: Indicator
    current: Decimal | None
    current_date: date | None
    current_source: str
    share: float | None  # progress from baseline to target (0 = baseline, 1 = target reached)
    light: str  # "gruen", "gelb", "rot", "grau"
    light_label: str

    @property
    def share_percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def _progress(indicator: Indicator, current: Decimal | None) -> tuple[float | None, str, str]:
    base, target = indicator.baseline_value, indicator.target_value
    if current is None or base is None or target is None:
        return None, "grau", "keine Bewertung (Werte fehlen)"
    if target == base:
        reached = current >= target if indicator.direction == Indicator.Direction.UP else current <= target
        return (
            (1.0 if reached else 0.0),
            ("gruen" if reached else "rot"),
            ("erreicht" if reached else "nicht erreicht"),
        )
    share = float((current - base) / (target - base))
    if share >= 1:
        return share, "gruen", "Ziel erreicht"
    if share >= 0.5:
        return share, "gruen", "auf gutem Weg"
    if share > 0:
        return share, "gelb", "etwas Fortschritt"
    return share, "rot", "kein Fortschritt oder Verschlechterung"


def indicator_progress(process: Process, indicators=None) -> list[IndicatorProgress]:
    """Each indicator with its current value (official: live data; custom: latest reading) and a
    traffic light of the progress from baseline towards target."""
    if indicators is None:
        indicators = process.indicators.select_related("measure").prefetch_related("readings")
    indicators = list(indicators)
    live = (
        live_profile_indicators(process) if any(i.kind == Indicator.Kind.OFFICIAL for i in indicators) else {}
    )
    result = []
    for ind in indicators:
        if ind.kind == Indicator.Kind.OFFICIAL:
            item = live.get(ind.official_key) or {}
            value = item.get("value")
            current = None if value is None else Decimal(str(round(value, 3)))
            current_date, source = item.get("date"), item.get("source", "")
        else:
            readings = sorted(ind.readings.all(), key=lambda r: (r.date, r.pk))
            last = readings[-1] if readings else None
            current = last.value if last else None
            current_date = last.date if last else None
            source = (last.source or "eigene Angabe der Kommune") if last else ""
        if current is not None and current_date and ind.baseline_date and current_date <= ind.baseline_date:
            # No newer figure than the baseline yet: nothing to judge.
            share, light, label = None, "grau", "noch kein neuerer Wert als der Ausgangswert"
        else:
            share, light, label = _progress(ind, current)
        result.append(IndicatorProgress(ind, current, current_date, source, share, light, label))
    return result


# ------------------------------------------------------------------------------ the plan
def plan_tree(process: Process) -> list[Handlungsfeld]:
    """Handlungsfelder with goals, measures (budget lines, indicators, ideas) in a fixed number of queries."""
    measures = Measure.objects.select_related("goal", "responsible_user", "scenario").prefetch_related(
        "budget_lines", "indicators", "ideas"
    )
    return list(
        process.handlungsfelder.prefetch_related("goals", Prefetch("measures", queryset=measures)).order_by(
            "position", "label"
        )
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def plan_snapshot(process: Process) -> dict:
    """The live Werkstattplan as plain JSON (what a PlanVersion freezes). Ids are kept so that
    the diff can follow renamed items. Implementation progress (status, progress note, readings)
    is not part of the plan: reporting it does not turn the adopted plan into a new draft."""
    fields = plan_tree(process)
    snapshot: dict[str, list] = {"handlungsfelder": [], "goals": [], "measures": [], "indicators": []}
    for f in fields:
        snapshot["handlungsfelder"].append(
            {"id": f.pk, "key": f.key, "label": f.label, "description": f.description}
        )
        for g in f.goals.all():
            snapshot["goals"].append(
                {"id": g.pk, "handlungsfeld": f.label, "title": g.title, "description": g.description}
            )
        for m in f.measures.all():
            lines = sorted(m.budget_lines.all(), key=lambda b: (b.year or 0, b.pk))
            snapshot["measures"].append(
                {
                    "id": m.pk,
                    "handlungsfeld": f.label,
                    "goal": m.goal.title if m.goal else "",
                    "title": m.title,
                    "description": m.description,
                    "target_groups": list(m.target_groups),
                    "responsible": m.responsible or (str(m.responsible_user) if m.responsible_user else ""),
                    "partners": m.partners,
                    "start": m.start.isoformat() if m.start else None,
                    "end": m.end.isoformat() if m.end else None,
                    "scenario": m.scenario.name if m.scenario else "",
                    "budget": [
                        {
                            "label": b.label,
                            "year": b.year,
                            "amount": _money(b.amount),
                            "funding_source": b.funding_source,
                        }
                        for b in lines
                    ],
                    "budget_total": _money(sum((b.amount for b in lines), Decimal("0"))),
                }
            )
    for ind in process.indicators.select_related("measure", "goal").order_by("id"):
        snapshot["indicators"].append(
            {
                "id": ind.pk,
                "label": ind.label,
                "kind": ind.kind,
                "official_key": ind.official_key,
                "measure": ind.measure.title if ind.measure else "",
                "unit": ind.unit,
                "baseline_value": None if ind.baseline_value is None else str(ind.baseline_value),
                "baseline_date": ind.baseline_date.isoformat() if ind.baseline_date else None,
                "target_value": None if ind.target_value is None else str(ind.target_value),
                "target_year": ind.target_year,
            }
        )
    return snapshot


def plan_has_unadopted_changes(process: Process) -> bool:
    latest = process.plan_versions.order_by("-number").first()
    if latest is None:
        return bool(process.measures.exists() or process.goals.exists())
    return bool(plan_diff(latest.snapshot, plan_snapshot(process)))


SECTION_LABELS = {
    "handlungsfelder": "Handlungsfeld",
    "goals": "Ziel",
    "measures": "Maßnahme",
    "indicators": "Indikator",
}
FIELD_LABELS = {
    "label": "Bezeichnung",
    "key": "Kurzname",
    "description": "Beschreibung",
    "handlungsfeld": "Handlungsfeld",
    "title": "Titel",
    "goal": "Ziel",
    "target_groups": "Zielgruppen",
    "responsible": "verantwortlich",
    "partners": "Partner",
    "start": "Beginn",
    "end": "Ende",
    "scenario": "Szenario",
    "budget": "Kostenposten",
    "budget_total": "Kosten gesamt (€)",
    "kind": "Art",
    "official_key": "Kennzahl",
    "measure": "Maßnahme",
    "unit": "Einheit",
    "baseline_value": "Ausgangswert",
    "baseline_date": "Stand des Ausgangswerts",
    "target_value": "Zielwert",
    "target_year": "Zieljahr",
}


def _name(item: dict) -> str:
    return item.get("title") or item.get("label") or str(item.get("id"))


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "; ".join(
                f"{v.get('label')} {v.get('amount')} €" + (f" ({v['year']})" if v.get("year") else "")
                for v in value
            )
        labels = dict(taxonomy.choices(taxonomy.LIFE_PHASES))
        return ", ".join(labels.get(v, str(v)) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def plan_diff(old: dict, new: dict) -> list[dict]:
    """What changed between two plan snapshots: [{section, change, name, fields: [(label, old, new)]}],
    change one of "neu", "entfernt", "geändert"."""
    changes = []
    for section, label in SECTION_LABELS.items():
        before = {item["id"]: item for item in old.get(section, [])}
        after = {item["id"]: item for item in new.get(section, [])}
        for item_id, item in after.items():
            if item_id not in before:
                changes.append({"section": label, "change": "neu", "name": _name(item), "fields": []})
                continue
            previous = item_id and before[item_id]
            keys = [k for k in item if k != "id"] + [k for k in previous if k != "id" and k not in item]
            diffs = [
                (FIELD_LABELS.get(k, k), _show(previous.get(k)), _show(item.get(k)))
                for k in keys
                if previous.get(k) != item.get(k)
            ]
            if diffs:
                changes.append({"section": label, "change": "geändert", "name": _name(item), "fields": diffs})
        for item_id, item in before.items():
            if item_id not in after:
                changes.append({"section": label, "change": "entfernt", "name": _name(item), "fields": []})
    return changes


def plan_versions(process: Process) -> list[PlanVersion]:
    return list(process.plan_versions.select_related("adopted_by").order_by("-number"))


def budget_total(process: Process) -> Decimal:
    return Measure.objects.filter(process=process).aggregate(total=Sum("budget_lines__amount"))[
        "total"
    ] or Decimal("0")


# ------------------------------------------------------------------------------ tasks
def open_tasks(process: Process, limit: int = 50) -> list[Task]:
    return list(
        process.tasks.filter(done=False)
        .select_related("assignee", "measure")
        .order_by("due_date", "id")[:limit]
    )


def dashboard_summary(process: Process) -> dict:
    """Stage, open tasks and next due dates for the dashboard panel (a few bounded queries)."""
    today = timezone.localdate()
    tasks = list(process.tasks.filter(done=False).select_related("assignee").order_by("due_date", "id")[:5])
    counts = process.tasks.filter(done=False).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today))
    )
    open_count, overdue = counts["open"], counts["overdue"]
    stage_rows = list(process.stages.all())
    current = next((s for s in stage_rows if s.kind == process.current_stage), None)
    upcoming = sorted(
        [
            (s.planned_end, f"Ende der Stufe {s.get_kind_display()}")
            for s in stage_rows
            if s.planned_end and s.status != "abgeschlossen"
        ]
        + [(t.due_date, t.title) for t in tasks if t.due_date],
        key=lambda x: x[0],
    )[:5]
    return {
        "process": process,
        "current_label": stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
        "current_stage": current,
        "stages": stage_rows,
        "tasks": tasks,
        "open_count": open_count,
        "overdue": overdue,
        "upcoming": upcoming,
        "today": today,
    }
