"""Annual totals and vital events of regions as (N, Y) arrays: the past a projection starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from leuchtfeuer.projections.engine.snapshot import Snapshot


def _nan(value: int | None) -> float:
    return np.nan if value is None else float(value)


@dataclass
class History:
    """Annual totals and vital events of regions as (N, Y) arrays (NaN = missing)."""

    years: np.ndarray  # (Y,)
    total: np.ndarray
    male: np.ndarray
    female: np.ndarray
    basis: np.ndarray  # (N, Y) int codes, −1 missing
    comparable: np.ndarray  # (N, Y) bool
    births: np.ndarray
    deaths: np.ndarray
    vital_ok: np.ndarray  # (N, Y) bool: births and deaths known, same territory


def history(snap: Snapshot, regions: Sequence[str], first_year: int | None = None) -> History:
    """Totals and births/deaths of `regions` for `first_year` (default: base − 10) … base."""
    totals, vital = snap.totals_by_region(), snap.vital_by_region()
    first = first_year if first_year is not None else snap.base_year - 10
    years = np.arange(first, snap.base_year + 1)
    n, y = len(regions), len(years)
    arr = {k: np.full((n, y), np.nan) for k in ("total", "male", "female", "births", "deaths")}
    basis = np.full((n, y), -1)
    comparable = np.zeros((n, y), bool)
    vital_ok = np.zeros((n, y), bool)
    codes: dict[str, int] = {}
    for i, ags in enumerate(regions):
        for yr, t in totals.get(ags, {}).items():
            j = yr - first
            if 0 <= j < y:
                arr["total"][i, j] = t.total
                arr["male"][i, j] = _nan(t.male)
                arr["female"][i, j] = _nan(t.female)
                basis[i, j] = codes.setdefault(t.basis, len(codes))
                comparable[i, j] = t.comparable
        for yr, v in vital.get(ags, {}).items():
            j = yr - first
            if 0 <= j < y and v.births is not None and v.deaths is not None:
                arr["births"][i, j] = v.births
                arr["deaths"][i, j] = v.deaths
                vital_ok[i, j] = v.comparable
    return History(years, arr["total"], arr["male"], arr["female"], basis, comparable, arr["births"],
                   arr["deaths"], vital_ok)  # fmt: skip
