"""Current projections for the UI and the API: base = latest official year, run to 2045, cached.

What happens for one Gemeinde (`region_projection`):

1. Base year = the latest year with an official 31.12. total for the Gemeinde (currently 2023).
   The latest Gemeinde age structure is the Zensus 2022 (15.05.2022, 11 age groups without
   sex); the engine (`build_inputs`) splits it into single years and sexes with the Kreis shape
   moved along the cohorts, ages it to 31.12.2022 and 31.12.2023 with the components and scales
   it to the official total by sex of 31.12.2023. That total is the Fortschreibung on the
   **Zensus 2011 basis** (the only one published for 2023 in our data): the projection keeps
   the basis of the series it continues and of the backtests its ranges come from, and states
   it (`basis`, `BASIS_LABEL`) together with how far the Zensus 2022 count differed from that
   Fortschreibung (`zensus2022`). Gemeinden without a Zensus 2022 table start from the 2015
   table run forward. Either way the starting structure is an *estimate* (`base_estimated`).
2. The engine's `forecast` runs for all Gemeinden of the region's Kreis at once (one run costs
   about the same as one Gemeinde: the rolling backtests of the whole Land dominate) on a
   snapshot of the region's Land only. Every Gemeinde's result is stored per (engine code
   fingerprint, official data fingerprint, base year, Gemeinde) in `ProjectionResult` and kept in
   Django's cache (alias `projections` if configured, else `default`). A page or API call then
   costs one cache read (or one indexed row) and about a millisecond of numpy to re-run the
   cohort model for the age structure. `leuchtfeuer warm-projections` precomputes every Gemeinde
   (one forecast per Land) so that no visitor waits for the engine.
3. If the municipality has uploaded its own register data for its Ortsteile, and the upload
   covers the whole town (90–115 % of the official total), its age structure replaces the
   estimated one: the 17 age groups by sex are split into single years with the estimated
   structure's shape, aged forward to the base year with the same rates if the upload is older,
   and scaled to the official total by sex of the base year (so totals and the calibrated
   intervals stay comparable). The page says so (`own_data`).
4. Totals come from the engine's ensemble (cohort model and trend methods); the age structure
   comes from the cohort model, scaled each year to the ensemble total, so age groups add up to
   the total shown. Intervals exist only where the engine calibrated them (`Calibration.has`):
   for totals, and for the planning age groups the engine calibrates (`CALIBRATED_GROUPS`,
   `Forecast.group_interval`); 80+ gets none. An upper bound may be infinite for very small
   places (half-width ≥ 100 %); the presenters then show no range.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Max, Sum

from leuchtfeuer.places.models import (
    AgeGroupCount,
    OfficialImport,
    OrtsteilAgeGroupCount,
    OrtsteilDataUpload,
    PopulationCount,
    Region,
    VitalEvents,
)
from leuchtfeuer.projections.engine import schedules
from leuchtfeuer.projections.engine.cohort import AGES, Rates, project
from leuchtfeuer.projections.engine.components import Components, decompose, growth_without_source
from leuchtfeuer.projections.engine.inputs import POPULATION_SCHEMES
from leuchtfeuer.projections.engine.intervals import LEVELS
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.engine.snapshot import Snapshot, snapshot_from_rows
from leuchtfeuer.projections.models import ProjectionResult

logger = logging.getLogger(__name__)

END_YEAR = 2045
CACHE_SECONDS = 60 * 60 * 24 * 30
LOCK_SECONDS = 30
CACHE_FORMAT = 5  # bump when the cached bundle's layout changes
# Population basis of the totals the projection starts from and continues (PopulationBasis)
BASIS = "zensus2011"
BASIS_LABEL = "Bevölkerungsfortschreibung auf Basis des Zensus 2011"
ZENSUS_2022_DAY = date(2022, 5, 15)
OWN_DATA_COVERAGE = (0.90, 1.15)  # share of the official total an upload must cover to be used

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
_AGE_KINDS = ("population", "births_by_mother_age", "deaths", "moves_in", "moves_out")


# -- versions (cache keys) -------------------------------------------------------------------


@cache
def engine_version() -> str:
    """Fingerprint of the engine's source: a changed engine never serves stale cached results."""
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    folder = Path(__file__).parent / "engine"
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


