"""Turn a `Snapshot` into cohort-component inputs for many Gemeinden.

Method (state of the art for small areas, see docs in the issue):
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

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.cohort import AGES, Rates, project
from leuchtfeuer.projections.engine.snapshot import AgeTable, Snapshot

POPULATION_SCHEMES = ("regio17", "zensus11_11")


@dataclass(frozen=True)
class Params:
    """Tuning constants. WHY each value: see the comments; none was fitted on a target year."""

    vital_years: int = 5  # years of births/deaths used for the local level (≤ base)
    births_pseudo: float = 30.0  # shrink the local fertility factor towards the Kreis (births)
    deaths_pseudo: float = 50.0  # same for mortality (deaths)
    migration_pseudo_pop: float = 3000.0  # towns much smaller than this get the Kreis profile
    migration_level_pseudo_pop: float = 1500.0  # shrink the net migration rate towards the Kreis
    migration_weighting: str = "recent"  # "mean" | "recent" (linear weights) | "median"
    migration_damping: float = 1.0  # multiply the historical net rate (1 = keep it)


@dataclass
class ModelInputs:
    regions: list[str]
    base_year: int
    base: np.ndarray  # (N, 2, A)
    rates: Rates
    net_rate: np.ndarray  # (N,) residual net migration per inhabitant and year (history)
    sources: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------


def _sexed(table: AgeTable) -> np.ndarray:
    """(2, B) counts by sex; a secret cell is derived from total − other sex, else split 50/50."""
    out = np.zeros((2, len(table.bands)))
    for i, (tot, m, f) in enumerate(zip(table.total, table.male, table.female, strict=True)):
        if m is None and f is not None and tot is not None:
            m = max(tot - f, 0)
        if f is None and m is not None and tot is not None:
            f = max(tot - m, 0)
        if m is None or f is None:
            half = (tot or 0) / 2.0
            m, f = (m if m is not None else half), (f if f is not None else half)
        out[:, i] = (m, f)
    return out


class _Kreis:
    """Kreis-level schedules (cached per Kreis code)."""

    def __init__(self, snap: Snapshot, code: str) -> None:
        self.code = code
        single = snap.latest_table(code, "population", ("single_years",))
        self.shape_source = "Kreis Einzelalter" if single else "Standardverteilung"
        if single is not None:
            self.pop = sch.kreis_single_years(single.bands, *_sexed(single))
        else:
            self.pop = None
        births = snap.latest_table(code, "births_by_mother_age", ("mother_age",))
        deaths = snap.latest_table(code, "deaths", ("deaths_5y",))
        self.fertility: np.ndarray | None = None
        self.mortality: np.ndarray | None = None
        if births is not None and self.pop is not None:
            b = np.array([t or 0 for t in births.total], dtype=float)
            bands = [(max(lo, 15), hi if hi is not None else 50) for lo, hi in births.bands]
            self.fertility = sch.band_rates_to_single(b, self.pop[1], bands)
            self.fertility[:15] = 0.0
            self.fertility[50:] = 0.0
        if deaths is not None and self.pop is not None:
            d = _sexed(deaths)
            self.mortality = np.minimum(sch.band_rates_to_single(d, self.pop, deaths.bands), 0.95)
        self.moves_out = snap.latest_table(code, "moves_out", ("wanderung6",))
        self.moves_in = snap.latest_table(code, "moves_in", ("wanderung6",))

    def shape(self) -> np.ndarray:
        return self.pop if self.pop is not None else np.broadcast_to(sch.default_shape(), (2, AGES))


def _history(snap: Snapshot, region: str, params: Params) -> tuple[float, float, float, int]:
    """(net migration rate per year, mean births, mean deaths, number of vital years) ≤ base."""
    totals = snap.totals_by_region().get(region, {})
    vital = snap.vital_by_region().get(region, {})
    rates, weights = [], []
    for year in sorted(totals):
        prev = totals.get(year - 1)
        cur = totals[year]
        v = vital.get(year)
        if prev is None or v is None or v.births is None or v.deaths is None:
            continue
        if prev.basis != cur.basis or not (prev.comparable and cur.comparable and v.comparable):
            continue  # e.g. 2010→2011 holds the Zensus correction, not migration
        rates.append((cur.total - prev.total - v.births + v.deaths) / max(prev.total, 1))
        weights.append(year)
    if rates:
        arr = np.array(rates)
        if params.migration_weighting == "median":
            net = float(np.median(arr))
        elif params.migration_weighting == "recent":
            w = np.array(weights, dtype=float) - min(weights) + 1.0
            net = float(np.average(arr, weights=w))
        else:
            net = float(arr.mean())
    else:
        net = float("nan")
    years = [
        y for y in sorted(vital, reverse=True) if vital[y].births is not None and vital[y].deaths is not None
    ]
    years = [y for y in years if vital[y].comparable][: params.vital_years]
    if years:
        births = float(np.mean([vital[y].births for y in years]))
        deaths = float(np.mean([vital[y].deaths for y in years]))
    else:
        births = deaths = float("nan")
    return net, births, deaths, len(years)


def _migration_profile(
    table_in: AgeTable | None,
    table_out: AgeTable | None,
    pop: np.ndarray,
    kreis: _Kreis,
    weight: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(out rate (2, A), in profile (2, A) summing to 1) from wanderung6 gross flows."""
    std = sch.standard_migration()
    if kreis.moves_out is None or kreis.moves_in is None or kreis.pop is None:
        base_rate = std / std.mean() * 0.04  # ~4 % of inhabitants move out per year
        out = np.broadcast_to(base_rate, (2, AGES)).copy()
        prof = out * pop
        return out, prof / max(prof.sum(), 1e-9)
    bands = kreis.moves_out.bands
    k_out = _sexed(kreis.moves_out)
    k_in = _sexed(kreis.moves_in)
    k_pop = sch.group(kreis.pop, bands)
    k_rate = k_out / np.maximum(k_pop, 1.0)
    k_share = k_in / max(k_in.sum(), 1.0)
    g_pop = sch.group(pop, bands)
    if table_out is not None and table_in is not None:
        g_rate = _sexed(table_out) / np.maximum(g_pop, 1.0)
        g_in = _sexed(table_in)
        g_share = g_in / max(g_in.sum(), 1.0)
        rate = weight * g_rate + (1 - weight) * k_rate
        share = weight * g_share + (1 - weight) * k_share
    else:
        rate, share = k_rate, k_share
    # single years: Rogers–Castro shape within each band, then smoothed across band edges
    out = sch.smooth(rate @ _band_matrix(bands), 5)
    prof_shape = np.broadcast_to(std, (2, AGES)) * np.maximum(pop, 0) + 1e-9
    inflow = sch.expand_bands(share, bands, prof_shape)
    inflow = np.clip(sch.smooth(inflow, 3), 0, None)
    return np.clip(out, 0.0, 0.5), inflow / max(inflow.sum(), 1e-12)


