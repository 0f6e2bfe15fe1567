"""How good is the estimated starting age structure ("geschätzt")? A backtest of the estimate.

The current projections start from an age structure that the engine estimates: the latest
Gemeinde age table (31.12.2015) run forward to 2023 with births, deaths and migration and
constrained to the known totals by sex. Whether that works can be checked where the truth is
known: hide the Gemeinden's 2015 age tables, estimate 2015 from the Zensus 2011 age groups the
same way (`build_inputs` rolls them forward), and compare with the official 2015 table.

Caveats, so that the figures are read honestly: 2011→2015 is 4.6 years, 2015→2023 is 8 (errors
grow with the gap); the Kreis single-year shapes (moved back four years along the cohorts) and
migration tables of 2015 stay visible here, while the 2023 estimate uses 2015 ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leuchtfeuer.projections.current import land_snapshot
from leuchtfeuer.projections.engine import schedules
from leuchtfeuer.projections.engine.inputs import build_inputs
from leuchtfeuer.projections.engine.snapshot import Snapshot

CHECK_YEAR = 2015
# Regio17 bands: 0–3, 3–6, 6–10, 10–15, 15–18, 18–20, 20–25, …, 60–65, 65–75, 75+
GROUPS = {"0–5": (0, 2), "6–17": (2, 5), "18–64": (5, 15), "65+": (15, 17), "75+": (16, 17)}


@dataclass
class GroupError:
    group: str
    n: int
    mape: float  # mean absolute percentage error of the group's count
    bias: float  # mean percentage error (+ = estimate too high)


def estimate_check(land: str, min_pop: int = 0, max_pop: int | None = None) -> dict:
    """Errors of the estimated 2015 age groups against the official 2015 table, per group."""
    snap = land_snapshot(CHECK_YEAR, land)
    regions = sorted(a for a in snap.totals_by_region() if len(a) == 8)
    truth = {}
    for ags in regions:
        table = snap.latest_table(ags, "population", ("regio17",))
        if table is not None and table.year == CHECK_YEAR and all(t is not None for t in table.total):
            truth[ags] = table
    hidden = Snapshot(
        base_year=CHECK_YEAR,
        totals=snap.totals,
        vital=snap.vital,
        tables=tuple(
            t
            for t in snap.tables
            if not (t.kind == "population" and len(t.region) == 8 and t.year == CHECK_YEAR)
        ),
    )
    inputs = build_inputs(hidden, list(truth))
    if not inputs.regions:
        return {"land": land, "n": 0, "groups": []}
    bands = list(truth[inputs.regions[0]].bands)
    estimated = schedules.group(inputs.base, bands).sum(axis=1)
    actual = np.array([truth[a].total for a in inputs.regions], dtype=float)
    size = actual.sum(axis=1)
    keep = (size >= min_pop) & (size < (max_pop if max_pop is not None else np.inf))
    # the naive alternative: the Zensus 2011 structure, not aged, scaled to the 2015 total
    naive = np.zeros_like(estimated)
    for i, ags in enumerate(inputs.regions):
        old = snap.latest_table(ags, "population", ("zensus11_11",))
        if old is None or any(t is None for t in old.total):
            naive[i] = np.nan
            continue
        single = schedules.expand_bands(
            np.array(old.total, dtype=float), old.bands, schedules.default_shape()
        )
        naive[i] = schedules.group(single, bands) * size[i] / max(single.sum(), 1e-9)
    groups, naive_groups = [], []
    for name, (a, b) in GROUPS.items():
        t = actual[keep, a:b].sum(axis=1)
        for out, source in ((groups, estimated), (naive_groups, naive)):
            e = source[keep, a:b].sum(axis=1)
            ok = (t > 0) & np.isfinite(e)
            rel = (e[ok] - t[ok]) / t[ok]
            out.append(
                GroupError(name, int(ok.sum()), float(np.mean(np.abs(rel)) * 100), float(np.mean(rel) * 100))
            )
    return {"land": land, "n": int(keep.sum()), "groups": groups, "not_aged": naive_groups}
