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

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.cohort import AGES, OPEN_AGE, Rates, advance, project
from leuchtfeuer.projections.engine.snapshot import AgeTable, Snapshot

# Gemeinde age tables: regio17 (31.12.2015, by sex), Zensus 2011 (09.05.2011, by sex) and
# Zensus 2022 (15.05.2022, 11 groups without sex: split by sex with the Kreis shape)
POPULATION_SCHEMES = ("regio17", "zensus11_11", "zensus22_11")
MAX_GAP = 5  # years between two year-end totals that still form one migration step (GV vintages)


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


# -- plain arrays from snapshot records ---------------------------------------------------------


def _nan(value: int | None) -> float:
    return np.nan if value is None else float(value)


def _sexed_arrays(tables: Sequence[AgeTable]) -> np.ndarray:
    """(n, 2, B) counts by sex of tables with identical bands; a secret cell is derived from
    total − other sex, else the total is split 50/50 (else 0)."""
    # numpy turns None into NaN when converting to float
    tot = np.array([t.total for t in tables], dtype=float)
    m = np.array([t.male for t in tables], dtype=float)
    f = np.array([t.female for t in tables], dtype=float)
    m2 = np.where(np.isnan(m) & ~np.isnan(f) & ~np.isnan(tot), np.maximum(tot - f, 0.0), m)
    f2 = np.where(np.isnan(f) & ~np.isnan(m) & ~np.isnan(tot), np.maximum(tot - m, 0.0), f)
    half = np.where(np.isnan(tot), 0.0, tot) / 2.0
    m2 = np.where(np.isnan(m2), half, m2)
    f2 = np.where(np.isnan(f2), half, f2)
    return np.stack([m2, f2], axis=1)


def _sexed(table: AgeTable) -> np.ndarray:
    """(2, B) counts by sex of one table."""
    return _sexed_arrays([table])[0]


def _group_by_bands(tables: dict[int, AgeTable]) -> list[tuple[np.ndarray, tuple, list[AgeTable]]]:
    """{row index → table} → [(row indices, bands, tables)] with one entry per band scheme."""
    groups: dict[tuple, list[tuple[int, AgeTable]]] = {}
    for i, t in tables.items():
        groups.setdefault(t.bands, []).append((i, t))
    return [
        (np.array([i for i, _ in items]), bands, [t for _, t in items]) for bands, items in groups.items()
    ]


@dataclass
class History:
    """Annual totals and vital events of regions as (N, Y) arrays (NaN = missing)."""

    years: np.ndarray  # (Y,)
    total: np.ndarray
    male: np.ndarray
    female: np.ndarray
    basis: np.ndarray  # (N, Y) int codes, −1 missing
    comparable: np.ndarray  # (N, Y) bool
    births: np.ndarray
    deaths: np.ndarray
    vital_ok: np.ndarray  # (N, Y) bool: births and deaths known, same territory


def history(snap: Snapshot, regions: Sequence[str], first_year: int | None = None) -> History:
    """Totals and births/deaths of `regions` for `first_year` (default: base − 10) … base."""
    totals, vital = snap.totals_by_region(), snap.vital_by_region()
    first = first_year if first_year is not None else snap.base_year - 10
    years = np.arange(first, snap.base_year + 1)
    n, y = len(regions), len(years)
    arr = {k: np.full((n, y), np.nan) for k in ("total", "male", "female", "births", "deaths")}
    basis = np.full((n, y), -1)
    comparable = np.zeros((n, y), bool)
    vital_ok = np.zeros((n, y), bool)
    codes: dict[str, int] = {}
    for i, ags in enumerate(regions):
        for yr, t in totals.get(ags, {}).items():
            j = yr - first
            if 0 <= j < y:
                arr["total"][i, j] = t.total
                arr["male"][i, j] = _nan(t.male)
                arr["female"][i, j] = _nan(t.female)
                basis[i, j] = codes.setdefault(t.basis, len(codes))
                comparable[i, j] = t.comparable
        for yr, v in vital.get(ags, {}).items():
            j = yr - first
            if 0 <= j < y and v.births is not None and v.deaths is not None:
                arr["births"][i, j] = v.births
                arr["deaths"][i, j] = v.deaths
                vital_ok[i, j] = v.comparable
    return History(years, arr["total"], arr["male"], arr["female"], basis, comparable, arr["births"],
                   arr["deaths"], vital_ok)  # fmt: skip