def _band_matrix(bands: Sequence[tuple[int, int | None]]) -> np.ndarray:
    m = np.zeros((len(bands), AGES))
    for i, sl in enumerate(sch.band_slices(bands)):
        m[i, sl] = 1.0
    return m


def build_inputs(snap: Snapshot, regions: Sequence[str], params: Params | None = None) -> ModelInputs:
    """Cohort-component inputs for `regions` (AGS) from data ≤ `snap.base_year`.

    Regions without an age table or without a total at the base year are dropped (see
    `ModelInputs.regions` for the ones kept).
    """
    params = params or Params()
    year = snap.base_year
    totals = snap.totals_by_region()
    kreise: dict[str, _Kreis] = {}
    kept: list[str] = []
    base_rows, fert, mort, outr, inprof, net, table_years = [], [], [], [], [], [], []
    kreis_net: dict[str, float] = {}
    std_fert = sch.standard_fertility()
    std_mort = sch.standard_mortality()
    for ags in regions:
        t = totals.get(ags, {}).get(year)
        table = snap.latest_table(ags, "population", POPULATION_SCHEMES)
        if t is None or table is None:
            continue
        kcode = ags[:5]
        if kcode not in kreise:
            kreise[kcode] = _Kreis(snap, kcode)
            knet, *_ = _history(snap, kcode, Params(migration_weighting=params.migration_weighting))
            kreis_net[kcode] = knet
        kreis = kreise[kcode]
        pop = sch.expand_bands(_sexed(table), table.bands, kreis.shape())
        net_rate, births, deaths, nyears = _history(snap, ags, params)
        # fertility
        f = kreis.fertility if kreis.fertility is not None else std_fert
        expected_b = float((f * pop[1]).sum())
        if nyears:
            k_b = (births * nyears + params.births_pseudo) / (expected_b * nyears + params.births_pseudo)
        else:
            k_b = 1.0
        m = kreis.mortality if kreis.mortality is not None else std_mort
        expected_d = float((m * pop).sum())
        if nyears:
            k_d = (deaths * nyears + params.deaths_pseudo) / (expected_d * nyears + params.deaths_pseudo)
        else:
            k_d = 1.0
        size = float(pop.sum())
        w = size / (size + params.migration_pseudo_pop)
        out_rate, in_prof = _migration_profile(
            snap.latest_table(ags, "moves_in", ("wanderung6",)),
            snap.latest_table(ags, "moves_out", ("wanderung6",)),
            pop,
            kreis,
            w,
        )
        kn = kreis_net[kcode]
        if np.isnan(net_rate):
            net_rate = kn if not np.isnan(kn) else 0.0
        elif not np.isnan(kn):
            wl = size / (size + params.migration_level_pseudo_pop)
            net_rate = wl * net_rate + (1 - wl) * kn
        kept.append(ags)
        base_rows.append(pop)
        fert.append(f * k_b)
        mort.append(m * k_d)
        outr.append(out_rate)
        inprof.append(in_prof)
        net.append(net_rate * params.migration_damping)
        table_years.append(table.year)
    n = len(kept)
    if n == 0:
        empty = np.zeros((0, 2, AGES))
        rates = Rates(np.zeros((0, AGES)), empty, empty, empty, np.zeros(0))
        return ModelInputs([], year, empty, rates, np.zeros(0))
    base = np.array(base_rows)
    mort_arr = np.array(mort)
    q = 1.0 - np.exp(-mort_arr)
    out_arr = np.array(outr)
    net_arr = np.array(net)
    # in-moves per inhabitant such that in − out reproduces the historical net rate at the base
    expected_out = (out_arr * base).sum(axis=(1, 2)) / np.maximum(base.sum(axis=(1, 2)), 1.0)
    in_level = np.maximum(net_arr + expected_out, 0.0)
    rates = Rates(
        fertility=np.array(fert),
        death_prob=q,
        out_rate=out_arr,
        in_profile=np.array(inprof),
        in_level=in_level,
        death_prob_birth=q[:, :, 0] * 0.5,
    )
    inputs = ModelInputs(kept, year, base, rates, net_arr)
    _roll_forward(inputs, snap, np.array(table_years))
    inputs.sources = {
        "Basisbevölkerung": "Gemeinde-Altersgruppen (regio17 bzw. Zensus 2011), Einzelalter nach Kreisform",
        "Fertilität": "Kreis 12612-02-01-4, skaliert auf Geburten der Gemeinde"
        if any(k.fertility is not None for k in kreise.values())
        else "Standardkurve, skaliert auf Geburten der Gemeinde",
        "Sterblichkeit": "Kreis 12613-02-02-4, skaliert auf Sterbefälle der Gemeinde"
        if any(k.mortality is not None for k in kreise.values())
        else "Gompertz-Makeham-Standard, skaliert auf Sterbefälle der Gemeinde",
        "Wanderung": "Residuale Wanderungssalden der Gemeinde (ohne Zensussprung), Altersprofil 12711-01-03",
    }
    return inputs


