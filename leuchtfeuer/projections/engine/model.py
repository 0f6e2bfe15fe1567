"""The full forecast: cohort-component + baselines, ensemble weights and intervals.

Everything is learnt from the snapshot alone. Ensemble weights, the migration damping and the
interval calibration come from *rolling backtests inside the snapshot*: base years B < Y whose
outcomes (totals up to Y) are themselves in the snapshot, each run on `snap.cut(B)` (data ≤ B
only). A forecast with base Y therefore never sees anything after Y.

Calibration base years: the latest `CALIBRATION_BASES` years before Y with year-end totals
(for Y = 2015: 2011–2014; for Y = 2023: 2014, 2015, 2017, 2021, horizons up to 9).

Choices made from the rolling backtests (horizons ≥ 2, errors pooled over base years):
* the trend damping φ ∈ `TREND_DAMPING_GRID`, one for the trend methods, together with
* the migration damping d ∈ `DAMPING_GRID` of the cohort model (net migration × d), both by the
  rolling MAPE of the class-weighted ensemble (`TREND_RULE`);
* ensemble weights on the simplex (step 0.1) per size class (`intervals.SIZE_LIMITS`), the
  pooled weights for classes with too few errors.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np

from leuchtfeuer.projections.engine.baselines import TREND_METHODS, extrapolate, trends
from leuchtfeuer.projections.engine.cohort import Projection, Rates, project
from leuchtfeuer.projections.engine.components import Components, decompose, growth_without_source
from leuchtfeuer.projections.engine.inputs import ModelInputs, Params, build_inputs
from leuchtfeuer.projections.engine.intervals import LEVELS, Calibration, calibrate, size_class
from leuchtfeuer.projections.engine.snapshot import Snapshot

METHODS = ("kohorten", "konstant", "linear", "exponentiell", "kreisanteil")
CALIBRATION_BASES = 4  # base years Y-4 … Y-1 (for Y = 2015: 2011–2014, all on the Zensus 2011 basis)
WEIGHT_STEP = 0.1
DAMPING_GRID = (1.0, 0.5, 0.0)
# φ of the damped trend methods. WHY without 1: the rolling backtests reach horizons up to 4
# (base 2015) or 9 (base 2023), the projection 22 years; a straight line over a horizon no
# backtest checked is exactly what must not be assumed. The range is the one recommended for
# damped trends (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., 8.2:
# φ between 0.8 and 0.98 — below 0.8 the damping is very strong, near 1 it is a straight line).
TREND_DAMPING_GRID = (0.98, 0.95, 0.9, 0.85, 0.8)
# "ensemble": one φ for the trend methods, chosen together with the migration damping by the
# rolling error of the class-weighted ensemble (as the migration damping always was);
# "own": φ per trend method by that method's own rolling error
TREND_RULE = "ensemble"
MIN_BASE_SHARE = 0.5  # a calibration base year needs totals for half of the regions
MIN_CLASS_ERRORS = 200  # fewer rolling errors in a size class → that class uses the pooled weights
# planning age groups with calibrated ranges: (first age, first age not included; None = open)
AGE_GROUPS: dict[str, tuple[int, int | None]] = {
    "0–5": (0, 6),
    "6–17": (6, 18),
    "18–64": (18, 65),
    "65+": (65, None),
}

# one rolling backtest: (base year, regions kept, forecasts by method, actual totals (N, h+1));
# besides the (N, h+1) arrays by method the dict holds "_trends" (Trends) and "_population"
Backtest = tuple[int, list[str], dict[str, Any], np.ndarray]
# forecast(): (rolling MAPE, damping, params, backtests, pooled weights, weights by class, trend φ)
_Best = tuple[
    float, float, Params, list[Backtest], dict[str, float], dict[int, dict[str, float]], dict[str, float]
]


@dataclass
class Forecast:
    regions: list[str]
    base_year: int
    horizon: int
    methods: dict[str, np.ndarray]  # name → (N, H+1) totals
    ensemble: np.ndarray  # (N, H+1)
    weights: dict[str, float]  # pooled weights (all size classes)
    calibration: Calibration
    projection: Projection | None = None
    inputs: ModelInputs | None = None
    notes: list[str] = field(default_factory=list)
    weights_by_class: dict[int, dict[str, float]] = field(default_factory=dict)
    damping: float = 1.0
    group_calibration: dict[str, Calibration] = field(default_factory=dict)
    trend_damping: dict[str, float] = field(default_factory=dict)  # φ per trend method
    calibration_bases: tuple[int, ...] = ()

    def group_totals(self, lo: int, hi: int | None) -> np.ndarray:
        """(N, H+1) people aged lo … hi−1: the cohort model's age structure × the ensemble total."""
        pop = cast(Projection, self.projection).population.sum(axis=2)  # (H+1, N, A)
        share = pop[:, :, lo:hi].sum(axis=2) / np.maximum(pop.sum(axis=2), 1e-9)
        return cast(np.ndarray, share.T * self.ensemble)

    def group_interval(self, group: str, level: float, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) of a planning age group (`AGE_GROUPS`) at `horizon`; NaN where that
        group has no calibration (then no range may be shown)."""
        lo, hi = AGE_GROUPS[group]
        f = self.group_totals(lo, hi)[:, horizon]
        cal = self.group_calibration.get(group)
        if cal is None or not cal.has(level):
            nan = np.full(len(f), np.nan)
            return nan, nan
        hw = cal.half_width(level, self.ensemble[:, 0], horizon)
        return f / (1 + hw), np.where(hw < 1, f / np.maximum(1 - hw, 1e-9), np.inf)

    def interval(self, level: float, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) totals at `horizon`; NaN where the calibration has no such level.

        The calibrated half-width w is a quantile of |forecast − actual| / actual, so
        actual ∈ [f / (1 + w), f / (1 − w)]."""
        f = self.ensemble[:, horizon]
        hw = self.calibration.half_width(level, self.ensemble[:, 0], horizon)
        return f / (1 + hw), np.where(hw < 1, f / np.maximum(1 - hw, 1e-9), np.inf)

    def components(self) -> Components:
        """Births, deaths and net migration (N, H) that add up to the ensemble's changes."""
        p = cast(Projection, self.projection)
        return decompose(
            self.ensemble, p.totals.T, p.births.T, p.deaths.T, (p.moves_in - p.moves_out + p.extra).T
        )

    def growth_without_source(self) -> np.ndarray:
        """(N,) bool: growing to the end although births < deaths and the net migration of the
        last ten years was not positive (`components.growth_without_source`)."""
        past = self.inputs.past_net_migration if self.inputs is not None else None
        if past is None:
            return np.zeros(len(self.regions), bool)
        natural = self.components().natural_balance.sum(axis=1)
        return growth_without_source(self.ensemble[:, 0], self.ensemble[:, -1], natural, past)

    def region_weights(self) -> list[dict[str, float]]:
        """The ensemble weights used for each region (by its size class at the base year)."""
        classes = size_class(self.ensemble[:, 0])
        return [self.weights_by_class.get(int(c), self.weights) for c in classes]


