"""The full forecast: cohort-component + baselines, ensemble weights and intervals.

Everything is learnt from the snapshot alone. Ensemble weights, the migration damping and the
interval calibration come from *rolling backtests inside the snapshot*: base years B < Y whose
outcomes (totals up to Y) are themselves in the snapshot, each run on `snap.cut(B)` (data ≤ B
only). A forecast with base Y therefore never sees anything after Y.

Choices made from the rolling backtests (horizons ≥ 2, errors pooled over base years):
* the migration damping d ∈ `DAMPING_GRID` of the cohort model (net migration × d);
* ensemble weights on the simplex (step 0.1) per size class (`intervals.SIZE_LIMITS`), the
  pooled weights for classes with too few errors.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from leuchtfeuer.projections.engine.baselines import baselines
from leuchtfeuer.projections.engine.cohort import Projection, Rates, project
from leuchtfeuer.projections.engine.inputs import ModelInputs, Params, build_inputs
from leuchtfeuer.projections.engine.intervals import LEVELS, Calibration, calibrate, size_class
from leuchtfeuer.projections.engine.snapshot import Snapshot

METHODS = ("kohorten", "konstant", "linear", "exponentiell", "kreisanteil")
CALIBRATION_BASES = 4  # base years Y-4 … Y-1 (for Y = 2015: 2011–2014, all on the Zensus 2011 basis)
WEIGHT_STEP = 0.1
DAMPING_GRID = (1.0, 0.5, 0.0)
MIN_CLASS_ERRORS = 200  # fewer rolling errors in a size class → that class uses the pooled weights
# planning age groups with calibrated ranges: (first age, first age not included; None = open)
AGE_GROUPS: dict[str, tuple[int, int | None]] = {
    "0–5": (0, 6),
    "6–17": (6, 18),
    "18–64": (18, 65),
    "65+": (65, None),
}


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

    def group_totals(self, lo: int, hi: int | None) -> np.ndarray:
        """(N, H+1) people aged lo … hi−1: the cohort model's age structure × the ensemble total."""
        pop = self.projection.population.sum(axis=2)  # (H+1, N, A)
        share = pop[:, :, lo:hi].sum(axis=2) / np.maximum(pop.sum(axis=2), 1e-9)
        return share.T * self.ensemble

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

    def region_weights(self) -> list[dict[str, float]]:
        """The ensemble weights used for each region (by its size class at the base year)."""
        classes = size_class(self.ensemble[:, 0])
        return [self.weights_by_class.get(int(c), self.weights) for c in classes]


def component_forecasts(
    snap: Snapshot, regions: Sequence[str], horizon: int, params: Params | None = None
) -> tuple[list[str], dict[str, np.ndarray], Projection, ModelInputs]:
    inputs = build_inputs(snap, regions, params)
    extra = inputs.extra_net(horizon, (params or Params()).transient_years)
    proj = project(inputs.base, inputs.rates, horizon, extra_net=extra)
    methods = {"kohorten": proj.totals.T}
    # the cohort model is run from the age structure; its jump-off equals the known total
    methods.update(baselines(snap, inputs.regions, horizon))
    return inputs.regions, methods, proj, inputs


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
    steps = round(1 / WEIGHT_STEP)
    grid = []
    for combo in itertools.product(range(steps + 1), repeat=len(names)):
        if sum(combo) == steps:
            grid.append({n: c * WEIGHT_STEP for n, c in zip(names, combo, strict=True)})
    return grid


def rolling_backtests(
    snap: Snapshot, regions: Sequence[str], params: Params | None = None
) -> list[tuple[int, list[str], dict[str, np.ndarray], np.ndarray]]:
    """For base years B = Y-4 … Y-1: (B, regions, method forecasts, actual totals) up to Y.

    Each run sees `snap.cut(B)` only; the outcomes are the snapshot's totals of B … Y on the same
    basis and territory as the jump-off."""
    return rolling_backtests_grid(snap, regions, params, (1.0,))[1.0]


def rolling_backtests_grid(
    snap: Snapshot, regions: Sequence[str], params: Params | None, dampings: Sequence[float]
) -> dict[float, list[tuple[int, list[str], dict[str, np.ndarray], np.ndarray]]]:
    """`rolling_backtests` for several migration dampings at once: inputs, baselines and outcomes
    are built once per base year, only the cohort projection is rerun per damping."""
    # calibration only from Gemeinden with an age table of their own
    params = replace(params or Params(), kreis_structure_fallback=False)
    out: dict[float, list] = {d: [] for d in dampings}
    totals = snap.totals_by_region()
    for b in range(snap.base_year - CALIBRATION_BASES, snap.base_year):
        sub = snap.cut(b)
        h = snap.base_year - b
        inputs = build_inputs(sub, regions, params)
        kept = inputs.regions
        base_methods = baselines(sub, kept, h)
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
            methods = {"kohorten": proj.totals.T, **base_methods}
            if b == snap.base_year - CALIBRATION_BASES:
                methods["_population"] = proj.population[-1]  # (N, 2, A) for the age-group errors
            out[d].append((b, kept, methods, actual))
    return out


