"""Benchmark: projection backtest figures and run times (prints, does not assert).

Run: .venv/bin/python benchmarks/projection_backtest.py   (needs `leuchtfeuer import-official`)
1. the acceptance backtest (eastern small towns, base 2015 → 2023) and the same for 2021 and
   for all Gemeinden of all sizes in Germany;
2. a deterministic projection of all Gemeinden from 2015 to 2045 (engine only, after loading).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from leuchtfeuer.projections.engine.cohort import project  # noqa: E402
from leuchtfeuer.projections.engine.evaluate import backtest  # noqa: E402
from leuchtfeuer.projections.engine.inputs import build_inputs  # noqa: E402
from leuchtfeuer.projections.selectors import official_snapshot, population_on  # noqa: E402

EAST = ["12", "13", "14", "15", "16"]
ALL = [f"{i:02d}" for i in range(1, 17)]


def main() -> None:
    started = time.perf_counter()
    snap = official_snapshot(2015)
    print(f"Snapshot 2015 geladen: {time.perf_counter() - started:.1f} s")
    for target, lands, lo, hi, label in (
        (2023, EAST, 5000, 20000, "Ost, 5–20 Tsd., 2015→2023"),
        (2021, EAST, 5000, 20000, "Ost, 5–20 Tsd., 2015→2021"),
        (2023, ALL, 0, 10**9, "alle Gemeinden, 2015→2023"),
    ):
        t0 = time.perf_counter()
        r = backtest(snap, population_on(target), target, lands, lo, hi)
        best = min(b["mape"] for b in r["baselines"].values())
        print(
            f"{label}: n={r['n']} MAPE={r['mape']:.2f} MALPE={r['malpe']:+.2f} P90={r['p90_ape']:.1f} "
            f"cov80={r['coverage80']} cov95={r['coverage95']} beste Vergleichsmethode={best:.2f} "
            f"Kohorten allein={r['kohorten']['mape']:.2f} Gewichte={r['weights']} "
            f"ausgeschlossen={r['excluded']} ({time.perf_counter() - t0:.1f} s)"
        )
    regions = [a for a in snap.totals_by_region() if len(a) == 8]
    t0 = time.perf_counter()
    inputs = build_inputs(snap, regions)
    t1 = time.perf_counter()
    project(inputs.base, inputs.rates, 30)
    t2 = time.perf_counter()
    print(
        f"Alle Gemeinden 2015→2045 deterministisch: n={len(inputs.regions)}, Eingaben {t1 - t0:.1f} s, "
        f"Projektion {t2 - t1:.2f} s"
    )


if __name__ == "__main__":
    main()
