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
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from leuchtfeuer.places.models import PopulationCount, Region
from leuchtfeuer.projections.engine.cohort import project
from leuchtfeuer.projections.engine.intervals import LEVELS
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.engine.snapshot import Snapshot
from leuchtfeuer.projections.engine.tables import POPULATION_SCHEMES
from leuchtfeuer.projections.land_data import data_version, land_snapshot, latest_total_year
from leuchtfeuer.projections.models import ProjectionResult
from leuchtfeuer.projections.own_data import apply_own_data
from leuchtfeuer.projections.result import BASIS, RegionProjection, all_group_ranges, rates_of

logger = logging.getLogger(__name__)

END_YEAR = 2045
CACHE_SECONDS = 60 * 60 * 24 * 30
LOCK_SECONDS = 30
CACHE_FORMAT = 5  # bump when the cached bundle's layout changes
ZENSUS_2022_DAY = date(2022, 5, 15)


# -- versions (cache keys) -------------------------------------------------------------------


@cache
def engine_version() -> str:
    """Fingerprint of the engine's source: a changed engine never serves stale cached results."""
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    folder = Path(__file__).parent / "engine"
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    here = Path(__file__).parent
    for name in ("current.py", "result.py", "own_data.py", "land_data.py"):  # what builds the result
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


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
    rerun = project(bundle["base"][None], rates_of(bundle), fc.horizon).population[:, 0]
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
    rates = rates_of(b)
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
    apply_own_data(result, b, region)
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