def damped_rates(inputs: ModelInputs, damping: float) -> Rates:
    """The inputs' rates with the net migration rate multiplied by `damping` (in-moves adjusted)."""
    if damping == 1.0:
        return inputs.rates
    size = np.maximum(inputs.base.sum(axis=(1, 2)), 1.0)
    expected_out = (inputs.rates.out_rate * inputs.base).sum(axis=(1, 2)) / size
    return replace(inputs.rates, in_level=np.maximum(inputs.net_rate * damping + expected_out, 0.0))


def _stack(backtests: list, names: Sequence[str], min_h: int = 2):
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


def _best_weights(stacked: dict[str, np.ndarray], a: np.ndarray, names: Sequence[str]) -> tuple[dict, float]:
    best, best_err = {"kohorten": 1.0}, np.inf
    if not len(a):
        return best, best_err
    mat = np.stack([stacked[n] for n in names])  # (M, E)
    grid = _weight_grid(names)
    wmat = np.array([[w[n] for n in names] for w in grid])  # (G, M)
    # evaluate the grid in chunks (G × E can be large)
    for start in range(0, len(grid), 200):
        f = wmat[start : start + 200] @ mat
        err = np.mean(np.abs(f - a[None, :]) / a[None, :], axis=1)
        i = int(np.argmin(err))
        if err[i] < best_err - 1e-12:
            best, best_err = grid[start + i], float(err[i])
    return {k: v for k, v in best.items() if v}, best_err


def choose_weights(backtests: list, names: Sequence[str] = METHODS) -> dict[str, float]:
    """Simplex weights (step 0.1) minimising the mean absolute percentage error over all
    horizons ≥ 2 of the rolling backtests (horizon 1 says little about trends)."""
    stacked = _stack(backtests, names)
    if stacked is None:
        return {"kohorten": 1.0}
    return _best_weights(stacked[0], stacked[1], names)[0]


def choose_weights_by_class(
    backtests: list, names: Sequence[str] = METHODS
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
) -> Forecast:
    """Forecast totals of `regions` `horizon` years after `snap.base_year`, with intervals.

    `calibration_regions` (default: `regions`) are the Gemeinden whose rolling backtests set the
    damping, the ensemble weights and the interval widths; typically all Gemeinden of the same
    Länder. `damping_grid` (default `DAMPING_GRID`; a given `params.migration_damping` is kept
    if `params` is passed) are the migration dampings tried.
    """
    cal_regions = list(calibration_regions) if calibration_regions is not None else list(regions)
    params = params or Params()
    grid = tuple(damping_grid) if damping_grid is not None else DAMPING_GRID
    best = None
    for d, bts in rolling_backtests_grid(snap, cal_regions, params, grid).items():
        pooled, by_class, err = choose_weights_by_class(bts)
        if best is None or err < best[0] - 1e-12:
            best = (
                err,
                d,
                replace(params, migration_damping=params.migration_damping * d),
                bts,
                pooled,
                by_class,
            )
    _, damping, params, backtests, weights, by_class = best
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
    kept, methods, proj, inputs = component_forecasts(snap, regions, horizon, params)
    ensemble = _combine_by_class(methods, weights, by_class) if kept else np.zeros((0, horizon + 1))
    notes = [
        f"Gewichte und Dämpfung aus Rückrechnungen mit Basisjahren {snap.base_year - CALIBRATION_BASES}–"
        f"{snap.base_year - 1}",
        f"Wanderungsdämpfung {damping:g}",
    ]
    return Forecast(
        kept, snap.base_year, horizon, methods, ensemble, weights, calibration, proj, inputs, notes,
        weights_by_class=by_class, damping=damping, group_calibration=group_calibration,
    )  # fmt: skip


def _calibrate_groups(
    snap: Snapshot, backtests: list, weights: dict[str, float], by_class: dict, totals_cal: Calibration
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
            if not counts or any(c is None for c in counts) or sum(counts) <= 0:
                continue
            forecast_group = single[i, lo:hi].sum() / share_total[i] * ens[i]
            errors.append((forecast_group - sum(counts)) / sum(counts))
            sizes.append(act[i, 0])
        if len(errors) >= MIN_CLASS_ERRORS and exponent:
            cal = calibrate(np.array(errors), np.full(len(errors), h), np.array(sizes), LEVELS, exponent)
            if cal.params:
                out[name] = cal
    return out
