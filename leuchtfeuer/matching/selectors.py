"""Reads of the matching agency that views, the API and the commands share.

Visibility is decided here once: a space is shown beyond its own town only when its owner's
consent is recorded and it is shared (the database refuses a shared space without consent); a
seeker sees only what was proposed to them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.core.charts.svg import map_svg
from leuchtfeuer.funding.selectors import CallBudget, open_calls_with_remaining_budget
from leuchtfeuer.matching.engine import assignment as engine_assignment
from leuchtfeuer.matching.engine import scoring
from leuchtfeuer.matching.engine.geo import haversine_km
from leuchtfeuer.matching.models import Programme, Proposal, RegisterStatus, Seeker, Space, SpaceKind
from leuchtfeuer.places.models import Region, RegionBoundary

# Published counts: a cell under this is suppressed ("weniger als 5").
MIN_CELL = 5
# A proposal with no answer for this long gets a reminder.
STALE_AFTER = timedelta(days=14)
# A town states "Autobahn in der Nähe" as km to the next junction; this counts as near.
MOTORWAY_NEAR_KM = 15

FEATURE_LABELS = {
    "kueche": "Küche",
    "sanitaer": "Sanitärräume",
    "schaufenster": "Schaufenster",
    "starkstrom": "Starkstrom",
    "glasfaser": "Glasfaser",
    "parkplaetze": "Parkplätze",
    "lager": "Lagerraum",
    "veranstaltung": "für Veranstaltungen geeignet",
}


# ---------------------------------------------------------------------------- visibility


def _open(qs: QuerySet, *, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return qs.filter(status=RegisterStatus.OPEN, expires_on__gte=today)


def shared_spaces(*, today: date | None = None) -> QuerySet[Space]:
    """Open spaces whose owner consented to show them beyond the town."""
    return _open(Space.objects.all(), today=today).filter(
        visibility=Space.Visibility.REGION, owner_consent_at__isnull=False
    )


def open_seekers(*, today: date | None = None) -> QuerySet[Seeker]:
    return _open(Seeker.objects.all(), today=today)


def spaces_of_town(municipality) -> QuerySet[Space]:
    return (
        Space.objects.filter(municipality=municipality).select_related("ortsteil").order_by("status", "title")
    )


def neighbour_offers(municipality, *, radius_km: float = 50) -> list[tuple[Space, float]]:
    """Shared open spaces of other towns within radius_km of this town's centre, nearest first."""
    own = municipality.region
    result = []
    for space in shared_spaces().exclude(municipality=municipality).select_related("municipality__region"):
        d = _distance(own, space.municipality.region)
        if d is not None and d <= radius_km:
            result.append((space, d))
    return sorted(result, key=lambda p: p[1])


def spaces_visible_to(user) -> QuerySet[Space]:
    """Spaces this user may see (the same rule as matching.view_space): the agency every space
    with the owner's consent, town staff their own town's and every shared open one, anyone what
    they entered themselves."""
    qs = Space.objects.select_related("municipality__region")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.has_perm("matching.manage"):
        return qs.filter(owner_consent_at__isnull=False)
    roles = roles_by_municipality(user)
    staff_towns = [m for m, r in roles.items() if r & {"koordination", "team", "beratung"}]
    condition = Q(created_by=user) | Q(municipality_id__in=staff_towns)
    if any(r & {"koordination", "team"} for r in roles.values()):
        condition |= Q(pk__in=shared_spaces().values("pk"))
    return qs.filter(condition)


def spaces_entered_by(user) -> QuerySet[Space]:
    return Space.objects.filter(created_by=user).select_related("municipality")


def seekers_of(user) -> QuerySet[Seeker]:
    towns = [m for m, roles in roles_by_municipality(user).items() if "koordination" in roles]
    return Seeker.objects.filter(Q(person=user) | Q(municipality_id__in=towns))


def proposals_for(user) -> QuerySet[Proposal]:
    """Proposals where the user decides for one side (a seeker sees only what was proposed)."""
    roles = roles_by_municipality(user)
    staff_towns = [m for m, r in roles.items() if r & {"koordination", "team"}]
    coord_towns = [m for m, r in roles.items() if "koordination" in r]
    return (
        Proposal.objects.filter(
            Q(seeker__person=user)
            | Q(seeker__municipality_id__in=coord_towns)
            | Q(space__created_by=user)
            | Q(space__municipality_id__in=staff_towns)
        )
        .select_related("space__municipality", "seeker")
        .distinct()
    )


