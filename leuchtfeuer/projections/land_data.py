"""The official data a projection reads: one Land's figures as an engine snapshot, the latest
official total of a Gemeinde, and the fingerprint of the loaded data (part of every cache key)."""

from __future__ import annotations

import hashlib
import time
from types import SimpleNamespace

from django.db.models import Max

from leuchtfeuer.places.models import (
    AgeGroupCount,
    OfficialImport,
    PopulationCount,
    Region,
    VitalEvents,
)
from leuchtfeuer.projections.engine.snapshot import Snapshot, snapshot_from_rows

_AGE_KINDS = ("population", "births_by_mother_age", "deaths", "moves_in", "moves_out")


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