_DATA_VERSION: tuple[float, str] = (0.0, "")
DATA_VERSION_SECONDS = 60  # a new import shows up on every page within a minute


def data_version() -> str:
    """Fingerprint of the loaded official data (one small query, remembered for a minute)."""
    global _DATA_VERSION
    now = time.monotonic()
    if _DATA_VERSION[1] and now - _DATA_VERSION[0] < DATA_VERSION_SECONDS:
        return _DATA_VERSION[1]
    rows = OfficialImport.objects.order_by("source").values_list("source", "fingerprint", "loaded_at")
    digest = hashlib.sha256()
    for source, fingerprint, loaded_at in rows:
        digest.update(f"{source}|{fingerprint}|{loaded_at.isoformat() if loaded_at else ''}".encode())
    _DATA_VERSION = (now, digest.hexdigest()[:12])
    return _DATA_VERSION[1]


def forget_data_version() -> None:
    """After an import in the same process (tests, commands): read the fingerprint again."""
    global _DATA_VERSION
    _DATA_VERSION = (0.0, "")


# -- reading the official data of one Land ---------------------------------------------------


def land_snapshot(base_year: int, land: str) -> Snapshot:
    """Official figures dated ≤ `base_year` of the Land's regions only (Gemeinden, Kreise, Land).

    Same rows as `selectors.official_snapshot`, restricted to one Land so that a cold page
    reads about 1/16 of the data; the engine's calibration uses the Land's Gemeinden anyway.
    """
    regions = Region.objects.filter(land_code=land)
    keys = {pk: (ags or ars) for pk, ags, ars in regions.values_list("pk", "ags", "ars")}
    ids = list(keys)
    population = [
        SimpleNamespace(region=keys[r], reference_date=d, total=t, male=m, female=f, basis=b, territory=ter)
        for r, d, t, m, f, b, ter in PopulationCount.objects.filter(
            region_id__in=ids, reference_date__year__lte=base_year
        ).values_list("region_id", "reference_date", "total", "male", "female", "basis", "territory")
    ]
    vital = [
        SimpleNamespace(
            region=keys[r], year=y, births=b, deaths=d, deaths_male=dm, deaths_female=df, territory=ter
        )
        for r, y, b, d, dm, df, ter in VitalEvents.objects.filter(
            region_id__in=ids, year__lte=base_year
        ).values_list("region_id", "year", "births", "deaths", "deaths_male", "deaths_female", "territory")
    ]
    ages = [
        SimpleNamespace(
            region=keys[r], kind=k, reference_date=d, scheme=s, age_from=a0, age_to=a1,
            total=t, male=m, female=f, territory=ter,
        )
        for r, k, d, s, a0, a1, t, m, f, ter in AgeGroupCount.objects.filter(
            region_id__in=ids, reference_date__year__lte=base_year, kind__in=_AGE_KINDS
        ).values_list(
            "region_id", "kind", "reference_date", "scheme", "age_from", "age_to", "total", "male", "female",
            "territory",
        )
    ]  # fmt: skip
    return snapshot_from_rows(base_year, population, vital, ages)


def latest_total_year(region: Region) -> int | None:
    """The latest year with an official population on 31.12. for `region`.

    `Region.population_date` holds the date of the latest official total (Gemeindeverzeichnis);
    only without it do we ask the series.
    """
    day = region.population_date
    if day is not None and (day.month, day.day) == (12, 31):
        return day.year
    latest = PopulationCount.objects.filter(
        region=region, reference_date__month=12, reference_date__day=31
    ).aggregate(latest=Max("reference_date"))["latest"]
    return latest.year if latest else None


# -- the result ------------------------------------------------------------------------------


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


def _rates_of(bundle: dict) -> Rates:
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


def _table_date(year: int, fraction: float) -> date:
    """The reference date of an age table (`AgeTable.year`, `.fraction`)."""
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days + 1
    return date.fromordinal(first.toordinal() + round(fraction * days) - 1)


