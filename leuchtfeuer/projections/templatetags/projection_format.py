"""`de_int`: a whole number in German format (7.231, −12), "–" for none.

WHY not `floatformat:"0g"`: the projection tables print a few hundred numbers, and floatformat
(Decimal arithmetic plus localisation per call) was the largest part of their rendering time.
"""

from __future__ import annotations

import math

from django import template

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
    return f"{round(number):,}".replace(",", ".").replace("-", "−")
