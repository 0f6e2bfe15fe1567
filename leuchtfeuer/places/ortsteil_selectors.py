"""Indicators per Ortsteil from the uploaded counts, with small numbers suppressed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from leuchtfeuer.places.engine import agegroups
from leuchtfeuer.places.engine.agegroups import REGIO_17
from leuchtfeuer.places.models import Municipality, OrtsteilAgeGroupCount
from leuchtfeuer.places.ortsteil_data import SUPPRESS_BELOW, suppress

MIN_TOTAL_FOR_AVERAGES = 10


@dataclass
class OrtsteilFigures:
    name: str
    reference_date: object
    total: int | None  # None = suppressed
    share_under_18: float | None
    share_65_plus: float | None
    youth_ratio: float | None
    old_age_ratio: float | None
    mean_age: float | None
    bands: list[int | None]  # suppressed counts by REGIO_17 band (all sexes)


def _guarded_share(numerator: float, denominator: float) -> float | None:
    """A share reveals its numerator: suppress it when either side is 1 or 2 persons."""
    if denominator < SUPPRESS_BELOW or 0 < numerator < SUPPRESS_BELOW:
        return None
    return 100.0 * numerator / denominator


def ortsteil_figures(municipality: Municipality) -> list[OrtsteilFigures]:
    """Latest uploaded figures of every Ortsteil (one query)."""
    rows = (
        OrtsteilAgeGroupCount.objects.filter(ortsteil__municipality=municipality)
        .values_list("ortsteil__name", "reference_date", "age_from", "count")
        .order_by("ortsteil__name", "reference_date")
    )
    latest: dict[str, object] = {}
    counts: dict[tuple[str, object], np.ndarray] = defaultdict(lambda: np.zeros(REGIO_17.size))
    index = {lo: i for i, lo in enumerate(REGIO_17.lower)}
    for name, ref, age_from, count in rows:
        latest[name] = max(latest.get(name, ref), ref)
        counts[(name, ref)][index[age_from]] += count
    result = []
    for name, ref in latest.items():
        c = counts[(name, ref)]
        total = float(c.sum())
        under18 = float(agegroups.count_in_range(c, REGIO_17, 0, 18))
        over65 = float(agegroups.count_in_range(c, REGIO_17, 65, None))
        working = float(agegroups.count_in_range(c, REGIO_17, 20, 65))
        under20 = float(agegroups.count_in_range(c, REGIO_17, 0, 20))
        result.append(
            OrtsteilFigures(
                name=name,
                reference_date=ref,
                total=suppress(int(total)),
                share_under_18=_guarded_share(under18, total),
                share_65_plus=_guarded_share(over65, total),
                youth_ratio=_guarded_share(under20, working),
                old_age_ratio=_guarded_share(over65, working),
                mean_age=float(agegroups.mean_age(c, REGIO_17)) if total >= MIN_TOTAL_FOR_AVERAGES else None,
                bands=[suppress(int(v)) for v in c],
            )
        )
    return result
