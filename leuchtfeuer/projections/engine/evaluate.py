"""Backtest evaluation: forecast from a base-year snapshot, compare with known later totals.

Comparison rule (the issue's rule, see docs/projection.md): a Gemeinde is evaluated only if its
territory did not change between base and target year, i.e.

1. its AGS exists in the Gemeindeverzeichnis (GV) vintage last before the base year (2013 for
   base 2015), in every vintage between base and target (2017; 2021 for target 2023) and in the
   vintage of the target year (or the first after it), with areas differing by less than 0.5 %
   (max / min − 1 < 0.005) — `stable_territory`;
2. its totals of the trend window (base − 4 … base, the years every baseline reads) and of the
   target year stand for today's territory (territory flag "current" or "harmonised");
3. it has an age table ≤ base year (else the cohort model cannot run).

Everything else is excluded and counted by reason. The targets and the GV areas are passed in
separately and never enter the snapshot the model sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.baselines import NAMES as BASELINE_NAMES
from leuchtfeuer.projections.engine.cohort import Projection
from leuchtfeuer.projections.engine.inputs import Params
from leuchtfeuer.projections.engine.intervals import SIZE_LABELS, size_class
from leuchtfeuer.projections.engine.model import Forecast, forecast
from leuchtfeuer.projections.engine.snapshot import COMPARABLE, Snapshot


def _errors(pred: np.ndarray, actual: np.ndarray) -> dict[str, float | None]:
    if not len(actual):
        return {"mape": None, "malpe": None, "p90_ape": None}
    e = (pred - actual) / actual * 100.0
    return {
        "mape": round(float(np.mean(np.abs(e))), 3),
        "malpe": round(float(np.mean(e)), 3),
        "p90_ape": round(float(np.percentile(np.abs(e), 90)), 3),
    }


AREA_TOLERANCE = 0.005
TREND_WINDOW = 5


def stable_territory(
    areas: Mapping[int, Mapping[str, float]],
    base_year: int,
    target_year: int,
    tolerance: float = AREA_TOLERANCE,
) -> tuple[set[str], list[int]]:
    """AGS whose GV area stayed within `tolerance` over the vintages spanning base → target."""
    years = sorted(areas)
    before = [y for y in years if y <= base_year]
    after = [y for y in years if y >= target_year]
    if not before or not after:
        raise ValueError(f"Keine GV-Jahrgänge um {base_year} und {target_year}.")
    vintages = [before[-1], *[y for y in years if base_year < y < target_year], after[0]]
    vintages = sorted(set(vintages))
    common = set(areas[vintages[0]])
    for y in vintages[1:]:
        common &= set(areas[y])
    stable = set()
    for ags in common:
        values = [areas[y][ags] for y in vintages]
        if min(values) > 0 and max(values) / min(values) - 1.0 < tolerance:
            stable.add(ags)
    return stable, vintages


def backtest(
    snap: Snapshot,
    targets: Mapping[str, tuple[int, str]],
    target_year: int,
    lands: Sequence[str],
    min_pop: int = 0,
    max_pop: int = 10**9,
    params: Params | None = None,
    *,
    stable: set[str] | None = None,
    age_targets: Mapping[str, Sequence[tuple[int, int | None, int | None]]] | None = None,
    age_date: float | None = None,
    damping_grid: Sequence[float] | None = None,
    trend_grid: Sequence[float] | None = None,
    trend_rule: str | None = None,
    require_trend_window: bool = True,
) -> dict[str, Any]:
    """Figures of a backtest; `targets` = AGS → (total, territory flag) at the target year.

    `stable`: AGS with unchanged territory (`stable_territory`); None = skip that check (tests
    on synthetic data without GV vintages). `age_targets`: AGS → [(age from, age to, count)] of
    a later count by age (Zensus 2022) dated `age_date` (a fractional year, 2022.37 for the
    15.05.2022) — evaluated as age *structure* (the projection is scaled to the count's total,
    which removes the level break between the population bases).
    """
    horizon = target_year - snap.base_year
    totals = snap.totals_by_region()
    in_lands = [a for a in totals if len(a) == 8 and a[:2] in set(lands) and snap.base_year in totals[a]]
    excluded = {
        "Gebiet laut GV geändert (Fläche ±0,5 % oder AGS neu)": 0,
        "Gebietsstand im Basisjahr abweichend": 0,
        "Trendzeitraum nicht auf heutigem Gebiet": 0,
        "kein Zielwert": 0,
        "Gebietsstand im Zieljahr abweichend": 0,
    }
    window = range(snap.base_year - TREND_WINDOW + 1, snap.base_year + 1)
    candidates = 0
    selected = []
    for ags in sorted(in_lands):
        base = totals[ags][snap.base_year]
        if not (min_pop <= base.total <= max_pop):
            continue
        candidates += 1
        series = totals[ags]
        if stable is not None and ags not in stable:
            excluded["Gebiet laut GV geändert (Fläche ±0,5 % oder AGS neu)"] += 1
        elif not base.comparable:
            excluded["Gebietsstand im Basisjahr abweichend"] += 1
        elif require_trend_window and not all(y in series and series[y].comparable for y in window):
            excluded["Trendzeitraum nicht auf heutigem Gebiet"] += 1
        elif ags not in targets:
            excluded["kein Zielwert"] += 1
        elif targets[ags][1] not in COMPARABLE:
            excluded["Gebietsstand im Zieljahr abweichend"] += 1
        else:
            selected.append(ags)
    run_h = horizon
    if age_targets is not None and age_date is not None:
        run_h = max(horizon, int(np.ceil(age_date - snap.base_year)))
    fc = forecast(
        snap, selected, run_h, params, calibration_regions=in_lands, damping_grid=damping_grid,
        trend_grid=trend_grid, **({"trend_rule": trend_rule} if trend_rule else {}),
    )  # fmt: skip
    excluded["ohne Altersstruktur"] = len(selected) - len(fc.regions)
    own = fc.inputs.own_structure if fc.inputs is not None else None
    actual = np.array([targets[a][0] for a in fc.regions], dtype=float)
    result: dict[str, Any] = {
        "base_year": snap.base_year,
        "target_year": target_year,
        "horizon": horizon,
        "n": len(fc.regions),
        "candidates": candidates,
        "with_kreis_structure": int((~own).sum()) if own is not None else 0,
    }
    result.update(_errors(fc.ensemble[:, horizon], actual))
    for level, key in ((0.80, "coverage80"), (0.95, "coverage95")):
        if fc.calibration.has(level):
            lo, hi = fc.interval(level, horizon)
            result[key] = round(float(np.mean((actual >= lo) & (actual <= hi))), 3) if len(actual) else None
        else:
            result[key] = None  # no calibration → no interval, and no claim about coverage
    result["baselines"] = {
        name: {k: v for k, v in _errors(m[:, horizon], actual).items() if k != "p90_ape"}
        for name, m in fc.methods.items()
        if name in BASELINE_NAMES
    }
    result["kohorten"] = _errors(fc.methods["kohorten"][:, horizon], actual)
    result["weights"] = {k: round(v, 2) for k, v in fc.weights.items()}
    result["weights_by_size_class"] = {
        SIZE_LABELS[c]: {k: round(v, 2) for k, v in w.items()} for c, w in sorted(fc.weights_by_class.items())
    }
    result["migration_damping"] = fc.damping
    result["trend_damping"] = dict(fc.trend_damping)
    result["excluded"] = excluded
    result["calibration"] = {
        "errors": fc.calibration.n_errors,
        "horizons": list(fc.calibration.horizons),
        "exponent80": round(
            next(iter(fc.calibration.params.get(0.80, {0: (0, float("nan"))}).values()))[1], 3
        ),
    }
    result["by_size_class"] = _by_size_class(fc, actual, horizon)
    if age_targets is not None and age_date is not None and fc.projection is not None:
        result["age_groups"] = age_structure_errors(fc, age_targets, age_date)
    result["notes"] = fc.notes
    return result


def _by_size_class(fc: Forecast, actual: np.ndarray, horizon: int) -> dict[str, dict[str, Any]]:
    classes = size_class(fc.ensemble[:, 0])
    out: dict[str, dict[str, Any]] = {}
    for cls in np.unique(classes):
        sel = classes == cls
        row: dict[str, Any] = {"n": int(sel.sum()), **_errors(fc.ensemble[sel, horizon], actual[sel])}
        for level, key in ((0.80, "coverage80"), (0.95, "coverage95")):
            if fc.calibration.has(level):
                lo, hi = fc.interval(level, horizon)
                row[key] = round(float(np.mean((actual[sel] >= lo[sel]) & (actual[sel] <= hi[sel]))), 3)
        out[SIZE_LABELS[int(cls)]] = row
    return out


def age_structure_errors(
    fc: Forecast, age_targets: Mapping[str, Sequence[tuple[int, int | None, int | None]]], age_date: float
) -> dict[str, Any]:
    """Errors of the projected age groups against a later count, as structure.

    The projection at `age_date` is interpolated linearly between the year ends around it and
    scaled to the count's total per Gemeinde; per age group: MAPE and MALPE of the group count
    (%), and the same for the baseline "age structure of the base year stays" (konstant)."""
    h = age_date - fc.base_year
    h0 = int(np.floor(h))
    frac = h - h0
    pop = cast(Projection, fc.projection).population  # the caller checks it is not None
    at = (1 - frac) * pop[h0] + frac * pop[min(h0 + 1, pop.shape[0] - 1)]  # (N, 2, A)
    single = at.sum(axis=1)
    base = pop[0].sum(axis=1)
    rows = [(i, age_targets[a]) for i, a in enumerate(fc.regions) if a in age_targets]
    if not rows:
        return {}
    bands = [(lo, hi) for lo, hi, _ in rows[0][1]]
    keep = [
        (i, np.array([c for _, _, c in r], dtype=float))
        for i, r in rows
        if [(lo, hi) for lo, hi, _ in r] == bands and all(c is not None for _, _, c in r)
    ]
    idx = np.array([i for i, _ in keep])
    counts = np.array([c for _, c in keep])  # (n, B)
    proj = np.stack([single[idx][:, sl].sum(axis=1) for sl in sch.band_slices(bands)], axis=1)
    const = np.stack([base[idx][:, sl].sum(axis=1) for sl in sch.band_slices(bands)], axis=1)
    total = counts.sum(axis=1, keepdims=True)
    proj = proj / proj.sum(axis=1, keepdims=True) * total
    const = const / const.sum(axis=1, keepdims=True) * total
    ok = counts > 0
    groups: dict[str, dict[str, Any]] = {}
    for b, (lo, hi) in enumerate(bands):
        sel = ok[:, b]
        e = (proj[sel, b] - counts[sel, b]) / counts[sel, b] * 100
        ec = (const[sel, b] - counts[sel, b]) / counts[sel, b] * 100
        label = f"{lo}–{hi - 1}" if hi is not None else f"{lo}+"
        groups[label] = {
            "mape": round(float(np.mean(np.abs(e))), 2),
            "malpe": round(float(np.mean(e)), 2),
            "konstant": {"mape": round(float(np.mean(np.abs(ec))), 2), "malpe": round(float(np.mean(ec)), 2)},
        }
    return {"date": age_date, "n": len(idx), "groups": groups}