def _zensus2022(ags: str, series: dict, counted: dict[str, int]) -> dict | None:
    """The Zensus 2022 count and the Fortschreibung (Zensus 2011 basis) on the same day,
    interpolated linearly between 31.12.2021 and 31.12.2023."""
    total = counted.get(ags)
    before, after = series.get(2021), series.get(2023)
    if total is None or before is None or after is None:
        return None
    if not (before.comparable and after.comparable and before.basis == after.basis == BASIS):
        return None
    share = (ZENSUS_2022_DAY - date(2021, 12, 31)).days / (date(2023, 12, 31) - date(2021, 12, 31)).days
    return {"total": int(total), "fortschreibung": before.total + share * (after.total - before.total)}


def _bundle(
    fc,
    snap: Snapshot,
    i: int,
    ags: str,
    group_ranges: dict | None = None,
    zensus2022: dict[str, int] | None = None,
) -> dict:
    """The storable per-Gemeinde part of a forecast (plain arrays and builtins only).

    The cohort model's age structure is not stored when `project(base, rates)` reproduces it
    (it does for the current engine; re-running it costs about a millisecond); if a future
    engine builds it differently, the full array is stored instead.
    """
    r = fc.inputs.rates
    intervals = {}
    for level in LEVELS:
        if fc.calibration.has(level):
            lo = np.full(fc.horizon + 1, np.nan)
            hi = np.full(fc.horizon + 1, np.nan)
            for h in range(1, fc.horizon + 1):
                lower, upper = fc.interval(level, h)
                lo[h], hi[h] = lower[i], upper[i]
            intervals[level] = (lo, hi)
    ranges = all_group_ranges(fc) if group_ranges is None else group_ranges
    group_intervals: dict[str, dict[float, tuple[np.ndarray, np.ndarray]]] = {}
    for key, by_level in ranges.items():
        levels = {}
        for level, (lower, upper) in by_level.items():
            lo, hi = lower[:, i].copy(), upper[:, i].copy()
            if not np.all(np.isnan(lo[1:])):
                levels[level] = (lo, hi)
        if levels:
            group_intervals[key] = levels
    table = snap.latest_table(ags, "population", POPULATION_SCHEMES)
    series = snap.totals_by_region().get(ags, {})
    inputs = fc.inputs
    p = fc.projection
    base_total = series.get(fc.base_year)
    history = [
        (year, t.total)
        for year, t in sorted(series.items())
        if base_total is not None and t.basis == base_total.basis and t.comparable
    ]
    bundle = {
        "ags": ags,
        "base_year": fc.base_year,
        "horizon": fc.horizon,
        "ensemble": np.asarray(fc.ensemble[i], dtype=float),
        "intervals": intervals,
        "group_intervals": group_intervals,
        "population": None,
        "base": np.asarray(fc.inputs.base[i], dtype=float),
        "rates": {
            "fertility": r.fertility[i],
            "death_prob": r.death_prob[i],
            "out_rate": r.out_rate[i],
            "in_profile": r.in_profile[i],
            "in_level": float(r.in_level[i]),
            "male_share": float(r.male_share),
            "death_prob_birth": None if r.death_prob_birth is None else r.death_prob_birth[i],
        },
        "weights": dict(fc.region_weights()[i]),
        "table_year": table.year if table else None,
        "table_date": _table_date(table.year, table.fraction) if table else None,
        "flows": {
            "births": np.asarray(p.births[:, i], dtype=float),
            "deaths": np.asarray(p.deaths[:, i], dtype=float),
            "net_migration": np.asarray(p.moves_in[:, i] - p.moves_out[:, i] + p.extra[:, i], dtype=float),
        },
        "methods": {k: np.asarray(v[i], dtype=float) for k, v in fc.methods.items()},
        "migration_years": tuple(int(y) for y in inputs.migration_years[i])
        if inputs.migration_years is not None and inputs.migration_years[i, 0]
        else None,
        "past_net_migration": None
        if inputs.past_net_migration is None or np.isnan(inputs.past_net_migration[i])
        else float(inputs.past_net_migration[i]),
        "past_window": tuple(int(y) for y in inputs.past_window[i])
        if inputs.past_window is not None and inputs.past_window[i, 0]
        else None,
        "last_vital_year": int(inputs.last_vital_year[i])
        if inputs.last_vital_year is not None and inputs.last_vital_year[i] > 0
        else None,
        "zensus2022": _zensus2022(ags, series, zensus2022 or {}),
        "migration_damping": float(fc.damping),
        "trend_damping": dict(fc.trend_damping),
        "history": history,
        "sex_totals": (base_total.male, base_total.female) if base_total else (None, None),
        "sources": dict(fc.inputs.sources),
        "notes": list(fc.notes),
        "calibration_errors": int(fc.calibration.n_errors),
    }
    engine_pop = fc.projection.population[:, i]
    rerun = project(bundle["base"][None], _rates_of(bundle), fc.horizon).population[:, 0]
    if not np.allclose(rerun, engine_pop, rtol=1e-9, atol=1e-6):
        bundle["population"] = np.asarray(engine_pop, dtype=float)
    return bundle


