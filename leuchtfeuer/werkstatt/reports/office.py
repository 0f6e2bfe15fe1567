"""The programme office's overview of every process and the evaluation table (reads)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan.models import BudgetLine, Indicator, Measure, PlanVersion
from leuchtfeuer.werkstatt.process.models import Process, Stage, Task
from leuchtfeuer.werkstatt.reports.formatting import fmt_date
from leuchtfeuer.werkstatt.reports.models import Report
from leuchtfeuer.werkstatt.reports.selectors import LIGHT_RULES


# ------------------------------------------------------------------------------ office overview
@dataclass
class OfficeRow:
    municipality: Any
    process: Process | None
    land: str
    stage_label: str
    open_tasks: int = 0
    overdue_tasks: int = 0
    overdue_stages: int = 0
    report: Report | None = None
    report_state: str = "kein Bericht angelegt"
    report_overdue: bool = False

    @property
    def overdue_items(self) -> int:
        return self.overdue_tasks + self.overdue_stages + (1 if self.report_overdue else 0)


def _count(qs) -> Subquery:
    return Coalesce(
        Subquery(
            qs.order_by().values("process").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _processes_annotated(*, today: date):
    open_tasks = Task.objects.filter(process=OuterRef("pk"), done=False)
    return (
        Process.objects.select_related("municipality", "municipality__region")
        .annotate(
            n_open_tasks=_count(open_tasks),
            n_overdue_tasks=_count(open_tasks.filter(due_date__lt=today)),
            n_overdue_stages=_count(
                Stage.objects.filter(process=OuterRef("pk"), planned_end__lt=today).exclude(
                    status=Stage.Status.CLOSED
                )
            ),
        )
        .order_by("municipality__display_name")
    )


def report_state(report: Report | None, today: date) -> tuple[str, bool]:
    """(German state, overdue?) of a Kurzbericht."""
    if report is None:
        return "kein Bericht angelegt", False
    if report.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED):
        submitted = timezone.localdate(report.submitted_at) if report.submitted_at else None
        late = submitted is not None and submitted > report.due
        return report.get_status_display() + (" (verspätet)" if late else ""), False
    if report.due < today:
        return f"überfällig seit {fmt_date(report.due)}", True
    return f"{report.get_status_display()}, fällig am {fmt_date(report.due)}", False


def land_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=Region.Level.LAND).values_list("land_code", "name"))


def report_years() -> list[int]:
    return sorted(set(Report.objects.values_list("year", flat=True)), reverse=True)


def default_report_year(today: date) -> int:
    """The year whose Kurzbericht is the current business: the latest year with a report, else the
    previous calendar year (reports look back on a finished year)."""
    years = report_years()
    return years[0] if years else today.year - 1


def office_rows(*, year: int, today: date | None = None) -> list[OfficeRow]:
    """Every municipality with its stage, overdue items and the Kurzbericht of `year`.
    A constant number of queries however many municipalities there are."""
    today = today or timezone.localdate()
    lands = land_names()
    processes = {
        p.municipality_id: p
        for p in _processes_annotated(today=today).prefetch_related(
            Prefetch("reports", queryset=Report.objects.filter(year=year), to_attr="year_reports")
        )
    }
    rows = []
    for municipality in Municipality.objects.select_related("region").order_by("display_name"):
        process = processes.get(municipality.pk)
        land = lands.get(municipality.region.land_code, municipality.region.land_code)
        if process is None:
            rows.append(OfficeRow(municipality, None, land, "kein Werkstatt-Prozess"))
            continue
        report = process.year_reports[0] if process.year_reports else None
        state, overdue = report_state(report, today)
        rows.append(
            OfficeRow(
                municipality=municipality,
                process=process,
                land=land,
                stage_label=(
                    stage_registry.BY_KEY[process.current_stage].label
                    if process.current_stage
                    else "alle Stufen abgeschlossen"
                ),
                open_tasks=process.n_open_tasks,
                overdue_tasks=process.n_overdue_tasks,
                overdue_stages=process.n_overdue_stages,
                report=report,
                report_state=state,
                report_overdue=overdue,
            )
        )
    return rows


EVALUATION_COLUMNS: list[tuple[str, str]] = [
    ("ags", "AGS"),
    ("name", "Kommune"),
    ("land", "Land"),
    ("size_class", "Größenklasse"),
    ("population", "Einwohner:innen (amtlich)"),
    ("population_date", "Stichtag Einwohner:innen"),
    ("stage", "aktuelle Stufe"),
    ("started_on", "Beginn des Prozesses"),
    *[(f"closed_{s.key}", f"{s.label} abgeschlossen am") for s in stage_registry.STAGES],
    ("plan_adopted_on", "Werkstattplan erstmals beschlossen am"),
    ("plan_versions", "Werkstattplan-Versionen"),
    ("measures_total", "Maßnahmen gesamt"),
    *[(f"measures_{value}", f"Maßnahmen {label}") for value, label in Measure.Status.choices],
    ("indicators_total", "Indikatoren gesamt"),
    ("indicators_gruen", "Indikatoren grün (auf gutem Weg oder erreicht)"),
    ("indicators_gelb", "Indikatoren gelb"),
    ("indicators_rot", "Indikatoren rot"),
    ("indicators_grau", "Indikatoren ohne Bewertung"),
    ("budget_planned", "Kosten geplant (Euro)"),
    ("open_tasks", "offene Aufgaben"),
    ("overdue_tasks", "überfällige Aufgaben"),
    ("report_year", "Berichtsjahr"),
    ("report_due", "Kurzbericht fällig am"),
    ("report_status", "Kurzbericht Status"),
    ("report_submitted", "Kurzbericht eingereicht am"),
]


def evaluation_notes(year: int, today: date) -> list[str]:
    return [
        f"Leuchtfeuer – Werkstatt-Prozesse aller Kommunen, Stand {fmt_date(today)}, Kurzbericht {year}.",
        "Einwohner:innen, AGS, Land und Größenklasse aus der amtlichen Statistik (dl-de/by-2-0); "
        "Größenklasse nach BBSR (Landgemeinde < 5.000 ≤ Kleinstadt < 20.000 ≤ Mittelstadt < 100.000).",
        "Maßnahmen, Indikatoren, Kosten und Texte sind Angaben der Kommunen; Zielwerte sind Ziele der Kommunen.",
        "Ampel der Indikatoren: " + " ".join(LIGHT_RULES),
        "Kosten geplant: Summe aller Kostenposten der Maßnahmen über die ganze Laufzeit.",
    ]


def evaluation_rows(*, year: int, today: date | None = None) -> list[dict]:
    """One row per municipality with a Werkstatt process, for the scientific evaluation."""
    today = today or timezone.localdate()
    lands = land_names()
    processes = list(
        _processes_annotated(today=today)
        .annotate(
            plan_adopted_on=Min("plan_versions__adopted_on"),
        )
        .prefetch_related(
            "stages",
            Prefetch("reports", queryset=Report.objects.filter(year=year), to_attr="year_reports"),
        )
    )
    ids = [p.pk for p in processes]
    version_counts = dict(
        PlanVersion.objects.filter(process_id__in=ids)
        .values("process_id")
        .annotate(n=Count("pk"))
        .values_list("process_id", "n")
    )
    measure_counts: dict[int, Counter] = defaultdict(Counter)
    for process_id, status, n in (
        Measure.objects.filter(process_id__in=ids).values("process_id", "status").annotate(n=Count("pk"))
    ).values_list("process_id", "status", "n"):
        measure_counts[process_id][status] = n
    budgets = dict(
        BudgetLine.objects.filter(measure__process_id__in=ids)
        .values("measure__process_id")
        .annotate(total=Sum("amount"))
        .values_list("measure__process_id", "total")
    )
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for ind in Indicator.objects.filter(process_id__in=ids).prefetch_related("readings").order_by("id"):
        indicators[ind.process_id].append(ind)
    rows = []
    for process in processes:
        region = process.municipality.region
        stages = {s.kind: s for s in process.stages.all()}
        report = process.year_reports[0] if process.year_reports else None
        lights = Counter(p.light for p in plan_selectors.indicator_progress(process, indicators[process.pk]))
        counts = measure_counts[process.pk]
        row = {
            "ags": region.ags or region.ars,
            "name": process.municipality.display_name,
            "land": lands.get(region.land_code, region.land_code),
            "size_class": region.size_class,
            "population": region.population,
            "population_date": region.population_date,
            "stage": (
                stage_registry.BY_KEY[process.current_stage].label
                if process.current_stage
                else "abgeschlossen"
            ),
            "started_on": process.started_on,
            "plan_adopted_on": process.plan_adopted_on,
            "plan_versions": version_counts.get(process.pk, 0),
            "measures_total": sum(counts.values()),
            "indicators_total": len(indicators[process.pk]),
            "budget_planned": budgets.get(process.pk) or Decimal("0.00"),
            "open_tasks": process.n_open_tasks,
            "overdue_tasks": process.n_overdue_tasks,
            "report_year": year,
            "report_due": report.due if report else None,
            "report_status": report.get_status_display() if report else "kein Bericht angelegt",
            "report_submitted": timezone.localdate(report.submitted_at)
            if report and report.submitted_at
            else None,
        }
        for s in stage_registry.STAGES:
            closed = stages.get(s.key).closed_at if stages.get(s.key) else None
            row[f"closed_{s.key}"] = timezone.localdate(closed) if closed else None
        for value, _ in Measure.Status.choices:
            row[f"measures_{value}"] = counts.get(value, 0)
        for light in ("gruen", "gelb", "rot", "grau"):
            row[f"indicators_{light}"] = lights.get(light, 0)
        rows.append(row)
    return rows
