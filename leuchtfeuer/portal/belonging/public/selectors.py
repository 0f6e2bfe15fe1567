"""Reads of the public "Mitmachen" page and API: published, unexpired engagement offers."""

from __future__ import annotations

from django.db.models import QuerySet

from leuchtfeuer.portal.models import Event, Offer
from leuchtfeuer.portal.selectors import visible_offers
from leuchtfeuer.portal.vocab import Interest, OfferKind

MAX_OFFERS = 300
GATHERING_KINDS = (Event.Kind.RETURNEE_DAY, Event.Kind.WELCOME)


def engagement_offers(municipality_ids: list[int]) -> QuerySet[Offer]:
    """Published engagement offers whose end date has not passed, with their details (one query)."""
    return (
        visible_offers(municipality_ids)
        .filter(kind=OfferKind.ENGAGEMENT, engagement__isnull=False)
        .select_related("engagement")
    )


def filter_engagement(
    municipality_ids: list[int], *, interest: str = "", ortsteil: int | None = None
) -> list[Offer]:
    """Engagement offers, optionally for one interest (portal.vocab.Interest) and one Ortsteil.

    The interest filter runs in Python: JSON containment is not portable to SQLite, and a town
    has a few hundred offers at most (MAX_OFFERS)."""
    queryset = engagement_offers(municipality_ids)
    if ortsteil is not None:
        queryset = queryset.filter(ortsteil_id=ortsteil)
    offers = list(queryset[:MAX_OFFERS])
    if interest in Interest.values:
        offers = [o for o in offers if interest in (o.engagement.interests or [])]
    return offers