def _roll_forward(inputs: ModelInputs, snap: Snapshot, table_years: np.ndarray) -> None:
    """Age tables older than the base year are run forward and constrained to the known totals."""
    totals = snap.totals_by_region()
    for start in sorted(set(table_years.tolist())):
        if start >= inputs.base_year:
            continue
        idx = np.flatnonzero(table_years == start)
        sub = Rates(
            inputs.rates.fertility[idx],
            inputs.rates.death_prob[idx],
            inputs.rates.out_rate[idx],
            inputs.rates.in_profile[idx],
            inputs.rates.in_level[idx],
            death_prob_birth=inputs.rates.death_prob_birth[idx]
            if inputs.rates.death_prob_birth is not None
            else None,
        )
        pop = inputs.base[idx]
        # the table itself is constrained to the total of its year first (Zensus day → 31.12.)
        for y in range(start, inputs.base_year + 1):
            if y > start:
                pop = project(pop, sub, 1).population[1]
            target = np.array([_sex_totals(totals.get(inputs.regions[i], {}).get(y)) for i in idx])
            have = pop.sum(axis=2)
            ok = ~np.isnan(target)
            factor = np.where(ok & (have > 0), target / np.where(have > 0, have, 1.0), 1.0)
            pop = pop * factor[:, :, None]
        inputs.base[idx] = pop


def _sex_totals(t) -> tuple[float, float]:
    if t is None:
        return (np.nan, np.nan)
    if t.male is not None and t.female is not None:
        return (float(t.male), float(t.female))
    return (t.total / 2.0, t.total / 2.0)
