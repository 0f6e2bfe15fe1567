"""Reads of the finance part: the official figures of every Gemeinde as arrays, uploaded
figures, Länder, saved scenarios.

The official dataset is read in five queries and kept per process and data version (the
official import changes it rarely); uploaded figures are read per request (one query).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Max, Q
from numpy.typing import NDArray

from leuchtfeuer.finance.catalogue import KLEINSTADT_MAX, TOWN_TYPES
from leuchtfeuer.finance.engine import criteria as ec
from leuchtfeuer.finance.models import CriterionUpload, CriterionValue, FinanceRole, Scenario
from leuchtfeuer.places.engine.agegroups import ZENSUS22_11
from leuchtfeuer.places.models import (
    AgeGroupCount,
    OfficialImport,
    PopulationCount,
    Region,
    Territory,
    size_class_for,
)
from leuchtfeuer.places.profile import COUNT_SOURCES

FloatArray = NDArray[np.float64]


@dataclass
class Dataset:
    """All Gemeinden (ordered by AGS) with their official figures as arrays."""

    region_ids: list[int]
    ags: list[str]
    names: list[str]
    type_names: list[str]
    land_codes: list[str]
    kreis_codes: list[str]
    population: FloatArray
    area: FloatArray
    degurba: NDArray[np.int64]  # 0 = no value
    population_date: date | None
    history: FloatArray  # n × t earlier Fortschreibung values (same basis, comparable territory)
    history_dates: list[date]
    young: FloatArray
    old: FloatArray
    lands: dict[str, str]  # code → name
    kreise: dict[str, str]  # code → name
    version: str = ""  # data version the arrays were read at (official import)
    index: dict[str, int] = field(default_factory=dict)  # ags → row
    _land_rows: dict[str, NDArray[np.int64]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {a: i for i, a in enumerate(self.ags)}
        codes = np.array(self.land_codes)
        self._land_rows = {c: np.flatnonzero(codes == c) for c in self.lands}

    def rows_of(self, land: str) -> NDArray[np.int64]:
        return self._land_rows.get(land, np.array([], dtype=np.int64))

    @property
    def size_classes(self) -> list[str]:
        return [size_class_for(int(p)) for p in self.population]

    @property
    def kleinstadt(self) -> NDArray[np.bool_]:
        return np.array([t in TOWN_TYPES for t in self.type_names], dtype=bool) & (
            self.population < KLEINSTADT_MAX
        )

    def earlier_population(self, years: int) -> tuple[FloatArray, date | None]:
        """Values about `years` years before the latest date (closest date within ±1 year)."""
        if self.population_date is None or not self.history_dates:
            return np.full(len(self.ags), np.nan), None
        target = self.population_date.year - years
        best = min(
            range(len(self.history_dates)),
            key=lambda j: (abs(self.history_dates[j].year - target), -self.history_dates[j].year),
        )
        if abs(self.history_dates[best].year - target) > 1:
            return np.full(len(self.ags), np.nan), None
        return self.history[:, best], self.history_dates[best]

    def official_criteria(self, groups: NDArray[np.int64], n_groups: int) -> dict[str, FloatArray]:
        """Need quantities of the official criteria (population without demography/Veredelung)."""
        pop = self.population
        rural = np.where(self.degurba == 0, np.nan, np.where(self.degurba == 3, pop, 0.0))
        return {
            "population": pop,
            "area": self.area,
            "sparse": ec.sparse_settlement(pop, self.area, groups, n_groups),
            "rural": rural,
            "decline_5y": ec.population_decline(pop, self.earlier_population(5)[0]),
            "decline_10y": ec.population_decline(pop, self.earlier_population(10)[0]),
            "young": self.young,
            "old": self.old,
        }


_LOCK = threading.Lock()
_CACHE: dict[str, Dataset] = {}


def data_version() -> str:
    stamp = OfficialImport.objects.aggregate(m=Max("loaded_at"))["m"]
    top = Region.objects.aggregate(m=Max("id"))["m"]
    return f"{top}:{stamp}"


_VERSION_TTL = 30.0  # seconds a checked data version is trusted before asking the database again
_VERSION: list = [0.0, ""]  # [checked at (monotonic), version]


def dataset() -> Dataset:
    now = time.monotonic()
    if _CACHE and now - _VERSION[0] < _VERSION_TTL:
        version = _VERSION[1]
    else:
        version = data_version()
        _VERSION[:] = [now, version]
    with _LOCK:
        found = _CACHE.get(version)
        if found is None:
            found = _build()
            found.version = version
            _CACHE.clear()
            _CACHE[version] = found
        return found


def _build() -> Dataset:
    rows = list(
        Region.objects.filter(level=Region.Level.GEMEINDE)
        .order_by("ags")
        .values_list(
            "id",
            "ags",
            "name",
            "type_name",
            "land_code",
            "kreis_code",
            "population",
            "area_km2",
            "degurba",
            "population_date",
        )
    )
    n = len(rows)
    ids = [r[0] for r in rows]
    pos = {rid: i for i, rid in enumerate(ids)}
    dates = Counter(r[9] for r in rows if r[9])
    latest = dates.most_common(1)[0][0] if dates else None
    # Earlier Fortschreibung values on the basis of the latest one, comparable territory only.
    history_dates: list[date] = []
    history = np.full((n, 0), np.nan)
    if latest is not None:
        basis = (
            PopulationCount.objects.filter(reference_date=latest, region__level=Region.Level.GEMEINDE)
            .values_list("basis", flat=True)
            .first()
        )
        counts = list(
            PopulationCount.objects.filter(
                region__level=Region.Level.GEMEINDE,
                basis=basis,
                reference_date__lt=latest,
                reference_date__year__gte=latest.year - 11,
                territory__in=[Territory.CURRENT, Territory.HARMONISED],
            )
            .exclude(source__in=COUNT_SOURCES)
            .values_list("region_id", "reference_date", "total")
        )
        history_dates = sorted({d for _, d, _ in counts}, reverse=True)
        col = {d: j for j, d in enumerate(history_dates)}
        history = np.full((n, len(history_dates)), np.nan)
        for rid, d, total in counts:
            i = pos.get(rid)
            if i is not None and total is not None:
                history[i, col[d]] = total
    young = np.zeros(n)
    old = np.zeros(n)
    seen = np.zeros(n, dtype=np.int64)
    missing = np.zeros(n, dtype=bool)
    for rid, age_from, count in AgeGroupCount.objects.filter(
        region__level=Region.Level.GEMEINDE,
        kind=AgeGroupCount.Kind.POPULATION,
        scheme=ZENSUS22_11.key,
    ).values_list("region_id", "age_from", "total"):
        i = pos.get(rid)
        if i is None:
            continue
        seen[i] += 1
        if count is None:
            missing[i] = True
            continue
        if age_from < 19:
            young[i] += count
        elif age_from >= 67:
            old[i] += count
    incomplete = missing | (seen < len(ZENSUS22_11.lower))
    young[incomplete] = np.nan
    old[incomplete] = np.nan
    others = Region.objects.filter(level__in=[Region.Level.LAND, Region.Level.KREIS]).values_list(
        "level", "ars", "name"
    )
    lands = {ars: name for level, ars, name in others if level == Region.Level.LAND}
    kreise = {ars: name for level, ars, name in others if level == Region.Level.KREIS}
    present = sorted({r[4] for r in rows})
    return Dataset(
        region_ids=ids,
        ags=[r[1] for r in rows],
        names=[r[2] for r in rows],
        type_names=[r[3] for r in rows],
        land_codes=[r[4] for r in rows],
        kreis_codes=[r[5] for r in rows],
        population=np.array([r[6] or 0 for r in rows], dtype=np.float64),
        area=np.array([float(r[7]) if r[7] is not None else np.nan for r in rows], dtype=np.float64),
        degurba=np.array([r[8] or 0 for r in rows], dtype=np.int64),
        population_date=latest,
        history=history,
        history_dates=history_dates,
        young=young,
        old=old,
        lands={c: lands.get(c, c) for c in present},
        kreise=kreise,
    )


def uploaded_values(land: str, ds: Dataset) -> dict[str, FloatArray]:
    """Uploaded figures of one Land by criterion key, over the whole dataset (NaN elsewhere)."""
    out: dict[str, FloatArray] = {}
    pos = {rid: i for i, rid in enumerate(ds.region_ids)}
    for rid, key, value in CriterionValue.objects.filter(region__land_code=land).values_list(
        "region_id", "key", "value"
    ):
        arr = out.setdefault(key, np.full(len(ds.ags), np.nan))
        i = pos.get(rid)
        if i is not None:
            arr[i] = float(value)
    return out


def land_uploads(land: str) -> list[CriterionUpload]:
    return list(CriterionUpload.objects.filter(land_code=land).select_related("uploaded_by")[:10])


def finance_lands(user) -> set[str]:
    """The Länder in which a person holds the finance role."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_finance_lands", None)
    if cached is None:
        cached = set(FinanceRole.objects.filter(user=user).values_list("land_code", flat=True))
        user._finance_lands = cached
    return cached


def visible_scenarios(user, land: str | None = None) -> list[Scenario]:
    """The person's own scenarios and the shared ones, optionally of one Land."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Scenario.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")
    if land:
        qs = qs.filter(land_code=land)
    return list(qs.order_by("land_code", "name", "pk"))
