"""How long the belonging matches take for one case (portal/engine/belonging.py).

    .venv/bin/python benchmarks/belonging_matching.py

The case page matches one person against every published engagement and shared-living offer of
the town and its Kreis (the selector caps them at 500 each); this times 500 and 10,000 offers.
"""

from __future__ import annotations

import random
import timeit

from leuchtfeuer.portal.engine.belonging import (
    PHASE_AGES,
    EngagementInfo,
    LivingInfo,
    Person,
    match_engagement,
    match_shared_living,
)

KEYS = [
    "sport",
    "musik",
    "kultur",
    "natur",
    "soziales",
    "kinder",
    "senioren",
    "feuerwehr",
    "handwerk",
    "digital",
]


def main() -> None:
    rng = random.Random(21)
    person = Person(life_phase="nach-ausbildung", interests=("musik", "sport", "natur"), ortsteil_id=3)
    for n in (500, 10_000):
        engagement = [
            EngagementInfo(
                id=i,
                interests=tuple(rng.sample(KEYS, rng.randint(1, 3))),
                ortsteil_id=rng.randint(1, 8),
                hours_per_month=rng.randint(1, 20),
                min_age=rng.choice([None, 14, 16, 18]),
                max_age=rng.choice([None, 27, 67]),
                life_phases=tuple(rng.sample(sorted(PHASE_AGES), 2)),
                newcomers_welcome=rng.random() < 0.7,
            )
            for i in range(n)
        ]
        living = [
            LivingInfo(id=i, kind=rng.choice(["azubi-wg", "homesharing"]), for_trainees=rng.random() < 0.5)
            for i in range(n)
        ]
        runs = 20
        t_eng = timeit.timeit(lambda e=engagement: match_engagement(person, e), number=runs) / runs
        t_liv = timeit.timeit(lambda v=living: match_shared_living(person, v), number=runs) / runs
        print(
            f"{n:>6} offers: engagement {t_eng * 1000:6.2f} ms, shared living {t_liv * 1000:6.2f} ms per case"
        )


if __name__ == "__main__":
    main()
