"""Benchmark: a Bürgerrat of 40 from a pool of 2,000 with 4 quota features (synthetic, seeded).

Run: .venv/bin/python benchmarks/participation_sortition.py [--maximin]
Target (issue 8): < 60 s. Times our LEXIMIN over types (HiGHS) and, with --maximin, the
sortition-algorithms library's maximin on a smaller pool for comparison (the library's maximin
takes minutes at 2,000; SETUP-NOTES measured 506 s for 2,000 / 40 / 5 features).
Also runs the published example_large_200 (pool 2,000, panel 200; LEXIMIN minimum 10 %, 1,162 s
with Gurobi in the paper) if ../shared/data/sortition is present. The pool is synthetic.
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leuchtfeuer.participation.engine.sortition import Person, select_panel  # noqa: E402

FEATURES = {
    "Alter": [("16-29", 0.17), ("30-44", 0.2), ("45-64", 0.35), ("65+", 0.28)],
    "Geschlecht": [("w", 0.51), ("m", 0.48), ("d", 0.01)],
    "Ortsteil": [("Kernstadt", 0.55), ("Nord", 0.15), ("Süd", 0.12), ("West", 0.1), ("Ost", 0.08)],
    "Bildung": [("niedrig", 0.25), ("mittel", 0.5), ("hoch", 0.25)],
}


def pool_and_quotas(n: int, panel: int, seed: int = 40):
    rng = random.Random(seed)
    # respondents over-represent older, better-educated people, as real reply pools do
    skew = {"65+": 1.4, "16-29": 0.6, "hoch": 1.5, "niedrig": 0.6}
    people = []
    for i in range(n):
        features = {}
        for name, values in FEATURES.items():
            weights = [share * skew.get(v, 1.0) for v, share in values]
            features[name] = rng.choices([v for v, _ in values], weights=weights)[0]
        people.append(Person(f"R{i:05d}", features))
    quotas = {}
    for name, values in FEATURES.items():
        quotas[name] = {}
        for value, share in values:
            target = share * panel
            lo = max(int(target) - 1, 0) if value != "d" else 0
            hi = int(target) + 2
            quotas[name][value] = (lo, hi)
    return people, quotas


def main() -> None:
    people, quotas = pool_and_quotas(2000, 40)
    started = time.perf_counter()
    draw = select_panel(people, quotas, 40, seed=1, algorithm="leximin")
    elapsed = time.perf_counter() - started
    print(
        f"pool 2000, panel 40, 4 features: algorithm used = {draw.algorithm_used}, {elapsed:.2f} s, "
        f"min probability {draw.min_probability:.4f}, lottery of {len(draw.panels)} count vectors"
    )
    large = ROOT.parent / "shared" / "data" / "sortition" / "example_large_200"
    if large.exists():
        rows = list(csv.DictReader((large / "categories.csv").open()))
        q = {}
        for r in rows:
            q.setdefault(r["category"], {})[r["feature"]] = (int(r["min"]), int(r["max"]))
        pool = [
            Person(str(i), dict(r)) for i, r in enumerate(csv.DictReader((large / "respondents.csv").open()))
        ]
        started = time.perf_counter()
        draw = select_panel(pool, q, 200, seed=1)
        print(
            f"example_large_200 (published LEXIMIN minimum 10.0 %): {draw.algorithm_used}, "
            f"{time.perf_counter() - started:.2f} s, min probability {draw.min_probability:.4%}"
        )
    if "--maximin" in sys.argv:
        for n in (300, 1000):
            people, quotas = pool_and_quotas(n, 40)
            started = time.perf_counter()
            draw = select_panel(people, quotas, 40, seed=1, algorithm="maximin")
            lex = select_panel(people, quotas, 40, seed=1, algorithm="leximin")
            print(
                f"pool {n}: library maximin {time.perf_counter() - started:.1f} s (min {draw.min_probability:.4f}); "
                f"our leximin min {lex.min_probability:.4f}"
            )


if __name__ == "__main__":
    main()
