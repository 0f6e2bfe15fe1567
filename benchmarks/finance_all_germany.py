"""Benchmark: one finance scenario over all Gemeinden of Germany (all Länder at once).

Run: .venv/bin/python benchmarks/finance_all_germany.py   (needs the official data: make setup)
Reads the official dataset once (timed separately, it is cached per process), then for each
scenario computes status quo and reform for every Land in one engine call: need measure,
largest-remainder rounding to the cent per Land, floors where asked. Pots: 100 € per inhabitant
of each Land. Prints the time per scenario (best of 5) and checks that every Land's pot is met
to the cent.
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

import numpy as np  # noqa: E402

from leuchtfeuer.finance.engine.criteria import demography_population  # noqa: E402
from leuchtfeuer.finance.engine.simulate import population_for_need, simulate  # noqa: E402
from leuchtfeuer.finance.selectors import dataset  # noqa: E402

SCENARIOS = {
    "Einwohner 70 %, Fläche 30 %": ({"population": 0.7, "area": 0.3}, None, None),
    "dazu Dünnbesiedlung, Rückgang 10 J., ab 67": (
        {"population": 0.5, "area": 0.2, "sparse": 0.1, "decline_10y": 0.1, "old": 0.1},
        None,
        None,
    ),
    "Demografiefaktor 10 J., höchstens 5 % Verlust": ({"population": 0.6, "area": 0.4}, 10, Decimal("5")),
}


def main() -> None:
    started = time.perf_counter()
    ds = dataset()
    load = time.perf_counter() - started
    lands = sorted(ds.lands)
    code = {c: g for g, c in enumerate(lands)}
    groups = np.array([code[c] for c in ds.land_codes], dtype=np.int64)
    pots = [int(ds.population[groups == g].sum()) * 100 * 100 for g in range(len(lands))]
    print(f"{len(ds.ags)} Gemeinden in {len(lands)} Ländern; Daten lesen {load:.2f} s (einmal je Prozess)")
    for label, (weights, demography_years, loss) in SCENARIOS.items():
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            crit = ds.official_criteria(groups, len(lands))
            if demography_years:
                years = np.array([d.year for d in ds.history_dates], dtype=np.int64)
                demo = demography_population(
                    ds.population, ds.history, years, ds.population_date.year, demography_years
                )
                crit["population"] = population_for_need(ds.population, demography=demo)
            res = simulate(
                pots_cents=pots,
                population=ds.population,
                groups=groups,
                criteria=crit,
                weights=weights,
                max_loss_percent=loss,
            )
            times.append(time.perf_counter() - t0)
        base = np.zeros(len(lands), dtype=object)
        reform = np.zeros(len(lands), dtype=object)
        for i, g in enumerate(groups):
            base[g] += res.base[i]
            reform[g] += res.reform[i]
        exact = all(base[g] == pots[g] == reform[g] for g in range(len(lands)))
        print(
            f"{label}: {min(times):.3f} s je Szenario (Median {sorted(times)[2]:.3f} s), Summen exakt: {exact}"
        )


if __name__ == "__main__":
    main()