def proposals_of_town(municipality) -> QuerySet[Proposal]:
    return Proposal.objects.filter(space__municipality=municipality).select_related("space", "seeker")


def stale_proposals(*, now=None) -> QuerySet[Proposal]:
    now = now or timezone.now()
    limit = now - STALE_AFTER
    return Proposal.objects.filter(status=Proposal.Status.SENT, sent_at__lt=limit).filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=limit)
    )


def location(space: Space) -> tuple[float | None, float | None, bool]:
    """(lat, lon, exact): the owner's point if they agreed to show it, else the Gemeinde centre."""
    if space.exact_location_consent and space.lat is not None and space.lon is not None:
        return space.lat, space.lon, True
    region = space.municipality.region
    return region.lat, region.lon, False


def _distance(a: Region, b: Region) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return float(haversine_km(a.lat, a.lon, b.lat, b.lon))


# ---------------------------------------------------------------------------- public counts


@dataclass(frozen=True)
class KreisCount:
    kreis_code: str
    kreis_name: str
    spaces: int | None  # None = suppressed (fewer than MIN_CELL)
    seekers: int | None
    agreed: int | None


def _suppress(value: int) -> int | None:
    return value if value >= MIN_CELL else None


def public_counts() -> list[KreisCount]:
    """Anonymous counts per Kreis: shared open spaces, open seekers (by the Kreis of their place or
    town), agreed matches. A cell under MIN_CELL is suppressed; a Kreis with every cell suppressed
    is left out, and so is the gap it would reveal."""
    spaces = Counter(shared_spaces().values_list("municipality__region__kreis_code", flat=True))
    seekers: Counter[str] = Counter()
    for place_kreis, town_kreis in open_seekers().values_list(
        "place__kreis_code", "municipality__region__kreis_code"
    ):
        code = place_kreis or town_kreis
        if code:
            seekers[code] += 1
    agreed = Counter(
        Proposal.objects.filter(status=Proposal.Status.AGREED).values_list(
            "space__municipality__region__kreis_code", flat=True
        )
    )
    codes = sorted(set(spaces) | set(seekers) | set(agreed))
    names = dict(
        Region.objects.filter(level=Region.Level.KREIS, kreis_code__in=codes).values_list(
            "kreis_code", "name"
        )
    )
    rows = []
    for code in codes:
        row = KreisCount(
            code,
            names.get(code, code),
            _suppress(spaces[code]),
            _suppress(seekers[code]),
            _suppress(agreed[code]),
        )
        if row.spaces is not None or row.seekers is not None or row.agreed is not None:
            rows.append(row)
    return rows


def public_counts_map(rows: list[KreisCount]) -> str:
    """SVG map (BKG outlines from the database, no tiles): the Länder, and highlighted the Kreise
    that have a shown count. The table beside it carries the figures."""
    if not rows:
        return ""
    codes = {r.kreis_code for r in rows}
    boundaries = RegionBoundary.objects.filter(
        Q(region__level=Region.Level.LAND) | Q(region__level=Region.Level.KREIS, region__kreis_code__in=codes)
    ).values_list("region__name", "region__level", "geometry")
    shapes = [
        (name, json.loads(geometry), level == Region.Level.KREIS) for name, level, geometry in boundaries
    ]
    return map_svg(shapes, title="Kreise mit gezeigten Zahlen (hervorgehoben)", ident="matching-karte")


# ---------------------------------------------------------------------------- money


def open_money() -> tuple[list[CallBudget], list[Programme]]:
    """Open calls of the funding part with money left (read there, never copied) and the
    programmes the agency entered."""
    today = timezone.localdate()
    programmes = Programme.objects.filter(is_open=True, remaining__gt=0).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today)
    )
    return open_calls_with_remaining_budget(), list(programmes)


# ---------------------------------------------------------------------------- engine input


def _town_features(space: Space) -> set[str]:
    facts = getattr(space.municipality, "matching_facts", None)
    out: set[str] = set()
    if facts is not None:
        if facts.rail_station:
            out.add("bahn")
        if facts.motorway_km is not None and facts.motorway_km <= MOTORWAY_NEAR_KM:
            out.add("autobahn")
        if facts.gigabit:
            out.add("breitband")
    return out


