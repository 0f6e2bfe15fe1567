"""The shared vocabulary of a draw: methods, errors, Person, quotas, the Draw record, input checks, the seeded lottery pick and replacement quotas (pure; no Django)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

ALGORITHMS = ("leximin", "maximin", "nash", "legacy")
FALLBACKS = ("maximin", "nash", "legacy")
ALGORITHM_LABELS = {
    "leximin": "LEXIMIN (offene Umsetzung auf HiGHS)",
    "maximin": "Maximin (sortition-algorithms)",
    "nash": "Nash (sortition-algorithms)",
    "legacy": "Legacy/Greedy (sortition-algorithms, nicht fair)",
}
EPS = 1e-9


class SortitionError(ValueError):
    """Bad input or infeasible quotas; message in German."""


class LeximinUnavailable(RuntimeError):
    """LEXIMIN cannot run on this input (time limit, household check); the fallback runs."""


@dataclass(frozen=True)
class Person:
    id: str
    features: dict[str, str] = field(hash=False, compare=True)
    household: str = ""


# quotas: {category: {value: (min, max)}}
Quotas = dict[str, dict[str, tuple[int, int]]]


@dataclass
class Draw:
    algorithm_requested: str
    algorithm_used: str
    fallback_reason: str
    seed: int
    panel_size: int
    selected: list[str]
    probabilities: dict[str, float]  # each person's selection probability under the lottery
    probabilities_exact: bool  # False for legacy (estimated by repeated runs)
    panels: list[tuple[tuple[str, ...], float]]  # the lottery: (panel, probability)
    inputs_sha256: str
    seconds: float
    library_version: str = ""

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0

    def audit(self) -> dict[str, Any]:
        return {
            "algorithm_requested": self.algorithm_requested,
            "algorithm_used": self.algorithm_used,
            "fallback_reason": self.fallback_reason,
            "seed": self.seed,
            "panel_size": self.panel_size,
            "inputs_sha256": self.inputs_sha256,
            "selected": self.selected,
            "min_probability": round(self.min_probability, 6),
            "probabilities_exact": self.probabilities_exact,
            "lottery_size": len(self.panels),
            "seconds": round(self.seconds, 3),
            "library_version": self.library_version,
        }


def inputs_digest(pool: list[Person], quotas: Quotas, panel_size: int, algorithm: str, fallback: str) -> str:
    canonical = {
        "pool": sorted([p.id, sorted(p.features.items()), p.household] for p in pool),
        "quotas": {c: {v: list(b) for v, b in sorted(vals.items())} for c, vals in sorted(quotas.items())},
        "panel_size": panel_size,
        "algorithm": algorithm,
        "fallback": fallback,
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_inputs(pool: list[Person], quotas: Quotas, panel_size: int) -> None:
    """German messages for the problems an office can fix before drawing."""
    if panel_size < 1:
        raise SortitionError("Die Größe des Bürgerrats muss mindestens 1 sein.")
    if len(pool) < panel_size:
        raise SortitionError(
            f"Im Pool sind nur {len(pool)} Personen; für {panel_size} Plätze braucht es mindestens so viele."
        )
    ids = Counter(p.id for p in pool)
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        raise SortitionError(f"Die Kennung {duplicates[0]} kommt im Pool mehrfach vor.")
    if not quotas:
        raise SortitionError("Es sind keine Quoten festgelegt.")
    value: str | None  # a quota value below, then a person's value (None: the person has none)
    for category, values in quotas.items():
        low = sum(b[0] for b in values.values())
        high = sum(b[1] for b in values.values())
        if low > panel_size:
            raise SortitionError(
                f"Quoten für „{category}“: Die Mindestzahlen ergeben zusammen {low}, mehr als {panel_size} Plätze."
            )
        if high < panel_size:
            raise SortitionError(
                f"Quoten für „{category}“: Die Höchstzahlen ergeben zusammen nur {high}, weniger als "
                f"{panel_size} Plätze."
            )
        for value, (lo, hi) in values.items():
            if lo > hi:
                raise SortitionError(
                    f"Quote „{category}: {value}“: Minimum {lo} ist größer als Maximum {hi}."
                )
            available = sum(1 for p in pool if p.features.get(category) == value)
            if available < lo:
                raise SortitionError(
                    f"Quote „{category}: {value}“ verlangt mindestens {lo} Personen, im Pool sind aber nur {available}."
                )
        for person in pool:
            value = person.features.get(category)
            if value not in values:
                raise SortitionError(
                    f"Person {person.id}: Der Wert „{value}“ für „{category}“ hat keine Quote "
                    f"(vorhanden: {', '.join(values)})."
                )


# --- drawing -----------------------------------------------------------------------------------


def lottery_pick(weights: list[float], seed: int) -> int:
    """One index drawn with the library's own lottery rounding (pipage) and a seeded source."""
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.utils import set_random_provider

    total = sum(weights)
    normalised = [w / total for w in weights]
    labels = [frozenset({str(i)}) for i in range(len(weights))]
    set_random_provider(seed)
    try:
        chosen = lottery_rounding(labels, normalised, 1)
    finally:
        set_random_provider(None)
    return int(next(iter(chosen[0])))


def replacement_quotas(quotas: Quotas, panel: list[Person], dropped: list[str]) -> tuple[Quotas, int]:
    """Quotas for refilling the seats of `dropped`: what the remaining panel still needs."""
    remaining = [p for p in panel if p.id not in set(dropped)]
    seats = len(panel) - len(remaining)
    result: Quotas = {}
    for category, values in quotas.items():
        have = Counter(p.features[category] for p in remaining)
        result[category] = {
            value: (max(lo - have[value], 0), max(min(hi - have[value], seats), 0))
            for value, (lo, hi) in values.items()
        }
    return result, seats


# --- reading files -------------------------------------------------------------------------------
