"""What the Zwischenbilanz and the Kurzbericht show: indicator rows with their traffic light,
measure rows, the Kommunalprofil then and now (read-only builders of plain data).

Traffic light (Ampel) of an indicator – the rules of `werkstatt.selectors.indicator_progress`,
which the Zwischenbilanz page uses too, so page and documents always agree:

    share = (current − baseline) / (target − baseline)      "share of the way from baseline to target"
    grün  share ≥ 1 (target reached) or share ≥ 0.5 (more than half of the way)
    gelb  0 < share < 0.5 (some progress)
    rot   share ≤ 0 (no progress or worse than the baseline)
    grau  baseline, target or current value missing, or no value newer than the baseline yet
    If target = baseline: grün when the current value is at/over (direction "sinken": at/under) the target, else rot.

The direction ("höher/niedriger ist besser") needs no extra rule: the sign of (target − baseline)
carries it. Beside the share the documents show how much of the time from the baseline date to
the end of the target year has passed (`time_share`), so a reader sees whether 40 % of the way
after 80 % of the time is good news or not; this figure does not change the light.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan.models import BudgetLine, Indicator, Measure, PlanVersion
from leuchtfeuer.werkstatt.process import selectors as process_selectors
from leuchtfeuer.werkstatt.process.models import Process, Task
from leuchtfeuer.werkstatt.reports.formatting import percent
from leuchtfeuer.werkstatt.reports.models import Report, Review
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Workshop

LIGHT_RULES = [
    "Anteil des Wegs = (aktueller Wert − Ausgangswert) ÷ (Zielwert − Ausgangswert).",
    "grün: Ziel erreicht (Anteil ≥ 100 %) oder mehr als die Hälfte des Wegs geschafft (Anteil ≥ 50 %).",
    "gelb: etwas Fortschritt (Anteil über 0 % und unter 50 %).",
    "rot: kein Fortschritt oder Verschlechterung gegenüber dem Ausgangswert (Anteil ≤ 0 %).",
    "grau: keine Bewertung, weil Ausgangswert, Zielwert oder aktueller Wert fehlt oder es noch keinen "
    "neueren Wert als den Ausgangswert gibt.",
    "Ist der Zielwert gleich dem Ausgangswert, ist die Ampel grün, wenn der aktuelle Wert ihn hält "
    "(bei „niedriger ist besser“: nicht überschreitet), sonst rot.",
    "„Zeit verstrichen“ ist der Anteil der Zeit vom Stand des Ausgangswerts bis zum Ende des "
    "Zieljahres; er ändert die Ampel nicht.",
    "Zielwerte sind immer Ziele der Kommune; amtliche Werte stammen aus dem Kommunalprofil, "
    "eigene Werte hat die Kommune eingetragen.",
]
LIGHT_LABELS = {"gruen": "grün", "gelb": "gelb", "rot": "rot", "grau": "grau"}
# The Kurzbericht for year Y is due on 31 January of Y + 1 unless the office sets another date


# ------------------------------------------------------------------------------ pure arithmetic
def time_share(baseline_date: date | None, target_year: int | None, today: date) -> float | None:
    """Share of the time from the baseline date to 31 December of the target year that has passed
    (0 … 1, clipped); None when a date is missing or the period is empty."""
    if baseline_date is None or target_year is None:
        return None
    end = date(target_year, 12, 31)
    total = (end - baseline_date).days
    if total <= 0:
        return None
    return min(1.0, max(0.0, (today - baseline_date).days / total))


# ----------------------------------------------------------------------------- indicator rows
@dataclass
class IndicatorRow:
    label: str
    kind: str
    kind_label: str
    unit: str
    measure: str
    baseline: Decimal | None
    baseline_date: date | None
    current: Decimal | None
    current_date: date | None
    source: str
    target: Decimal | None
    target_year: int | None
    share: float | None
    light: str
    light_label: str
    time_share: float | None

    @property
    def share_percent(self) -> str:
        return percent(self.share)

    @property
    def time_percent(self) -> str:
        return percent(self.time_share)


def indicator_rows(process: Process, *, today: date, indicators=None) -> list[IndicatorRow]:
    rows = []
    for p in plan_selectors.indicator_progress(process, indicators):
        ind = p.indicator
        rows.append(
            IndicatorRow(
                label=ind.label,
                kind=ind.kind,
                kind_label="amtlich" if ind.kind == Indicator.Kind.OFFICIAL else "eigene Zahl",
                unit=ind.unit,
                measure=ind.measure.title if ind.measure_id and ind.measure else "",
                baseline=ind.baseline_value,
                baseline_date=ind.baseline_date,
                current=p.current,
                current_date=p.current_date,
                source=p.current_source,
                target=ind.target_value,
                target_year=ind.target_year,
                share=p.share,
                light=p.light,
                light_label=p.light_label,
                time_share=time_share(ind.baseline_date, ind.target_year, today),
            )
        )
    return rows


# ------------------------------------------------------------------------------ Zwischenbilanz
@dataclass
class MeasureRow:
    measure: Measure
    handlungsfeld: str
    goal: str
    status: str
    status_label: str
    start: date | None
    end: date | None
    responsible: str
    budget_total: Decimal
    progress_note: str
    indicators: list[IndicatorRow] = field(default_factory=list)


def zwischenbilanz_data(process: Process, *, today: date | None = None) -> dict:
    """Everything the Zwischenbilanz document shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    tree = plan_selectors.plan_tree(process)
    indicators = list(
        process.indicators.select_related("measure").prefetch_related("readings").order_by("measure_id", "id")
    )
    by_indicator = dict(
        zip(
            (i.pk for i in indicators),
            indicator_rows(process, today=today, indicators=indicators),
            strict=True,
        )
    )
    measures = []
    for f in tree:
        for m in f.measures.all():
            measures.append(
                MeasureRow(
                    measure=m,
                    handlungsfeld=f.label,
                    goal=m.goal.title if m.goal else "",
                    status=m.status,
                    status_label=m.get_status_display(),
                    start=m.start,
                    end=m.end,
                    responsible=m.responsible or (str(m.responsible_user) if m.responsible_user else ""),
                    budget_total=sum((b.amount for b in m.budget_lines.all()), Decimal("0")),
                    progress_note=m.progress_note,
                    indicators=[by_indicator[i.pk] for i in m.indicators.all() if i.pk in by_indicator],
                )
            )
    plan_level = [by_indicator[i.pk] for i in indicators if i.measure_id is None]
    all_rows = list(by_indicator.values())
    review = getattr(process, "review", None) if _has_review(process) else None
    return {
        "process": process,
        "municipality": process.municipality,
        "region": process.municipality.region,
        "today": today,
        "measures": measures,
        "plan_indicators": plan_level,
        "indicators": all_rows,
        "status_counts": _status_counts(m.status for m in measures),
        "light_counts": _light_counts(all_rows),
        "budget_total": sum((m.budget_total for m in measures), Decimal("0")),
        "review": review,
        "snapshot": kommunalprofil_selectors.latest_snapshot(process),
        "profile_rows": profile_comparison(process),
        "plan_version": process.plan_versions.order_by("-number").first(),
        "light_rules": LIGHT_RULES,
    }