def net_migration_rates(h: History, max_gap: int = MAX_GAP) -> tuple[np.ndarray, np.ndarray]:
    """(N, Y−1) residual net migration per inhabitant for the steps y−1 → y, and a validity mask.

    Between two consecutive year-end totals up to `max_gap` years apart (after 2015 only the GV
    vintages 2017, 2021, 2023 exist) the interval's mean annual rate is given to each of its
    years, if births and deaths are known (observed or modelled) for every year of it; with
    annual totals this is the plain annual residual. A step is skipped if it crosses a
    population-basis change (2010→2011: the Zensus correction is not migration) or a
    territorial break, or if births/deaths are missing.
    """
    n, y = h.total.shape
    known = ~np.isnan(h.total)
    rate = np.full((n, max(y - 1, 0)), np.nan)
    ok = np.zeros((n, max(y - 1, 0)), bool)
    births = np.nan_to_num(h.births)
    deaths = np.nan_to_num(h.deaths)
    for gap in range(1, max_gap + 1):
        for j in range(gap, y):
            p = j - gap
            valid = (
                known[:, p]
                & known[:, j]
                & (h.basis[:, p] == h.basis[:, j])
                & h.comparable[:, p]
                & h.comparable[:, j]
                & h.vital_ok[:, p + 1 : j + 1].all(axis=1)
            )
            if gap > 1:
                valid &= ~known[:, p + 1 : j].any(axis=1)
            if not valid.any():
                continue
            with np.errstate(invalid="ignore", divide="ignore"):
                r = (
                    h.total[:, j]
                    - h.total[:, p]
                    - births[:, p + 1 : j + 1].sum(axis=1)
                    + deaths[:, p + 1 : j + 1].sum(axis=1)
                ) / (np.maximum(h.total[:, p], 1.0) * gap)
            rate[valid, p:j] = r[valid, None]
            ok[valid, p:j] = True
    return np.where(ok, rate, np.nan), ok


def past_net_migration(h: History) -> tuple[np.ndarray, np.ndarray]:
    """(persons, (N, 2) years): net migration from the first to the last year-end total of the
    window on the last total's basis and territory, where births and deaths are known for every
    year between (NaN / 0 otherwise). For base 2023: 2013→2023."""
    n, y = h.total.shape
    last = h.basis[:, -1:]
    usable = ~np.isnan(h.total) & (h.basis == last) & h.comparable
    # every year after the first usable one must have births and deaths
    first = np.where(usable.any(axis=1), np.argmax(usable, axis=1), y - 1)
    cols = np.arange(y)[None, :]
    after = cols > first[:, None]
    vital_ok = np.where(after, h.vital_ok, True).all(axis=1)
    good = usable[:, -1] & (first < y - 1) & vital_ok
    rows = np.arange(n)
    with np.errstate(invalid="ignore"):
        persons = (
            h.total[:, -1]
            - h.total[rows, first]
            - np.where(after, np.nan_to_num(h.births), 0.0).sum(axis=1)
            + np.where(after, np.nan_to_num(h.deaths), 0.0).sum(axis=1)
        )
    years = np.stack([h.years[first], np.full(n, h.years[-1])], axis=1).astype(int)
    return np.where(good, persons, np.nan), np.where(good[:, None], years, 0)


