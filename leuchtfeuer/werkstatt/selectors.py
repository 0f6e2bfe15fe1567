"""Read-only queries of the Werkstatt process that other parts use.

Contract for other parts (knowledge recommendations, funding reports). The Werkstatt part
implements these against its models; until a municipality has a process they return empty values.
"""

from __future__ import annotations


def resilience_weak_spots(municipality) -> list[str]:
    """Keys from core.taxonomy.CHALLENGE_FIELDS and RESILIENCE_PILLARS that the town's latest
    Resilienz-Check rates weakest (worst first); [] without a check."""
    return []


def plan_handlungsfelder(municipality) -> list[str]:
    """Keys (core.taxonomy.HANDLUNGSFELDER or the town's own field slugs) of the Handlungsfelder in
    the town's current Werkstattplan; [] without a plan."""
    return []


def report_status(municipality, year: int) -> dict:
    """The yearly Kurzbericht of that year: {"due": date | None, "submitted": datetime | None,
    "overdue": bool}; due None when no report is expected."""
    return {"due": None, "submitted": None, "overdue": False}
