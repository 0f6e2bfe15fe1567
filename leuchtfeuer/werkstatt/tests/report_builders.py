"""A process in the Zwischenbilanz stage with known figures (shared by the report tests).

Figures (hand-computed in the tests that use them):
- "Besuchende am Rückkehrertag": baseline 0 (01.01.2025), target 150 by 2026, reading 90
  → share 90 / 150 = 0.6 → grün "auf gutem Weg".
- "Leerstehende Wohnungen im Ortskern" (lower is better): baseline 40, target 20 by 2027, reading 35
  → share (35 − 40) / (20 − 40) = 0.25 → gelb.
- Budget lines of "Rückkehrertag": 1,200.50 € (this year) + 800.00 € (next year) = 2,000.50 €.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from leuchtfeuer.werkstatt.models import Indicator, Process
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import builders

NARRATIVE = "Der Rückkehrertag hat sich als fester Termin etabliert."
LESSONS = "Früh mit den Betrieben sprechen."


def advance_to_zwischenbilanz(actor, process) -> None:
    for complete in (
        builders.complete_kickoff,
        builders.complete_kommunalprofil,
        builders.complete_zukunftswerkstatt,
        builders.complete_werkstattplan,
    ):
        complete(actor, process)
        process_services.stage_close(actor=actor, process=process)


def zwischenbilanz_process(actor, process):
    """Advance `process` to the Zwischenbilanz stage and enter the figures above. The process is
    dated to have begun on 1 February 2025 (before the indicators' baselines)."""
    Process.objects.filter(pk=process.pk).update(started_on=date(2025, 2, 1))
    advance_to_zwischenbilanz(actor, process)
    process.refresh_from_db()
    year = timezone.localdate().year
    measure = process.measures.get(title="Rückkehrertag")
    visitors = process.indicators.get(label="Besuchende am Rückkehrertag")
    indicator_services.indicator_reading_add(
        actor=actor, indicator=visitors, date=date(2025, 10, 1), value=90
    )
    vacancy = indicator_services.indicator_create(
        actor=actor,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Leerstehende Wohnungen im Ortskern",
        unit="Wohnungen",
        direction=Indicator.Direction.DOWN,
        measure=measure,
        baseline_value=40,
        baseline_date=date(2025, 1, 1),
        target_value=20,
        target_year=2027,
    )
    indicator_services.indicator_reading_add(actor=actor, indicator=vacancy, date=date(2025, 11, 1), value=35)
    plan_services.budget_line_add(
        actor=actor, measure=measure, label="Plakate und Einladungen", amount="1200.50", year=year
    )
    plan_services.budget_line_add(
        actor=actor, measure=measure, label="Saalmiete", amount="800.00", year=year + 1
    )
    plan_services.measure_update(
        actor=actor, measure=measure, status="laufend", progress_note="Zweiter Rückkehrertag im Oktober."
    )
    report_services.review_save(actor=actor, process=process, narrative=NARRATIVE, lessons_learned=LESSONS)
    return measure


@pytest.fixture
def zb(coordinator, process):
    """Fixture: the process in the Zwischenbilanz stage with the figures above."""
    zwischenbilanz_process(coordinator, process)
    process.refresh_from_db()
    return process
