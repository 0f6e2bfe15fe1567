"""Reads of official statistics for the projection engine (one query per table)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from leuchtfeuer.places.importers.gv import HISTORY_FILES, read_gv_history
from leuchtfeuer.places.models import AgeGroupCount, PopulationCount, Region, VitalEvents
from leuchtfeuer.projections import current
from leuchtfeuer.projections.engine.snapshot import Snapshot, snapshot_from_rows
from leuchtfeuer.projections.result import RegionProjection

_AGE_KINDS = ("population", "births_by_mother_age", "deaths", "moves_in", "moves_out")


def _region_keys() -> dict[int, str]:
    """Region id → key used by the engine: AGS for Gemeinden, ARS for Kreise and above."""
    return {pk: (ags or ars) for pk, ags, ars in Region.objects.values_list("pk", "ags", "ars")}


def official_snapshot(base_year: int) -> Snapshot:
    """All official figures dated ≤ `base_year` (totals, births/deaths, age tables).

    The cut happens in the query *and* again in the engine's `Snapshot`, which refuses later data.
    """
    keys = _region_keys()
    population = [
        SimpleNamespace(region=keys[r], reference_date=d, total=t, male=m, female=f, basis=b, territory=ter)
        for r, d, t, m, f, b, ter in PopulationCount.objects.filter(
            reference_date__year__lte=base_year
        ).values_list("region_id", "reference_date", "total", "male", "female", "basis", "territory")
    ]
    vital = [
        SimpleNamespace(
            region=keys[r], year=y, births=b, deaths=d, deaths_male=dm, deaths_female=df, territory=ter
        )
        for r, y, b, d, dm, df, ter in VitalEvents.objects.filter(year__lte=base_year).values_list(
            "region_id", "year", "births", "deaths", "deaths_male", "deaths_female", "territory"
        )
    ]
    ages = [
        SimpleNamespace(
            region=keys[r], kind=k, reference_date=d, scheme=s, age_from=a0, age_to=a1,
            total=t, male=m, female=f, territory=ter,
        )
        for r, k, d, s, a0, a1, t, m, f, ter in AgeGroupCount.objects.filter(
            reference_date__year__lte=base_year, kind__in=_AGE_KINDS
        ).values_list(
            "region_id", "kind", "reference_date", "scheme", "age_from", "age_to", "total", "male", "female", "territory"
        )
    ]  # fmt: skip
    return snapshot_from_rows(base_year, population, vital, ages)


def population_on(year: int) -> dict[str, tuple[int, str]]:
    """AGS → (total, territory) of the Gemeinden on 31.12.`year` (evaluation targets only)."""
    keys = _region_keys()
    return {
        keys[r]: (t, ter)
        for r, t, ter in PopulationCount.objects.filter(
            region__level=Region.Level.GEMEINDE, reference_date__year=year, reference_date__month=12,
            reference_date__day=31,
        ).values_list("region_id", "total", "territory")
    }  # fmt: skip


def statistics_loaded() -> bool:
    return AgeGroupCount.objects.filter(kind="population").exists() and VitalEvents.objects.exists()


def gv_vintage_areas() -> dict[int, dict[str, float]]:
    """Year → {AGS → area in km²} of every Gemeindeverzeichnis vintage shipped in data/official.

    Evaluation only (the territory rule of the backtest); never part of a projection's input.
    Areas are those of each vintage's own territory, so an unchanged area across vintages means
    an unchanged Gemeinde.
    """
    folder = Path(settings.OFFICIAL_DATA_DIR) / "gemeindeverzeichnis" / "history"
    out: dict[int, dict[str, float]] = {}
    for name, day in HISTORY_FILES:
        path = folder / name
        if path.exists():
            out[day.year] = {r.ags: r.area_km2 for r in read_gv_history(path, day) if r.area_km2}
    return out


def age_groups_on(scheme: str = "zensus22_11") -> dict[str, list[tuple[int, int | None, int | None]]]:
    """AGS → [(age from, age to, count)] of a Gemeinde age table (evaluation targets only)."""
    keys = _region_keys()
    out: dict[str, list[tuple[int, int | None, int | None]]] = {}
    rows = AgeGroupCount.objects.filter(
        region__level=Region.Level.GEMEINDE, kind="population", scheme=scheme
    ).values_list("region_id", "age_from", "age_to", "total", "territory")
    for r, lo, hi, total, territory in rows.order_by("region_id", "age_from"):
        if territory in ("current", "harmonised"):
            out.setdefault(keys[r], []).append((lo, hi, total))
    return out


def region_projection(region: Region, *, compute_missing: bool = True) -> RegionProjection | None:
    """The current projection of a Gemeinde (``current.region_projection``), for other parts to read
    (the funding data sheet): they import this selector, not the projection's machinery."""
    return current.region_projection(region, compute_missing=compute_missing)
