"""The Kommunalprofil of a region: official figures read in a few queries, fed to the engine.

Used by the profile page, the exports (CSV, XLSX, PDF), `leuchtfeuer profile` and the API, so
all of them show the same computed numbers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.core.cache import cache
from django.db.models import Max

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.agegroups import KREIS_11, MIGRATION_6, REGIO_17, ZENSUS22_11, AgeScheme
from leuchtfeuer.places.engine.indicators import (
    AgeSexStructure,
    AnnualCounts,
    Basis,
    CensusData,
    IndicatorResult,
    MigrationFlows,
    PopulationPoint,
    RegionData,
    compute_indicators,
    indicators_by_key,
)
from leuchtfeuer.places.engine.peers import Peer, PeerIndex, PeerInput
from leuchtfeuer.places.engine.steps import SeriesFigure, Step, explain_steps
from leuchtfeuer.places.models import (
    AgeGroupCount,
    CensusFigure,
    PopulationBasis,
    PopulationCount,
    Region,
    RegionBoundary,
    Territory,
    VitalEvents,
)

# Human-readable sources (German) for the table ids stored with every figure.
SOURCE_LABELS = {
    "gv": "Gemeindeverzeichnis GV-ISys (Destatis)",
    "12411-01-01-5": "Regionaldatenbank 12411-01-01-5: Bevölkerungsstand",
    "12411-01-01-4": "Regionaldatenbank 12411-01-01-4: Bevölkerungsstand",
    "12411-02-03-5": "Regionaldatenbank 12411-02-03-5: Bevölkerung nach Geschlecht und Altersgruppen",
    "12411-02-03-4": "Regionaldatenbank 12411-02-03-4: Bevölkerung nach Geschlecht und Altersgruppen",
    "12111-02-01-5": "Regionaldatenbank 12111-02-01-5: Zensus 2011, Bevölkerung nach Altersgruppen",
    "12711-01-03-5": "Regionaldatenbank 12711-01-03-5: Zu- und Fortzüge über die Gemeindegrenzen",
    "12711-01-03-4": "Regionaldatenbank 12711-01-03-4: Zu- und Fortzüge über die Gemeindegrenzen",
    "12612-01-01-5-B": "Regionaldatenbank 12612-01-01-5-B: Lebendgeborene",
    "12613-01-01-5-B": "Regionaldatenbank 12613-01-01-5-B: Gestorbene",
    "12612-01-01-4": "Regionaldatenbank 12612-01-01-4: Lebendgeborene",
    "12613-01-01-4": "Regionaldatenbank 12613-01-01-4: Gestorbene",
    "zensus2022": "Zensus 2022, Regionaltabelle Demografie",
    "zensus2022-demografie": "Zensus 2022, Regionaltabelle Demografie",
    "zensus2022-haushalte": "Zensus 2022, Regionaltabelle Haushalte",
    "zensus2022-gebaeude": "Zensus 2022, Regionaltabelle Gebäude und Wohnungen",
    "zensus2022-erwerbsstatus": "Zensus 2022, Regionaltabelle Erwerbsstatus (Stichprobe)",
    "zensus2022-schulabschluss": "Zensus 2022, Regionaltabelle höchster Schulabschluss (Stichprobe)",
    "zensus2022-berufsabschluss": "Zensus 2022, Regionaltabelle höchster beruflicher Abschluss (Stichprobe)",
    "12411-02-03-4-2024": "Regionaldatenbank 12411-02-03-4: Bevölkerung nach Altersgruppen, 31.12.2024 (Kreise)",
}
# Population basis and territory in German words (tables, exports, API); never the codes.
BASIS_WORDS = {
    PopulationBasis.REGISTER: "Fortschreibung vor dem Zensus 2011",
    PopulationBasis.ZENSUS_2011: "Zensus 2011",
    PopulationBasis.ZENSUS_2022: "Zensus 2022",
}
TERRITORY_WORDS = {
    Territory.CURRENT: "heutiges Gebiet",
    Territory.HARMONISED: "auf heutiges Gebiet umgerechnet",
    Territory.BROKEN: "anderes Gebiet (nicht vergleichbar)",
}
COUNT_SOURCES = frozenset({"12111-02-01-5", "zensus2022"})  # counts of a Zensus, not Fortschreibung
ATTRIBUTION = [
    "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys (Gebietsstand 31.12.2024; Zeitreihe 1990–2023)",
    "© Statistische Ämter des Bundes und der Länder, Deutschland, 2017 (Regionaldatenbank, Stand 10.10.2017)",
    "© Statistische Ämter des Bundes und der Länder, Zensus 2022",
    "© Statistische Ämter des Bundes und der Länder, 2025 (Kreise nach Altersgruppen, 31.12.2024)",
    "© GeoBasis-DE / BKG (2022), Gemeindegrenzen vereinfacht",
    "Alle unter Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0)",
]
_BASIS = {
    PopulationBasis.REGISTER: Basis.PRE_ZENSUS_2011,
    PopulationBasis.ZENSUS_2011: Basis.ZENSUS_2011,
    PopulationBasis.ZENSUS_2022: Basis.ZENSUS_2022,
}
MIGRATION_YEAR = 2015
AGE_DATE = date(2015, 12, 31)


def source_label(table: str) -> str:
    return SOURCE_LABELS.get(table, table)


@dataclass
class SeriesPoint:
    date: date
    total: int
    basis: str  # in German words
    territory: str  # in German words
    source: str
    comparable: bool = True  # on today's territory (as published or summed)
    count: bool = False  # a Zensus count beside the Fortschreibung


@dataclass
class Profile:
    region: Region
    ancestors: list[Region]  # Kreis, Land (those that exist), nearest first
    indicators: list[IndicatorResult]
    comparison: dict[str, dict[str, float | None]]  # indicator key → {"kreis": …, "land": …, "peers": …}
    series: list[SeriesPoint]
    age_2015: dict[str, list[int | None]]  # "male"/"female"/"total" by REGIO_17 band
    age_2011: dict[str, list[int | None]] = field(default_factory=dict)  # Zensus 2011 bands
    age_2022: list[int | None] = field(default_factory=list)  # Zensus 2022 bands, total only
    migration: dict[str, list[int | None]] = field(default_factory=dict)  # "in"/"out" by MIGRATION_6 band
    peers: list[Peer] = field(default_factory=list)
    kreis_map: list[tuple[str, dict, bool]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)  # jumps > 5 % within a year, with reasons

    @property
    def kreis(self) -> Region | None:
        return next((r for r in self.ancestors if r.level == Region.Level.KREIS), None)

    @property
    def land(self) -> Region | None:
        return next((r for r in self.ancestors if r.level == Region.Level.LAND), None)

    def indicator(self, key: str) -> IndicatorResult | None:
        return next((i for i in self.indicators if i.key == key), None)


def ancestors_of(region: Region) -> list[Region]:
    """Kreis and Land of a region (one query)."""
    keys = []
    if region.kreis_code and region.level not in (Region.Level.KREIS, Region.Level.LAND, Region.Level.BUND):
        keys.append(region.kreis_code)
    if region.land_code and region.level not in (Region.Level.LAND, Region.Level.BUND):
        keys.append(region.land_code)
    if not keys:
        return []
    found = {r.ars: r for r in Region.objects.filter(ars__in=keys)}
    return [found[k] for k in keys if k in found]


# Age structures a profile reads: (scheme, the PopulationCount source of its published total).
AGE_SCHEMES: tuple[tuple[AgeScheme, str | None], ...] = (
    (ZENSUS22_11, "zensus2022"),
    (KREIS_11, "12411-02-03-4-2024"),
    (REGIO_17, None),
)


def _region_data_bulk(regions: list[Region]) -> dict[int, RegionData]:
    """RegionData for several regions with five queries in total."""
    ids = [r.pk for r in regions]
    series: dict[int, list[PopulationPoint]] = defaultdict(list)
    totals: dict[tuple[int, str], int] = {}
    for row in (
        PopulationCount.objects.filter(region_id__in=ids)
        .exclude(territory=Territory.BROKEN)
        .order_by("reference_date")
    ):
        totals[(row.region_id, row.source)] = row.total
        series[row.region_id].append(
            PopulationPoint(
                row.reference_date,
                float(row.total),
                _BASIS[row.basis],
                f"{source_label(row.source)}, {row.reference_date:%d.%m.%Y}",
                count=row.source in COUNT_SOURCES,
                male=float(row.male) if row.male is not None else None,
                female=float(row.female) if row.female is not None else None,
            )
        )
    ages: dict[tuple[int, str, str], dict[int, AgeGroupCount]] = defaultdict(dict)
    for row in AgeGroupCount.objects.filter(
        region_id__in=ids,
        kind__in=[AgeGroupCount.Kind.POPULATION, AgeGroupCount.Kind.MOVES_IN, AgeGroupCount.Kind.MOVES_OUT],
        scheme__in=[*(scheme.key for scheme, _ in AGE_SCHEMES), MIGRATION_6.key],
    ).exclude(territory=Territory.BROKEN):
        ages[(row.region_id, row.kind, row.scheme)][row.age_from] = row
    vital: dict[int, list[VitalEvents]] = defaultdict(list)
    for row in (
        VitalEvents.objects.filter(region_id__in=ids).exclude(territory=Territory.BROKEN).order_by("year")
    ):
        vital[row.region_id].append(row)
    census: dict[int, dict[str, int | None]] = defaultdict(dict)
    census_sources: dict[int, dict[str, str]] = defaultdict(dict)
    for region_id, table, code, value, source in CensusFigure.objects.filter(region_id__in=ids).values_list(
        "region_id", "table", "code", "value", "source"
    ):
        census[region_id][f"{table}.{code}"] = value
        census_sources[region_id][table] = f"{source_label(source)}, 15.05.2022"

    def arr(rows: dict[int, AgeGroupCount], lowers, attr: str) -> np.ndarray:
        return np.array(
            [
                np.nan if (r := rows.get(lo)) is None or getattr(r, attr) is None else getattr(r, attr)
                for lo in lowers
            ],
            dtype=float,
        )

    result = {}
    for region in regions:
        structures = []
        for scheme, total_source in AGE_SCHEMES:
            rows = ages.get((region.pk, AgeGroupCount.Kind.POPULATION, scheme.key))
            if not rows:
                continue
            sample = next(iter(rows.values()))
            with_sex = any(r.male is not None for r in rows.values())
            structures.append(
                AgeSexStructure(
                    scheme=scheme,
                    total=arr(rows, scheme.lower, "total"),
                    male=arr(rows, scheme.lower, "male") if with_sex else None,
                    female=arr(rows, scheme.lower, "female") if with_sex else None,
                    reference_date=sample.reference_date,
                    basis=_BASIS[sample.basis],
                    source=f"{source_label(sample.source)}, {sample.reference_date:%d.%m.%Y}",
                    published_total=totals.get((region.pk, total_source)) if total_source else None,
                    count=sample.source in COUNT_SOURCES,
                )
            )
        structures.sort(key=lambda x: x.reference_date, reverse=True)
        migration = None
        rows_in = ages.get((region.pk, AgeGroupCount.Kind.MOVES_IN, MIGRATION_6.key))
        rows_out = ages.get((region.pk, AgeGroupCount.Kind.MOVES_OUT, MIGRATION_6.key))
        if rows_in and rows_out:
            sample = next(iter(rows_in.values()))
            migration = MigrationFlows(
                year=sample.reference_date.year,
                inflow=arr(rows_in, MIGRATION_6.lower, "total"),
                outflow=arr(rows_out, MIGRATION_6.lower, "total"),
                source=f"{source_label(sample.source)}, {sample.reference_date.year}",
            )
        events = vital.get(region.pk, [])
        births = deaths = None
        if events:
            source = events[0].source
            births = AnnualCounts(
                {e.year: e.births for e in events}, source_label(source.split("/")[0].strip())
            )
            deaths = AnnualCounts(
                {e.year: e.deaths for e in events}, source_label(source.split("/")[-1].strip())
            )
        result[region.pk] = RegionData(
            key=region.key,
            name=region.name,
            area_km2=float(region.area_km2) if region.area_km2 is not None else None,
            area_date=region.population_date,
            area_source="Gemeindeverzeichnis (Destatis), Gebietsstand 31.12.2024",
            population=series.get(region.pk, []),
            age_structure=structures[0] if structures else None,
            age_history=tuple(structures[1:]),
            births=births,
            deaths=deaths,
            migration=migration,
            census=CensusData(census[region.pk], sources=census_sources[region.pk])
            if census.get(region.pk)
            else None,
        )
    return result


def data_version() -> str:
    """A key that changes whenever official data is (re)imported; use it in cache keys."""
    latest = PopulationCount.objects.aggregate(m=Max("id"))["m"]
    return f"{latest}-{Region.objects.aggregate(m=Max('id'))['m']}"


def peer_index() -> PeerIndex | None:
    """The peer index over all inhabited Gemeinden, cached per data version."""
    version = data_version()
    cache_key = f"leuchtfeuer:peers:{version}"
    data = cache.get(cache_key)
    if data is None:
        data = _peer_input()
        if data is None:
            return None
        cache.set(cache_key, data, timeout=None)
    return PeerIndex(data)


def _peer_input() -> PeerInput | None:
    gemeinden = list(
        Region.objects.filter(level=Region.Level.GEMEINDE, population__gt=0)
        .order_by("ags")
        .values_list("id", "ags", "name", "population", "area_km2", "degurba", "land_code")
    )
    if not gemeinden:
        return None
    row = {g[0]: i for i, g in enumerate(gemeinden)}
    n = len(gemeinden)
    # Age shares from the most recent table every Gemeinde has: the Zensus 2022 (15.05.2022),
    # the same way as the profile computes them (16–18 and 60–66 split by their years).
    bands = np.full((n, ZENSUS22_11.size), np.nan)
    position = {lo: k for k, lo in enumerate(ZENSUS22_11.lower)}
    for region_id, age_from, total in AgeGroupCount.objects.filter(
        region__level=Region.Level.GEMEINDE, kind=AgeGroupCount.Kind.POPULATION, scheme=ZENSUS22_11.key
    ).values_list("region_id", "age_from", "total"):
        i = row.get(region_id)
        if i is not None and total is not None:
            bands[i, position[age_from]] = total
    totals = np.full(n, np.nan)
    for region_id, total in PopulationCount.objects.filter(
        region__level=Region.Level.GEMEINDE, source="zensus2022"
    ).values_list("region_id", "total"):
        i = row.get(region_id)
        if i is not None:
            totals[i] = total
    with np.errstate(divide="ignore", invalid="ignore"):
        share_u18 = np.where(totals > 0, 100 * ag.count_in_range(bands, ZENSUS22_11, 0, 18) / totals, np.nan)
        share_65 = np.where(
            totals > 0, 100 * ag.count_in_range(bands, ZENSUS22_11, 65, None) / totals, np.nan
        )
    # Change 31.12.2013 → 31.12.2023, both on the Zensus 2011 basis, on comparable territory.
    start = np.full(n, np.nan)
    end = np.full(n, np.nan)
    for region_id, ref, total in (
        PopulationCount.objects.filter(
            region__level=Region.Level.GEMEINDE,
            reference_date__in=[date(2013, 12, 31), date(2023, 12, 31)],
        )
        .exclude(territory=Territory.BROKEN)
        .values_list("region_id", "reference_date", "total")
    ):
        i = row.get(region_id)
        if i is not None:
            (start if ref.year == 2013 else end)[i] = total
    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100 * (end - start) / start
    moves = np.full(n, np.nan)
    balance: dict[int, float] = defaultdict(float)
    seen: set[int] = set()
    for region_id, kind, total in AgeGroupCount.objects.filter(
        region__level=Region.Level.GEMEINDE,
        kind__in=[AgeGroupCount.Kind.MOVES_IN, AgeGroupCount.Kind.MOVES_OUT],
        scheme=MIGRATION_6.key,
    ).values_list("region_id", "kind", "total"):
        if total is None:
            continue
        balance[region_id] += total if kind == AgeGroupCount.Kind.MOVES_IN else -total
        seen.add(region_id)
    pop_2015: dict[int, float] = defaultdict(float)
    for region_id, total in AgeGroupCount.objects.filter(
        region__level=Region.Level.GEMEINDE, kind=AgeGroupCount.Kind.POPULATION, scheme=REGIO_17.key
    ).values_list("region_id", "total"):
        pop_2015[region_id] += total or 0
    for region_id in seen:
        i = row.get(region_id)
        if i is not None and pop_2015.get(region_id, 0) > 0:
            moves[i] = 1000 * balance[region_id] / pop_2015[region_id]  # the migration year's population
    return PeerInput(
        keys=[g[1] for g in gemeinden],
        names=[g[2] for g in gemeinden],
        population=np.array([g[3] for g in gemeinden], dtype=float),
        area_km2=np.array([float(g[4]) if g[4] is not None else np.nan for g in gemeinden]),
        share_under_18=share_u18,
        share_65_plus=share_65,
        population_change=change,
        migration_balance_per_1000=moves,
        degurba=np.array([g[5] if g[5] is not None else np.nan for g in gemeinden], dtype=float),
        land_code=[g[6] for g in gemeinden],
    )


def region_peers(region: Region, n: int = 10) -> list[Peer]:
    if region.level != Region.Level.GEMEINDE:
        return []
    index = peer_index()
    if index is None:
        return []
    try:
        return index.peers(region.key, n=n)
    except KeyError:
        return []


def _mean(values: list[float | None]) -> float | None:
    clean = [v for v in values if v is not None and np.isfinite(v)]
    return float(np.mean(clean)) if clean else None


def build_profile(region: Region, *, with_map: bool = True, with_peers: bool = True) -> Profile:
    ancestors = ancestors_of(region)
    peers = region_peers(region) if with_peers else []
    peer_regions = list(Region.objects.filter(level=Region.Level.GEMEINDE, ags__in=[p.key for p in peers]))
    data = _region_data_bulk([region, *ancestors, *peer_regions])
    indicators = compute_indicators(data[region.pk])
    # Kreis, Land and peers are computed on the town's own dates and periods (like with like)
    like = indicators_by_key(indicators)
    by_region = {
        r.pk: {i.key: i.value for i in compute_indicators(data[r.pk], like=like)}
        for r in [*ancestors, *peer_regions]
    }
    comparison: dict[str, dict[str, float | None]] = {}
    for ind in indicators:
        comparison[ind.key] = {r.level: by_region[r.pk].get(ind.key) for r in ancestors} | {
            "peers": _mean([by_region[p.pk].get(ind.key) for p in peer_regions])
        }

    counts = list(PopulationCount.objects.filter(region=region).order_by("reference_date"))
    series = [
        SeriesPoint(
            p.reference_date,
            p.total,
            BASIS_WORDS.get(p.basis, p.basis),
            TERRITORY_WORDS.get(p.territory, p.territory),
            source_label(p.source),
            comparable=p.territory != Territory.BROKEN,
            count=p.source in COUNT_SOURCES,
        )
        for p in counts
    ]
    own = data[region.pk]
    natural: dict[int, float] = {}
    if own.births and own.deaths:
        for year, born in own.births.values.items():
            died = own.deaths.values.get(year)
            if born is not None and died is not None:
                natural[year] = float(born) - float(died)
    steps = explain_steps(
        [
            SeriesFigure(p.reference_date, float(p.total), p.basis, p.territory, p.source in COUNT_SOURCES)
            for p in counts
        ],
        natural,
    )
    age_rows = list(
        AgeGroupCount.objects.filter(
            region=region,
            kind__in=[
                AgeGroupCount.Kind.POPULATION,
                AgeGroupCount.Kind.MOVES_IN,
                AgeGroupCount.Kind.MOVES_OUT,
            ],
        )
    )

    def band_values(kind: str, scheme_key: str, lowers, attr: str) -> list[int | None]:
        found = {r.age_from: getattr(r, attr) for r in age_rows if r.kind == kind and r.scheme == scheme_key}
        return [found.get(lo) for lo in lowers] if found else []

    pop = AgeGroupCount.Kind.POPULATION
    age_2015 = {
        attr: band_values(pop, REGIO_17.key, REGIO_17.lower, attr) for attr in ("total", "male", "female")
    }
    z11_lowers = sorted({r.age_from for r in age_rows if r.scheme == "zensus11_11"})
    age_2011 = {
        attr: band_values(pop, "zensus11_11", z11_lowers, attr) for attr in ("total", "male", "female")
    }
    age_2011["lowers"] = z11_lowers
    age_2022 = band_values(pop, ZENSUS22_11.key, ZENSUS22_11.lower, "total")
    migration = {
        "in": band_values(AgeGroupCount.Kind.MOVES_IN, MIGRATION_6.key, MIGRATION_6.lower, "total"),
        "out": band_values(AgeGroupCount.Kind.MOVES_OUT, MIGRATION_6.key, MIGRATION_6.lower, "total"),
    }
    kreis_map = kreis_shapes(region, ancestors) if with_map else []
    return Profile(
        region=region,
        ancestors=ancestors,
        indicators=indicators,
        comparison=comparison,
        series=series,
        age_2015=age_2015,
        age_2011=age_2011,
        age_2022=age_2022,
        migration=migration,
        peers=peers,
        kreis_map=kreis_map,
        steps=steps,
    )


def kreis_shapes(region: Region, ancestors: list[Region]) -> list[tuple[str, dict, bool]]:
    """Outlines of every Gemeinde in the region's Kreis, the region highlighted (one query)."""
    if region.level != Region.Level.GEMEINDE or not region.kreis_code:
        return []
    rows = RegionBoundary.objects.filter(
        region__level=Region.Level.GEMEINDE, region__kreis_code=region.kreis_code
    ).values_list("region_id", "region__name", "geometry")
    return [(name, json.loads(geometry), region_id == region.pk) for region_id, name, geometry in rows]
