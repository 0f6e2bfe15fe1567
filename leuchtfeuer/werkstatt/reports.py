"""Zwischenbilanz and Kurzbericht: data builders, Kurzbericht services, office overview, reminders.

Builders turn the process data into plain dictionaries/`Doc`s (report_exports.py writes them as
PDF, DOCX and ODT). Services follow the house style: keyword-only `<noun>_<verb>`, permission
check (report_rules.py), transaction, audit entry, e-mails in `transaction.on_commit`.

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

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import number_format

from leuchtfeuer.accounts.models import Membership, Role
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.werkstatt import (
    report_rules,  # noqa: F401  (registers the report permissions)
    selectors,
)
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.models import (
    BudgetLine,
    Indicator,
    Measure,
    PlanVersion,
    Process,
    Report,
    Stage,
    Task,
    Workshop,
)

logger = logging.getLogger(__name__)

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
# (the same default as the funding calls' report due date).
DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY = 1, 31
EDITABLE_STATUSES = (Report.Status.OPEN, Report.Status.DRAFT, Report.Status.RETURNED)
REQUIRED_FOR_SUBMIT = (
    ("summary", "Zusammenfassung"),
    ("highlights", "Erreichtes"),
    ("next_steps", "Nächste Schritte"),
)
# An overdue task or report is reminded again after this many days.
REPEAT_OVERDUE_DAYS = 7


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


def default_due(year: int) -> date:
    return date(year + 1, DEFAULT_DUE_MONTH, DEFAULT_DUE_DAY)


def _fmt_number(value: Any, decimals: int | None = None) -> str:
    """German number through Django's l10n (thousands dot, decimal comma); without `decimals`
    all significant decimals, trailing zeros dropped."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        number = number.normalize()
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def fmt_indicator_value(value: Any) -> str:
    """An indicator value as the pages and the documents print it: rounded to one decimal, the
    decimal dropped when it is zero, German format through Django's l10n (-21.951 -> "-22")."""
    if value is None:
        return "–"
    return floatformat(round(Decimal(str(value)), 1), "-1g")


def _fmt_money(value: Decimal | None) -> str:
    return "–" if value is None else _fmt_number(value, 2) + " €"


def _fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d.%m.%Y}"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


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
        return _percent(self.share)

    @property
    def time_percent(self) -> str:
        return _percent(self.time_share)


def indicator_rows(process: Process, *, today: date, indicators=None) -> list[IndicatorRow]:
    rows = []
    for p in selectors.indicator_progress(process, indicators):
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
    tree = selectors.plan_tree(process)
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
        "snapshot": selectors.latest_snapshot(process),
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
    snapshot = selectors.latest_snapshot(process)
    if snapshot is None:
        return []
    live = selectors.live_profile_indicators(process)
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
    from leuchtfeuer.werkstatt.models import Review

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
    stages = selectors.stage_overview(process, with_gate=False)
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


# ------------------------------------------------------------------------------- Doc builders
def _indicator_table(rows: list[IndicatorRow], caption: str = ""):
    from leuchtfeuer.werkstatt.report_exports import Cell, Table

    return Table(
        caption=caption,
        widths=[22, 9, 13, 13, 12, 9, 9, 13],
        header=[
            "Indikator",
            "Art",
            "Ausgangswert",
            "aktueller Wert",
            "Ziel der Kommune",
            "Anteil des Wegs",
            "Zeit verstrichen",
            "Ampel",
        ],
        rows=[
            [
                r.label + (f" ({r.unit})" if r.unit else ""),
                r.kind_label,
                Cell(
                    fmt_indicator_value(r.baseline)
                    + (f" ({r.baseline_date:%m/%Y})" if r.baseline_date else ""),
                    numeric=True,
                ),
                Cell(
                    fmt_indicator_value(r.current) + (f" ({r.current_date:%m/%Y})" if r.current_date else ""),
                    numeric=True,
                ),
                Cell(
                    fmt_indicator_value(r.target) + (f" bis {r.target_year}" if r.target_year else ""),
                    numeric=True,
                ),
                Cell(r.share_percent, numeric=True),
                Cell(r.time_percent, numeric=True),
                Cell(r.light_label, light=r.light),
            ]
            for r in rows
        ],
    )


