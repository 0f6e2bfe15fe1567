"""Backtest evaluation: forecast from a base-year snapshot, compare with known later totals.

Comparison rule (documented for the closing note): a Gemeinde is evaluated if its total on
31.12. of the base year and of the target year both stand for today's territory (territory flag
"current" or "harmonised" — the crosswalk confirmed the area within 3 %). Everything else is
excluded and counted by reason. The targets are passed in separately and never enter the
snapshot the model sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from leuchtfeuer.projections.engine.inputs import Params
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.engine.snapshot import COMPARABLE, Snapshot


def _errors(pred: np.ndarray, actual: np.ndarray) -> dict[str, float]:
    e = (pred - actual) / actual * 100.0
    return {
        "mape": round(float(np.mean(np.abs(e))), 3),
        "malpe": round(float(np.mean(e)), 3),
        "p90_ape": round(float(np.percentile(np.abs(e), 90)), 3),
    }


def backtest(
    snap: Snapshot,
    targets: Mapping[str, tuple[int, str]],
    target_year: int,
    lands: Sequence[str],
    min_pop: int = 0,
    max_pop: int = 10**9,
    params: Params | None = None,
) -> dict:
    """Figures of a backtest; `targets` = AGS → (total, territory flag) at the target year."""
    horizon = target_year - snap.base_year
    totals = snap.totals_by_region()
    in_lands = [a for a in totals if len(a) == 8 and a[:2] in set(lands) and snap.base_year in totals[a]]
    excluded = {
        "Gebietsstand im Basisjahr abweichend": 0,
        "kein Zielwert": 0,
        "Gebietsstand im Zieljahr abweichend": 0,
    }
    selected = []
    for ags in sorted(in_lands):
        base = totals[ags][snap.base_year]
        if not (min_pop <= base.total <= max_pop):
            continue
        if not base.comparable:
            excluded["Gebietsstand im Basisjahr abweichend"] += 1
        elif ags not in targets:
            excluded["kein Zielwert"] += 1
        elif targets[ags][1] not in COMPARABLE:
            excluded["Gebietsstand im Zieljahr abweichend"] += 1
        else:
            selected.append(ags)
    fc = forecast(snap, selected, horizon, params, calibration_regions=in_lands)
    excluded["ohne Altersstruktur"] = len(selected) - len(fc.regions)
    actual = np.array([targets[a][0] for a in fc.regions], dtype=float)
    result = {
        "base_year": snap.base_year,
        "target_year": target_year,
        "horizon": horizon,
        "n": len(fc.regions),
    }
    result.update(_errors(fc.ensemble[:, horizon], actual))
    for level, key in ((0.80, "coverage80"), (0.95, "coverage95")):
        if fc.calibration.has(level):
            lo, hi = fc.interval(level, horizon)
            result[key] = round(float(np.mean((actual >= lo) & (actual <= hi))), 3)
        else:
            result[key] = None  # no calibration → no interval, and no claim about coverage
    result["baselines"] = {
        name: {k: v for k, v in _errors(m[:, horizon], actual).items() if k != "p90_ape"}
        for name, m in fc.methods.items()
        if name != "kohorten"
    }
    result["kohorten"] = _errors(fc.methods["kohorten"][:, horizon], actual)
    result["weights"] = {k: round(v, 2) for k, v in fc.weights.items()}
    result["excluded"] = excluded
    result["calibration"] = {
        "errors": fc.calibration.n_errors,
        "horizons": list(fc.calibration.horizons),
        "exponent80": round(
            next(iter(fc.calibration.params.get(0.80, {0: (0, float("nan"))}).values()))[1], 3
        ),
    }
    result["notes"] = fc.notes
    return result
