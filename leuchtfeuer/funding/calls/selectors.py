"""Reads of calls: open and public calls, remaining budget, a call's elements by kind, and the fit
check of a town against every programme (with the programme's open calls)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone

from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER
from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.common import ZERO
from leuchtfeuer.funding.engine.eligibility import ApplicantFacts, evaluate
from leuchtfeuer.funding.programmes.models import FundingProfile, Programme
from leuchtfeuer.funding.programmes.selectors import programme_rules
from leuchtfeuer.werkstatt.selectors import plan_handlungsfelder

# Data-sheet fields the office can pre-fill from the Kommunalprofil (key → label).
PROFILE_FIELDS: dict[str, str] = {
    "population": "Einwohner:innen (letzter Stichtag)",
    "population_change_5y": "Bevölkerungsentwicklung über 5 Jahre (%)",
    "population_change_10y": "Bevölkerungsentwicklung über 10 Jahre (%)",
    "share_under_18": "Anteil unter 18-Jähriger (%)",
    "share_65_plus": "Anteil ab 65-Jähriger (%)",
    "share_75_plus": "Anteil ab 75-Jähriger (%)",
    "old_age_ratio": "Altenquotient",
    "youth_ratio": "Jugendquotient",
    "mean_age": "Durchschnittsalter (geschätzt)",
    "migration_balance_per_1000": "Wanderungssaldo je 1.000 Einwohner:innen",
    "area": "Fläche (km²)",
    "density": "Bevölkerungsdichte (je km²)",
    "size_class": "Größenklasse",
    "degurba": "Grad der Verstädterung",
    "kreis": "Landkreis / kreisfreie Stadt",
    "land": "Bundesland",
    "projection": "Bevölkerungsvorausberechnung",
}


def open_calls(*, now=None):
    now = now or timezone.now()
    return Call.objects.filter(status=Call.Status.PUBLISHED, deadline__gt=now).select_related("programme")


@dataclass(frozen=True)
class CallBudget:
    """An open call and the part of its budget not yet granted (budget − granted budget lines)."""

    call: Call
    granted: Decimal
    remaining: Decimal


def open_calls_with_remaining_budget(*, now=None) -> list[CallBudget]:
    """Open calls with money left, for other parts (the matching agency) to read, never copy."""
    calls = open_calls(now=now).annotate(granted_sum=Sum("grants__budget_lines__amount"))
    result = []
    for call in calls:
        granted = call.granted_sum or ZERO
        if call.budget - granted > 0:
            result.append(CallBudget(call, granted, call.budget - granted))
    return result


def public_calls():
    return Call.objects.exclude(status=Call.Status.DRAFT).select_related("programme")


def call_items(call: Call) -> dict[str, list[CallItem]]:
    grouped: dict[str, list[CallItem]] = {kind: [] for kind in CallItem.Kind.values}
    for item in call.items.all():
        grouped[item.kind].append(item)
    return grouped


def applicant_facts(municipality) -> ApplicantFacts:

    region = municipality.region
    profile = FundingProfile.objects.filter(municipality=municipality).first()
    return ApplicantFacts(
        name=municipality.display_name,
        applicant_type="kommune",
        land_code=region.land_code,
        population=region.population,
        size_class=region.size_class,
        degurba=region.degurba,
        own_contribution_capacity_percent=profile.own_contribution_percent if profile else None,
        topics=tuple(plan_handlungsfelder(municipality)),
        topic_labels={t.key: t.label for t in HANDLUNGSFELDER},
    )


@dataclass
class Fit:
    programme: Programme
    eligible: bool | None
    reasons: list[str]
    missing: list[str]
    open_calls: list[Call] = field(default_factory=list)


def fit_check(municipality, *, today: date | None = None) -> list[Fit]:
    """Every active programme checked against the town: fitting first, then open, then not fitting."""
    today = today or timezone.localdate()
    facts = applicant_facts(municipality)
    now = timezone.now()
    programmes = Programme.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "calls",
            queryset=Call.objects.filter(status=Call.Status.PUBLISHED, deadline__gt=now),
            to_attr="open_calls_list",
        )
    )
    result = []
    for programme in programmes:
        eligible, reasons, missing = evaluate(programme_rules(programme), facts, today=today)
        result.append(Fit(programme, eligible, reasons, missing, programme.open_calls_list))
    order = {True: 0, None: 1, False: 2}
    return sorted(result, key=lambda f: (order[f.eligible], f.programme.name))
