"""Reads of belonging/engagement: matches for a case, the case's suggestions, a suggestion by token."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal.engine import belonging
from leuchtfeuer.portal.models import Case, EngagementIntroduction, Offer
from leuchtfeuer.portal.vocab import HOUSING_TO_KIND, SHARED_LIVING_KINDS, HousingType, Interest, OfferKind


def case_municipality_ids(case: Case) -> list[int]:
    """The case's town and, where it lies in a Kreis, the other towns of the Kreis (as case_matches)."""
    ids = [case.municipality_id]
    region = case.municipality.region
    if region.kreis_code:
        ids += list(
            Municipality.objects.filter(
                Q(region__ars=region.kreis_code) | Q(region__kreis_code=region.kreis_code)
            )
            .exclude(pk=case.municipality_id)
            .values_list("pk", flat=True)
        )
    return ids


def visible(municipality_ids: list[int], kinds: list[str]) -> QuerySet[Offer]:
    """Published, unexpired offers of these kinds with their details (one query)."""
    today = timezone.localdate()
    return (
        Offer.objects.filter(
            municipality_id__in=municipality_ids, status=Offer.Status.PUBLISHED, kind__in=kinds
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("ortsteil", "organisation", "municipality", "engagement", "shared_living")
        .order_by("-published_at", "-id")
    )


def interest_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Interest.choices}


def person_of(case: Case, *, apprenticeship: bool = False) -> belonging.Person:
    inquiry = case.inquiry
    housing = inquiry.housing_type
    housing_kind = str(HOUSING_TO_KIND[HousingType(housing)]) if housing in HousingType.values else ""
    return belonging.Person(
        life_phase=inquiry.life_phase,
        interests=tuple(k for k in (inquiry.interests or []) if k in Interest.values),
        interest_labels=interest_labels(),
        ortsteil_id=inquiry.ortsteil_id,
        ortsteil_name=inquiry.ortsteil.name if inquiry.ortsteil is not None else "",
        is_returnee=inquiry.is_returnee,
        housing_kind=housing_kind,
        housing_label=str(HousingType(inquiry.housing_type).label) if inquiry.housing_type else "",
        apprenticeship=apprenticeship,
    )


def engagement_info(offer: Offer) -> belonging.EngagementInfo:
    details = getattr(offer, "engagement", None)
    if details is None:
        return belonging.EngagementInfo(id=offer.pk, ortsteil_id=offer.ortsteil_id)
    return belonging.EngagementInfo(
        id=offer.pk,
        interests=tuple(details.interests or ()),
        ortsteil_id=offer.ortsteil_id,
        hours_per_month=details.hours_per_month,
        min_age=details.min_age,
        max_age=details.max_age,
        life_phases=tuple(offer.life_phases or ()),
        newcomers_welcome=details.newcomers_welcome,
    )


def living_info(offer: Offer) -> belonging.LivingInfo:
    details = getattr(offer, "shared_living", None)
    return belonging.LivingInfo(
        id=offer.pk,
        kind=offer.kind,
        ortsteil_id=offer.ortsteil_id,
        for_trainees=bool(details and details.for_trainees),
        max_age=details.max_age if details else None,
        help_hours_per_month=details.help_hours_per_month if details else None,
    )


def case_engagement_matches(case: Case, *, limit: int = 10) -> list[tuple[Offer, belonging.Match]]:
    offers = {o.pk: o for o in visible(case_municipality_ids(case), [OfferKind.ENGAGEMENT])[:500]}
    found = belonging.match_engagement(
        person_of(case), [engagement_info(o) for o in offers.values()], limit=limit
    )
    return [(offers[m.offer_id], m) for m in found]


def _apprenticeship_fits(case: Case, ids: list[int]) -> bool:
    """Does a published Ausbildungsplatz in her job field exist (what matching.py would suggest)?"""
    job_field = case.inquiry.job_field
    if not job_field:
        return False
    return visible(ids, [OfferKind.APPRENTICESHIP]).filter(job_field=job_field).exists()


def case_living_matches(case: Case, *, limit: int = 10) -> list[tuple[Offer, belonging.Match]]:
    ids = case_municipality_ids(case)
    offers = {o.pk: o for o in visible(ids, sorted(SHARED_LIVING_KINDS))[:500]}
    if not offers:
        return []
    person = person_of(case, apprenticeship=_apprenticeship_fits(case, ids))
    found = belonging.match_shared_living(person, [living_info(o) for o in offers.values()], limit=limit)
    return [(offers[m.offer_id], m) for m in found]


def case_introductions(case: Case) -> list[EngagementIntroduction]:
    return list(case.introductions.select_related("offer__organisation", "proposed_by")[:50])


def introduction_by_token(token: str) -> EngagementIntroduction | None:
    return (
        EngagementIntroduction.objects.select_related(
            "offer__engagement",
            "offer__organisation",
            "offer__ortsteil",
            "offer__municipality",
            "case__municipality",
        )
        .filter(token=token)
        .first()
    )