def _measure_table(measures: list[MeasureRow]):
    from leuchtfeuer.werkstatt.report_exports import Cell, Table

    return Table(
        widths=[16, 24, 12, 18, 16, 14],
        header=["Handlungsfeld", "Maßnahme", "Status", "Zeitraum", "verantwortlich", "Kosten geplant"],
        rows=[
            [
                m.handlungsfeld,
                m.measure.title,
                m.status_label,
                f"{_fmt_date(m.start)} – {_fmt_date(m.end)}",
                m.responsible or "–",
                Cell(_fmt_money(m.budget_total), numeric=True),
            ]
            for m in measures
        ],
    )


def _summary_tables(data: dict) -> list:
    from leuchtfeuer.werkstatt.report_exports import Cell, Table

    return [
        Table(
            caption="Maßnahmen nach Status",
            header=["Status", "Anzahl"],
            rows=[[label, Cell(str(n), numeric=True)] for _, label, n in data["status_counts"]],
        ),
        Table(
            caption="Indikatoren nach Ampel",
            header=["Ampel", "Anzahl"],
            rows=[[Cell("", light=key), Cell(str(n), numeric=True)] for key, _, n in data["light_counts"]],
        ),
    ]


def _signed(value: float | None, decimals: int) -> str:
    if value is None:
        return "–"
    text = _fmt_number(abs(value), decimals)
    if round(value, decimals) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text


def zwischenbilanz_doc(data: dict):
    from leuchtfeuer.werkstatt.report_exports import Bullets, Cell, Doc, Heading, Para, Table

    municipality, region = data["municipality"], data["region"]
    review = data["review"]
    doc = Doc(
        title=f"Zwischenbilanz {municipality}",
        subtitle=(
            f"Werkstatt-Prozess „{data['process'].title}“ · Gemeindeschlüssel {region.key} · "
            f"Stand {_fmt_date(data['today'])}"
            + (
                f"\nWerkstattplan Version {data['plan_version'].number}, beschlossen am "
                f"{_fmt_date(data['plan_version'].adopted_on)}"
                if data["plan_version"]
                else ""
            )
            + (
                f"\nAusgangspunkt: Stand des Kommunalprofils, gesichert am {_fmt_date(data['snapshot'].taken_at)}"
                if data["snapshot"]
                else ""
            )
        ),
        footer=f"Zwischenbilanz {municipality} – Leuchtfeuer",
    )
    doc.add(Heading("Auf einen Blick"), *_summary_tables(data))
    doc.add(Para(f"Geplante Kosten aller Maßnahmen: {_fmt_money(data['budget_total'])}"))
    doc.add(Heading("Stand der Maßnahmen"))
    if not data["measures"]:
        doc.add(Para("Der Werkstattplan hat noch keine Maßnahmen."))
    for m in data["measures"]:
        doc.add(Heading(m.measure.title, level=3))
        doc.add(
            Para(
                f"Handlungsfeld: {m.handlungsfeld}"
                + (f" · Ziel: {m.goal}" if m.goal else "")
                + f"\nStatus: {m.status_label} · Zeitraum {_fmt_date(m.start)} – {_fmt_date(m.end)}"
                + f" · verantwortlich: {m.responsible or '–'} · Kosten geplant: {_fmt_money(m.budget_total)}"
            )
        )
        doc.add(Para("Stand der Umsetzung: " + (m.progress_note or "noch nicht beschrieben")))
        if m.indicators:
            doc.add(_indicator_table(m.indicators))
    if data["plan_indicators"]:
        doc.add(Heading("Indikatoren des Plans"), _indicator_table(data["plan_indicators"]))
    if data["profile_rows"]:
        doc.add(
            Heading("Kommunalprofil: Ausgangslage und heute"),
            Para(
                f"Amtliche Kennzahlen, wie sie zu Beginn gesichert wurden (am {_fmt_date(data['snapshot'].taken_at)}), "
                "und ihr heutiger Stand in den amtlichen Daten."
            ),
            Table(
                widths=[34, 16, 12, 16, 12, 10],
                header=["Kennzahl", "zu Beginn", "Stichtag", "heute", "Stichtag", "Veränderung"],
                rows=[
                    [
                        r.label + (f" ({r.unit})" if r.unit else ""),
                        Cell(_fmt_number(r.start, r.decimals), numeric=True),
                        _fmt_date(r.start_date),
                        Cell(_fmt_number(r.current, r.decimals), numeric=True),
                        _fmt_date(r.current_date),
                        Cell(_signed(r.change, r.decimals) if r.newer else "kein neuerer Wert", numeric=True),
                    ]
                    for r in data["profile_rows"]
                ],
            ),
        )
    doc.add(
        Heading("Bilanz in Worten"), Para((review.narrative if review else "") or "noch nicht geschrieben")
    )
    doc.add(
        Heading("Lehren und Erkenntnisse"),
        Para((review.lessons_learned if review else "") or "noch nicht geschrieben"),
    )
    doc.add(Heading("So lesen Sie die Ampel"), Bullets(list(data["light_rules"])))
    return doc


