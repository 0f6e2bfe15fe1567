"""Shared by the presenters: levels, labels, colours and the rounding every table uses."""

from __future__ import annotations

import math

from leuchtfeuer.core.engine.german import format_number

LEVELS = ((0.80, "80"), (0.95, "95"))
SHORT_LABELS = {
    "kita": "Kita 0–5",
    "schule": "Schule 6–17",
    "erwerb": "18–64",
    "65plus": "65+",
    "80plus": "80+",
}
PYRAMID_BANDS = [(lo, lo + 5) for lo in range(0, 90, 5)] + [(90, None)]
GROUP_COLOURS = ("#0b4f6c", "#a3336d", "#1e6b32", "#b35900", "#4a4a4a")
METHOD_LABELS = {
    "kohorten": "Kohorten-Komponenten-Modell",
    "konstant": "konstante Bevölkerung",
    "linear": "linearer Trend",
    "exponentiell": "exponentieller Trend",
    "kreisanteil": "konstanter Anteil am Kreistrend",
}
METHOD_TEXT = (
    "Ensemble aus Kohorten-Komponenten-Modell und gedämpften Trendverfahren; Altersstruktur aus dem "
    "Kohorten-Komponenten-Modell, auf die Ensemble-Summe skaliert"
)
DISCLAIMER = (
    "Eine Vorausberechnung ist keine Vorhersage: Sie zeigt, wie sich die Bevölkerung entwickelt, "
    "wenn Geburten, Sterbefälle und Wanderungen so bleiben wie in den letzten Jahren."
)


def rounded(value: float) -> int | None:
    return None if value is None or not math.isfinite(value) else round(float(value))


def signed(value: float) -> str:
    """A whole number with its sign in German format: +1.234, −56, 0."""
    return format_number(value, signed=True)