def fill_modelled_vital(
    h: History, pop0: np.ndarray, year0: np.ndarray, fertility: np.ndarray, death_prob: np.ndarray,
    male_share: float = 0.5134,
) -> np.ndarray:  # fmt: skip
    """Births and deaths for the years after the last observed ones, from the cohort model.

    WHY: Gemeinde births and deaths are published here only up to 2015, the totals up to 2023.
    To measure migration 2015→2023 the natural balance of those years is modelled: the age
    table `pop0` (N, 2, A) of `year0` is aged year by year with the given fertility and death
    probabilities, and scaled each year to the known total by sex (or, between two GV vintages,
    to the total interpolated linearly between them). Fills `h` in place; returns the (N, Y)
    mask of modelled years."""
    n, y = h.total.shape
    modelled = np.zeros((n, y), bool)
    if n == 0 or y == 0:
        return modelled
    observed_last = np.where(
        h.vital_ok.any(axis=1), h.years[y - 1 - np.argmax(h.vital_ok[:, ::-1], axis=1)], -1
    )
    known = ~np.isnan(h.total) & h.comparable
    interp = np.full((n, y), np.nan)
    cols = np.arange(y)
    for i in np.flatnonzero((known.sum(axis=1) >= 1) & (observed_last < h.years[-1])):
        k = known[i]
        inside = (cols >= cols[k].min()) & (cols <= cols[k].max())
        interp[i, inside] = np.interp(cols[inside], cols[k], h.total[i, k])
    zero = np.zeros_like(death_prob)
    for start in np.unique(year0):
        idx = np.flatnonzero((year0 == start) & (observed_last < h.years[-1]))
        if start < 0 or not len(idx):
            continue
        rates = Rates(fertility[idx], death_prob[idx], zero[idx], zero[idx], np.zeros(len(idx)),
                      male_share=male_share, death_prob_birth=death_prob[idx][:, :, 0] * 0.5)  # fmt: skip
        pop = pop0[idx]
        for year in range(int(start) + 1, int(h.years[-1]) + 1):
            j = year - int(h.years[0])
            one = project(pop, rates, 1)
            pop = one.population[1]
            if j < 0:
                continue
            fill = (year > observed_last[idx]) & ~h.vital_ok[idx, j] & ~np.isnan(interp[idx, j])
            rows = idx[fill]
            h.births[rows, j] = one.births[0][fill]
            h.deaths[rows, j] = one.deaths[0][fill]
            h.vital_ok[rows, j] = True
            modelled[rows, j] = True
            pop = _scale_to(pop, interp[idx, j], h.male[idx, j], h.female[idx, j], known[idx, j])
    return modelled


def _scale_to(
    pop: np.ndarray, total: np.ndarray, male: np.ndarray, female: np.ndarray, by_sex: np.ndarray
) -> np.ndarray:
    """`pop` (n, 2, A) scaled to `total` (by sex where `by_sex` and both sexes are known)."""
    have = pop.sum(axis=2)
    split = by_sex & ~np.isnan(male) & ~np.isnan(female)
    share = have / np.maximum(have.sum(axis=1, keepdims=True), 1e-9)
    target = np.where(split[:, None], np.stack([male, female], axis=1), share * total[:, None])
    good = ~np.isnan(target) & (have > 0)
    factor = np.where(good, target / np.where(have > 0, have, 1.0), 1.0)
    return pop * factor[:, :, None]