def _version(data: str) -> str:
    return f"{engine_version()}:{data}"


def _cache_key(ags: str, base_year: int, version: str) -> str:
    return f"projections:{_version(version)}:{base_year}:{ags}"


def _cache():
    """The cache alias `projections` if the site configures one, else the default cache."""
    return caches["projections"] if "projections" in settings.CACHES else caches["default"]


def compute(
    land: str,
    base_year: int,
    kreis: str | None = None,
    version: str | None = None,
    snap: Snapshot | None = None,
) -> dict[str, dict]:
    """Forecast every Gemeinde of `kreis` (or of the whole Land) from `base_year` to END_YEAR
    and store each result (`ProjectionResult`). Calibration uses all Gemeinden of the Land."""
    version = version or data_version()
    snap = snap if snap is not None else land_snapshot(base_year, land)
    totals = snap.totals_by_region()
    calibration = sorted(a for a in totals if len(a) == 8 and a[:2] == land)
    regions = [a for a in calibration if kreis is None or a[:5] == kreis]
    if not regions:
        return {}
    fc = forecast(snap, regions, END_YEAR - base_year, calibration_regions=calibration)
    group_ranges = all_group_ranges(fc)
    counted = dict(
        PopulationCount.objects.filter(
            region__land_code=land, region__level=Region.Level.GEMEINDE, reference_date=ZENSUS_2022_DAY
        ).values_list("region__ags", "total")
    )
    bundles = {ags: _bundle(fc, snap, i, ags, group_ranges, counted) for i, ags in enumerate(fc.regions)}
    full = _version(version)
    with transaction.atomic():
        # older versions of these Gemeinden are of no use any more
        ProjectionResult.objects.filter(region_key__in=list(bundles)).exclude(version=full).delete()
        ProjectionResult.objects.filter(
            region_key__in=list(bundles), base_year=base_year, version=full
        ).delete()
        ProjectionResult.objects.bulk_create(
            [
                ProjectionResult(
                    region_key=ags, base_year=base_year, version=full,
                    payload=pickle.dumps(b, protocol=pickle.HIGHEST_PROTOCOL),
                )
                for ags, b in bundles.items()
            ],
            batch_size=500,
        )  # fmt: skip
    return bundles


class ProjectionPending(Exception):
    """The projection of this Gemeinde has not been computed yet (and the caller must not wait)."""


def _stored_bundle(region: Region, base_year: int, compute_missing: bool = True) -> dict | None:
    """Django's cache, then the stored results, then compute the region's Kreis (and store it)."""
    version = data_version()
    cache = _cache()
    key = _cache_key(region.ags, base_year, version)
    bundle = cache.get(key)
    if bundle is not None:
        return bundle
    payload = (
        ProjectionResult.objects.filter(region_key=region.ags, base_year=base_year, version=_version(version))
        .values_list("payload", flat=True)
        .first()
    )
    if payload is None and not compute_missing:
        raise ProjectionPending(region.ags)
    if payload is None:
        kreis = region.kreis_code or region.ags[:5]
        land = region.land_code or region.ags[:2]
        # One request computes the Kreis; others asking at the same moment wait for its result
        # instead of running the same forecast in parallel on a small machine.
        lock = f"projections:lock:{_version(version)}:{base_year}:{kreis}"
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                bundle = compute(land, base_year, kreis=kreis, version=version).get(region.ags)
            finally:
                cache.delete(lock)
        else:
            deadline = time.monotonic() + LOCK_SECONDS
            while payload is None and time.monotonic() < deadline:
                time.sleep(0.25)
                payload = (
                    ProjectionResult.objects.filter(
                        region_key=region.ags, base_year=base_year, version=_version(version)
                    )
                    .values_list("payload", flat=True)
                    .first()
                )
            if payload is None:
                bundle = compute(land, base_year, kreis=kreis, version=version).get(region.ags)
    if bundle is None and payload is not None:
        bundle = pickle.loads(bytes(payload))  # noqa: S301 — our own output, see ProjectionResult
    if bundle is not None:
        cache.set(key, bundle, CACHE_SECONDS)
    return bundle


