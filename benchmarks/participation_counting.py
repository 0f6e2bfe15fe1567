"""Benchmark: counting a budget of 100 projects × 10,000 approval ballots (synthetic, seeded).

Run: .venv/bin/python benchmarks/participation_counting.py
Target (issue 8): Method of Equal Shares in < 10 s. Prints the time of each rule, with and
without the explanation (pabutools' analytics), and whether the winners equal pabutools' own.
The instance is synthetic (random costs and approvals, seed 8); no real votes.
"""

from __future__ import annotations

import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pabutools.election import Cost_Sat
from pabutools.rules import method_of_equal_shares

from leuchtfeuer.participation.engine.counting import count
from leuchtfeuer.participation.engine.pabulib import PBBallot, PBElection, PBProject, to_pabutools


def build(projects: int = 100, ballots: int = 10_000, seed: int = 8) -> PBElection:
    rng = random.Random(seed)
    items = [
        PBProject(str(i), Fraction(rng.randint(2, 60) * 1000), f"Vorschlag {i}") for i in range(projects)
    ]
    popularity = [rng.random() ** 2 for _ in items]
    result = []
    for _ in range(ballots):
        k = rng.randint(1, 10)
        chosen = set(rng.choices(range(projects), weights=popularity, k=k))
        result.append(PBBallot(tuple(str(i) for i in sorted(chosen))))
    return PBElection("approval", Fraction(1_000_000), items, result, {"currency": "EUR"})


def main() -> None:
    election = build()
    print(
        f"instance: {len(election.projects)} projects, {len(election.ballots)} approval ballots, budget 1,000,000"
    )
    instance, profile = to_pabutools(election)
    started = time.perf_counter()
    reference = [p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)]
    print(f"pabutools MES alone (reference): {time.perf_counter() - started:.2f} s")
    for rule in ("mes", "greedy", "mes-complete"):
        for explain in (False, True):
            started = time.perf_counter()
            result = count(election, rule, explain=explain)
            elapsed = time.perf_counter() - started
            same = " (= pabutools)" if rule == "mes" and result.winners == reference else ""
            label = "with explanation" if explain else "winners only"
            print(f"{rule:13s} {label:17s} {elapsed:6.2f} s  {len(result.winners)} winners{same}")


if __name__ == "__main__":
    main()
