"""Benchmark: the funding selection (integer programme on HiGHS) against the greedy ranking.

Run: .venv/bin/python benchmarks/funding_selection.py
Synthetic calls with n applications (costs 400–1,500 €, scores 0–100, 22 Kreise in 4 regions,
40 % in GRW areas) and the micro-funding rules of the demo (budget n × 260 €, at most 2 per Kreis,
at least 1 per region, at least 30 % GRW, at most n/4 funded). Prints per n: the time of one ILP
solve, of the full `select` (ILP + greedy + binding rules by re-solving + an explanation for every
difference), the score gain over the greedy ranking and whether the ranking broke a rule.
Pure engine, no database.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leuchtfeuer.funding.engine.selection import Candidate, SelectionRules, select, solve

REGIONS = ["Nord", "Mitte", "Ost", "Südwest"]


def scenario(n: int, seed: int) -> tuple[list[Candidate], SelectionRules]:
    rng = random.Random(seed)
    cands = []
    for i in range(n):
        kreis = rng.randrange(22)
        cands.append(
            Candidate(
                key=str(i), label=f"A{i}", cost=Decimal(rng.randrange(400, 1501, 50)), score=float(rng.randrange(0, 101)),
                kreis=f"k{kreis}", land_group=REGIONS[kreis % 4], grw=rng.random() < 0.4,
                size_class=rng.choice(["Landgemeinde", "Kleinstadt", "Mittelstadt"]),
            )
        )  # fmt: skip
    rules = SelectionRules(
        budget=Decimal(260 * n),
        max_per_kreis=2,
        min_per_land_group=1,
        min_grw_share=Decimal(30),
        max_selected=max(1, n // 4),
    )
    return cands, rules


def main() -> None:
    print(
        f"{'n':>5} {'ILP s':>8} {'select s':>9} {'diffs':>6} {'ILP pts':>9} {'greedy pts':>11} {'greedy ok':>10}"
    )
    for n in (39, 100, 300, 1000):
        cands, rules = scenario(n, seed=n)
        t0 = time.perf_counter()
        outcome = solve(cands, rules)
        t1 = time.perf_counter()
        result = select(cands, rules) if n <= 300 else None
        t2 = time.perf_counter()
        assert outcome.feasible and outcome.total_cost <= rules.budget
        if result is None:
            print(f"{n:>5} {t1 - t0:>8.3f} {'–':>9} {'–':>6} {outcome.total_score:>9.0f}")
            continue
        print(
            f"{n:>5} {t1 - t0:>8.3f} {t2 - t1:>9.3f} {len(result.differences):>6} {outcome.total_score:>9.0f} "
            f"{result.greedy.total_score:>11.0f} {'ja' if not result.greedy_violations else 'nein':>10}"
        )


if __name__ == "__main__":
    main()