def component_forecasts(
    snap: Snapshot,
    regions: Sequence[str],
    horizon: int,
    params: Params | None = None,
    trend_damping: dict[str, float] | None = None,
) -> tuple[list[str], dict[str, np.ndarray], Projection, ModelInputs]:
    inputs = build_inputs(snap, regions, params)
    extra = inputs.extra_net(horizon, (params or Params()).transient_years)
    proj = project(inputs.base, inputs.rates, horizon, extra_net=extra)
    methods = {"kohorten": proj.totals.T}
    # the cohort model is run from the age structure; its jump-off equals the known total
    methods.update(extrapolate(trends(snap, inputs.regions), horizon, trend_damping))
    return inputs.regions, methods, proj, inputs


def calibration_bases(snap: Snapshot, regions: Sequence[str]) -> list[int]:
    """The latest `CALIBRATION_BASES` years before the base year at which at least half of
    `regions` have a year-end total (2011–2014 for 2015; 2014, 2015, 2017, 2021 for 2023)."""
    totals = snap.totals_by_region()
    counts: dict[int, int] = {}
    for ags in regions:
        for year in totals.get(ags, {}):
            if year < snap.base_year:
                counts[year] = counts.get(year, 0) + 1
    need = max(1, MIN_BASE_SHARE * len(regions))
    years = sorted(y for y, c in counts.items() if c >= need)
    return years[-CALIBRATION_BASES:]


