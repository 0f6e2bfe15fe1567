"""Demo content of the reports (dev/test only; idempotent), called from werkstatt/demo.py.

The programme office sets the due dates of the Kurzbericht for every year since the first demo
process began (31 January of the following year). Malchin – mid-process in the demo – has
submitted and the office has accepted its Kurzbericht for the first year; the report of the
current year is a draft. All texts are marked as fictional demo content; every figure in the
generated documents comes from the process data (official values from the official data).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from leuchtfeuer.werkstatt.process.models import Process
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.reports.models import Report

DEMO = "Demo-Inhalt (fiktiv)"


def _user(users: dict, prefix: str):
    return next((u for email, u in users.items() if email.startswith(prefix)), None)


def load(municipalities: dict, users: dict) -> None:
    office = _user(users, "geschaeftsstelle@")
    if office is None or not Process.objects.exists():
        return
    today = timezone.localdate()
    first = min(Process.objects.values_list("started_on", flat=True))
    for year in range(first.year, today.year + 1):
        report_services.reports_schedule(actor=office, year=year, due=report_services.default_due(year))

    malchin = municipalities.get("malchin")
    coordinator = _user(users, "koordination.malchin@")
    process = Process.objects.filter(municipality=malchin).first() if malchin else None
    if process is None or coordinator is None:
        return
    first_report = Report.objects.filter(process=process, year=process.started_on.year).first()
    if first_report is not None and first_report.status in report_services.EDITABLE_STATUSES:
        report_services.report_update(
            actor=coordinator,
            report=first_report,
            summary=f"{DEMO}: Im ersten Jahr hat Malchin Kick-Off, Kommunalprofil und Zukunftswerkstatt "
            "abgeschlossen und den Werkstattplan vorbereitet.",
            highlights=f"{DEMO}: Kernteam aus Verwaltung, Politik, Vereinen und Jugend; Ideen aus der "
            "Zukunftswerkstatt nach Handlungsfeldern sortiert.",
            challenges=f"{DEMO}: Wenige Räume für Treffen in den Ortsteilen.",
            next_steps=f"{DEMO}: Werkstattplan beschließen und die ersten Maßnahmen beginnen.",
        )
        report_services.report_submit(actor=coordinator, report=first_report)
        # Demo history: submitted before the due date (the service stamps "now").
        submitted = timezone.make_aware(datetime.combine(first_report.due - timedelta(days=3), time(10)))
        Report.objects.filter(pk=first_report.pk).update(submitted_at=submitted)
        first_report.refresh_from_db()
        report_services.report_review(
            actor=office, report=first_report, accept=True, comment=f"{DEMO}: Vielen Dank, angenommen."
        )
    current = Report.objects.filter(process=process, year=today.year).exclude(
        pk=getattr(first_report, "pk", None)
    )
    current = current.first()
    if current is not None and current.status == Report.Status.OPEN:
        report_services.report_update(
            actor=coordinator,
            report=current,
            summary=f"{DEMO}: Entwurf – der Werkstattplan ist beschlossen, die Zwischenbilanz läuft.",
            highlights="",
            challenges="",
            next_steps="",
        )
