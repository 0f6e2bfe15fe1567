"""A small synthetic world (one Kreis, three Gemeinden) shaped like the official tables.

Numbers are invented but plausible; they only need to exercise every input path of the engine.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

REGIO17 = [(0, 3), (3, 6), (6, 10), (10, 15), (15, 18), (18, 20), (20, 25), (25, 30), (30, 35), (35, 40),
           (40, 45), (45, 50), (50, 55), (55, 60), (60, 65), (65, 75), (75, None)]  # fmt: skip
W6 = [(0, 18), (18, 25), (25, 30), (30, 50), (50, 65), (65, None)]
MOTHER = [(0, 20), (20, 25), (25, 30), (30, 35), (35, 40), (40, None)]
DEATHS = [(0, 1), (1, 5)] + [(a, a + 5) for a in range(5, 85, 5)] + [(85, None)]
KREIS_SINGLE = [(a, a + 1) for a in range(75)] + [(75, 80), (80, 85), (85, 90), (90, None)]
ZENSUS11 = [(0, 3), (3, 6), (6, 15), (15, 18), (18, 25), (25, 30), (30, 40), (40, 50), (50, 65), (65, 75),
            (75, None)]  # fmt: skip
GEMEINDEN = {"99001001": 8000, "99001002": 2500, "99001003": 600}


def _age(region, kind, year, scheme, bands, per_band, day=(12, 31)):
    return [
        SimpleNamespace(
            region=region, kind=kind, reference_date=date(year, *day), scheme=scheme, age_from=lo, age_to=hi,
            total=m + f, male=m, female=f, territory="current",
        )
        for (lo, hi), (m, f) in zip(bands, per_band, strict=True)
    ]  # fmt: skip


def world(shift_after: int | None = None, shift: int = 0) -> tuple[list, list, list]:
    """(population rows, vital rows, age rows); data dated after `shift_after` is changed by `shift`."""

    def bump(year: int, value: int) -> int:
        return value + shift if shift_after is not None and year > shift_after else value

    pop, vital, ages = [], [], []
    kreis_total = dict.fromkeys(range(2008, 2024), 0)
    for k, (ags, size) in enumerate(GEMEINDEN.items()):
        for y in range(2008, 2024):
            total = bump(y, int(size * (1 - 0.004 * (y - 2015)) + (0 if y > 2010 else 40)))
            basis = "register" if y <= 2010 else "zensus2011"
            pop.append(SimpleNamespace(region=ags, reference_date=date(y, 12, 31), total=total, male=total // 2,
                                       female=total - total // 2, basis=basis, territory="current"))  # fmt: skip
            kreis_total[y] += total
            births, deaths = bump(y, int(size * 0.008)), bump(y, int(size * 0.013))
            vital.append(SimpleNamespace(region=ags, year=y, births=births, deaths=deaths, deaths_male=deaths // 2,
                                         deaths_female=deaths - deaths // 2, territory="current"))  # fmt: skip
        per = [
            (int(size / 17 * (0.8 + 0.02 * i)) // 2, int(size / 17 * (0.8 + 0.02 * i)) // 2)
            for i in range(17)
        ]
        ages += _age(ags, "population", 2015, "regio17", REGIO17, per)
        # Zensus 2011 (09.05.2011), 11 groups: the age table the rolling base years 2011–2014 see
        width = [(3 if hi is None else hi - lo) for lo, hi in ZENSUS11]
        z = [int(size * 1.02 * w / 100) for w in width]
        ages += _age(
            ags, "population", 2011, "zensus11_11", ZENSUS11, [(c // 2, c - c // 2) for c in z], (5, 9)
        )
        ages += _age(
            ags,
            "moves_in",
            2015,
            "wanderung6",
            W6,
            [(20 + k, 20), (40, 38), (30, 30), (35, 30), (12, 12), (8, 9)],
        )
        ages += _age(
            ags,
            "moves_out",
            2015,
            "wanderung6",
            W6,
            [(22, 20), (60, 58), (35, 30), (30, 30), (10, 10), (9, 9)],
        )
        if shift_after is not None and shift_after < 2017:
            ages += _age(ags, "population", 2017, "regio17", REGIO17, [(m + shift, f) for m, f in per])
    kreis = "99001"
    for y in range(2008, 2024):
        basis = "register" if y <= 2010 else "zensus2011"
        t = kreis_total[y]
        pop.append(SimpleNamespace(region=kreis, reference_date=date(y, 12, 31), total=t, male=t // 2,
                                   female=t - t // 2, basis=basis, territory="current"))  # fmt: skip
        vital.append(SimpleNamespace(region=kreis, year=y, births=int(t * 0.008), deaths=int(t * 0.013),
                                     deaths_male=None, deaths_female=None, territory="current"))  # fmt: skip
    single = [(120, 115)] * 75 + [(500, 600), (350, 500), (150, 300), (40, 120)]
    ages += _age(kreis, "population", 2015, "single_years", KREIS_SINGLE, single)
    ages += _age(
        kreis,
        "births_by_mother_age",
        2015,
        "mother_age",
        MOTHER,
        [(2, 2), (10, 10), (20, 19), (18, 17), (8, 8), (1, 1)],
    )
    death_counts = (
        [(1, 1), (0, 0)]
        + [(0, 0)] * 8
        + [(1, 0), (2, 1), (3, 2), (5, 3), (8, 5), (12, 8), (18, 12), (25, 20)]
        + [(40, 60)]
    )
    ages += _age(kreis, "deaths", 2015, "deaths_5y", DEATHS, death_counts)
    ages += _age(
        kreis,
        "moves_in",
        2015,
        "wanderung6",
        W6,
        [(70, 68), (120, 110), (95, 90), (100, 90), (35, 33), (25, 27)],
    )
    ages += _age(
        kreis,
        "moves_out",
        2015,
        "wanderung6",
        W6,
        [(75, 70), (170, 160), (100, 95), (95, 90), (30, 30), (27, 27)],
    )
    return pop, vital, ages


ZENSUS22 = [(0, 3), (3, 6), (6, 10), (10, 16), (16, 19), (19, 25), (25, 40), (40, 60), (60, 67), (67, 75),
            (75, None)]  # fmt: skip
GV_YEARS = (2017, 2021, 2023)  # year-end totals after 2015: only the GV vintages


def world_2023(shift_after: int | None = None, shift: int = 0) -> tuple[list, list, list]:
    """The data situation of the current projection: year-end totals up to 2015 and for the GV
    vintages 2017, 2021, 2023; births and deaths only up to 2015; the Gemeinden's Zensus 2022
    table (15.05.2022, 11 groups, no sex). Data after `shift_after` changed by `shift`."""
    pop, vital, ages = world(shift_after, shift)
    pop = [r for r in pop if r.reference_date.year <= 2015 or r.reference_date.year in GV_YEARS]
    vital = [r for r in vital if r.year <= 2015]
    for ags, size in GEMEINDEN.items():
        extra = shift if shift_after is not None and shift_after < 2022 else 0
        counts = [int(size * 0.99 * (3 if hi is None else hi - lo) / 78) for lo, hi in ZENSUS22]
        counts[-1] += extra
        ages += [
            SimpleNamespace(
                region=ags, kind="population", reference_date=date(2022, 5, 15), scheme="zensus22_11",
                age_from=lo, age_to=hi, total=c, male=None, female=None, territory="current",
            )
            for (lo, hi), c in zip(ZENSUS22, counts, strict=True)
        ]  # fmt: skip
    return pop, vital, ages