def engine_space(space: Space) -> scoring.Space:
    lat, lon, _exact = location(space)
    region = space.municipality.region
    features = {FEATURE_LABELS.get(f, f) for f in space.features} | _town_features(space)
    if "glasfaser" in space.features:
        features.add("breitband")
    return scoring.Space(
        id=space.pk,
        kind=space.kind,
        area_m2=float(space.area_m2),
        rent_eur_month=float(space.rent_min) if space.rent_min is not None else None,
        price_eur=float(space.price_min) if space.price_min is not None else None,
        available_from=space.available_from,
        available_until=space.available_until,
        lat=math.nan if lat is None else lat,
        lon=math.nan if lon is None else lon,
        kreis_ags=region.kreis_code,
        municipality_ags=region.ags,
        accessible=space.accessibility == Space.Accessibility.FULL,
        features=frozenset(features),
        label=f"{space.title} ({space.municipality.display_name})",
    )


def engine_seeker(seeker: Seeker) -> scoring.Seeker:
    place = seeker.place or (seeker.municipality.region if seeker.municipality is not None else None)
    required = {FEATURE_LABELS.get(f, f) for f in seeker.required_features}
    if seeker.needs_rail:
        required.add("bahn")
    if seeker.needs_motorway:
        required.add("autobahn")
    if seeker.needs_broadband:
        required.add("breitband")
    return scoring.Seeker(
        id=seeker.pk,
        kind=seeker.kind,
        space_kinds=frozenset(seeker.space_kinds),
        area_min_m2=seeker.area_min_m2,
        area_max_m2=seeker.area_max_m2,
        budget_max_eur_month=float(seeker.budget_max) if seeker.budget_max is not None else None,
        needed_from=seeker.needed_from,
        needed_until=seeker.needed_until,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        radius_km=seeker.radius_km,
        kreise=frozenset(seeker.kreise),
        needs_accessible=seeker.needs_accessible,
        required_features=frozenset(required),
        label=seeker.title,
    )


@dataclass
class MatchRow:
    space: Space
    score: float
    reasons: list[str]
    assigned: bool
    proposal: Proposal | None


@dataclass
class SeekerMatches:
    seeker: Seeker
    matches: list[MatchRow]


@dataclass
class MatchRun:
    rows: list[SeekerMatches]
    assignment: engine_assignment.Assignment | None
    assigned_pairs: list[tuple[Seeker, Space, float]]
    greedy_pairs: list[tuple[Seeker, Space, float]]


def match_run(
    *, top: int = 5, max_per_town: int | None = None, seekers: list[Seeker] | None = None
) -> MatchRun:
    """Score the open seekers (projects and companies) against every shared open space; the best
    `top` per seeker with reasons, and the assignment that maximises total fit."""
    space_list = list(shared_spaces().select_related("municipality__region", "municipality__matching_facts"))
    if seekers is None:
        seekers = list(
            open_seekers()
            .exclude(kind=Seeker.Kind.VERBUND)
            .select_related("place", "municipality__region")
            .order_by("title", "pk")
        )
    result = scoring.score(
        [engine_space(s) for s in space_list],
        [engine_seeker(k) for k in seekers],
        kind_labels=dict(SpaceKind.choices),
    )
    assignment = None
    if seekers and space_list:
        assignment = engine_assignment.assign(
            result, max_per_town=max_per_town, town_of_space=[str(s.municipality_id) for s in space_list]
        )
    assigned = {(i, j) for i, j in (assignment.pairs if assignment else [])}
    running = {
        (p.seeker_id, p.space_id): p
        for p in Proposal.objects.filter(seeker__in=seekers, space__in=space_list).exclude(
            status=Proposal.Status.WITHDRAWN
        )
    }
    rows = []
    for i, seeker in enumerate(seekers):
        matches = [
            MatchRow(
                space_list[j],
                round(value, 4),
                result.reasons(i, j),
                (i, j) in assigned,
                running.get((seeker.pk, space_list[j].pk)),
            )
            for j, value in result.top(i, top)
        ]
        rows.append(SeekerMatches(seeker, matches))
    scores = result.scores

    def pairs(raw):
        return [(seekers[i], space_list[j], round(float(scores[i, j]), 4)) for i, j in raw]

    return MatchRun(
        rows,
        assignment,
        pairs(assignment.pairs) if assignment else [],
        pairs(assignment.greedy) if assignment else [],
    )


def pair_score(space: Space, seeker: Seeker) -> tuple[float | None, list[str]]:
    """Score and reasons of one pair (None when a hard filter fails)."""
    result = scoring.score(
        [engine_space(space)], [engine_seeker(seeker)], kind_labels=dict(SpaceKind.choices)
    )
    value = float(result.scores[0, 0])
    return (None if math.isnan(value) else round(value, 4)), result.reasons(0, 0)
