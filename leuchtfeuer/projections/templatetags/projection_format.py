"""`de_int`: a whole number in German format (7.231, −12), "–" for none; `shown_ranges` and
`without_ranges` for the planning-group tables (ranges only where calibrated, one footnote).

WHY not `floatformat:"0g"`: the projection tables print a few hundred numbers, and floatformat
(Decimal arithmetic plus localisation per call) was the largest part of their rendering time.
"""

from __future__ import annotations

import math

from django import template

from leuchtfeuer.core.engine.german import format_number

register = template.Library()


@register.filter
def de_int(value) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(number):
        return "–"
    return format_number(number)


def _has_range(level: dict) -> bool:
    return any(cell.get("range") for cell in level["cells"])


@register.filter
def shown_ranges(ranges) -> list[dict]:
    """The range levels (80 %, 95 %) of a planning group that have a calibrated range in at least
    one shown year; a level without any is left out (one footnote says so, not a row of blanks)."""
    return [level for level in ranges or () if _has_range(level)]


@register.filter
def without_ranges(groups) -> list[str]:
    """Labels of the planning groups that show no calibrated range at all (for the footnote)."""
    return [g["label"] for g in groups or () if not shown_ranges(g.get("ranges"))]
