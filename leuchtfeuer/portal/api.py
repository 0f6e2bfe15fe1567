"""API of this part (django-ninja router mounted at /api/v1/; paths here are relative to that).

Public and read-only: published portals and their public content. No personal data is exposed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema

from leuchtfeuer.core.api import MAX_ID, Slug
from leuchtfeuer.portal import selectors
from leuchtfeuer.portal.models import Portal
from leuchtfeuer.portal.vocab import PHASE_PATHS, JobField, OfferKind

router = Router(tags=["Portal"])

# The filters of the portal's offer page; "arbeit" and "wohnen" group several kinds.
OfferKindFilter = Literal[("", *OfferKind.values, "arbeit", "wohnen")]
PhaseFilter = Literal[("", *PHASE_PATHS)]
JobFieldFilter = Literal[("", *JobField.values)]


class KeyFigureOut(Schema):
    key: str
    label: str
    value: float
    unit: str
    reference_date: date | None
    source: str


class PortalOut(Schema):
    slug: str
    title: str
    municipality: str
    region_key: str
    is_kreis_portal: bool
    intro: str
    contact_name: str
    contact_role: str
    contact_phone: str
    contact_email: str
    url: str


class PortalDetailOut(PortalOut):
    key_figures: list[KeyFigureOut]


class OfferOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    job_field: str
    municipality: str
    ortsteil: str | None
    place: str
    starts_on: date | None
    ends_on: date | None
    conditions: str
    contact_name: str
    contact_email: str
    contact_phone: str
    organisation: str | None
    life_phases: list[str]
    is_demo: bool


class EventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    capacity: int
    free_places: int
    is_demo: bool


class StoryOut(Schema):
    id: int
    title: str
    person_name: str
    quote: str
    body: str
    image_alt: str
    is_fictional: bool


def _portal(slug: str) -> Portal:
    portal = selectors.portal_by_slug(slug)
    if portal is None:
        raise Http404(f"Kein veröffentlichtes Portal „{slug}“.")
    return portal


def _portal_out(portal: Portal) -> dict:
    return {
        "slug": portal.municipality.slug,
        "title": portal.title,
        "municipality": portal.municipality.display_name,
        "region_key": portal.municipality.region.key,
        "is_kreis_portal": selectors.is_kreis_portal(portal),
        "intro": portal.intro,
        "contact_name": portal.contact_name,
        "contact_role": portal.contact_role,
        "contact_phone": portal.contact_phone,
        "contact_email": portal.contact_email,
        "url": f"/ankommen/{portal.municipality.slug}/",
    }


@router.get("portals", response=list[PortalOut], summary="Veröffentlichte Rückkehr- und Zuzugsportale")
def portal_list(request):
    return [_portal_out(p) for p in selectors.published_portals()]


@router.get("portals/{slug}", response=PortalDetailOut, summary="Ein Portal mit amtlichen Eckdaten")
def portal_detail(request, slug: Slug):
    portal = _portal(slug)
    figures = [
        {k: str(v) if k == "label" else v for k, v in f.items() if k in KeyFigureOut.model_fields}
        for f in selectors.key_figures(portal.municipality.region)
    ]
    return dict(_portal_out(portal), key_figures=figures)


@router.get("portals/{slug}/offers", response=list[OfferOut], summary="Aktuelle Angebote eines Portals")
def portal_offers(
    request,
    slug: Slug,
    kind: OfferKindFilter = "",
    ortsteil: int | None = Query(None, ge=1, le=MAX_ID, description="Nummer eines Ortsteils"),
    phase: PhaseFilter = "",
    job_field: JobFieldFilter = "",
):
    portal = _portal(slug)
    offers = selectors.filter_offers(
        selectors.visible_offers(selectors.member_municipality_ids(portal)),
        kind=kind,
        ortsteil=str(ortsteil or ""),
        phase=phase,
        job_field=job_field,
    )[:500]
    return [
        {
            "id": o.pk,
            "kind": o.kind,
            "kind_label": str(OfferKind(o.kind).label),
            "title": o.title,
            "description": o.description,
            "job_field": o.job_field,
            "municipality": o.municipality.display_name,
            "ortsteil": o.ortsteil.name if o.ortsteil_id else None,
            "place": o.place_text,
            "starts_on": o.starts_on,
            "ends_on": o.ends_on,
            "conditions": o.conditions,
            "contact_name": o.contact_name,
            "contact_email": o.contact_email,
            "contact_phone": o.contact_phone,
            "organisation": o.organisation.name if o.organisation_id else None,
            "life_phases": list(o.life_phases or []),
            "is_demo": o.is_demo,
        }
        for o in offers
    ]


@router.get(
    "portals/{slug}/events", response=list[EventOut], summary="Kommende Veranstaltungen eines Portals"
)
def portal_events(request, slug: Slug):
    portal = _portal(slug)
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "title": e.title,
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "place": e.place,
            "capacity": e.capacity,
            "free_places": selectors.event_free_places(e),
            "is_demo": e.is_demo,
        }
        for e in selectors.upcoming_events(selectors.member_municipality_ids(portal))[:200]
    ]


@router.get(
    "portals/{slug}/stories", response=list[StoryOut], summary="Veröffentlichte Geschichten eines Portals"
)
def portal_stories(request, slug: Slug):
    portal = _portal(slug)
    return [
        {
            "id": s.pk,
            "title": s.title,
            "person_name": s.person_name,
            "quote": s.quote,
            "body": s.body,
            "image_alt": s.image_alt,
            "is_fictional": s.is_fictional,
        }
        for s in selectors.published_stories(selectors.member_municipality_ids(portal))[:200]
    ]
