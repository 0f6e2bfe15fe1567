"""One Gemeinde's projection as pages and the API use it (`RegionProjection`), its planning age
groups and the helpers that move and read its ranges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from leuchtfeuer.projections.engine.cohort import AGES, Rates
from leuchtfeuer.projections.engine.components import Components, decompose, growth_without_source
from leuchtfeuer.projections.engine.intervals import LEVELS

# Population basis of the totals the projection starts from and continues (PopulationBasis)
BASIS = "zensus2011"
BASIS_LABEL = "Bevölkerungsfortschreibung auf Basis des Zensus 2011"


# Planning age groups: [from, to) in single years; AGES = open end.
PLANNING_GROUPS: tuple[tuple[str, str, int, int], ...] = (
    ("kita", "Kita-Alter 0–5", 0, 6),
    ("schule", "Schulalter 6–17", 6, 18),
    ("erwerb", "Erwerbsalter 18–64", 18, 65),
    ("65plus", "65 Jahre und älter", 65, AGES),
    ("80plus", "80 Jahre und älter", 80, AGES),
)
# Planning group → the engine's calibrated age group (`engine.model.AGE_GROUPS`); 80+ has none
# (the 2015 Gemeinde tables end at 75+, so no backtest can check it).
CALIBRATED_GROUPS: dict[str, str] = {"kita": "0–5", "schule": "6–17", "erwerb": "18–64", "65plus": "65+"}


@dataclass
class RegionProjection:
    """One Gemeinde's projection, ready for charts, tables and the API."""

    key: str
    name: str
    base_year: int
    years: list[int]
    total: np.ndarray  # (H+1,) ensemble total
    intervals: dict[float, tuple[np.ndarray, np.ndarray]]  # level → (lower, upper), NaN at h=0
    group_intervals: dict[str, dict[float, tuple[np.ndarray, np.ndarray]]]  # group → level → (lo, hi)
    population: np.ndarray  # (H+1, 2, A) cohort age structure scaled to `total`
    cohort_total: np.ndarray  # (H+1,) the cohort model's own total
    base: np.ndarray  # (2, A) starting population of the cohort model
    rates: Rates  # (N = 1) rates of the cohort model
    weights: dict[str, float]
    base_estimated: bool
    base_table_year: int | None
    history: list[tuple[int, int]]  # official totals on the same basis up to the base year
    sources: dict[str, str]
    notes: list[str] = field(default_factory=list)
    own_data: dict | None = None  # {"filename", "reference_date", "coverage", "used", "reason"}
    calibration_errors: int = 0
    base_table_date: date | None = None  # reference date of the Gemeinde age table started from
    basis: str = BASIS  # population basis of the totals (PopulationBasis value)
    # the cohort model's flows of the years base+1 … end, unscaled: births, deaths, net migration
    cohort_flows: dict[str, np.ndarray] = field(default_factory=dict)
    methods: dict[str, np.ndarray] = field(default_factory=dict)  # each method's (H+1,) totals
    migration_years: tuple[int, int] | None = None  # years the migration level was measured on
    past_net_migration: float | None = None  # persons over `past_window` (births/deaths partly modelled)
    past_window: tuple[int, int] | None = None
    last_vital_year: int | None = None  # last year with published births and deaths
    zensus2022: dict | None = None  # {"total", "fortschreibung"} on 15.05.2022, if known
    migration_damping: float = 1.0
    trend_damping: dict[str, float] = field(default_factory=dict)

    @property
    def horizon(self) -> int:
        return len(self.years) - 1

    def year_index(self, year: int) -> int:
        return self.years.index(year)

    def has_level(self, level: float) -> bool:
        return level in self.intervals

    def group_values(self, population: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Planning age groups → (H+1,) values."""
        pop = self.population if population is None else population
        return {key: pop[:, :, lo:hi].sum(axis=(1, 2)) for key, _, lo, hi in PLANNING_GROUPS}

    def components(self, total: np.ndarray | None = None, extra: dict | None = None) -> Components:
        """(1, H) births, deaths and net migration that add up to the shown total's changes.

        `total`/`extra`: a scenario's total and its (H,) additional births, deaths and net
        migration (the scenario's difference is added in full, not scaled)."""
        f = self.cohort_flows
        comps = decompose(self.total, self.cohort_total, f["births"], f["deaths"], f["net_migration"])
        if total is None:
            return comps
        births = comps.births + extra["births"]
        deaths = comps.deaths + extra["deaths"]
        net = np.diff(np.asarray(total, dtype=float))[None, :] - births + deaths
        return Components(births, deaths, net, comps.ensemble_adjustment)

    def growth_without_source(self) -> bool:
        """Projected to grow although births < deaths and the last ten years' net migration was
        not positive (the page then says where the growth comes from)."""
        if self.past_net_migration is None:
            return False
        natural = float(self.components().natural_balance.sum())
        return bool(
            growth_without_source(
                np.array([self.total[0]]), np.array([self.total[-1]]), np.array([natural]),
                np.array([self.past_net_migration]),
            )[0]
        )  # fmt: skip


def shift_group_intervals(
    group_intervals: dict[str, dict[float, tuple[np.ndarray, np.ndarray]]], shifts: dict[str, np.ndarray]
) -> dict[str, dict[float, tuple[np.ndarray, np.ndarray]]]:
    """Move each group's ranges by that group's (H+1,) change, as the total's ranges are moved."""
    return {
        g: {lv: (lo + shifts[g], hi + shifts[g]) for lv, (lo, hi) in levels.items()}
        for g, levels in group_intervals.items()
    }


def rates_of(bundle: dict) -> Rates:
    r = bundle["rates"]
    return Rates(
        fertility=r["fertility"][None],
        death_prob=r["death_prob"][None],
        out_rate=r["out_rate"][None],
        in_profile=r["in_profile"][None],
        in_level=np.array([r["in_level"]]),
        male_share=r["male_share"],
        death_prob_birth=None if r["death_prob_birth"] is None else r["death_prob_birth"][None],
    )


def all_group_ranges(fc) -> dict[str, dict[float, tuple[np.ndarray, np.ndarray]]]:
    """group → level → (lower, upper) of shape (H+1, N) from `fc.group_interval`, NaN at h=0.

    Computed once per forecast (each call walks the whole age structure), not per Gemeinde."""
    out: dict[str, dict[float, tuple[np.ndarray, np.ndarray]]] = {}
    n = len(fc.regions)
    for key, engine_group in CALIBRATED_GROUPS.items():
        out[key] = {}
        for level in LEVELS:
            lo = np.full((fc.horizon + 1, n), np.nan)
            hi = np.full((fc.horizon + 1, n), np.nan)
            for h in range(1, fc.horizon + 1):
                lo[h], hi[h] = fc.group_interval(engine_group, level, h)
            out[key][level] = (lo, hi)
    return out