def migration_level(rates: np.ndarray, ok: np.ndarray, weighting: str) -> np.ndarray:
    """(N,) net migration rate per year from the valid annual rates (NaN if none)."""
    count = ok.sum(axis=1)
    filled = np.where(ok, rates, 0.0)
    if weighting == "mean":
        level = filled.sum(axis=1) / np.maximum(count, 1)
    elif weighting == "recent":
        # linear weights 1, 2, … from each region's first valid year on
        idx = np.arange(rates.shape[1], dtype=float)
        first = np.where(ok.any(axis=1), np.argmax(ok, axis=1), 0)
        w = np.where(ok, idx[None, :] - first[:, None] + 1.0, 0.0)
        level = (w * filled).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-12)
    elif weighting in ("median", "robust"):
        ordered = np.sort(np.where(ok, rates, np.inf), axis=1)  # valid values first
        rows = np.arange(len(rates))
        lo = ordered[rows, np.maximum((count - 1) // 2, 0)]
        hi = ordered[rows, np.maximum(count // 2, 0)]
        med = np.where(count > 0, (lo + hi) / 2.0, np.nan)
        if weighting == "median":
            level = med
        else:
            dev = np.where(ok, np.abs(rates - med[:, None]), -1.0)
            drop = np.argmax(dev, axis=1)
            keep = ok.copy()
            many = count >= 3
            keep[np.arange(len(keep))[many], drop[many]] = False
            level = np.where(keep, rates, 0.0).sum(axis=1) / np.maximum(keep.sum(axis=1), 1)
    else:
        raise ValueError(f"unknown migration weighting {weighting!r}")
    return np.where(count > 0, level, np.nan)


def recent_vital(h: History, years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean births, mean deaths, number of years) over the latest `years` valid years."""
    ok = h.vital_ok
    from_end = np.cumsum(ok[:, ::-1], axis=1)[:, ::-1]  # valid years at or after each column
    use = ok & (from_end <= years)
    n = use.sum(axis=1)
    births = np.where(use, h.births, 0.0).sum(axis=1) / np.maximum(n, 1)
    deaths = np.where(use, h.deaths, 0.0).sum(axis=1) / np.maximum(n, 1)
    return births, deaths, n


# -- Kreis schedules ----------------------------------------------------------------------------


@dataclass
class KreisSchedules:
    codes: list[str]
    shape: np.ndarray  # (K, 2, A) single-year population (or the default shape)
    has_pop: np.ndarray  # (K,) bool
    fertility: np.ndarray  # (K, A); standard curve where the Kreis table is missing
    has_fertility: np.ndarray
    mortality: np.ndarray  # (K, 2, A) central death rates; standard where missing
    has_mortality: np.ndarray
    out_rate: np.ndarray  # (K, 2, B) out-moves per inhabitant by migration band
    in_share: np.ndarray  # (K, 2, B) shares of in-moves
    has_migration: np.ndarray
    migration_bands: tuple | None
    shape_year: np.ndarray  # (K,) year of the single-year table, −1 = default shape

    def split_shape(self, kidx: np.ndarray, table_years: Sequence[int]) -> np.ndarray:
        """(n, 2, A) shapes to split Gemeinde tables of `table_years` into single years.

        A Kreis table d years younger than the Gemeinde table is moved back along the cohorts
        (age a of year T ↔ age a + d of year T + d), so that e.g. the small cohorts born around
        1945 sit at the right ages when a Zensus 2011 table is split with the Kreis shape of 2015.
        A Kreis table d years *older* (the Zensus 2022 split with the shape of 2015) is moved
        forward: every cohort d years older, thinned with the Kreis mortality; the d youngest
        ages, born after the Kreis table, keep the shape of the youngest ages of that table."""
        shape = self.shape[kidx].copy()
        shift = np.where(self.shape_year[kidx] >= 0, self.shape_year[kidx] - np.asarray(table_years), 0)
        for d in np.unique(shift[shift > 0]):
            rows = shift == d
            moved = np.empty_like(shape[rows])
            moved[:, :, : AGES - d] = shape[rows][:, :, d:]
            moved[:, :, AGES - d :] = shape[rows][:, :, -1:]  # the open age group stays open
            shape[rows] = moved
        for d in np.unique(shift[shift < 0]):
            rows = np.flatnonzero(shift == d)
            survival = np.exp(-self.mortality[kidx[rows]])
            moved = shape[rows].copy()
            for _ in range(-int(d)):
                older = moved * survival
                moved[:, :, 1:] = older[:, :, :-1]
                moved[:, :, OPEN_AGE] += older[:, :, OPEN_AGE]
            young = min(-int(d), AGES)
            moved[:, :, :young] = shape[rows][:, :, :young]
            shape[rows] = moved
        return shape


def kreis_schedules(snap: Snapshot, codes: Sequence[str]) -> KreisSchedules:
    k = len(codes)
    default = np.broadcast_to(sch.default_shape(), (2, AGES))
    shape = np.broadcast_to(default, (k, 2, AGES)).copy()
    has_pop = np.zeros(k, bool)
    single = {
        i: t for i, c in enumerate(codes) if (t := snap.latest_table(c, "population", ("single_years",)))
    }
    shape_year = np.full(k, -1)
    for idx, bands, tables in _group_by_bands(single):
        shape[idx] = sch.kreis_single_years(bands, _sexed_arrays(tables))
        has_pop[idx] = True
        shape_year[idx] = [t.year for t in tables]
    fert = np.broadcast_to(sch.standard_fertility(), (k, AGES)).copy()
    has_f = np.zeros(k, bool)
    births = {
        i: t
        for i, c in enumerate(codes)
        if has_pop[i] and (t := snap.latest_table(c, "births_by_mother_age", ("mother_age",)))
    }
    for idx, bands, tables in _group_by_bands(births):
        b = np.array([[t or 0 for t in tb.total] for tb in tables], dtype=float)
        fb = [(max(lo, 15), hi if hi is not None else 50) for lo, hi in bands]
        f = sch.band_rates_to_single(b, shape[idx, 1], fb)
        f[:, :15] = 0.0
        f[:, 50:] = 0.0
        fert[idx], has_f[idx] = f, True
    mort = np.broadcast_to(sch.standard_mortality(), (k, 2, AGES)).copy()
    has_m = np.zeros(k, bool)
    deaths = {
        i: t
        for i, c in enumerate(codes)
        if has_pop[i] and (t := snap.latest_table(c, "deaths", ("deaths_5y",)))
    }
    for idx, bands, tables in _group_by_bands(deaths):
        mort[idx] = np.minimum(sch.band_rates_to_single(_sexed_arrays(tables), shape[idx], bands), 0.95)
        has_m[idx] = True
    mig_bands = None
    out_rate = in_share = np.zeros((k, 2, 0))
    has_mig = np.zeros(k, bool)
    pairs = {}
    for i, c in enumerate(codes):
        t_out = snap.latest_table(c, "moves_out", ("wanderung6",))
        t_in = snap.latest_table(c, "moves_in", ("wanderung6",))
        if has_pop[i] and t_out is not None and t_in is not None and t_out.bands == t_in.bands:
            pairs[i] = (t_in, t_out)
    if pairs:
        mig_bands = next(iter(pairs.values()))[0].bands
        pairs = {i: p for i, p in pairs.items() if p[0].bands == mig_bands}
        idx = np.array(list(pairs))
        k_in = _sexed_arrays([p[0] for p in pairs.values()])
        k_out = _sexed_arrays([p[1] for p in pairs.values()])
        k_pop = sch.group(shape[idx], mig_bands)
        out_rate = np.zeros((k, 2, len(mig_bands)))
        in_share = np.zeros((k, 2, len(mig_bands)))
        out_rate[idx] = k_out / np.maximum(k_pop, 1.0)
        in_share[idx] = k_in / np.maximum(k_in.sum(axis=(1, 2), keepdims=True), 1.0)
        has_mig[idx] = True
    return KreisSchedules(list(codes), shape, has_pop, fert, has_f, mort, has_m, out_rate, in_share, has_mig,
                          mig_bands, shape_year)  # fmt: skip


# -- migration age profiles -----------------------------------------------------------------------


def _migration_profiles(
    snap: Snapshot,
    regions: Sequence[str],
    pop: np.ndarray,
    kidx: np.ndarray,
    ks: KreisSchedules,
    weight: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(out rate (N, 2, A), in profile (N, 2, A) summing to 1 per region)."""
    n = len(regions)
    std = sch.standard_migration()
    # fallback: a Rogers–Castro curve (~4 % of inhabitants move out per year), in-moves alike
    base_rate = std / std.mean() * 0.04
    out = np.broadcast_to(base_rate, (n, 2, AGES)).copy()
    prof = out * pop
    inflow = prof / np.maximum(prof.sum(axis=(1, 2), keepdims=True), 1e-9)
    has_k = ks.has_migration[kidx]
    if ks.migration_bands is None or not has_k.any():
        return out, inflow
    bands = ks.migration_bands
    k_rate = ks.out_rate[kidx]
    k_share = ks.in_share[kidx]
    g_pop = sch.group(pop, bands)
    g_out = np.full((n, 2, len(bands)), np.nan)
    g_in = np.full((n, 2, len(bands)), np.nan)
    own = {}
    for i, ags in enumerate(regions):
        t_in = snap.latest_table(ags, "moves_in", ("wanderung6",))
        t_out = snap.latest_table(ags, "moves_out", ("wanderung6",))
        if t_in is not None and t_out is not None and t_in.bands == bands and t_out.bands == bands:
            own[i] = (t_in, t_out)
    if own:
        idx = np.array(list(own))
        g_in[idx] = _sexed_arrays([p[0] for p in own.values()])
        g_out[idx] = _sexed_arrays([p[1] for p in own.values()])
    has_g = ~np.isnan(g_out).any(axis=(1, 2))
    w = np.where(has_g, weight, 0.0)[:, None, None]
    g_rate = np.nan_to_num(g_out) / np.maximum(g_pop, 1.0)
    g_share = np.nan_to_num(g_in) / np.maximum(np.nan_to_num(g_in).sum(axis=(1, 2), keepdims=True), 1.0)
    rate = w * g_rate + (1 - w) * k_rate
    share = w * g_share + (1 - w) * k_share
    # single years: out-moves of a band are spread over its ages along the Rogers–Castro curve
    # (std × population), so the band's out-moves are kept and a teenager does not get the
    # out-migration rate of the 18–24-year-olds (a moving average across the band edge did that)
    prof_shape = std[None, None, :] * np.maximum(pop, 0) + 1e-9
    out_moves = sch.expand_bands(rate * g_pop, bands, prof_shape)
    out_k = np.clip(out_moves / np.maximum(pop, 1e-9), 0.0, 0.5)
    out_k = np.where(pop > 0.5, out_k, rate @ _band_matrix(bands))  # empty cells: the band rate
    out_k = np.clip(out_k, 0.0, 0.5)
    in_k = np.clip(sch.smooth(sch.expand_bands(share, bands, prof_shape), 3), 0, None)
    in_k = in_k / np.maximum(in_k.sum(axis=(1, 2), keepdims=True), 1e-12)
    sel = has_k[:, None, None]
    return np.where(sel, out_k, out), np.where(sel, in_k, inflow)


def _band_matrix(bands: Sequence[tuple[int, int | None]]) -> np.ndarray:
    m = np.zeros((len(bands), AGES))
    for i, sl in enumerate(sch.band_slices(bands)):
        m[i, sl] = 1.0
    return m


# -- the inputs ---------------------------------------------------------------------------------


def _expand_tables(tables: Sequence[AgeTable], bands: tuple, shape: np.ndarray) -> np.ndarray:
    """(n, 2, A) single years by sex of tables with the same bands, split with `shape` (n, 2, A).

    A table without sex (Zensus 2022 Gemeinde groups) is split into single years with the shape
    of both sexes together, then by sex with the shape's sex ratio at each age."""
    out = sch.expand_bands(_sexed_arrays(tables), bands, shape)
    sexless = np.array([all(m is None for m in t.male) and all(f is None for f in t.female) for t in tables])
    if sexless.any():
        rows = np.flatnonzero(sexless)
        both = shape[rows].sum(axis=1)  # (n, A)
        tot = np.array([[np.nan if c is None else c for c in tables[i].total] for i in rows], dtype=float)
        single = sch.expand_bands(np.nan_to_num(tot), bands, both)
        share = shape[rows] / np.where(both > 0, both, 1.0)[:, None, :]
        share = np.where(both[:, None, :] > 0, share, 0.5)
        out[rows] = share * single[:, None, :]
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
    for idx, bands, tbls in _group_by_bands(tables):
        table_years[idx] = [t.year for t in tbls]
        table_fraction[idx] = [t.fraction for t in tbls]
        base[idx] = _expand_tables(tbls, bands, ks.split_shape(kidx[idx], table_years[idx]))
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
    births, deaths, nyears, vital_last = _recent_vital(snap, kept, params.vital_years)
    # the population that produced those births and deaths: the latest age table up to the last
    # year with observed births and deaths (the 2015 table, not the Zensus 2022, for base 2023)
    exposure, exposure_years = _exposure(snap, kept, tables, base, table_years, vital_last, kidx, ks)

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
    out_rate, in_prof = _migration_profiles(snap, kept, base, kidx, ks, w_profile)
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


def _recent_vital(
    snap: Snapshot, regions: Sequence[str], years: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mean births, mean deaths, number of years, last year) of the latest `years` years with
    observed births and deaths, looking back up to 10 years before the base year and, if the
    data end earlier, as far as needed to find `years` of them."""
    vital = snap.vital_by_region()
    last_years = [
        max((y for y, v in vital.get(a, {}).items() if v.births is not None), default=0) for a in regions
    ]
    latest = max(last_years, default=0)
    first = min(snap.base_year - 10, latest - years + 1) if latest else snap.base_year - 10
    h = history(snap, regions, first_year=first)
    births, deaths, nyears = recent_vital(h, years)
    ok = h.vital_ok
    last = np.where(ok.any(axis=1), h.years[ok.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1)], -1)
    return births, deaths, nyears, last.astype(int)


def _exposure(
    snap: Snapshot,
    regions: Sequence[str],
    tables: dict[int, AgeTable],
    base: np.ndarray,
    table_years: np.ndarray,
    vital_last: np.ndarray,
    kidx: np.ndarray,
    ks: KreisSchedules,
) -> tuple[np.ndarray, np.ndarray]:
    """(population (N, 2, A), its year) on which births and deaths were observed: the jump-off
    table if it is not younger than the last observed births/deaths, else the latest age table
    up to that year (split with the Kreis shape as the jump-off table is)."""
    exposure = base.copy()
    years = table_years.copy()
    older: dict[int, AgeTable] = {}
    for i, table in tables.items():
        if vital_last[i] >= 0 and table.year > vital_last[i]:
            found = snap.latest_table(regions[i], "population", POPULATION_SCHEMES, until=int(vital_last[i]))
            if found is not None:
                older[i] = found
    for idx, bands, tbls in _group_by_bands(older):
        years[idx] = [t.year for t in tbls]
        exposure[idx] = _expand_tables(tbls, bands, ks.split_shape(kidx[idx], years[idx]))
    return exposure, years


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