def kurzbericht_doc(data: dict):
    from leuchtfeuer.werkstatt.report_exports import Cell, Doc, Heading, Para, Table

    report: Report = data["report"]
    municipality, region = data["municipality"], data["region"]
    doc = Doc(
        title=f"Kurzbericht {report.year} – {municipality}",
        subtitle=(
            f"Zukunftswerkstatt Kommunen · Gemeindeschlüssel {region.key}"
            + (f" · {region.size_class}" if region.size_class else "")
            + f"\nBerichtsjahr {report.year} · fällig am {_fmt_date(report.due)} · Status: {report.get_status_display()}"
            + (f" am {_fmt_date(report.submitted_at)}" if report.submitted_at else "")
            + f"\nErstellt am {_fmt_date(data['today'])} aus den Daten des Werkstatt-Prozesses"
        ),
        footer=f"Kurzbericht {report.year} {municipality} – Leuchtfeuer",
    )
    doc.add(
        Heading("1. Zusammenfassung"),
        Para(report.summary or "(noch nicht geschrieben)"),
        Heading("2. Stand des Prozesses"),
        Para(
            "Aktuelle Stufe: "
            + (data["current_stage"] or "alle fünf Stufen abgeschlossen")
            + f" · Beginn des Prozesses: {_fmt_date(data['process'].started_on)}"
        ),
        Table(
            header=["Stufe", "Status", "begonnen", "abgeschlossen"],
            rows=[
                [f"{s.position}. {s.label}", s.status_label, _fmt_date(s.opened_at), _fmt_date(s.closed_at)]
                for s in data["stages"]
            ],
        ),
    )
    if data["versions"]:
        doc.add(
            Para(
                "Im Berichtsjahr beschlossen: "
                + "; ".join(
                    f"Werkstattplan Version {v.number} am {_fmt_date(v.adopted_on)}"
                    + (f" ({v.decision})" if v.decision else "")
                    for v in data["versions"]
                )
            )
        )
    if data["workshops"]:
        doc.add(
            Table(
                caption=f"Zukunftswerkstätten {report.year}",
                header=["Datum", "Titel", "Ort", "stattgefunden", "Teilnehmende"],
                rows=[
                    [
                        _fmt_date(w.date),
                        w.title,
                        w.place,
                        "ja" if w.held else "nein",
                        Cell("–" if w.participants is None else str(w.participants), numeric=True),
                    ]
                    for w in data["workshops"]
                ],
            )
        )
    doc.add(Heading("3. Maßnahmen"), *_summary_tables(data)[:1], _measure_table(data["measures"]))
    doc.add(Heading("4. Indikatoren"), _summary_tables(data)[1], _indicator_table(data["indicators"]))
    doc.add(Para("So lesen Sie die Ampel: " + " ".join(data["light_rules"]), small=True))
    doc.add(
        Heading("5. Kosten"),
        Table(
            caption=f"Kostenposten {report.year}",
            header=["Maßnahme", "Posten", "Finanzierung", "Betrag"],
            rows=[
                [b.measure.title, b.label, b.funding_source or "–", Cell(_fmt_money(b.amount), numeric=True)]
                for b in data["budget_year_lines"]
            ]
            + [["Summe", "", "", Cell(_fmt_money(data["budget_year_total"]), numeric=True)]],
        ),
        Para(
            f"Geplante Kosten aller Maßnahmen über die ganze Laufzeit: {_fmt_money(data['budget_total'])}"
            + (
                f" (davon ohne Jahresangabe: {_fmt_money(data['budget_undated_total'])})"
                if data["budget_undated_total"]
                else ""
            )
        ),
        Heading("6. Erledigte Aufgaben"),
        Table(
            header=["erledigt am", "Aufgabe", "Maßnahme", "zuständig"],
            rows=[
                [
                    _fmt_date(t.done_at),
                    t.title,
                    t.measure.title if t.measure else "–",
                    str(t.assignee) if t.assignee else "–",
                ]
                for t in data["tasks_done"]
            ],
        ),
        Heading("7. Erreichtes"),
        Para(report.highlights or "(noch nicht geschrieben)"),
        Heading("8. Schwierigkeiten"),
        Para(report.challenges or "(noch nicht geschrieben)"),
        Heading("9. Nächste Schritte"),
        Para(report.next_steps or "(noch nicht geschrieben)"),
    )
    if report.office_comment:
        doc.add(Heading("Rückmeldung der Geschäftsstelle"), Para(report.office_comment))
    return doc


