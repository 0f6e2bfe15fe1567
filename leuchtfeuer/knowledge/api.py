"""API of this part (django-ninja router mounted at /api/v1/; paths here are relative to that).

Published examples are open data. Recommendations for a region are public and ranked by peer
similarity; for a municipality whose dashboard the caller may see, the town's Resilienz-Check
weak spots and Werkstattplan fields are used too (they are internal).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.api import PathId, RegionKey, SearchText, Word
from leuchtfeuer.knowledge import town_signals
from leuchtfeuer.knowledge.models import Example, Vocabulary
from leuchtfeuer.knowledge.recommend import recommendations_for_region
from leuchtfeuer.knowledge.search import SORTS, search_examples
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.places.selectors import region_by_key

router = Router(tags=["Wissen"])

VOCABS = {
    Vocabulary.HANDLUNGSFELD: taxonomy.HANDLUNGSFELDER,
    Vocabulary.ZIELGRUPPE: taxonomy.LIFE_PHASES,
    Vocabulary.HERAUSFORDERUNG: taxonomy.CHALLENGE_FIELDS,
    Vocabulary.PFEILER: taxonomy.RESILIENCE_PILLARS,
}


class TermOut(Schema):
    key: str
    label: str


class ExampleSummaryOut(Schema):
    id: int
    slug: str
    title: str
    place: str
    region_key: str | None
    municipality_slug: str | None
    land_code: str
    size_class: str
    phase: str
    summary: str
    url: str
    handlungsfelder: list[TermOut]


class ExampleOut(ExampleSummaryOut):
    description: str
    period_start: int | None
    period_end: int | None
    costs: str
    cost_range: str
    funding: str
    success_factors: str
    obstacles: str
    contact_name: str | None
    contact_email: str | None
    links: list[dict]
    target_groups: list[TermOut]
    challenge_fields: list[TermOut]
    pillars: list[TermOut]
    images: list[dict]
    source: str
    version: int
    published_at: datetime | None


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    results: list[ExampleSummaryOut]
    facets: dict[str, list[dict]]


class RecommendationOut(Schema):
    rank: int
    score: float
    similarity: float
    distance: float | None
    explanation: str
    weak_spots: list[str]
    plan_fields: list[str]
    example: ExampleSummaryOut


def _terms(example: Example, vocab: str) -> list[dict]:
    return [
        {"key": t.key, "label": taxonomy.label(VOCABS[vocab], t.key)}
        for t in example.terms.all()
        if t.vocabulary == vocab
    ]


def _summary(example: Example) -> dict:
    return {
        "id": example.pk,
        "slug": example.slug,
        "title": example.title,
        "place": example.place,
        "region_key": example.region.key if example.region_id else None,
        # ASCII slug of the submitting town (e.g. "goerlitz"), if a town submitted it.
        "municipality_slug": example.municipality.slug if example.municipality_id else None,
        "land_code": example.land_code,
        "size_class": example.size_class,
        "phase": example.phase,
        "summary": example.summary,
        "url": f"/wissen/beispiele/{example.slug}/",
        "handlungsfelder": _terms(example, Vocabulary.HANDLUNGSFELD),
    }


Filter = Annotated[list[Word], Field(max_length=50)]
Sort = Literal[("", *SORTS)]


class ExampleQuery(Schema):
    q: SearchText = ""
    handlungsfeld: Filter = []
    zielgruppe: Filter = []
    land: Filter = []
    groesse: Filter = []
    kosten: Filter = []
    stand: Filter = []
    sort: Sort = ""
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(20, ge=1, le=100)


FILTER_NAMES = ("handlungsfeld", "zielgruppe", "land", "groesse", "kosten", "stand")


@router.get(
    "examples", response=SearchOut, summary="Praxisbeispiele suchen (deutsche Volltextsuche, Facetten)"
)
def examples(request, params: Query[ExampleQuery]):
    result = search_examples(
        params.q,
        filters={name: getattr(params, name) for name in FILTER_NAMES},
        sort=params.sort,
        page=params.page,
        per_page=params.per_page,
    )
    examples_ = [h.example for h in result.hits]  # loaded with region, municipality and terms
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "results": [_summary(e) for e in examples_],
        "facets": {
            name: [{"key": v.key, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in result.facets.items()
        },
    }


@router.get("examples/{id}", response=ExampleOut, summary="Ein veröffentlichtes Praxisbeispiel")
def example_detail(request, id: PathId):
    example = (
        Example.objects.filter(pk=id, state=Example.State.PUBLISHED)
        .select_related("region", "municipality")
        .prefetch_related("terms", "images")
        .first()
    )
    if example is None:
        raise Http404("Dieses Praxisbeispiel gibt es nicht oder es ist nicht veröffentlicht.")
    consented = bool(example.contact_email and example.contact_consent_at)
    return {
        **_summary(example),
        "description": example.description,
        "period_start": example.period_start,
        "period_end": example.period_end,
        "costs": example.costs,
        "cost_range": example.cost_range,
        "funding": example.funding,
        "success_factors": example.success_factors,
        "obstacles": example.obstacles,
        "contact_name": example.contact_name if consented else None,
        "contact_email": example.contact_email if consented else None,
        "links": example.links,
        "target_groups": _terms(example, Vocabulary.ZIELGRUPPE),
        "challenge_fields": _terms(example, Vocabulary.HERAUSFORDERUNG),
        "pillars": _terms(example, Vocabulary.PFEILER),
        "images": [
            {
                "url": f"/wissen/beispiele/{example.slug}/bilder/{i.pk}/",
                "alt_text": i.alt_text,
                "credit": i.credit,
            }
            for i in example.images.all()
        ],
        "source": example.source,
        "version": example.version,
        "published_at": example.published_at,
    }


@router.get(
    "regions/{key}/recommendations",
    response=list[RecommendationOut],
    summary="Lösungen für Kommunen wie diese (Praxisbeispiele ähnlicher Orte, mit Begründung)",
)
def region_recommendations(
    request, key: RegionKey, limit: int = Query(10, ge=1, le=50, description="Höchstens so viele (1–50)")
):
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    municipality = Municipality.objects.filter(region=region).first()
    weak, plan = [], []
    if municipality is not None and request.user.has_perm("knowledge.view_recommendations", municipality):
        weak = town_signals.weak_spots(municipality)
        plan = town_signals.plan_fields(municipality)
    items = recommendations_for_region(
        region, municipality=municipality, weak_spots=weak, plan_fields=plan, limit=limit
    )
    examples_ = {
        e.pk: e
        for e in Example.objects.filter(pk__in=[r.example.pk for r in items])
        .select_related("region", "municipality")
        .prefetch_related("terms")
    }
    return [
        {
            "rank": rank,
            "score": round(r.score, 4),
            "similarity": round(r.similarity, 4),
            "distance": round(r.distance, 4) if r.distance is not None else None,
            "explanation": r.explanation,
            "weak_spots": r.weak_spots,
            "plan_fields": r.plan_fields,
            "example": _summary(examples_[r.example.pk]),
        }
        for rank, r in enumerate(items, start=1)
    ]
