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


def net_migration_rates(h: History) -> tuple[np.ndarray, np.ndarray]:
    """(N, Y−1) residual net migration per inhabitant for the steps y−1 → y, and a validity mask.

    A step is skipped if it crosses a population-basis change (2010→2011: the Zensus correction
    is not migration) or a territorial break, or if births/deaths are missing.
    """
    prev, cur = h.total[:, :-1], h.total[:, 1:]
    ok = (
        ~np.isnan(prev)
        & ~np.isnan(cur)
        & (h.basis[:, :-1] == h.basis[:, 1:])
        & h.comparable[:, :-1]
        & h.comparable[:, 1:]
        & h.vital_ok[:, 1:]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (cur - prev - h.births[:, 1:] + h.deaths[:, 1:]) / np.maximum(prev, 1.0)
    return np.where(ok, rate, np.nan), ok


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
        1945 sit at the right ages when a Zensus 2011 table is split with the Kreis shape of 2015."""
        shape = self.shape[kidx].copy()
        shift = np.where(self.shape_year[kidx] >= 0, self.shape_year[kidx] - np.asarray(table_years), 0)
        for d in np.unique(shift[shift > 0]):
            rows = shift == d
            moved = np.empty_like(shape[rows])
            moved[:, :, : AGES - d] = shape[rows][:, :, d:]
            moved[:, :, AGES - d :] = shape[rows][:, :, -1:]  # the open age group stays open
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
    for idx, bands, tbls in _group_by_bands(tables):
        table_years[idx] = [t.year for t in tbls]
        base[idx] = sch.expand_bands(_sexed_arrays(tbls), bands, ks.split_shape(kidx[idx], table_years[idx]))
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
    births, deaths, nyears = recent_vital(h, params.vital_years)
    hk = history(snap, kcodes)
    kmig, kok = net_migration_rates(hk)
    kreis_net = migration_level(kmig, kok, params.migration_weighting)[kidx]

    # fertility and mortality: Kreis schedule × shrunk local factor
    fert_k = ks.fertility[kidx]
    mort_k = ks.mortality[kidx]
    expected_b = (fert_k * base[:, 1]).sum(axis=1)
    expected_d = (mort_k * base).sum(axis=(1, 2))
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
    size = base.sum(axis=(1, 2))
    w_profile = size / (size + params.migration_pseudo_pop)
    out_rate, in_prof = _migration_profiles(snap, kept, base, kidx, ks, w_profile)
    wl = size / (size + params.migration_level_pseudo_pop)
    kn = np.nan_to_num(kreis_net, nan=0.0)
    net = np.where(np.isnan(net), kn, np.where(np.isnan(kreis_net), net, wl * net + (1 - wl) * kreis_net))
    net = net * params.migration_damping

    q = 1.0 - np.exp(-(mort_k * k_d[:, None, None]))
    # in-moves per inhabitant such that in − out reproduces the historical net rate at the base
    expected_out = (out_rate * base).sum(axis=(1, 2)) / np.maximum(size, 1.0)
    in_level = np.maximum(net + expected_out, 0.0)
    rates = Rates(
        fertility=fert_k * k_b[:, None],
        death_prob=q,
        out_rate=out_rate,
        in_profile=in_prof,
        in_level=in_level,
        death_prob_birth=q[:, :, 0] * 0.5,
    )
    inputs = ModelInputs(kept, year, base, rates, net, own_structure=own)
    if excess.any():
        # the transient residents have the age/sex profile of the base year's in-moves
        prev_total = (
            np.where(np.isnan(h.total[:, -2]), size, h.total[:, -2]) if h.total.shape[1] > 1 else size
        )
        inputs.transient = in_prof * (excess * prev_total)[:, None, None]
    _roll_forward(inputs, h, table_years)
    inputs.sources = {
        "Basisbevölkerung": "Gemeinde-Altersgruppen (regio17 bzw. Zensus 2011), Einzelalter nach Kreisform"
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
        "Wanderung": "Residuale Wanderungssalden der Gemeinde (ohne Zensussprung), Altersprofil 12711-01-03",
    }
    return inputs


def _roll_forward(inputs: ModelInputs, h: History, table_years: np.ndarray) -> None:
    """Age tables older than the base year are run forward and constrained to the known totals
    by sex of every year (the table itself first: Zensus day → 31.12.)."""
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
