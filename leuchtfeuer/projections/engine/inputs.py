"""Turn a `Snapshot` into cohort-component inputs for many Gemeinden (vectorised, no region loops
over numpy calls: all Gemeinden sharing an age-band scheme are handled as one array).

Method (state of the art for small areas, see docs/projection.md):
* base population: the latest Gemeinde age table ≤ base year (regio17 2015, else the Zensus 2011
  groups), split into single years with the Kreis single-year shape (if the Kreis table is
  ≤ base year, else a default shape); if that table is older than the base year, it is run
  forward with the components and constrained each year to the known totals by sex;
* fertility and mortality: Kreis schedules (births by mother's age, deaths by sex × age) scaled
  to the Gemeinde's own observed births/deaths (up to 5 years ≤ base), shrunk towards the Kreis
  level by a pseudo-count so that a town with 12 births a year is not taken at face value;
* migration: level from the Gemeinde's residual net migration (change − births + deaths) over
  the years ≤ base, skipping steps that cross a population-basis change (2010→2011, Zensus),
  shrunk towards the Kreis rate for small towns; age profile from the gross flows by age of the
  migration table (Gemeinde shares shrunk towards the Kreis), smoothed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from leuchtfeuer.projections.engine.cohort import AGES, Rates, advance, project
from leuchtfeuer.projections.engine.history import History, history
from leuchtfeuer.projections.engine.kreis import kreis_schedules
from leuchtfeuer.projections.engine.migration import (
    migration_level,
    migration_profiles,
    net_migration_rates,
    past_net_migration,
)
from leuchtfeuer.projections.engine.snapshot import AgeTable, Snapshot
from leuchtfeuer.projections.engine.tables import POPULATION_SCHEMES, expand_tables, group_by_bands
from leuchtfeuer.projections.engine.vital import exposure_population, fill_modelled_vital, observed_vital


@dataclass(frozen=True)
class Params:
    """Tuning constants. WHY each value: see the comments; none was fitted on a target year."""

    vital_years: int = 5  # years of births/deaths used for the local level (≤ base)
    births_pseudo: float = 30.0  # shrink the local fertility factor towards the Kreis (births)
    deaths_pseudo: float = 50.0  # same for mortality (deaths)
    migration_pseudo_pop: float = 3000.0  # towns much smaller than this get the Kreis profile
    migration_level_pseudo_pop: float = 1500.0  # shrink the net migration rate towards the Kreis
    # "mean" | "recent" (linear weights) | "median" | "robust" (mean of the years without the
    # largest absolute deviation from the median: one shock year, e.g. 2015, does not set the level)
    migration_weighting: str = "recent"
    migration_damping: float = 1.0  # multiply the historical net rate (1 = keep it)
    # share of the base year's *excess* net migration (above the mean rate of the earlier years)
    # that is treated as transient: it does not enter the migration level, and these residents
    # leave again within `transient_years` (e.g. asylum seekers housed in 2015). 0 = off.
    transient_share: float = 0.0
    transient_years: int = 2
    # Gemeinden without an age table of their own (e.g. Ortsgemeinden in Rhineland-Palatinate, for
    # which regio17 is published only per Verbandsgemeinde) get the Kreis single-year structure,
    # scaled to their own total by sex. Off in the rolling calibration runs.
    kreis_structure_fallback: bool = True
    # a table of a census day (Zensus 2011: 09.05., Zensus 2022: 15.05.) is aged to the end of its
    # year before it is constrained to that year's total (False: taken as a year-end table)
    advance_census_day: bool = True


@dataclass
class ModelInputs:
    regions: list[str]
    base_year: int
    base: np.ndarray  # (N, 2, A)
    rates: Rates
    net_rate: np.ndarray  # (N,) residual net migration per inhabitant and year (history)
    sources: dict[str, str] = field(default_factory=dict)
    own_structure: np.ndarray | None = None  # (N,) bool: age table of the Gemeinde itself
    transient: np.ndarray | None = None  # (N, 2, A) residents at the base expected to leave again
    # what the migration level was measured on: first and last year of its valid steps (0 = none)
    migration_years: np.ndarray | None = None  # (N, 2) int
    # net migration in persons over the history window (first to last year-end total of it on
    # the base year's basis, births and deaths observed or modelled); NaN where not measurable
    past_net_migration: np.ndarray | None = None  # (N,)
    past_window: np.ndarray | None = None  # (N, 2) int: the years of that window (0 = none)
    last_vital_year: np.ndarray | None = None  # (N,) last year with observed births and deaths

    def extra_net(self, horizon: int, years: int = 2) -> np.ndarray | None:
        """(H, N, 2, A) departures of the transient residents (evenly over `years`), or None."""
        if self.transient is None or not self.transient.any():
            return None
        out = np.zeros((horizon, *self.base.shape))
        for t in range(min(years, horizon)):
            out[t] = -self.transient / years
        return out


def build_inputs(snap: Snapshot, regions: Sequence[str], params: Params | None = None) -> ModelInputs:
    """Cohort-component inputs for `regions` (AGS) from data ≤ `snap.base_year`.

    Regions without an age table or without a total at the base year are dropped (see
    `ModelInputs.regions` for the ones kept).
    """
    params = params or Params()
    year = snap.base_year
    totals = snap.totals_by_region()
    kept: list[str] = []
    tables: dict[int, AgeTable] = {}
    for ags in regions:
        if year not in totals.get(ags, {}):
            continue
        table = snap.latest_table(ags, "population", POPULATION_SCHEMES)
        if table is None and not params.kreis_structure_fallback:
            continue
        if table is not None:
            tables[len(kept)] = table
        kept.append(ags)
    n = len(kept)
    if n == 0:
        empty = np.zeros((0, 2, AGES))
        rates = Rates(np.zeros((0, AGES)), empty, empty, empty, np.zeros(0))
        return ModelInputs([], year, empty, rates, np.zeros(0))
    kcodes = sorted({a[:5] for a in kept})
    kpos = {c: i for i, c in enumerate(kcodes)}
    kidx = np.array([kpos[a[:5]] for a in kept])
    ks = kreis_schedules(snap, kcodes)

    # base population: band counts split with the Kreis single-year shape
    base = np.zeros((n, 2, AGES))
    table_years = np.zeros(n, int)
    table_fraction = np.ones(n)
    for idx, bands, tbls in group_by_bands(tables):
        table_years[idx] = [t.year for t in tbls]
        table_fraction[idx] = [t.fraction for t in tbls]
        base[idx] = expand_tables(tbls, bands, ks.split_shape(kidx[idx], table_years[idx]))
    own = np.zeros(n, bool)
    own[list(tables)] = True
    if not own.all():
        # Kreis structure scaled to the Gemeinde's base-year total (by sex where known)
        idx = np.flatnonzero(~own)
        shape = ks.shape[kidx[idx]]
        t = [totals[kept[i]][year] for i in idx]
        tot = np.array([r.total for r in t], dtype=float)
        by_sex = np.array([(r.male, r.female) if r.male is not None and r.female is not None else (np.nan, np.nan)
                           for r in t], dtype=float)  # fmt: skip
        share = shape.sum(axis=2) / np.maximum(shape.sum(axis=(1, 2))[:, None], 1e-9)
        target = np.where(np.isnan(by_sex), share * tot[:, None], by_sex)
        base[idx] = shape / np.maximum(shape.sum(axis=2, keepdims=True), 1e-9) * target[:, :, None]
        table_years[idx] = year

    # history: net migration level, births and deaths
    h = history(snap, kept)
    births, deaths, nyears, vital_last = observed_vital(snap, kept, params.vital_years)
    # the population that produced those births and deaths: the latest age table up to the last
    # year with observed births and deaths (the 2015 table, not the Zensus 2022, for base 2023)
    exposure, exposure_years = exposure_population(
        snap, kept, tables, base, table_years, vital_last, kidx, ks
    )

    # fertility and mortality: Kreis schedule × shrunk local factor
    fert_k = ks.fertility[kidx]
    mort_k = ks.mortality[kidx]
    expected_b = (fert_k * exposure[:, 1]).sum(axis=1)
    expected_d = (mort_k * exposure).sum(axis=(1, 2))
    k_b = np.where(
        nyears > 0,
        (births * nyears + params.births_pseudo) / (expected_b * nyears + params.births_pseudo),
        1.0,
    )
    k_d = np.where(
        nyears > 0,
        (deaths * nyears + params.deaths_pseudo) / (expected_d * nyears + params.deaths_pseudo),
        1.0,
    )
    q = 1.0 - np.exp(-(mort_k * k_d[:, None, None]))
    fertility = fert_k * k_b[:, None]
    # years after the last observed births/deaths (2016–2023): natural balance from the model
    fill_modelled_vital(h, exposure, exposure_years, fertility, q)
    hk = history(snap, kcodes)
    kq = 1.0 - np.exp(-ks.mortality)
    fill_modelled_vital(hk, ks.shape, np.where(ks.has_pop, ks.shape_year, -1), ks.fertility, kq)

    mig, ok = net_migration_rates(h)
    excess = np.zeros(n)
    if params.transient_share > 0 and ok.shape[1] and ok[:, -1].any():
        # base-year step vs the mean of the earlier valid steps (at least two of them)
        prior_ok = ok[:, :-1]
        prior_n = prior_ok.sum(axis=1)
        prior = np.where(prior_ok, mig[:, :-1], 0.0).sum(axis=1) / np.maximum(prior_n, 1)
        last = np.where(ok[:, -1], mig[:, -1], np.nan)
        excess = (
            np.where(ok[:, -1] & (prior_n >= 2), np.maximum(last - prior, 0.0), 0.0) * params.transient_share
        )
        mig = mig.copy()
        mig[:, -1] = np.where(ok[:, -1], mig[:, -1] - excess, mig[:, -1])
    net = migration_level(mig, ok, params.migration_weighting)
    steps = h.years[1:]
    migration_years = np.stack(
        [
            np.where(ok.any(axis=1), steps[np.argmax(ok, axis=1)] - 1, 0),
            np.where(ok.any(axis=1), steps[ok.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1)], 0),
        ],
        axis=1,
    ) if ok.shape[1] else np.zeros((n, 2), int)  # fmt: skip
    past, past_years = past_net_migration(h)
    kmig, kok = net_migration_rates(hk)
    kreis_net = migration_level(kmig, kok, params.migration_weighting)[kidx]

    size = base.sum(axis=(1, 2))
    w_profile = size / (size + params.migration_pseudo_pop)
    out_rate, in_prof = migration_profiles(snap, kept, base, kidx, ks, w_profile)
    wl = size / (size + params.migration_level_pseudo_pop)
    kn = np.nan_to_num(kreis_net, nan=0.0)
    net = np.where(np.isnan(net), kn, np.where(np.isnan(kreis_net), net, wl * net + (1 - wl) * kreis_net))
    net = net * params.migration_damping

    # in-moves per inhabitant such that in − out reproduces the historical net rate at the base
    expected_out = (out_rate * base).sum(axis=(1, 2)) / np.maximum(size, 1.0)
    in_level = np.maximum(net + expected_out, 0.0)
    rates = Rates(
        fertility=fertility,
        death_prob=q,
        out_rate=out_rate,
        in_profile=in_prof,
        in_level=in_level,
        death_prob_birth=q[:, :, 0] * 0.5,
    )
    inputs = ModelInputs(kept, year, base, rates, net, own_structure=own)
    inputs.migration_years = migration_years.astype(int)
    inputs.past_net_migration = past
    inputs.past_window = past_years
    inputs.last_vital_year = vital_last
    if excess.any():
        # the transient residents have the age/sex profile of the base year's in-moves
        prev_total = (
            np.where(np.isnan(h.total[:, -2]), size, h.total[:, -2]) if h.total.shape[1] > 1 else size
        )
        inputs.transient = in_prof * (excess * prev_total)[:, None, None]
    _roll_forward(inputs, h, table_years, table_fraction if params.advance_census_day else None)
    zensus22 = any(t.scheme == "zensus22_11" for t in tables.values())
    inputs.sources = {
        "Basisbevölkerung": (
            "Gemeinde-Altersgruppen (Zensus 2022, sonst regio17 bzw. Zensus 2011), Einzelalter nach Kreisform"
            if zensus22
            else "Gemeinde-Altersgruppen (regio17 bzw. Zensus 2011), Einzelalter nach Kreisform"
        )
        + (
            ""
            if own.all()
            else "; ohne eigene Altersgruppen: Altersstruktur des Kreises, auf die Summe skaliert"
        ),
        "Fertilität": "Kreis 12612-02-01-4, skaliert auf Geburten der Gemeinde"
        if ks.has_fertility.any()
        else "Standardkurve, skaliert auf Geburten der Gemeinde",
        "Sterblichkeit": "Kreis 12613-02-02-4, skaliert auf Sterbefälle der Gemeinde"
        if ks.has_mortality.any()
        else "Gompertz-Makeham-Standard, skaliert auf Sterbefälle der Gemeinde",
        "Wanderung": "Residuale Wanderungssalden der Gemeinde (ohne Zensussprung), Altersprofil 12711-01-03"
        + (
            "; Geburten und Sterbefälle nach dem letzten veröffentlichten Jahr mit dem Modell geschätzt"
            if int(vital_last.min(initial=year)) < year
            else ""
        ),
    }
    return inputs


def _roll_forward(
    inputs: ModelInputs, h: History, table_years: np.ndarray, table_fraction: np.ndarray | None = None
) -> None:
    """Age tables older than the base year are run forward and constrained to the known totals
    by sex of every year. A table of a census day (Zensus 2022: 15.05.) is first advanced to the
    end of its year (`cohort.advance`)."""
    fraction = np.ones(len(table_years)) if table_fraction is None else table_fraction
    for start in sorted(set(table_years.tolist())):
        if start >= inputs.base_year:
            continue
        idx = np.flatnonzero(table_years == start)
        r = inputs.rates
        sub = Rates(r.fertility[idx], r.death_prob[idx], r.out_rate[idx], r.in_profile[idx], r.in_level[idx],
                    death_prob_birth=None if r.death_prob_birth is None else r.death_prob_birth[idx])  # fmt: skip
        pop = inputs.base[idx]
        for y in range(start, inputs.base_year + 1):
            if y > start:
                pop = project(pop, sub, 1).population[1]
            elif (fraction[idx] < 1).any():
                part = fraction[idx] < 1
                pop = pop.copy()
                for f in np.unique(fraction[idx][part]):
                    rows = np.flatnonzero(fraction[idx] == f)
                    one = Rates(sub.fertility[rows], sub.death_prob[rows], sub.out_rate[rows],
                                sub.in_profile[rows], sub.in_level[rows], death_prob_birth=None
                                if sub.death_prob_birth is None else sub.death_prob_birth[rows])  # fmt: skip
                    pop[rows] = advance(pop[rows], one, 1.0 - f)
            j = y - int(h.years[0])
            if j < 0:
                continue
            tot, m, f = h.total[idx, j], h.male[idx, j], h.female[idx, j]
            split = ~np.isnan(m) & ~np.isnan(f)
            target = np.stack([np.where(split, m, tot / 2.0), np.where(split, f, tot / 2.0)], axis=1)
            have = pop.sum(axis=2)
            good = ~np.isnan(target) & (have > 0)
            factor = np.where(good, target / np.where(have > 0, have, 1.0), 1.0)
            pop = pop * factor[:, :, None]
        inputs.base[idx] = pop
