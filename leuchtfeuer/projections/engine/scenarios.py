"""Scenario arithmetic: a town's measures → extra net migrants by year, sex and age.

Pure numpy, no Django. A scenario is a list of `MeasureSpec`; `run_scenario` projects the same
base population with the same rates twice — once as it is (baseline), once with the measures —
using the cohort kernel's `project(..., extra_net=...)`, and returns both runs. The difference
is the effect of the measures; survival, births to added women and later out-moves of the added
people are all handled by the cohort model itself.

Conventions (match `cohort.py`):

* step t (0 … H-1) takes the population from 31.12. of `base_year + t` to 31.12. of
  `base_year + t + 1`; a measure "from year Y up to year E" acts in the steps whose calendar
  year `base_year + t + 1` lies in [Y, E];
* migrants are counted at their age at the end of the year (as the kernel counts migration);
* sex 0 = male, 1 = female; persons of a measure are split half and half by sex and spread
  evenly over the single years of its age range (age 100 = 100 and older).

Measures:

* ``returnees``: `count` persons a year, aged `age_from`–`age_to`.
* ``families``: `count` families a year. WHAT A FAMILY IS (an explicit assumption, not a
  statistic; shown in the UI next to the measure): `FAMILY` — two adults, one woman and one man,
  each spread evenly over ages 28–40, and two children spread evenly over ages 0–9, half girls,
  half boys: four persons per family.
* ``fewer_out_moves``: `percent` % fewer out-moves of persons aged `age_from`–`age_to`.
  WHICH OUT-MOVES: the engine's own out-migration rates (`Rates.out_rate`, by sex and single
  age — built from the Gemeinde's 2015 migration-by-age table 12711-01-03, shrunk towards the
  Kreis profile and smoothed) applied to the *scenario's* population of that year before
  migration, exactly as the kernel computes out-moves. The out-moves avoided are added back as
  `extra_net`, so the reduction follows the population (fewer young people → fewer out-moves to
  avoid) and also covers people added by other measures of the same scenario. Percentages of
  overlapping measures add up, capped at 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

import numpy as np

from leuchtfeuer.projections.engine.cohort import AGES, Projection, Rates, project

RETURNEES = "returnees"
FEWER_OUT_MOVES = "fewer_out_moves"
FAMILIES = "families"
KINDS = (RETURNEES, FEWER_OUT_MOVES, FAMILIES)


@dataclass(frozen=True)
class FamilyMember:
    sex: int  # 0 male, 1 female
    age_from: int
    age_to: int  # inclusive
    persons: float


# One family = one woman and one man aged 28–40, two children aged 0–9 (one girl, one boy).
FAMILY: tuple[FamilyMember, ...] = (
    FamilyMember(sex=1, age_from=28, age_to=40, persons=1.0),
    FamilyMember(sex=0, age_from=28, age_to=40, persons=1.0),
    FamilyMember(sex=1, age_from=0, age_to=9, persons=1.0),
    FamilyMember(sex=0, age_from=0, age_to=9, persons=1.0),
)
FAMILY_SIZE = sum(m.persons for m in FAMILY)
FAMILY_LABEL = "je Familie 2 Erwachsene (eine Frau, ein Mann, 28–40 Jahre) und 2 Kinder (0–9 Jahre)"


@dataclass(frozen=True)
class MeasureSpec:
    """One measure in plain numbers (see the module docstring for the meaning of each kind)."""

    kind: str
    start_year: int
    end_year: int | None = None  # inclusive; None = until the end of the projection
    count: float = 0.0  # persons (returnees) or families per year
    percent: float = 0.0  # fewer_out_moves
    age_from: int = 0
    age_to: int = AGES - 1  # inclusive

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown measure kind {self.kind!r}")
        if not 0 <= self.age_from <= self.age_to <= AGES - 1:
            raise ValueError(f"age range {self.age_from}–{self.age_to} outside 0–{AGES - 1}")
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError("end_year before start_year")
        if self.count < 0 or not 0 <= self.percent <= 100:
            raise ValueError("count must be ≥ 0 and percent within 0–100")


def active_steps(spec: MeasureSpec, base_year: int, horizon: int) -> np.ndarray:
    """(H,) booleans: in which steps (calendar year base_year + t + 1) the measure acts."""
    years = base_year + 1 + np.arange(horizon)
    end = spec.end_year if spec.end_year is not None else years[-1] if horizon else spec.start_year
    return (years >= spec.start_year) & (years <= end)


def _spread(sex: int | None, age_from: int, age_to: int, persons: float) -> np.ndarray:
    """(2, A): `persons` spread evenly over ages age_from…age_to (both sexes if sex is None)."""
    out = np.zeros((2, AGES))
    width = age_to - age_from + 1
    if sex is None:
        out[:, age_from : age_to + 1] = persons / (2.0 * width)
    else:
        out[sex, age_from : age_to + 1] = persons / width
    return out


def fixed_migrants(measures: Sequence[MeasureSpec], base_year: int, horizon: int) -> np.ndarray:
    """(H, 2, A) extra in-migrants of the count-based measures (returnees and families)."""
    extra = np.zeros((horizon, 2, AGES))
    family = sum(_spread(m.sex, m.age_from, m.age_to, m.persons) for m in FAMILY)
    for spec in measures:
        if spec.kind == RETURNEES:
            per_year: np.ndarray | float = _spread(None, spec.age_from, spec.age_to, spec.count)
        elif spec.kind == FAMILIES:
            per_year = family * spec.count
        else:
            continue
        extra[active_steps(spec, base_year, horizon)] += per_year
    return extra


def out_move_reduction(measures: Sequence[MeasureSpec], base_year: int, horizon: int) -> np.ndarray:
    """(H, 2, A) fraction of out-moves avoided per step, sex and age (0 … 1)."""
    share = np.zeros((horizon, 2, AGES))
    for spec in measures:
        if spec.kind != FEWER_OUT_MOVES:
            continue
        share[active_steps(spec, base_year, horizon), :, spec.age_from : spec.age_to + 1] += (
            spec.percent / 100.0
        )
    return np.minimum(share, 1.0)


def _without_migration(rates: Rates) -> Rates:
    """The same rates with migration switched off: one step gives survivors and births only."""
    return replace(
        rates,
        out_rate=np.zeros_like(rates.out_rate),
        in_profile=np.zeros_like(rates.in_profile),
        in_level=np.zeros_like(rates.in_level),
    )


@dataclass
class ScenarioRun:
    baseline: Projection
    scenario: Projection
    extra: np.ndarray  # (H, N, 2, A) extra net migrants actually added per step

    @property
    def difference(self) -> np.ndarray:
        """(H+1, N, 2, A) scenario minus baseline population."""
        return cast(np.ndarray, self.scenario.population - self.baseline.population)


def run_scenario(
    base: np.ndarray, rates: Rates, base_year: int, horizon: int, measures: Sequence[MeasureSpec]
) -> ScenarioRun:
    """Baseline and scenario projections of `base` (N, 2, A) with the same `rates`.

    Count-based measures go in as one `extra_net` array; avoided out-moves depend on the
    scenario population of each year, so the scenario is then run step by step.
    """
    baseline = project(base, rates, horizon)
    fixed = fixed_migrants(measures, base_year, horizon)
    reduction = out_move_reduction(measures, base_year, horizon)
    n = base.shape[0]
    if not reduction.any():
        extra = np.broadcast_to(fixed[:, None], (horizon, n, 2, AGES)).copy()
        return ScenarioRun(baseline, project(base, rates, horizon, extra_net=extra), extra)
    no_migration = _without_migration(rates)
    population = np.empty((horizon + 1, *base.shape))
    population[0] = base
    flows = np.zeros((5, horizon, n))
    extra = np.zeros((horizon, n, 2, AGES))
    pop = base.astype(float)
    for t in range(horizon):
        step_extra = np.broadcast_to(fixed[t], (n, 2, AGES)).copy()
        if reduction[t].any():
            before_migration = project(pop, no_migration, 1).population[1]
            out_moves = np.minimum(rates.out_rate * before_migration, before_migration)
            step_extra += reduction[t] * out_moves
        one = project(pop, rates, 1, extra_net=step_extra[None])
        pop = one.population[1]
        population[t + 1] = pop
        flows[:, t] = (one.births[0], one.deaths[0], one.moves_in[0], one.moves_out[0], one.extra[0])
        extra[t] = step_extra
    return ScenarioRun(baseline, Projection(population, *flows), extra)
