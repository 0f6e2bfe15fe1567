"""Explain the jumps of a population series: every change of more than 5 % within a year.

A jump is either statistical (the territory of the earlier figure is not today's; a new
population basis after a Zensus; a Zensus count beside the Fortschreibung) or real — then the
births and deaths of the year tell how much of it the natural balance explains and the rest is
moves across the border (and register corrections). Pure Python; the profile feeds it the
series and the births and deaths it has, and shows each reason on the chart.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from leuchtfeuer.core.engine.german import format_number, format_percent

THRESHOLD = 0.05  # relative change that counts as a jump
MAX_DAYS = 366  # "within a year": consecutive figures at most one year apart


@dataclass(frozen=True)
class SeriesFigure:
    """One figure of the series as the profile holds it."""

    date: date
    total: float
    basis: str  # PopulationBasis value: "register" | "zensus2011" | "zensus2022"
    territory: str  # Territory value: "current" | "harmonised" | "broken"
    count: bool = False  # a Zensus count, not the Fortschreibung


@dataclass(frozen=True)
class Step:
    start: date
    end: date
    change: float  # persons
    relative: float  # share of the start value (0.07 = +7 %)
    kind: str  # "territory" | "basis" | "count" | "real"
    reason: str  # German, one sentence
    label: str  # German, two or three words for the chart marker


_BASIS_NAMES = {
    "register": "der alten Fortschreibung",
    "zensus2011": "dem Zensus 2011",
    "zensus2022": "dem Zensus 2022",
}


def _persons(value: float) -> str:
    return format_number(value, 0, signed=True)


def explain_steps(
    figures: Sequence[SeriesFigure],
    natural_balance: Mapping[int, float] | None = None,
    *,
    threshold: float = THRESHOLD,
) -> list[Step]:
    """Every change of more than `threshold` between consecutive figures at most a year apart,
    with its reason. `natural_balance` maps a year to births minus deaths of that year."""
    natural_balance = natural_balance or {}
    ordered = sorted(figures, key=lambda f: f.date)
    steps: list[Step] = []
    for a, b in itertools.pairwise(ordered):
        days = (b.date - a.date).days
        if days > MAX_DAYS or a.total <= 0:
            continue
        relative = (b.total - a.total) / a.total
        if abs(relative) <= threshold:
            continue
        change = b.total - a.total
        if "broken" in (a.territory, b.territory):
            kind, label = "territory", "Gebietsänderung"
            which = {
                (True, False): "Der frühere Wert gilt",
                (False, True): "Der spätere Wert gilt",
            }.get((a.territory == "broken", b.territory == "broken"), "Beide Werte gelten")
            reason = (
                f"Das Gebiet hat sich geändert (Eingemeindung oder Zusammenschluss): {which} für ein "
                "anderes Gebiet als das heutige."
            )
        elif a.basis != b.basis:
            kind, label = "basis", "neue Zählungsbasis"
            reason = (
                f"Neue Zählungsbasis: Der spätere Wert beruht auf {_BASIS_NAMES.get(b.basis, b.basis)}, "
                f"der frühere auf {_BASIS_NAMES.get(a.basis, a.basis)}. Der Sprung ist statistisch, "
                "keine echte Veränderung."
            )
        elif a.count != b.count:
            kind, label = "count", "Zensus-Zählung"
            reason = (
                "Eine Zählung des Zensus steht neben der laufenden Fortschreibung; beide weichen "
                "voneinander ab. Der Sprung ist statistisch, keine echte Veränderung."
            )
        else:
            kind, label = "real", "echte Veränderung"
            natural = natural_balance.get(b.date.year) if (a.date.year + 1 == b.date.year) else None
            if natural is None:
                reason = (
                    f"Echte Veränderung um {_persons(change)} Personen; Geburten und Sterbefälle "
                    "dieses Jahres liegen nicht vor."
                )
            else:
                rest = change - natural
                movers = "mehr Zuzüge als Fortzüge" if rest > 0 else "mehr Fortzüge als Zuzüge"
                if abs(rest) >= abs(natural):
                    label = "Zuzüge" if rest > 0 else "Fortzüge"
                reason = (
                    f"Echte Veränderung um {_persons(change)} Personen: Geburten minus Sterbefälle "
                    f"{_persons(natural)}, der Rest ({_persons(rest)}) durch {movers} "
                    "(und Berichtigungen des Melderegisters)."
                )
        steps.append(Step(a.date, b.date, change, relative, kind, reason, label))
    return steps


def describe(step: Step) -> str:
    """'31.12.2014 → 31.12.2015: +17,8 % (+5.430 Personen). <reason>'"""
    return (
        f"{step.start:%d.%m.%Y} → {step.end:%d.%m.%Y}: {format_percent(100 * step.relative, 1, signed=True)} "
        f"({_persons(step.change)} Personen). {step.reason}"
    )
