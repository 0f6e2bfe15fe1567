"""The API (django-ninja), OpenAPI at /api/openapi.json.

Official data is open (read without login); each part mounts its router at /api/v1/ and checks the
same permissions as its pages (rules.py) for anything not public.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Field, Query, Schema
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from leuchtfeuer.core.api import LeuchtfeuerAPI, RegionKey, SearchText
from leuchtfeuer.finance.api import router as finance_router
from leuchtfeuer.funding.api import router as funding_router
from leuchtfeuer.knowledge.api import router as knowledge_router
from leuchtfeuer.matching.api import router as matching_router
from leuchtfeuer.participation.api import router as participation_router
from leuchtfeuer.places.engine.agegroups import REGIO_17
from leuchtfeuer.places.models import AgeGroupCount, PopulationCount, Region
from leuchtfeuer.places.profile import ATTRIBUTION, build_profile, region_peers, source_label
from leuchtfeuer.places.selectors import region_by_key, search_regions
from leuchtfeuer.portal.api import router as portal_router
from leuchtfeuer.portal.belonging.public.api import router as mitmachen_router
from leuchtfeuer.projections.api import router as projections_router
from leuchtfeuer.werkstatt.api import router as werkstatt_router


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with umlauts as they are ("Görlitz", not "G\\u00f6rlitz")."""

    json_dumps_params = {"ensure_ascii": False}


api = LeuchtfeuerAPI(
    renderer=UnicodeJSONRenderer(),
    # Swagger UI from django-ninja's own static files (no CDN; the CSP allows only this host).
    # No validator badge: it would send the schema to an outside service.
    docs=Swagger(settings={"validatorUrl": None}),
    title="Leuchtfeuer – Offene Daten",
    version="1",
    description="Amtliche Daten zu allen Gemeinden, Kreisen und Ländern. Quellen: " + "; ".join(ATTRIBUTION),
    urls_namespace="api",
)


class RegionOut(Schema):
    key: str
    ags: str | None
    ars: str
    name: str
    level: str
    population: int | None
    population_date: date | None
    area_km2: float | None
    size_class: str
    degurba: int | None
    plz: str


class SearchHit(Schema):
    key: str
    name: str
    level: str
    plz: str
    population: int | None
    score: float


class IndicatorHistoryOut(Schema):
    reference_date: date | None
    value: float | None
    basis: str
    source: str
    estimated: bool


class RegionIndicatorOut(Schema):
    key: str
    label: str
    value: float | None
    unit: str
    reference_date: date | None
    reference_start: date | None
    source: str
    definition: str
    estimated: bool
    series_break: bool
    notes: list[str]
    basis: str = Field(description="Bevölkerungsbasis des Werts in Worten (Zensus 2011 / Zensus 2022)")
    history: list[IndicatorHistoryOut] = Field(description="ältere Werte desselben Indikators")
    comparison: dict[str, float | None]


class PeerOut(Schema):
    key: str
    name: str
    rank: int
    distance: float
    explanation: str


class AgeBandOut(Schema):
    age_from: int
    age_to: int | None
    label: str
    total: int | None
    male: int | None
    female: int | None


class PopulationOut(Schema):
    key: str
    reference_date: date | None
    total: int | None
    basis: str | None
    source: str | None
    age_groups: list[AgeBandOut]
    age_source: str | None
    attribution: list[str]


def _region(key: str) -> Region:
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    return region


def _region_out(region: Region) -> dict:
    return {
        "key": region.key,
        "ags": region.ags or None,
        "ars": region.ars,
        "name": region.name,
        "level": region.level,
        "population": region.population,
        "population_date": region.population_date,
        "area_km2": float(region.area_km2) if region.area_km2 is not None else None,
        "size_class": region.size_class,
        "degurba": region.degurba,
        "plz": region.plz,
    }


@api.get("/v1/regions", response=list[SearchHit], summary="Gemeinden, Kreise und Länder suchen")
def regions(
    request,
    q: SearchText = "",
    limit: int = Query(10, ge=1, le=50, description="Höchstens so viele Treffer (1–50)"),
):
    return [
        {
            "key": e.key,
            "name": e.name,
            "level": e.level,
            "plz": e.plz,
            "population": e.population,
            "score": round(s, 3),
        }
        for e, s in search_regions(q, limit=limit)
    ]


@api.get("/v1/regions/{key}", response=RegionOut, summary="Eine Gebietseinheit (AGS oder ARS)")
def region_detail(request, key: RegionKey):
    return _region_out(_region(key))


@api.get(
    "/v1/regions/{key}/indicators", response=list[RegionIndicatorOut], summary="Indikatoren mit Vergleich"
)
def region_indicators(request, key: RegionKey):
    profile = build_profile(_region(key), with_map=False)
    return [dict(i.to_dict(), comparison=profile.comparison.get(i.key, {})) for i in profile.indicators]


@api.get("/v1/regions/{key}/peers", response=list[PeerOut], summary="Die 10 ähnlichsten Gemeinden")
def region_peer_list(request, key: RegionKey):
    return [
        {
            "key": p.key,
            "name": p.name,
            "rank": p.rank,
            "distance": round(p.distance, 4),
            "explanation": p.explanation,
        }
        for p in region_peers(_region(key))
    ]


@api.get(
    "/v1/regions/{key}/population", response=PopulationOut, summary="Bevölkerung nach Alter und Geschlecht"
)
def region_population(
    request,
    key: RegionKey,
    year: int | None = Query(None, ge=1900, le=2100, description="Stichtag in diesem Jahr (1900–2100)"),
):
    region = _region(key)
    counts = PopulationCount.objects.filter(region=region).order_by("reference_date")
    if year is not None:
        counts = counts.filter(reference_date__year=year)
    point = counts.last()
    bands = AgeGroupCount.objects.filter(
        region=region, kind=AgeGroupCount.Kind.POPULATION, scheme=REGIO_17.key
    ).order_by("age_from")
    if year is not None:
        bands = bands.filter(reference_date__year=year)
    labels = dict(zip(REGIO_17.lower, REGIO_17.labels, strict=True))
    band_list = list(bands)
    return {
        "key": region.key,
        "reference_date": point.reference_date if point else None,
        "total": point.total if point else None,
        "basis": point.basis if point else None,
        "source": source_label(point.source) if point else None,
        "age_groups": [
            {
                "age_from": b.age_from,
                "age_to": b.age_to,
                "label": labels.get(b.age_from, ""),
                "total": b.total,
                "male": b.male,
                "female": b.female,
            }
            for b in band_list
        ],
        "age_source": f"{source_label(band_list[0].source)}, {band_list[0].reference_date:%d.%m.%Y}"
        if band_list
        else None,
        "attribution": ATTRIBUTION,
    }


# Each part's router is mounted at /api/v1/ and declares its own complete paths below it.

api.add_router("/v1/", projections_router)
api.add_router("/v1/", werkstatt_router)
api.add_router("/v1/", knowledge_router)
api.add_router("/v1/", portal_router)
api.add_router("/v1/", mitmachen_router)
api.add_router("/v1/", participation_router)
api.add_router("/v1/", funding_router)
api.add_router("/v1/", matching_router)
api.add_router("/v1/", finance_router)
