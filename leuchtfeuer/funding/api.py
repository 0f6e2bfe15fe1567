"""API of this part (django-ninja router mounted at /api/v1/; paths here are relative to that).

The catalogue and published calls are open data; a town's fit check needs the same permission as
its funding page, the selection the programme office's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from leuchtfeuer.core.api import Slug
from leuchtfeuer.funding import selectors, services
from leuchtfeuer.funding.models import Call, Programme
from leuchtfeuer.places.models import Municipality

router = Router(tags=["Förderung"])


class RulesOut(Schema):
    lands: list[str]
    size_classes: list[str]
    min_population: int | None
    max_population: int | None
    degurba: list[int]
    applicant_types: list[str]
    own_contribution_percent: Decimal | None
    deadline: date | None
    topics: list[str]


class ProgrammeOut(Schema):
    slug: str
    name: str
    sponsor: str
    summary: str
    facts: str
    source: str
    needs_completion: bool
    max_amount: Decimal | None
    rules: RulesOut


class CallOut(Schema):
    slug: str
    title: str
    programme: str | None
    status: str
    applicant_types: list[str]
    short_form: bool
    budget: Decimal
    max_request: Decimal | None
    deadline: datetime
    first_year: int
    last_year: int


class FitOut(Schema):
    programme: str
    name: str
    eligible: bool | None
    reasons: list[str]
    missing: list[str]
    open_calls: list[str]


def _programme_out(p: Programme) -> dict:
    rules = selectors.programme_rules(p)
    return {
        "slug": p.slug, "name": p.name, "sponsor": p.sponsor, "summary": p.summary, "facts": p.facts, "source": p.source,
        "needs_completion": p.needs_completion, "max_amount": p.max_amount,
        "rules": {
            "lands": list(rules.lands), "size_classes": list(rules.size_classes), "min_population": rules.min_population,
            "max_population": rules.max_population, "degurba": list(rules.degurba), "applicant_types": list(rules.applicant_types),
            "own_contribution_percent": rules.own_contribution_percent, "deadline": rules.deadline, "topics": list(rules.topics),
        },
    }  # fmt: skip


@router.get(
    "funding/programmes", response=list[ProgrammeOut], summary="Förderkatalog mit maschinenlesbaren Regeln"
)
def programmes(request):
    return [_programme_out(p) for p in Programme.objects.filter(is_active=True)]


@router.get("funding/calls", response=list[CallOut], summary="Veröffentlichte Förderaufrufe")
def calls(request):
    return [
        {
            "slug": c.slug, "title": c.title, "programme": c.programme.slug if c.programme else None, "status": c.status,
            "applicant_types": c.applicant_types, "short_form": c.short_form, "budget": c.budget, "max_request": c.max_request,
            "deadline": c.deadline, "first_year": c.first_year, "last_year": c.last_year,
        }
        for c in selectors.public_calls()
    ]  # fmt: skip


@router.get("funding/towns/{slug}/fit", response=list[FitOut], summary="Passende Programme für eine Kommune")
def town_fit(request, slug: Slug):
    municipality = Municipality.objects.select_related("region").filter(slug=slug).first()
    if municipality is None:
        raise Http404("Keine Kommune mit diesem Kurznamen.")
    if not request.user.has_perm("funding.view_town", municipality):
        raise HttpError(403, "Kein Zugriff auf den Förderbereich dieser Kommune.")
    return [
        {
            "programme": f.programme.slug, "name": f.programme.name, "eligible": f.eligible, "reasons": f.reasons,
            "missing": f.missing, "open_calls": [c.slug for c in f.open_calls],
        }
        for f in selectors.fit_check(municipality)
    ]  # fmt: skip


@router.get(
    "funding/calls/{slug}/selection", summary="Auswahl (Optimierung und Rangfolge) – nur Geschäftsstelle"
)
def call_selection(request, slug: Slug):
    if not request.user.has_perm("funding.manage"):
        raise HttpError(403, "Nur für die Geschäftsstelle.")
    return services.selection_compute(get_object_or_404(Call, slug=slug))
