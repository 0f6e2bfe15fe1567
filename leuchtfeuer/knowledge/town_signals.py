"""What other parts know about a town that sharpens its recommendations.

The Werkstatt process knows a town's weakest Resilienz-Check fields and the Handlungsfelder of its
plan; knowledge uses them to rank Praxisbeispiele but imports no part above it. The Werkstatt
registers its two readers in its AppConfig.ready():

    from leuchtfeuer.knowledge.town_signals import register
    register(weak_spots=resilience_weak_spots, plan_fields=plan_handlungsfelder)

Without a registration (knowledge alone) a town has no such signals and recommendations rest on
the official data only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Reader = Callable[[Any], list[str]]

_readers: dict[str, Reader] = {}


def register(*, weak_spots: Reader, plan_fields: Reader) -> None:
    _readers["weak_spots"] = weak_spots
    _readers["plan_fields"] = plan_fields


def weak_spots(municipality: Any) -> list[str]:
    """Keys of the town's weakest Resilienz-Check fields, worst first ([] if none)."""
    reader = _readers.get("weak_spots")
    return reader(municipality) if reader else []


def plan_fields(municipality: Any) -> list[str]:
    """Keys of the Handlungsfelder in the town's current plan ([] if none)."""
    reader = _readers.get("plan_fields")
    return reader(municipality) if reader else []
