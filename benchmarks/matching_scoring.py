"""Benchmark: scoring 10,000 seekers × 10,000 spaces (10⁸ pairs) with the matching engine.

Run: .venv/bin/python benchmarks/matching_scoring.py [n_spaces n_seekers] [--dense]
Synthetic but realistic data: spaces at random points in Germany (5 kinds, 20–2,000 m², half
with a rent, a fifth with a purchase price, dates in the next year, 400 Kreise, three connection
features), seekers with 1–3 wanted kinds, size ranges, budgets, a place with a 10–80 km radius
or a list of Kreise, needed dates, some needing accessibility or connections. Prints the time of
``score`` (hard filters + weighted criteria for every pair, float32, chunked), the share of pairs that pass the hard filters, and the time of ``top`` and
``reasons`` for 10 seekers. ``--dense``: the worst case — seekers without any region or kind, so that a large share of all
pairs passes the cheap filters and is scored one by one. Pure engine, no database. Issue 17 asks for < 5 s at 10⁴ × 10⁴.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leuchtfeuer.matching.engine.scoring import Seeker, Space, score

KINDS = ["laden", "wohnung", "halle", "grundstueck", "dritter_ort"]
FEATURES = ["bahn", "autobahn", "breitband"]
TODAY = date(2027, 1, 1)


def spaces(n: int, rng: np.random.Generator) -> list[Space]:
    out = []
    for i in range(n):
        feats = frozenset(f for f in FEATURES if rng.random() < 0.4)
        start = TODAY + timedelta(days=int(rng.integers(0, 365)))
        out.append(
            Space(
                id=i,
                kind=KINDS[int(rng.integers(len(KINDS)))],
                area_m2=float(rng.uniform(20, 2000)),
                rent_eur_month=float(rng.uniform(100, 5000)) if rng.random() < 0.5 else None,
                price_eur=float(rng.uniform(2e4, 2e6)) if rng.random() < 0.2 else None,
                available_from=start if rng.random() < 0.7 else None,
                available_until=start + timedelta(days=730) if rng.random() < 0.3 else None,
                lat=float(rng.uniform(47.3, 55.0)),
                lon=float(rng.uniform(5.9, 15.0)),
                kreis_ags=f"{int(rng.integers(400)):05d}",
                municipality_ags=f"{int(rng.integers(10000)):08d}",
                accessible=bool(rng.random() < 0.3),
                features=feats,
            )
        )
    return out


def seekers(n: int, rng: np.random.Generator, dense: bool = False) -> list[Seeker]:
    out = []
    for i in range(n):
        lo = float(rng.uniform(20, 800))
        use_radius = rng.random() < 0.7
        if dense:  # no region, any kind: only size, rent, time and features filter
            out.append(
                Seeker(
                    id=i,
                    kind="projekt",
                    area_min_m2=lo,
                    area_max_m2=lo * 3 if rng.random() < 0.6 else None,
                    budget_max_eur_month=float(rng.uniform(300, 6000)),
                    needed_from=TODAY + timedelta(days=int(rng.integers(0, 365))),
                )
            )
            continue
        out.append(
            Seeker(
                id=i,
                kind="projekt" if rng.random() < 0.8 else "unternehmen",
                space_kinds=frozenset(
                    rng.choice(KINDS, size=int(rng.integers(1, 4)), replace=False).tolist()
                ),
                area_min_m2=lo,
                area_max_m2=lo * 3 if rng.random() < 0.6 else None,
                budget_max_eur_month=float(rng.uniform(300, 6000)) if rng.random() < 0.8 else None,
                needed_from=TODAY + timedelta(days=int(rng.integers(0, 365))),
                needed_until=None,
                lat=float(rng.uniform(47.3, 55.0)) if use_radius else None,
                lon=float(rng.uniform(5.9, 15.0)) if use_radius else None,
                radius_km=float(rng.uniform(10, 80)) if use_radius else None,
                kreise=frozenset()
                if use_radius
                else frozenset(f"{int(k):05d}" for k in rng.integers(400, size=5)),
                needs_accessible=bool(rng.random() < 0.1),
                required_features=frozenset({"breitband"}) if rng.random() < 0.2 else frozenset(),
            )
        )
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dense = "--dense" in sys.argv
    n_spaces = int(args[0]) if args else 10_000
    n_seekers = int(args[1]) if len(args) > 1 else 10_000
    rng = np.random.default_rng(17)
    t0 = time.perf_counter()
    sp, sk = spaces(n_spaces, rng), seekers(n_seekers, rng, dense=dense)
    t1 = time.perf_counter()
    c1 = time.process_time()
    result = score(sp, sk)
    t2 = time.perf_counter()
    c2 = time.process_time()
    passed = int(result.values.size)
    tops = [result.top(i, 5) for i in range(10)]
    reasons = [result.reasons(i, j) for i, top in enumerate(tops) for j, _ in top]
    t3 = time.perf_counter()
    dense = result.scores
    t4 = time.perf_counter()
    pairs = n_spaces * n_seekers
    print(f"data: {n_spaces:,} spaces, {n_seekers:,} seekers built in {t1 - t0:.1f} s")
    print(
        f"score: {pairs:,} pairs in {t2 - t1:.2f} s "
        f"({pairs / (t2 - t1) / 1e6:.0f} M pairs/s); {passed:,} pairs ({passed / pairs:.2%}) pass "
        "the hard filters (kept sparse)"
    )
    print(f"score CPU time of this process: {c2 - c1:.2f} s (wall time above includes waiting for the CPU)")
    print(f"dense matrix with NaN ({dense.nbytes / 2**20:.0f} MiB float32) on demand: {t4 - t3:.2f} s")
    print(f"top-5 and reasons for 10 seekers: {(t3 - t2) * 1000:.0f} ms ({len(reasons)} pairs)")
    if tops and tops[0]:
        j, s = tops[0][0]
        print(f"example: seeker 0 → space {j}, score {s:.3f}: {'; '.join(result.reasons(0, j))}")


if __name__ == "__main__":
    main()