# -- own register data (Ortsteil upload) -----------------------------------------------------


def _own_data(region: Region) -> tuple[OrtsteilDataUpload, np.ndarray] | None:
    """(latest upload, counts (2, 17) by sex and REGIO17 group summed over all Ortsteile)."""
    upload = (
        OrtsteilDataUpload.objects.filter(municipality__region=region)
        .order_by("-reference_date", "-uploaded_at")
        .first()
    )
    if upload is None:
        return None
    municipality = upload.municipality_id
    from leuchtfeuer.places.ortsteil_data import REGIO17

    index = {lo: i for i, (lo, _) in enumerate(REGIO17)}
    counts = np.zeros((2, len(REGIO17)))
    rows = (
        OrtsteilAgeGroupCount.objects.filter(
            ortsteil__municipality_id=municipality, reference_date=upload.reference_date
        )
        .values_list("age_from", "sex")
        .annotate(n=Sum("count"))
    )
    for age_from, sex, n in rows:
        i = index.get(age_from)
        if i is None:
            continue
        if sex == "m":
            counts[0, i] += n
        elif sex == "w":
            counts[1, i] += n
        else:  # divers / ohne Angabe: half to each, as the engine has two sexes
            counts[:, i] += n / 2.0
    return upload, counts


def _apply_own_data(result: RegionProjection, bundle: dict, region: Region) -> None:
    found = _own_data(region)
    if found is None:
        return
    from leuchtfeuer.places.ortsteil_data import REGIO17

    upload, counts = found
    official = float(bundle["ensemble"][0])
    coverage = counts.sum() / official if official else 0.0
    info = {
        "filename": upload.filename,
        "reference_date": upload.reference_date,
        "coverage": coverage,
        "used": False,
        "reason": "",
    }
    result.own_data = info
    lo, hi = OWN_DATA_COVERAGE
    if not lo <= coverage <= hi:
        info["reason"] = (
            f"Die hochgeladenen Ortsteildaten umfassen {round(coverage * 100)} % der amtlichen "
            "Einwohnerzahl; für die Vorausberechnung braucht es die ganze Gemeinde (90–115 %)."
        )
        return
    structure = schedules.expand_bands(counts, REGIO17, np.maximum(result.base, 1e-9))
    gap = result.base_year - upload.reference_date.year
    if gap > 0:  # age the register data forward to the base year with the same rates
        structure = project(structure[None], result.rates, gap).population[-1, 0]
    male, female = bundle["sex_totals"]
    if male is None or female is None:
        target = structure.sum(axis=1) * official / max(structure.sum(), 1e-9)
    else:
        target = np.array([male, female], dtype=float)
    structure = structure * (target / np.maximum(structure.sum(axis=1), 1e-9))[:, None]
    cohort = project(structure[None], result.rates, result.horizon)
    new_cohort_pop = cohort.population[:, 0]
    result.cohort_flows = {
        "births": cohort.births[:, 0],
        "deaths": cohort.deaths[:, 0],
        "net_migration": cohort.moves_in[:, 0] - cohort.moves_out[:, 0] + cohort.extra[:, 0],
    }
    new_cohort_total = new_cohort_pop.sum(axis=(1, 2))
    old_groups = result.group_values()
    shift = result.weights.get("kohorten", 0.0) * (new_cohort_total - result.cohort_total)
    if "kohorten" in result.methods:
        result.methods["kohorten"] = new_cohort_total.copy()
    result.total = result.total + shift
    result.intervals = {lv: (a + shift, b + shift) for lv, (a, b) in result.intervals.items()}
    result.base = structure
    result.cohort_total = new_cohort_total
    result.population = new_cohort_pop * (result.total / np.maximum(new_cohort_total, 1e-9))[:, None, None]
    new_groups = result.group_values()
    result.group_intervals = shift_group_intervals(
        result.group_intervals, {k: new_groups[k] - old_groups[k] for k in new_groups}
    )
    result.base_estimated = False
    info["used"] = True
    result.sources["Basisbevölkerung"] = (
        f"Eigene Melderegisterdaten der Kommune (Ortsteil-Upload {upload.filename}, Stichtag "
        f"{upload.reference_date:%d.%m.%Y}), abgestimmt auf den amtlichen Bevölkerungsstand "
        f"31.12.{result.base_year} nach Geschlecht"
    )


