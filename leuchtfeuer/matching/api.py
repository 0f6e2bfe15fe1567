"""API of the matching agency (django-ninja router mounted at /api/v1/; paths here are complete below it).

Public: anonymous counts per Kreis (cells under 5 suppressed). Everything else needs a session
login (django_auth) and follows the same rules as the pages: the agency sees consented spaces and
all proposals, a town its own spaces, a seeker only what was proposed to them; contact details
only after both sides accepted.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from leuchtfeuer.core.api import PathId
from leuchtfeuer.matching import selectors
from leuchtfeuer.matching.models import Proposal

router = Router(tags=["Matching-Agentur"])


class CountOut(Schema):
    kreis: str
    name: str
    spaces: int | None
    seekers: int | None
    agreed: int | None


class SpaceOut(Schema):
    id: int
    title: str
    kind: str
    municipality: str
    ags: str
    area_m2: int
    rent_min: float | None
    price_min: float | None
    available_from: date
    status: str
    shared: bool
    lat: float | None
    lon: float | None
    exact_location: bool
    is_demo: bool


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class ProposalOut(Schema):
    id: int
    space_id: int
    space: str
    seeker: str
    score: float
    reasons: list[str]
    status: str
    space_decision: str
    seeker_decision: str
    sent_at: datetime
    owner_contact: ContactOut | None
    seeker_contact: ContactOut | None


@router.get(
    "matching/counts",
    response=list[CountOut],
    summary="Offene Räume, Suchen und Vermittlungen je Kreis (anonym, Werte unter 5 unterdrückt)",
)
def counts(request):
    return [
        {
            "kreis": r.kreis_code,
            "name": r.kreis_name,
            "spaces": r.spaces,
            "seekers": r.seekers,
            "agreed": r.agreed,
        }
        for r in selectors.public_counts()
    ]


def _space_out(space) -> dict:
    lat, lon, exact = selectors.location(space)
    return {
        "id": space.pk, "title": space.title, "kind": space.kind, "municipality": space.municipality.display_name,
        "ags": space.municipality.region.ags, "area_m2": space.area_m2,
        "rent_min": float(space.rent_min) if space.rent_min is not None else None,
        "price_min": float(space.price_min) if space.price_min is not None else None,
        "available_from": space.available_from, "status": space.status, "shared": space.shared,
        "lat": lat, "lon": lon, "exact_location": exact, "is_demo": space.is_demo,
    }  # fmt: skip


@router.get(
    "matching/spaces", response=list[SpaceOut], auth=django_auth, summary="Räume, die Sie sehen dürfen"
)
def spaces(request):
    return [_space_out(s) for s in selectors.spaces_visible_to(request.user)]


def _proposal_out(user, p: Proposal) -> dict:
    contacts = user.has_perm("matching.view_contacts", p)
    space, seeker = p.space, p.seeker
    return {
        "id": p.pk, "space_id": space.pk, "space": space.title, "seeker": seeker.title, "score": p.score,
        "reasons": p.reasons, "status": p.status, "space_decision": p.space_decision,
        "seeker_decision": p.seeker_decision, "sent_at": p.sent_at,
        "owner_contact": {"name": space.owner_name, "email": space.owner_email, "phone": space.owner_phone} if contacts else None,
        "seeker_contact": {"name": seeker.contact_name, "email": seeker.contact_email, "phone": seeker.contact_phone} if contacts else None,
    }  # fmt: skip


@router.get(
    "matching/proposals",
    response=list[ProposalOut],
    auth=django_auth,
    summary="Vorschläge (an Sie oder, für die Agentur, alle)",
)
def proposals(request):
    user = request.user
    qs = (
        Proposal.objects.select_related("space__municipality", "seeker")
        if user.has_perm("matching.manage")
        else selectors.proposals_for(user)
    )
    return [_proposal_out(user, p) for p in qs]


@router.get(
    "matching/proposals/{proposal_id}", response=ProposalOut, auth=django_auth, summary="Ein Vorschlag"
)
def proposal(request, proposal_id: PathId):
    p = Proposal.objects.select_related("space__municipality", "seeker").filter(pk=proposal_id).first()
    if p is None:
        raise Http404("Kein Vorschlag mit dieser Nummer.")
    if not request.user.has_perm("matching.view_proposal", p):
        raise HttpError(403, "Dieser Vorschlag ist nicht an Sie gerichtet.")
    return _proposal_out(request.user, p)


@router.get(
    "matching/matches", auth=django_auth, summary="Passende Paare mit Gründen und Zuordnung – nur Agentur"
)
def matches(request, top: int = Query(5, ge=1, le=20, description="so viele Treffer je Suche (1–20)")):
    if not request.user.has_perm("matching.manage"):
        raise HttpError(403, "Nur für die Matching-Agentur.")
    run = selectors.match_run(top=top)
    return {
        "seekers": [
            {
                "id": row.seeker.pk, "title": row.seeker.title,
                "matches": [
                    {"space_id": m.space.pk, "space": m.space.title, "score": m.score, "reasons": m.reasons, "assigned": m.assigned}
                    for m in row.matches
                ],
            }
            for row in run.rows
        ],
        "assignment": [{"seeker_id": k.pk, "space_id": s.pk, "score": v} for k, s, v in run.assigned_pairs],
        "differences": run.assignment.differences if run.assignment else [],
    }  # fmt: skip


# ---- regional tools (regional.py; same permission as the pages in views_regional)


class ShareOut(Schema):
    ags: str
    name: str
    population: int
    distance_km: float
    share: float
    commuters: int
    amount: str | None


class CompensationOut(Schema):
    ags: str
    name: str
    jobs: int
    radius_km: float
    decay: str
    shares: list[ShareOut]
    attribution: list[str]


@router.get(
    "matching/compensation",
    response=CompensationOut,
    auth=django_auth,
    summary="Anteile der Nachbargemeinden am Ausgleich für eine große Ansiedlung (Gravitationsmodell, Summe 1)",
)
def compensation(
    request, ags: str, jobs: int, radius_km: float = 30.0, amount: str | None = None, decay: str = "power"
):
    from decimal import Decimal, InvalidOperation

    from leuchtfeuer.matching.regional import RegionalError, compensation_for
    from leuchtfeuer.places.profile import ATTRIBUTION

    if not request.user.has_perm("matching.use_regional"):
        raise HttpError(403, "Nur für die Matching-Agentur und die Kommunen.")
    try:
        value = None if amount in (None, "") else Decimal(amount.replace(",", "."))
        result = compensation_for(ags=ags, jobs=jobs, radius_km=radius_km, amount=value, decay=decay)
    except InvalidOperation:
        raise HttpError(422, f"amount: „{amount}“ ist kein Betrag in Euro.") from None
    except RegionalError as exc:
        raise HttpError(422, str(exc)) from None
    return {
        "ags": result.origin.ags,
        "name": result.origin.name,
        "jobs": result.jobs,
        "radius_km": result.radius_km,
        "decay": result.decay,
        "shares": [
            {
                "ags": s.ags,
                "name": s.name,
                "population": s.population,
                "distance_km": round(s.distance_km, 3),
                "share": s.share,
                "commuters": s.commuters,
                "amount": None if s.amount is None else str(s.amount),
            }
            for s in result.shares
        ],
        "attribution": ATTRIBUTION,
    }
