"""API of "Mitmachen" (django-ninja router mounted at /api/v1/ by leuchtfeuer/api.py).

Public and read-only: a portal's published engagement offers (Vereine, Ehrenamt, Feuerwehr,
Kultur, Dritte Orte) and its coming events with their series. No personal data: only what the
public page shows (the offer's contact person is published by the offer itself).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema

from leuchtfeuer.core.api import MAX_ID, Slug
from leuchtfeuer.portal import selectors as portal_selectors
from leuchtfeuer.portal.belonging.gatherings.selectors import upcoming_with_series
from leuchtfeuer.portal.belonging.public import selectors
from leuchtfeuer.portal.models import Portal
from leuchtfeuer.portal.vocab import EngagementArea, Interest

router = Router(tags=["Portal: Mitmachen"])

InterestFilter = Literal[("", *Interest.values)]  # type: ignore[valid-type]  # built from the vocabulary


class EngagementOut(Schema):
    id: int
    title: str
    description: str
    area: str
    area_label: str
    interests: list[str]
    sought: str
    skills: str
    hours_per_month: int | None
    min_age: int | None
    max_age: int | None
    schedule: str
    newcomers_welcome: bool
    municipality: str
    ortsteil: str | None
    place: str
    organisation: str | None
    contact_name: str
    contact_email: str
    contact_phone: str
    ends_on: date | None
    is_demo: bool


class EventDateOut(Schema):
    id: int
    starts_at: datetime


class SeriesEventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    capacity: int
    free_places: int
    repeat: str
    series_id: int | None
    further_dates: list[EventDateOut]
    is_demo: bool


def _portal(slug: str) -> Portal:
    portal = portal_selectors.portal_by_slug(slug)
    if portal is None:
        raise Http404(f"Kein veröffentlichtes Portal „{slug}“.")
    return portal


@router.get(
    "portals/{slug}/engagement",
    response=list[EngagementOut],
    summary="Mitmachen: Engagement-Angebote (Vereine, Ehrenamt, Feuerwehr, Kultur) eines Portals",
)
def portal_engagement(
    request,
    slug: Slug,
    interest: InterestFilter = "",
    ortsteil: int | None = Query(None, ge=1, le=MAX_ID, description="Nummer eines Ortsteils"),
):
    """Published, unexpired engagement offers; `interest` is a key of portal.vocab.Interest."""
    portal = _portal(slug)
    offers = selectors.filter_engagement(
        portal_selectors.member_municipality_ids(portal), interest=interest, ortsteil=ortsteil
    )
    areas = dict(EngagementArea.choices)
    return [
        {
            "id": o.pk,
            "title": o.title,
            "description": o.description,
            "area": o.engagement.area,
            "area_label": str(areas.get(o.engagement.area, "")),
            "interests": list(o.engagement.interests or []),
            "sought": o.engagement.sought,
            "skills": o.engagement.skills,
            "hours_per_month": o.engagement.hours_per_month,
            "min_age": o.engagement.min_age,
            "max_age": o.engagement.max_age,
            "schedule": o.engagement.schedule,
            "newcomers_welcome": o.engagement.newcomers_welcome,
            "municipality": o.municipality.display_name,
            "ortsteil": o.ortsteil.name if o.ortsteil else None,
            "place": o.place_text,
            "organisation": o.organisation.name if o.organisation else None,
            "contact_name": o.contact_name,
            "contact_email": o.contact_email,
            "contact_phone": o.contact_phone,
            "ends_on": o.ends_on,
            "is_demo": o.is_demo,
        }
        for o in offers
    ]


@router.get(
    "portals/{slug}/event-series",
    response=list[SeriesEventOut],
    summary="Kommende Veranstaltungen mit Wiederholung (Rückkehrertage, Willkommensveranstaltungen)",
)
def portal_event_series(request, slug: Slug):
    """Each series appears once, as its next date, with its rhythm and further dates."""
    portal = _portal(slug)
    return [
        {
            "id": item.event.pk,
            "kind": item.event.kind,
            "title": item.event.title,
            "starts_at": item.event.starts_at,
            "ends_at": item.event.ends_at,
            "place": item.event.place,
            "capacity": item.event.capacity,
            "free_places": item.free,
            "repeat": item.rhythm,
            "series_id": item.series_id,
            "further_dates": [{"id": f.pk, "starts_at": f.starts_at} for f in item.further],
            "is_demo": item.event.is_demo,
        }
        for item in upcoming_with_series(portal_selectors.member_municipality_ids(portal))
    ]
