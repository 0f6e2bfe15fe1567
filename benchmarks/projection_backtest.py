"""Benchmark: projection backtest figures (prints, does not assert).

Run: .venv/bin/python benchmarks/projection_backtest.py   (needs `leuchtfeuer import-official`)

The same evaluation as `leuchtfeuer backtest` (territory rule: GV areas ±0.5 %, trend window and
target on today's territory), base 2015, for
1. the eastern small towns (Länder 12–16, 5,000–20,000 inhabitants) → 2023 (the acceptance case)
   and → 2021;
2. all Gemeinden of all sizes in Germany → 2023 and → 2021, by size class;
3. the age structure against the Zensus 2022 (15.05.2022) for the eastern small towns.
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

from leuchtfeuer.projections.engine.evaluate import backtest, stable_territory  # noqa: E402
from leuchtfeuer.projections.selectors import (  # noqa: E402
    age_groups_on,
    gv_vintage_areas,
    official_snapshot,
    population_on,
)

EAST = ["12", "13", "14", "15", "16"]
ALL = [f"{i:02d}" for i in range(1, 17)]
ZENSUS_2022 = 2022 + 134 / 365  # 15.05.2022


def main() -> None:
    started = time.perf_counter()
    snap = official_snapshot(2015)
    areas = gv_vintage_areas()
    ages = age_groups_on("zensus22_11")
    print(f"Snapshot 2015 geladen: {time.perf_counter() - started:.1f} s")
    for target, lands, lo, hi, label in (
        (2023, EAST, 5000, 20000, "Ost, 5–20 Tsd., 2015→2023"),
        (2021, EAST, 5000, 20000, "Ost, 5–20 Tsd., 2015→2021"),
        (2023, ALL, 0, 10**9, "alle Gemeinden, 2015→2023"),
        (2021, ALL, 0, 10**9, "alle Gemeinden, 2015→2021"),
    ):
        t0 = time.perf_counter()
        stable, _ = stable_territory(areas, 2015, target)
        with_ages = lands == EAST and target == 2023
        r = backtest(
            snap, population_on(target), target, lands, lo, hi, stable=stable,
            age_targets=ages if with_ages else None, age_date=ZENSUS_2022 if with_ages else None,
        )  # fmt: skip
        best_name, best = min(((k, b["mape"]) for k, b in r["baselines"].items()), key=lambda kv: kv[1])
        print(
            f"{label}: n={r['n']} von {r['candidates']} MAPE={r['mape']:.2f} MALPE={r['malpe']:+.2f} "
            f"P90={r['p90_ape']:.1f} cov80={r['coverage80']} cov95={r['coverage95']} "
            f"beste Vergleichsmethode={best_name} {best:.2f} (Verhältnis {r['mape'] / best:.2f}) "
            f"Kohorten allein={r['kohorten']['mape']:.2f} Dämpfung={r['migration_damping']} "
            f"Trenddämpfung={r['trend_damping']} "
            f"({time.perf_counter() - t0:.1f} s)"
        )
        print(f"  Vergleichsmethoden: {r['baselines']}")
        print(f"  Gewichte je Größenklasse: {r['weights_by_size_class']}")
        print(f"  ausgeschlossen: {r['excluded']}")
        for cls, row in r["by_size_class"].items():
            print(f"  {cls}: {row}")
        for group, row in r.get("age_groups", {}).get("groups", {}).items():
            print(f"  Alter {group}: {row}")


if __name__ == "__main__":
    main()
