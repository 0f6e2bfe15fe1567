"""The public page "Mitmachen in <Ort>": engagement offers by interest and Ortsteil, the coming
Rückkehrertage and Willkommensveranstaltungen, and the way to become a Willkommenspat:in.
No JavaScript; German, English (?lang=en) and Leichte Sprache (?sprache=leicht)."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render

from leuchtfeuer.portal import selectors as portal_selectors
from leuchtfeuer.portal.belonging.gatherings.selectors import upcoming_with_series
from leuchtfeuer.portal.belonging.public import selectors
from leuchtfeuer.portal.belonging.public.forms import MitmachenFilterForm
from leuchtfeuer.portal.models import Offer
from leuchtfeuer.portal.views import _ctx, _easy, _portal, portal_language
from leuchtfeuer.portal.vocab import EngagementArea, Interest


@dataclass(frozen=True)
class EngagementCard:
    offer: Offer
    area_label: str
    interest_labels: list[str]


@portal_language
def mitmachen(request, slug: str):
    portal = _portal(request, slug)
    ids = portal_selectors.member_municipality_ids(portal)
    form = MitmachenFilterForm(request.GET or None, municipality_ids=ids)
    interest, ortsteil = "", None
    if form.is_bound and form.is_valid():
        interest = form.cleaned_data["interest"]
        ortsteil = int(form.cleaned_data["ortsteil"]) if form.cleaned_data["ortsteil"] else None
    offers = selectors.filter_engagement(ids, interest=interest, ortsteil=ortsteil)
    interest_labels = dict(Interest.choices)
    area_labels = dict(EngagementArea.choices)
    cards = [
        EngagementCard(
            offer=offer,
            area_label=str(area_labels.get(offer.engagement.area, "")),
            interest_labels=[
                str(interest_labels[k]) for k in offer.engagement.interests or [] if k in interest_labels
            ],
        )
        for offer in offers
    ]
    return render(
        request,
        "portal/belonging/mitmachen_easy.html" if _easy(request) else "portal/belonging/mitmachen.html",
        _ctx(
            request,
            portal,
            form=form,
            offers=cards,
            filtered=bool(interest or ortsteil),
            gatherings=upcoming_with_series(ids, kinds=selectors.GATHERING_KINDS)[:6],
        ),
    )