# -- public entry point ----------------------------------------------------------------------


def region_projection(region: Region, *, compute_missing: bool = True) -> RegionProjection | None:
    """The current projection of a Gemeinde, or None (not a Gemeinde / no data).

    With `compute_missing=False` a Gemeinde whose result is not stored yet raises
    `ProjectionPending` instead of running the engine (the profile page then loads it later).
    """
    if region.level != Region.Level.GEMEINDE or not region.ags:
        return None
    base_year = latest_total_year(region)
    if base_year is None or base_year >= END_YEAR:
        return None
    bundle = _stored_bundle(region, base_year, compute_missing)
    if bundle is None:
        return None
    b = bundle
    rates = _rates_of(b)
    flows = b["flows"]
    if b["population"] is not None:
        cohort_pop = b["population"]
    else:
        cohort_pop = project(b["base"][None], rates, b["horizon"]).population[:, 0]
    cohort_total = cohort_pop.sum(axis=(1, 2))
    total = b["ensemble"].copy()
    result = RegionProjection(
        key=region.ags,
        name=region.short_name,
        base_year=b["base_year"],
        years=[b["base_year"] + h for h in range(len(total))],
        total=total,
        intervals={lv: (lo.copy(), hi.copy()) for lv, (lo, hi) in b["intervals"].items()},
        group_intervals={
            g: {lv: (lo.copy(), hi.copy()) for lv, (lo, hi) in levels.items()}
            for g, levels in b.get("group_intervals", {}).items()
        },
        population=cohort_pop * (total / np.maximum(cohort_total, 1e-9))[:, None, None],
        cohort_total=cohort_total,
        base=b["base"].copy(),
        rates=rates,
        weights=b["weights"],
        base_estimated=b["table_year"] is not None and b["table_year"] < b["base_year"],
        base_table_year=b["table_year"],
        history=b["history"],
        sources=dict(b["sources"]),
        notes=list(b["notes"]),
        calibration_errors=b["calibration_errors"],
        base_table_date=b["table_date"],
        cohort_flows={k: v.copy() for k, v in flows.items()},
        methods={k: v.copy() for k, v in b["methods"].items()},
        migration_years=b["migration_years"],
        past_net_migration=b["past_net_migration"],
        past_window=b["past_window"],
        last_vital_year=b["last_vital_year"],
        zensus2022=b["zensus2022"],
        migration_damping=b["migration_damping"],
        trend_damping=dict(b["trend_damping"]),
    )
    _apply_own_data(result, b, region)
    return result


def warm(lands: list[str] | None = None, log=None) -> int:
    """Precompute and cache every Gemeinde, one forecast per Land; returns how many were cached."""
    version = data_version()
    rows = (
        Region.objects.filter(level=Region.Level.GEMEINDE)
        .exclude(population_date=None)
        .values_list("land_code", "population_date")
        .distinct()
    )
    groups = sorted({(land, day.year) for land, day in rows if (day.month, day.day) == (12, 31)})
    done = 0
    for land, base_year in groups:
        if (lands and land not in lands) or base_year >= END_YEAR:
            continue
        started = time.perf_counter()
        n = len(compute(land, base_year, version=version))
        done += n
        if log:
            log(f"Land {land}: {n} Gemeinden ab {base_year} in {time.perf_counter() - started:.1f} s")
    if not lands:  # a full run replaces everything: results of older engines or data go
        ProjectionResult.objects.exclude(version=_version(version)).delete()
    return done
