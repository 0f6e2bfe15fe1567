"""Reads of the Werkstattplan: indicator progress with its traffic light, the plan tree, the
snapshot of the plan, the difference between versions and the budget total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Sum

from leuchtfeuer.core import taxonomy
from leuchtfeuer.werkstatt.kommunalprofil.selectors import live_profile_indicators
from leuchtfeuer.werkstatt.plan.models import Handlungsfeld, Indicator, Measure, PlanVersion
from leuchtfeuer.werkstatt.process.models import Process


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
