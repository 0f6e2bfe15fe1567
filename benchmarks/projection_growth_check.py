"""Benchmark: current projections (base 31.12.2023 → 2045) of all Gemeinden, explained.

Run: .venv/bin/python benchmarks/projection_growth_check.py [Land …]   (needs `import-official`)

Prints, per Land and in total:
* how many Gemeinden grow to 2045, shrink, and how many grow although their projected natural
  balance is negative and their net migration of the last ten years (2013→2023, births and
  deaths after 2015 modelled) was not positive (`Forecast.growth_without_source`) — each such
  page states where the growth comes from (`presenters.growth_reason`); counted here by the
  ensemble method that adds most to the growth (`components.growth_drivers`);
* the chosen trend and migration dampings;
* the projected net migration per year against the past one (how much more migration the
  ensemble implies than the last ten years brought).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

import numpy as np  # noqa: E402

from leuchtfeuer.projections.current import END_YEAR, land_snapshot  # noqa: E402
from leuchtfeuer.projections.engine.components import growth_drivers  # noqa: E402
from leuchtfeuer.projections.engine.model import forecast  # noqa: E402

BASE = 2023
LANDS = [f"{i:02d}" for i in range(1, 17)]


def main(lands: list[str]) -> None:
    totals = Counter()
    drivers: Counter = Counter()
    examples = []
    past_rates, future_rates = [], []
    for land in lands:
        started = time.perf_counter()
        snap = land_snapshot(BASE, land)
        regions = sorted(a for a in snap.totals_by_region() if len(a) == 8 and a[:2] == land)
        if not regions:
            continue
        fc = forecast(snap, regions, END_YEAR - BASE, calibration_regions=regions)
        comps = fc.components()
        grow = fc.ensemble[:, -1] > fc.ensemble[:, 0]
        natural_negative = comps.natural_balance.sum(axis=1) < 0
        past = fc.inputs.past_net_migration
        flagged = fc.growth_without_source()
        weights = fc.region_weights()
        for i in np.flatnonzero(flagged):
            changes = {m: float(v[i, -1] - fc.ensemble[i, 0]) for m, v in fc.methods.items()}
            top = growth_drivers(weights[i], changes)
            drivers[top[0][0] if top and top[0][1] > 0 else "kohorten"] += 1
            if len(examples) < 12:
                examples.append(
                    (
                        fc.regions[i],
                        round(fc.ensemble[i, 0]),
                        round(fc.ensemble[i, -1]),
                        round(past[i]),
                        top[:2],
                    )
                )
        size = np.maximum(fc.ensemble[:, 0], 1.0)
        known = ~np.isnan(past)
        past_rates.append(past[known] / 10 / size[known] * 1000)
        future_rates.append(comps.net_migration.mean(axis=1)[known] / size[known] * 1000)
        n = len(fc.regions)
        row = {
            "n": n,
            "grow": int(grow.sum()),
            "natural_negative": int(natural_negative.sum()),
            "past_migration_not_positive": int((known & (np.nan_to_num(past) <= 0)).sum()),
            "past_migration_unknown": int((~known).sum()),
            "growth_without_source": int(flagged.sum()),
        }
        totals.update(row)
        print(
            f"Land {land}: {row} Trenddämpfung {fc.trend_damping} Wanderungsdämpfung {fc.damping} "
            f"({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
    print(f"Summe: {dict(totals)}")
    print(f"Wachstum ohne Quelle nach dem Verfahren, das am meisten beiträgt: {dict(drivers)}")
    for example in examples:
        print(f"  {example}")
    past_all, future_all = np.concatenate(past_rates), np.concatenate(future_rates)
    print(
        "Wanderungssaldo je 1.000 Einw. und Jahr, Median: 2013–2023 "
        f"{np.median(past_all):+.1f}, vorausberechnet 2024–2045 {np.median(future_all):+.1f}; "
        f"Anteil mit vorausberechnet > 2 × bisher und > +3: "
        f"{np.mean((future_all > 2 * np.maximum(past_all, 0)) & (future_all > 3)):.1%}"
    )


if __name__ == "__main__":
    main(sys.argv[1:] or LANDS)