# ------------------------------------------------------------------------------ services
def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


def _audit(actor, report: Report, action: str, summary: str, changes: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"werkstatt.{action}",
        target=report,
        municipality=report.process.municipality,
        summary=summary,
        changes=changes,
    )


def _office_emails() -> list[str]:
    User = get_user_model()
    return sorted(
        User.objects.filter(is_programme_office=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _coordinator_emails(municipality_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                municipality_id=municipality_id, role=Role.KOORDINATION, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _mail_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return

    def send() -> None:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)

    transaction.on_commit(send)


@transaction.atomic
def report_for_year(*, actor, process: Process, year: int) -> Report:
    """The Kurzbericht of a year, created (due on the default date) when the town starts writing it."""
    _require(actor, "werkstatt.edit_report", process)
    first, last = process.started_on.year, timezone.localdate().year
    if not first <= year <= last:
        raise ValidationError(
            {
                "year": f"Einen Kurzbericht gibt es für die Jahre seit Beginn des Prozesses ({first}) "
                f"bis zum laufenden Jahr ({last}), nicht für {year}."
            }
        )
    report, created = Report.objects.get_or_create(
        process=process, year=year, defaults={"due": default_due(year)}
    )
    if created:
        _audit(
            actor, report, "report.create", f"Kurzbericht {year} angelegt (fällig am {_fmt_date(report.due)})"
        )
    return report


@transaction.atomic
def report_update(
    *, actor, report: Report, summary: str, highlights: str, challenges: str, next_steps: str
) -> Report:
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    _require(actor, "werkstatt.edit_report", report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"Der Kurzbericht {report.year} ist {report.get_status_display()} und kann nicht mehr geändert werden."
        )
    data = {}
    for name, label, value in (
        ("summary", "Zusammenfassung", summary),
        ("highlights", "Erreichtes", highlights),
        ("challenges", "Schwierigkeiten", challenges),
        ("next_steps", "Nächste Schritte", next_steps),
    ):
        text = (value or "").strip()
        if len(text) > 10000:
            raise ValidationError({name: f"{label} ist zu lang (höchstens 10.000 Zeichen)."})
        data[name] = text
    changes = field_changes(report, data)
    if not changes:
        return report
    for key, value in data.items():
        setattr(report, key, value)
    report.status = Report.Status.DRAFT
    report.save()
    _audit(actor, report, "report.update", f"Kurzbericht {report.year} bearbeitet", changes)
    return report


@transaction.atomic
def report_submit(*, actor, report: Report, base_url: str = "") -> Report:
    """The coordinator submits the Kurzbericht to the programme office (status → eingereicht)."""
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    _require(actor, "werkstatt.submit_report", report)
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(f"Der Kurzbericht {report.year} ist bereits {report.get_status_display()}.")
    missing = [label for name, label in REQUIRED_FOR_SUBMIT if not getattr(report, name).strip()]
    if missing:
        raise ValidationError(
            f"Der Kurzbericht {report.year} kann noch nicht eingereicht werden: es fehlt "
            + ", ".join(f"„{m}“" for m in missing)
            + "."
        )
    report.status = Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    municipality = report.process.municipality
    late = timezone.localdate(report.submitted_at) > report.due
    _audit(
        actor,
        report,
        "report.submit",
        f"Kurzbericht {report.year} eingereicht" + (" (nach der Frist)" if late else ""),
    )
    link = f"{base_url}/geschaeftsstelle/werkstatt/" if base_url else ""
    _mail_on_commit(
        f"Kurzbericht {report.year} von {municipality} eingereicht",
        f"Guten Tag,\n\n{municipality} hat den Kurzbericht {report.year} eingereicht "
        f"(fällig am {_fmt_date(report.due)}, eingereicht am {_fmt_date(report.submitted_at)}"
        f" von {actor}).\n\n"
        + (f"Zur Übersicht der Geschäftsstelle: {link}\n\n" if link else "")
        + "Leuchtfeuer",
        _office_emails(),
    )
    return report


@transaction.atomic
def report_review(*, actor, report: Report, accept: bool, comment: str = "") -> Report:
    """The programme office accepts a submitted Kurzbericht or returns it with a comment."""
    report = Report.objects.select_for_update().select_related("process__municipality").get(pk=report.pk)
    _require(actor, "werkstatt.review_report", report)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            f"Nur ein eingereichter Kurzbericht kann angenommen oder zurückgegeben werden "
            f"(Status: {report.get_status_display()})."
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Bitte schreiben Sie, was überarbeitet werden soll."})
    if len(comment) > 5000:
        raise ValidationError({"comment": "Die Rückmeldung ist zu lang (höchstens 5.000 Zeichen)."})
    report.office_comment = comment
    if accept:
        report.status = Report.Status.ACCEPTED
    else:
        # Back to the town: no longer counts as submitted (overdue again once the due date has passed).
        report.status = Report.Status.RETURNED
        report.submitted_at = None
        report.submitted_by = None
    report.reminder_sent_at = None
    report.save()
    municipality = report.process.municipality
    verb = "angenommen" if accept else "zur Überarbeitung zurückgegeben"
    _audit(actor, report, "report.accept" if accept else "report.return", f"Kurzbericht {report.year} {verb}")
    _mail_on_commit(
        f"Kurzbericht {report.year}: {verb}",
        f"Guten Tag,\n\ndie Geschäftsstelle hat den Kurzbericht {report.year} von {municipality} {verb}."
        + (f"\n\nRückmeldung:\n{comment}" if comment else "")
        + "\n\nIhre Geschäftsstelle",
        _coordinator_emails(municipality.pk),
    )
    return report


@transaction.atomic
def reports_schedule(*, actor, year: int, due: date) -> dict:
    """The programme office sets the due date of the Kurzbericht `year` for every process that had
    begun by the end of that year: creates the missing reports and moves the due date of those not
    yet submitted. → {created, changed}."""
    if not actor.has_perm("werkstatt.schedule_reports"):
        raise PermissionDenied("Nur die Geschäftsstelle legt die Fristen der Kurzberichte fest.")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": f"Das Berichtsjahr {year} ist nicht plausibel."})
    if due < date(year, 1, 1):
        raise ValidationError({"due": f"Die Frist {_fmt_date(due)} liegt vor dem Berichtsjahr {year}."})
    created = changed = 0
    existing = {
        r.process_id: r
        for r in Report.objects.select_for_update().filter(year=year).select_related("process__municipality")
    }
    started = Process.objects.filter(started_on__lte=date(year, 12, 31))
    for process in started.select_related("municipality").order_by("pk"):
        report = existing.get(process.pk)
        if report is None:
            report = Report.objects.create(process=process, year=year, due=due)
            created += 1
            _audit(
                actor, report, "report.schedule", f"Kurzbericht {year} angelegt, fällig am {_fmt_date(due)}"
            )
        elif report.due != due and report.status in EDITABLE_STATUSES:
            old = report.due
            report.due = due
            report.reminder_sent_at = None
            report.save(update_fields=["due", "reminder_sent_at", "updated_at"])
            changed += 1
            _audit(
                actor,
                report,
                "report.schedule",
                f"Frist des Kurzberichts {year} auf {_fmt_date(due)} gesetzt",
                {"due": [old.isoformat(), due.isoformat()]},
            )
    return {"created": created, "changed": changed}


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
        return f"überfällig seit {_fmt_date(report.due)}", True
    return f"{report.get_status_display()}, fällig am {_fmt_date(report.due)}", False


def land_names() -> dict[str, str]:
    from leuchtfeuer.places.models import Region

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
    from leuchtfeuer.places.models import Municipality

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
        f"Leuchtfeuer – Werkstatt-Prozesse aller Kommunen, Stand {_fmt_date(today)}, Kurzbericht {year}.",
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
        lights = Counter(p.light for p in selectors.indicator_progress(process, indicators[process.pk]))
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


# ------------------------------------------------------------------------------ reminders
@dataclass
class Reminder:
    kind: str  # "aufgaben" | "kurzbericht"
    recipients: list[str]
    subject: str
    body: str
    task_ids: list[int] = field(default_factory=list)
    report_id: int | None = None


def _due_again(last_sent: datetime | None, due: date, today: date) -> bool:
    """Whether an item due on `due` gets a reminder today, given when the last one went out.

    - never reminded → yes;
    - reminded already today (or later) → no (a second run the same day sends nothing);
    - overdue and the last reminder went out on or before the due date → yes (the "now overdue" notice);
    - overdue and the last reminder is at least REPEAT_OVERDUE_DAYS old → yes (weekly while overdue);
    - otherwise no.
    """
    if last_sent is None:
        return True
    last = timezone.localdate(last_sent)
    if last >= today:
        return False
    if due < today:
        return last <= due or (today - last).days >= REPEAT_OVERDUE_DAYS
    return False


def reminders_due(*, today: date | None = None, days: int = 7, base_url: str = "") -> list[Reminder]:
    """The reminders that are due today (nothing is written or sent)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    reminders: list[Reminder] = []

    tasks = (
        Task.objects.filter(done=False, due_date__isnull=False, due_date__lte=horizon)
        .select_related("assignee", "process__municipality", "measure")
        .order_by("process__municipality__display_name", "due_date", "id")
    )
    coordinators: dict[int, list[str]] = {}
    per_recipient: dict[tuple[str, ...], list[Task]] = defaultdict(list)
    for task in tasks:
        if not _due_again(task.reminder_sent_at, task.due_date, today):
            continue
        if task.assignee_id and task.assignee.email and task.assignee.is_active:
            recipients: tuple[str, ...] = (task.assignee.email,)
        else:
            municipality_id = task.process.municipality_id
            if municipality_id not in coordinators:
                coordinators[municipality_id] = _coordinator_emails(municipality_id)
            recipients = tuple(coordinators[municipality_id])
        if recipients:
            per_recipient[recipients].append(task)
    for recipients, items in per_recipient.items():
        lines = []
        for task in items:
            state = (
                f"überfällig seit {_fmt_date(task.due_date)}"
                if task.due_date < today
                else f"fällig am {_fmt_date(task.due_date)}"
            )
            town = task.process.municipality
            link = f"\n  {base_url}/kommunen/{town.slug}/werkstatt/aufgaben/" if base_url else ""
            lines.append(f"- {task.title} ({town}, {state}){link}")
        overdue = sum(1 for t in items if t.due_date < today)
        reminders.append(
            Reminder(
                kind="aufgaben",
                recipients=list(recipients),
                subject=f"Erinnerung: {len(items)} Aufgabe(n) im Werkstatt-Prozess"
                + (f", davon {overdue} überfällig" if overdue else ""),
                body="Guten Tag,\n\nfolgende Aufgaben im Werkstatt-Prozess sind bald fällig oder überfällig:\n\n"
                + "\n".join(lines)
                + "\n\nBitte erledigen Sie sie oder passen Sie das Fälligkeitsdatum an.\n\nLeuchtfeuer",
                task_ids=[t.pk for t in items],
            )
        )

    reports = (
        Report.objects.filter(status__in=EDITABLE_STATUSES, due__lte=horizon)
        .select_related("process__municipality")
        .order_by("due", "id")
    )
    for report in reports:
        if not _due_again(report.reminder_sent_at, report.due, today):
            continue
        town = report.process.municipality
        recipients = _coordinator_emails(town.pk)
        if not recipients:
            continue
        overdue = report.due < today
        when = (
            f"war am {_fmt_date(report.due)} fällig" if overdue else f"ist am {_fmt_date(report.due)} fällig"
        )
        link = f"{base_url}/kommunen/{town.slug}/werkstatt/kurzbericht/{report.year}/" if base_url else ""
        reminders.append(
            Reminder(
                kind="kurzbericht",
                recipients=recipients,
                subject=f"Erinnerung: Kurzbericht {report.year} {town}" + (" überfällig" if overdue else ""),
                body=f"Guten Tag,\n\nder Kurzbericht {report.year} von {town} für die Geschäftsstelle {when} "
                f"(Status: {report.get_status_display()}).\n"
                + (f"Zum Kurzbericht: {link}\n" if link else "")
                + "\nLeuchtfeuer erstellt den Bericht aus Ihren Prozessdaten; Sie ergänzen die Texte und "
                "reichen ihn ein.\n\nLeuchtfeuer",
                report_id=report.pk,
            )
        )
    return reminders


def reminders_send(*, today: date | None = None, days: int = 7, base_url: str = "", dry_run: bool = False):
    """Send the due reminders and record `reminder_sent_at` (idempotent per day: an item claimed by
    another run is skipped). → the reminders sent (or, with dry_run, those that would be sent)."""
    today = today or timezone.localdate()
    planned = reminders_due(today=today, days=days, base_url=base_url)
    if dry_run:
        return planned
    sent = []
    # Record the reminder on the day it is for (with --today in the past or future, that day).
    now = (
        timezone.now()
        if today == timezone.localdate()
        else timezone.make_aware(datetime.combine(today, time(hour=6)))
    )
    for reminder in planned:
        with transaction.atomic():
            if reminder.kind == "aufgaben":
                # Claim each task: only those whose reminder_sent_at is still what we read.
                claimed = [
                    pk
                    for pk in reminder.task_ids
                    if Task.objects.filter(pk=pk)
                    .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__date__lt=today))
                    .update(reminder_sent_at=now)
                ]
                if not claimed:
                    continue
            else:
                if not (
                    Report.objects.filter(pk=reminder.report_id)
                    .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__date__lt=today))
                    .update(reminder_sent_at=now)
                ):
                    continue
            _mail_on_commit(reminder.subject, reminder.body, reminder.recipients)
            sent.append(reminder)
    return sent
