"""The full forecast: cohort-component + baselines, ensemble weights and intervals.

Everything is learnt from the snapshot alone. Ensemble weights and interval calibration come
from *rolling backtests inside the snapshot*: base years B < Y whose outcomes (totals up to Y)
are themselves in the snapshot. A forecast with base Y therefore never sees anything after Y.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from leuchtfeuer.projections.engine.baselines import baselines
from leuchtfeuer.projections.engine.cohort import Projection, project
from leuchtfeuer.projections.engine.inputs import ModelInputs, Params, build_inputs
from leuchtfeuer.projections.engine.intervals import LEVELS, Calibration, calibrate
from leuchtfeuer.projections.engine.snapshot import Snapshot

METHODS = ("kohorten", "konstant", "linear", "exponentiell", "kreisanteil")
CALIBRATION_BASES = 4  # base years Y-4 … Y-1 (for Y = 2015: 2011–2014, all on the Zensus 2011 basis)
WEIGHT_STEP = 0.1


@dataclass
class Forecast:
    regions: list[str]
    base_year: int
    horizon: int
    methods: dict[str, np.ndarray]  # name → (N, H+1) totals
    ensemble: np.ndarray  # (N, H+1)
    weights: dict[str, float]
    calibration: Calibration
    projection: Projection | None = None
    inputs: ModelInputs | None = None
    notes: list[str] = field(default_factory=list)

    def interval(self, level: float, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) totals at `horizon`; NaN where the calibration has no such level."""
        f = self.ensemble[:, horizon]
        hw = self.calibration.half_width(level, self.ensemble[:, 0], horizon)
        return f / (1 + hw), np.where(hw < 1, f / np.maximum(1 - hw, 1e-9), np.inf)


def component_forecasts(
    snap: Snapshot, regions: Sequence[str], horizon: int, params: Params | None = None
) -> tuple[list[str], dict[str, np.ndarray], Projection, ModelInputs]:
    inputs = build_inputs(snap, regions, params)
    proj = project(inputs.base, inputs.rates, horizon)
    methods = {"kohorten": proj.totals.T}
    # the cohort model is run from the age structure; its jump-off equals the known total
    methods.update(baselines(snap, inputs.regions, horizon))
    return inputs.regions, methods, proj, inputs


def _combine(methods: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    return sum(w * methods[k] for k, w in weights.items() if w)  # type: ignore[return-value]


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
    """For base years B = Y-4 … Y-1: (B, regions, method forecasts, actual totals) up to Y."""
    out = []
    totals = snap.totals_by_region()
    for b in range(snap.base_year - CALIBRATION_BASES, snap.base_year):
        sub = snap.cut(b)
        h = snap.base_year - b
        kept, methods, _, _ = component_forecasts(sub, regions, h, params)
        actual = np.full((len(kept), h + 1), np.nan)
        for i, ags in enumerate(kept):
            series = totals.get(ags, {})
            base = series.get(b)
            for k in range(h + 1):
                t = series.get(b + k)
                # only outcomes on the same basis and territory as the jump-off count
                if t is not None and base is not None and t.basis == base.basis and t.comparable:
                    actual[i, k] = t.total
        out.append((b, kept, methods, actual))
    return out


def choose_weights(backtests: list, names: Sequence[str] = METHODS) -> dict[str, float]:
    """Simplex weights (step 0.1) minimising the mean absolute percentage error over all
    horizons ≥ 2 of the rolling backtests (horizon 1 says little about trends)."""
    preds: dict[str, list[np.ndarray]] = {n: [] for n in names}
    actual: list[np.ndarray] = []
    for _, _, methods, act in backtests:
        for k in range(2, act.shape[1]):
            for n in names:
                preds[n].append(methods[n][:, k])
            actual.append(act[:, k])
    if not actual:
        return {"kohorten": 1.0}
    a = np.concatenate(actual)
    stacked = {n: np.concatenate(v) for n, v in preds.items()}
    ok = ~np.isnan(a)
    for v in stacked.values():
        ok &= ~np.isnan(v)
    best, best_err = {"kohorten": 1.0}, np.inf
    if not ok.any():
        return best
    for w in _weight_grid(names):
        f = sum(w[n] * stacked[n][ok] for n in names)
        err = float(np.mean(np.abs(f - a[ok]) / a[ok]))
        if err < best_err - 1e-12:
            best, best_err = w, err
    return {k: v for k, v in best.items() if v}


def forecast(
    snap: Snapshot,
    regions: Sequence[str],
    horizon: int,
    params: Params | None = None,
    calibration_regions: Sequence[str] | None = None,
) -> Forecast:
    """Forecast totals of `regions` `horizon` years after `snap.base_year`, with intervals.

    `calibration_regions` (default: `regions`) are the Gemeinden whose rolling backtests set the
    ensemble weights and the interval widths; typically all Gemeinden of the same Länder.
    """
    cal_regions = list(calibration_regions) if calibration_regions is not None else list(regions)
    backtests = rolling_backtests(snap, cal_regions, params)
    weights = choose_weights(backtests)
    errors, hs, sizes = [], [], []
    for _, _, methods, act in backtests:
        ens = _combine(methods, weights)
        for k in range(1, act.shape[1]):
            errors.append((ens[:, k] - act[:, k]) / act[:, k])
            hs.append(np.full(len(act), k))
            sizes.append(act[:, 0])
    if errors:
        calibration = calibrate(np.concatenate(errors), np.concatenate(hs), np.concatenate(sizes), LEVELS)
    else:
        calibration = Calibration()
    kept, methods, proj, inputs = component_forecasts(snap, regions, horizon, params)
    ensemble = _combine(methods, weights)
    notes = [
        f"Gewichte aus Rückrechnungen mit Basisjahren {snap.base_year - CALIBRATION_BASES}–{snap.base_year - 1}"
    ]
    return Forecast(
        kept, snap.base_year, horizon, methods, ensemble, weights, calibration, proj, inputs, notes
    )
