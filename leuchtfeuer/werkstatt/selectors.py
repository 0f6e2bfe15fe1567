"""Read-only queries of the Werkstatt process that other parts of the platform use.

These three functions are the contract other parts use (knowledge recommendations through
`knowledge.town_signals`, funding reports); keep their signatures. The reads the Werkstatt pages
use live in the sub-domains (`process/`, `kommunalprofil/`, `plan/`, `reports/` selectors).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from leuchtfeuer.core import taxonomy
from leuchtfeuer.werkstatt.kommunalprofil.models import ResilienceCheck
from leuchtfeuer.werkstatt.plan.models import Handlungsfeld
from leuchtfeuer.werkstatt.reports.models import Report


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
