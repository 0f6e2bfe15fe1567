"""Selectors of the network: directory, tandem suggestions, Hospitationen, events."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from leuchtfeuer.core import taxonomy
from leuchtfeuer.knowledge.engine.recommend import similarity
from leuchtfeuer.knowledge.models import Event, HospitationRequest, NetworkContact, NetworkProfile, Tandem
from leuchtfeuer.knowledge.recommend import peer_index
from leuchtfeuer.places.models import Municipality, Region

# Tandem fit: similarity of the two towns (peer distance) and shared topics count equally.
SIMILARITY_WEIGHT = 0.5
TOPIC_WEIGHT = 0.5


@dataclass(frozen=True)
class Fit:
    mentor: Municipality
    mentee: Municipality
    score: float
    distance: float | None
    shared_topics: tuple[str, ...]
    explanation: str


def directory() -> list[NetworkProfile]:
    """Listed municipalities with their consenting contact people (bounded: 3 queries)."""
    return list(
        NetworkProfile.objects.filter(listed=True)
        .select_related("municipality", "municipality__region")
        .prefetch_related(
            Prefetch(
                "municipality__network_contacts",
                queryset=NetworkContact.objects.select_related("user").order_by("user__name"),
            )
        )
        .order_by("municipality__display_name")
    )


def _topics(municipality: Municipality) -> list[str]:
    profile = getattr(municipality, "network_profile", None)
    try:
        return list(profile.topics) if profile else []
    except NetworkProfile.DoesNotExist:
        return []


def tandem_fit(mentor: Municipality, mentee: Municipality) -> Fit:
    """How well an experienced town fits a new one: peer similarity and shared topics."""
    distance = None
    if mentor.region.level == Region.Level.GEMEINDE and mentee.region.level == Region.Level.GEMEINDE:
        index = peer_index()
        if index is not None:
            try:
                distance = index.distance(mentee.region.key, mentor.region.key)
            except KeyError:
                distance = None
    mentee_topics = _topics(mentee)
    shared = tuple(t for t in _topics(mentor) if t in mentee_topics)
    topic_share = len(shared) / len(mentee_topics) if mentee_topics else 0.0
    sim = similarity(distance)
    score = SIMILARITY_WEIGHT * sim + TOPIC_WEIGHT * topic_share
    parts = []
    if distance is not None:
        parts.append(
            f"{mentor} ist {mentee} in den Strukturdaten {'sehr ähnlich' if distance < 1 else 'ähnlich' if distance < 2 else 'eher wenig ähnlich'}"
        )
    else:
        parts.append(f"für {mentor} und {mentee} ist kein Strukturvergleich möglich")
    if shared:
        labels = ", ".join(f"„{taxonomy.label(taxonomy.HANDLUNGSFELDER, t)}“" for t in shared)
        parts.append(f"gemeinsame Themen: {labels}")
    else:
        parts.append("keine gemeinsamen Themen eingetragen")
    return Fit(mentor, mentee, score, distance, shared, "; ".join(parts) + ".")


def tandem_suggestions(mentee: Municipality, limit: int = 5) -> list[Fit]:
    """Experienced towns (offering mentoring, listed) ranked for `mentee`, best first."""
    mentors = (
        Municipality.objects.filter(network_profile__listed=True, network_profile__offers_mentoring=True)
        .exclude(pk=mentee.pk)
        .select_related("region", "network_profile")
    )
    fits = [tandem_fit(m, mentee) for m in mentors]
    fits.sort(key=lambda f: (-f.score, f.distance if f.distance is not None else float("inf"), str(f.mentor)))
    return fits[:limit]


def open_suggestions(limit_per_town: int = 3) -> list[Fit]:
    """For the office: best mentors for every town that seeks a tandem and has none yet."""
    busy = set(
        Tandem.objects.filter(state__in=[Tandem.State.PROPOSED, Tandem.State.CONFIRMED]).values_list(
            "mentee_id", flat=True
        )
    )
    seekers = (
        Municipality.objects.filter(network_profile__seeks_mentoring=True)
        .exclude(pk__in=busy)
        .select_related("region", "network_profile")
    )
    result = []
    for mentee in seekers:
        result.extend(tandem_suggestions(mentee, limit=limit_per_town))
    return result


def tandems_for(municipality_ids: list[int] | None) -> list[Tandem]:
    qs = Tandem.objects.select_related("mentor", "mentee")
    if municipality_ids is not None:
        qs = qs.filter(Q(mentor_id__in=municipality_ids) | Q(mentee_id__in=municipality_ids))
    return list(qs[:200])


def hospitations_for(municipality_ids: list[int] | None) -> list[HospitationRequest]:
    qs = HospitationRequest.objects.select_related("guest", "host", "requested_by")
    if municipality_ids is not None:
        qs = qs.filter(Q(guest_id__in=municipality_ids) | Q(host_id__in=municipality_ids))
    return list(qs[:200])


def upcoming_events() -> list[Event]:
    return list(Event.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at")[:100])
