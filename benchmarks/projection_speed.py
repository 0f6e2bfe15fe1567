"""Benchmark: speed of the projection engine for all Gemeinden (prints, does not assert).

Run: .venv/bin/python benchmarks/projection_speed.py   (needs `leuchtfeuer import-official`)

Goals (issue "Projection engine"): deterministic projection of all ~10,800 Gemeinden to 2045 in
< 3 s, with calibrated intervals in < 30 s, on the 2-core machine. Timed after the official
snapshot is loaded from the database (that load is printed separately): the engine gets plain
arrays, the database read is the same for any method.
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
from leuchtfeuer.projections.engine.inputs import build_inputs  # noqa: E402
from leuchtfeuer.projections.engine.model import forecast  # noqa: E402
from leuchtfeuer.projections.selectors import official_snapshot  # noqa: E402

BASE, UNTIL = 2015, 2045


def main() -> None:
    t0 = time.perf_counter()
    snap = official_snapshot(BASE)
    regions = [a for a in snap.totals_by_region() if len(a) == 8]
    snap.vital_by_region()
    snap.latest_table("", "population", ())  # build the snapshot's lookup indexes
    print(f"Snapshot {BASE} aus der Datenbank: {time.perf_counter() - t0:.1f} s ({len(regions)} Gemeinden)")
    # wall time is what the goal names; CPU time shows the engine's own work when other
    # processes share the two cores (numpy runs these operations single-threaded)
    for run in ("erster Lauf", "zweiter Lauf"):
        t1, c1 = time.perf_counter(), time.process_time()
        inputs = build_inputs(snap, regions)
        t2 = time.perf_counter()
        proj = project(inputs.base, inputs.rates, UNTIL - BASE)
        t3, c3 = time.perf_counter(), time.process_time()
        print(
            f"deterministisch {BASE}→{UNTIL}, {run}: n={len(inputs.regions)}, Eingaben {t2 - t1:.2f} s, "
            f"Projektion {t3 - t2:.2f} s, zusammen {t3 - t1:.2f} s (CPU {c3 - c1:.2f} s; Ziel < 3 s)"
        )
    del proj
    t4, c4 = time.perf_counter(), time.process_time()
    fc = forecast(snap, regions, UNTIL - BASE)
    fc.interval(0.80, UNTIL - BASE)
    fc.interval(0.95, UNTIL - BASE)
    t5, c5 = time.perf_counter(), time.process_time()
    print(
        f"mit kalibrierten 80/95-%-Bereichen (Rückrechnungen 2011–2014 für alle Gemeinden, "
        f"Dämpfung {fc.damping:g}): {t5 - t4:.1f} s (CPU {c5 - c4:.1f} s; Ziel < 30 s)"
    )
    print(f"Last (1 min) am Ende: {os.getloadavg()[0]:.1f} auf {os.cpu_count()} Kernen")


if __name__ == "__main__":
    main()