@dataclass
class ProfileRow:
    key: str
    label: str
    unit: str
    start: float | None
    start_date: date | None
    current: float | None
    current_date: date | None

    @property
    def decimals(self) -> int:
        return 0 if self.unit in ("Personen", "Einwohner:innen") else 1

    @property
    def change(self) -> float | None:
        if self.start is None or self.current is None:
            return None
        return self.current - self.start

    @property
    def newer(self) -> bool:
        return bool(self.current_date and self.start_date and self.current_date > self.start_date)


def profile_comparison(process: Process) -> list[ProfileRow]:
    """The Kommunalprofil as frozen at the start of the process (latest snapshot) beside today's
    official values – "later reports compare against the state at the start"."""
    snapshot = kommunalprofil_selectors.latest_snapshot(process)
    if snapshot is None:
        return []
    live = kommunalprofil_selectors.live_profile_indicators(process)
    rows = []
    for item in snapshot.profile.get("indicators", []):
        if item.get("value") is None:
            continue
        now = live.get(item.get("key"), {})
        ref = item.get("reference_date")
        rows.append(
            ProfileRow(
                key=item.get("key", ""),
                label=item.get("label", item.get("key", "")),
                unit=item.get("unit", ""),
                start=float(item["value"]),
                start_date=date.fromisoformat(ref) if ref else None,
                current=None if now.get("value") is None else float(now["value"]),
                current_date=now.get("date"),
            )
        )
    return rows


def _has_review(process: Process) -> bool:
    try:
        process.review  # noqa: B018
    except Review.DoesNotExist:
        return False
    return True


def _status_counts(statuses) -> list[tuple[str, str, int]]:
    counts = Counter(statuses)
    return [(value, label, counts.get(value, 0)) for value, label in Measure.Status.choices]


def _light_counts(rows: list[IndicatorRow]) -> list[tuple[str, str, int]]:
    counts = Counter(r.light for r in rows)
    return [(key, LIGHT_LABELS[key], counts.get(key, 0)) for key in ("gruen", "gelb", "rot", "grau")]


# ------------------------------------------------------------------------------ Kurzbericht
def kurzbericht_data(report: Report, *, today: date | None = None) -> dict:
    """The yearly short report from the process data: stage, measures, indicators, budget of the
    year, tasks done in the year, workshops held, plan versions adopted, and the narrative."""
    today = today or timezone.localdate()
    process = report.process
    data = zwischenbilanz_data(process, today=today)
    year = report.year
    lines = list(
        BudgetLine.objects.filter(measure__process=process)
        .select_related("measure")
        .order_by("year", "measure__title", "id")
    )
    year_lines = [b for b in lines if b.year == year]
    tasks_done = list(
        Task.objects.filter(process=process, done=True, done_at__year=year)
        .select_related("assignee", "measure")
        .order_by("done_at", "id")
    )
    workshops = list(Workshop.objects.filter(process=process, date__year=year).order_by("date", "id"))
    versions = list(PlanVersion.objects.filter(process=process, adopted_on__year=year).order_by("number"))
    stages = process_selectors.stage_overview(process, with_gate=False)
    data.update(
        report=report,
        year=year,
        stages=stages,
        current_stage=stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
        budget_lines=lines,
        budget_year_lines=year_lines,
        budget_year_total=sum((b.amount for b in year_lines), Decimal("0")),
        budget_undated_total=sum((b.amount for b in lines if b.year is None), Decimal("0")),
        tasks_done=tasks_done,
        workshops=workshops,
        versions=versions,
    )
    return data