def _combine(methods: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    return sum(w * methods[k] for k, w in weights.items() if w)  # type: ignore[return-value]


def _combine_by_class(
    methods: dict[str, np.ndarray], pooled: dict[str, float], by_class: dict[int, dict[str, float]]
) -> np.ndarray:
    any_method = next(iter(methods.values()))
    classes = size_class(any_method[:, 0])
    out = np.zeros_like(any_method)
    for cls in np.unique(classes):
        sel = classes == cls
        w = by_class.get(int(cls), pooled)
        out[sel] = sum(v * methods[k][sel] for k, v in w.items() if v)
    return out


def _weight_grid(names: Sequence[str]) -> list[dict[str, float]]:
    return list(_weight_grid_cached(tuple(names))[0])


@functools.cache
def _weight_grid_cached(names: tuple[str, ...]) -> tuple[tuple[dict[str, float], ...], np.ndarray]:
    """(weight dicts, (G, M) matrix) of the simplex grid; built once per process (161,051
    combinations are enumerated for five methods)."""
    steps = round(1 / WEIGHT_STEP)
    grid = []
    for combo in itertools.product(range(steps + 1), repeat=len(names)):
        if sum(combo) == steps:
            grid.append({n: c * WEIGHT_STEP for n, c in zip(names, combo, strict=True)})
    wmat = np.array([[w[n] for n in names] for w in grid])
    wmat.setflags(write=False)
    return tuple(grid), wmat


def rolling_backtests(
    snap: Snapshot, regions: Sequence[str], params: Params | None = None
) -> list[tuple[int, list[str], dict[str, np.ndarray], np.ndarray]]:
    """For the calibration base years B (`calibration_bases`): (B, regions, method forecasts,
    actual totals) up to Y.

    Each run sees `snap.cut(B)` only; the outcomes are the snapshot's totals of B … Y on the same
    basis and territory as the jump-off (NaN in years without a total)."""
    return rolling_backtests_grid(snap, regions, params, (1.0,))[1.0]


def rolling_backtests_grid(
    snap: Snapshot, regions: Sequence[str], params: Params | None, dampings: Sequence[float]
) -> dict[float, list[Backtest]]:
    """`rolling_backtests` for several migration dampings at once: inputs, baselines and outcomes
    are built once per base year, only the cohort projection is rerun per damping."""
    # calibration only from Gemeinden with an age table of their own
    params = replace(params or Params(), kreis_structure_fallback=False)
    out: dict[float, list[Backtest]] = {d: [] for d in dampings}
    totals = snap.totals_by_region()
    bases = calibration_bases(snap, regions)
    for b in bases:
        sub = snap.cut(b)
        h = snap.base_year - b
        inputs = build_inputs(sub, regions, params)
        kept = inputs.regions
        trend = trends(sub, kept)
        base_methods = extrapolate(trend, h)
        actual = np.full((len(kept), h + 1), np.nan)
        for i, ags in enumerate(kept):
            series = totals.get(ags, {})
            base = series.get(b)
            if base is None or not base.comparable:
                continue  # a jump-off on another territory says nothing about the model's error
            for k in range(h + 1):
                t = series.get(b + k)
                if t is not None and t.basis == base.basis and t.comparable:
                    actual[i, k] = t.total
        extra = inputs.extra_net(h, params.transient_years)
        for d in dampings:
            proj = project(inputs.base, damped_rates(inputs, d), h, extra_net=extra)
            methods: dict[str, Any] = {"kohorten": proj.totals.T, **base_methods, "_trends": trend}
            if b == bases[0]:
                methods["_population"] = proj.population[-1]  # (N, 2, A) for the age-group errors
            out[d].append((b, kept, methods, actual))
    return out


def choose_trend_damping(
    backtests: list[Backtest], grid: Sequence[float] = TREND_DAMPING_GRID
) -> dict[str, float]:
    """φ per trend method: the one with the lowest MAPE of that method alone over horizons ≥ 2
    of the rolling backtests (ties → the least damping)."""
    out = {}
    for method in TREND_METHODS:
        best, best_err = 1.0, np.inf
        for phi in grid:
            errors = []
            for _, _, methods, act in backtests:
                f = extrapolate(methods["_trends"], act.shape[1] - 1, {method: phi})[method]
                for k in range(2, act.shape[1]):
                    ok = ~np.isnan(act[:, k]) & ~np.isnan(f[:, k]) & (act[:, k] > 0)
                    errors.append(np.abs(f[ok, k] - act[ok, k]) / act[ok, k])
            err = float(np.mean(np.concatenate(errors))) if errors and sum(map(len, errors)) else np.inf
            if err < best_err - 1e-12:
                best, best_err = phi, err
        out[method] = best
    return out


def _apply_trend_damping(backtests: list[Backtest], damping: dict[str, float]) -> list[Backtest]:
    """The rolling backtests with the trend methods extrapolated with `damping`."""
    out = []
    for b, kept, methods, act in backtests:
        damped = extrapolate(methods["_trends"], act.shape[1] - 1, damping)
        out.append((b, kept, {**methods, **{m: damped[m] for m in TREND_METHODS}}, act))
    return out


def damped_rates(inputs: ModelInputs, damping: float) -> Rates:
    """The inputs' rates with the net migration rate multiplied by `damping` (in-moves adjusted)."""
    if damping == 1.0:
        return inputs.rates
    size = np.maximum(inputs.base.sum(axis=(1, 2)), 1.0)
    expected_out = (inputs.rates.out_rate * inputs.base).sum(axis=(1, 2)) / size
    return replace(inputs.rates, in_level=np.maximum(inputs.net_rate * damping + expected_out, 0.0))


def _stack(
    backtests: list[Backtest], names: Sequence[str], min_h: int = 2
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray] | None:
    preds: dict[str, list[np.ndarray]] = {n: [] for n in names}
    actual, size = [], []
    for _, _, methods, act in backtests:
        for k in range(min_h, act.shape[1]):
            for n in names:
                preds[n].append(methods[n][:, k])
            actual.append(act[:, k])
            size.append(act[:, 0])
    if not actual:
        return None
    a = np.concatenate(actual)
    stacked = {n: np.concatenate(v) for n, v in preds.items()}
    s = np.concatenate(size)
    ok = ~np.isnan(a) & ~np.isnan(s)
    for v in stacked.values():
        ok &= ~np.isnan(v)
    return {n: v[ok] for n, v in stacked.items()}, a[ok], s[ok]


def _best_weights(
    stacked: dict[str, np.ndarray], a: np.ndarray, names: Sequence[str]
) -> tuple[dict[str, float], float]:
    best, best_err = {"kohorten": 1.0}, np.inf
    if not len(a):
        return best, best_err
    mat = np.stack([stacked[n] for n in names])  # (M, E)
    grid, wmat = _weight_grid_cached(tuple(names))  # (G, M)
    # evaluate the grid in chunks (G × E can be large); |w·x − a| / a = |w·(x / a) − 1|
    rel = mat / a[None, :]
    for start in range(0, len(grid), 200):
        f = wmat[start : start + 200] @ rel
        f -= 1.0
        np.abs(f, out=f)
        err = f.mean(axis=1)
        i = int(np.argmin(err))
        if err[i] < best_err - 1e-12:
            best, best_err = grid[start + i], float(err[i])
    return {k: v for k, v in best.items() if v}, best_err


def choose_weights(backtests: list[Backtest], names: Sequence[str] = METHODS) -> dict[str, float]:
    """Simplex weights (step 0.1) minimising the mean absolute percentage error over all
    horizons ≥ 2 of the rolling backtests (horizon 1 says little about trends)."""
    stacked = _stack(backtests, names)
    if stacked is None:
        return {"kohorten": 1.0}
    return _best_weights(stacked[0], stacked[1], names)[0]


def choose_weights_by_class(
    backtests: list[Backtest], names: Sequence[str] = METHODS
) -> tuple[dict[str, float], dict[int, dict[str, float]], float]:
    """(pooled weights, weights per size class, rolling MAPE of the class-weighted ensemble)."""
    stacked = _stack(backtests, names)
    if stacked is None:
        return {"kohorten": 1.0}, {}, np.inf
    preds, a, s = stacked
    pooled, _ = _best_weights(preds, a, names)
    classes = size_class(s)
    by_class: dict[int, dict[str, float]] = {}
    abs_err = np.zeros(len(a))
    for cls in np.unique(classes):
        sel = classes == cls
        if sel.sum() >= MIN_CLASS_ERRORS:
            w, _ = _best_weights({n: v[sel] for n, v in preds.items()}, a[sel], names)
            by_class[int(cls)] = w
        w = by_class.get(int(cls), pooled)
        f = sum(v * preds[k][sel] for k, v in w.items())
        abs_err[sel] = np.abs(f - a[sel]) / a[sel]
    return pooled, by_class, float(abs_err.mean()) if len(a) else np.inf


def forecast(
    snap: Snapshot,
    regions: Sequence[str],
    horizon: int,
    params: Params | None = None,
    calibration_regions: Sequence[str] | None = None,
    *,
    damping_grid: Sequence[float] | None = None,
    trend_grid: Sequence[float] | None = None,
    trend_rule: str = TREND_RULE,
) -> Forecast:
    """Forecast totals of `regions` `horizon` years after `snap.base_year`, with intervals.

    `calibration_regions` (default: `regions`) are the Gemeinden whose rolling backtests set the
    damping, the ensemble weights and the interval widths; typically all Gemeinden of the same
    Länder. `damping_grid` (default `DAMPING_GRID`; a given `params.migration_damping` is kept
    if `params` is passed) are the migration dampings tried, `trend_grid` (default
    `TREND_DAMPING_GRID`; `(1.0,)` = undamped trends) the trend dampings.
    """
    cal_regions = list(calibration_regions) if calibration_regions is not None else list(regions)
    params = params or Params()
    grid = tuple(damping_grid) if damping_grid is not None else DAMPING_GRID
    best: _Best | None = None
    phis = tuple(trend_grid) if trend_grid is not None else TREND_DAMPING_GRID
    rolling = rolling_backtests_grid(snap, cal_regions, params, grid)
    first = next(iter(rolling.values()))
    if trend_rule == "own":
        candidates = [choose_trend_damping(first, phis)]
    else:  # one φ for all trend methods, chosen with the migration damping by the ensemble's error
        candidates = [dict.fromkeys(TREND_METHODS, phi) for phi in phis]
    bases = tuple(b for b, *_ in first)
    for trend_damping in candidates:
        for d, raw in rolling.items():
            bts = _apply_trend_damping(raw, trend_damping)
            pooled, by_class, err = choose_weights_by_class(bts)
            if best is None or err < best[0] - 1e-12:
                best = (
                    err,
                    d,
                    replace(params, migration_damping=params.migration_damping * d),
                    bts,
                    pooled,
                    by_class,
                    trend_damping,
                )
    # the grids are never empty, so the loop above has set `best`
    _, damping, params, backtests, weights, by_class, trend_damping = cast(_Best, best)
    errors, hs, sizes = [], [], []
    for _, _, methods, act in backtests:
        ens = _combine_by_class(methods, weights, by_class)
        for k in range(1, act.shape[1]):
            errors.append((ens[:, k] - act[:, k]) / act[:, k])
            hs.append(np.full(len(act), k))
            sizes.append(act[:, 0])
    if errors:
        calibration = calibrate(np.concatenate(errors), np.concatenate(hs), np.concatenate(sizes), LEVELS)
    else:
        calibration = Calibration()
    group_calibration = _calibrate_groups(snap, backtests, weights, by_class, calibration)
    kept, methods, proj, inputs = component_forecasts(snap, regions, horizon, params, trend_damping)
    ensemble = _combine_by_class(methods, weights, by_class) if kept else np.zeros((0, horizon + 1))
    notes = [
        "Gewichte und Dämpfungen aus Rückrechnungen mit Basisjahren " + ", ".join(str(b) for b in bases),
        f"Wanderungsdämpfung {damping:g}",
        "Trenddämpfung " + ", ".join(f"{m} {phi:g}" for m, phi in trend_damping.items()),
    ]
    return Forecast(
        kept, snap.base_year, horizon, methods, ensemble, weights, calibration, proj, inputs, notes,
        weights_by_class=by_class, damping=damping, group_calibration=group_calibration,
        trend_damping=trend_damping, calibration_bases=bases,
    )  # fmt: skip


def _calibrate_groups(
    snap: Snapshot,
    backtests: list[Backtest],
    weights: dict[str, float],
    by_class: dict[int, dict[str, float]],
    totals_cal: Calibration,
) -> dict[str, Calibration]:
    """Age-group ranges from the longest rolling backtest (base Y−4 → Y): the projected group
    (cohort structure × ensemble total) against the Gemeinde's age table of year Y, where its
    bands form the group exactly. One horizon only, so the horizon exponent is the totals' one."""
    if not backtests or "_population" not in backtests[0][2]:
        return {}
    b, kept, methods, act = backtests[0]
    h = snap.base_year - b
    ens = _combine_by_class(methods, weights, by_class)[:, h]
    single = methods["_population"].sum(axis=1)  # (N, A)
    share_total = np.maximum(single.sum(axis=1), 1e-9)
    exponent = {lv: next(iter(p.values()))[1] for lv, p in totals_cal.params.items() if p}
    out: dict[str, Calibration] = {}
    tables = [snap.latest_table(a, "population", ("regio17",)) for a in kept]
    for name, (lo, hi) in AGE_GROUPS.items():
        errors, sizes = [], []
        for i, t in enumerate(tables):
            if t is None or t.year != snap.base_year or np.isnan(act[i, 0]) or np.isnan(ens[i]):
                continue
            starts = [x for x, _ in t.bands]
            ends = [y for _, y in t.bands]
            if lo not in starts or hi not in ends:
                continue
            counts = [
                c
                for (x, y), c in zip(t.bands, t.total, strict=True)
                if x >= lo and (hi is None or (y is not None and y <= hi))
            ]
            if not counts or any(c is None for c in counts) or sum(cast("list[int]", counts)) <= 0:
                continue
            forecast_group = single[i, lo:hi].sum() / share_total[i] * ens[i]
            known = cast("list[int]", counts)  # no None left (checked above)
            errors.append((forecast_group - sum(known)) / sum(known))
            sizes.append(act[i, 0])
        if len(errors) >= MIN_CLASS_ERRORS and exponent:
            cal = calibrate(np.array(errors), np.full(len(errors), h), np.array(sizes), LEVELS, exponent)
            if cal.params:
                out[name] = cal
    return out
