"""Resilienz-Verbünde: neighbouring towns that together can carry one shared specialist post.

A small town rarely fills a full post for Klimaschutz, Digitalisierung or Fördermittelmanagement
alone. :func:`propose_verbuende` proposes sets of towns around ``town`` whose combined population
lies in a band ``[post_population_min, post_population_max]``.

The band is a **parameter**. ``DEFAULT_POST_POPULATION`` (10,000–50,000 inhabitants per post) is the
agency's working assumption — below about 10,000 a post is hard to keep busy and to fund, above
about 50,000 towns usually staff their own — *not* a figure from a law or a funding programme;
change it per post and region as the towns agree.

Neighbourhood: with ``contiguity`` (AGS → set of AGS that share a boundary) every set is connected
through shared boundaries; without it, every member lies within ``max_distance_km`` of ``town``
(Gemeinde centres). In both cases all members lie within ``max_distance_km``.

Search: a beam search that grows sets from ``town`` by one neighbour at a time (nearest first),
keeping the ``beam_width`` most compact sets per size, up to ``max_members`` towns. Proposals are
ranked by fewest members, then smallest mean distance to ``town``, then closeness to the middle of
the band. Members that state the same ``needs`` topic as ``topic`` are preferred (ranked first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from leuchtfeuer.core.engine.german import format_number as number_de

from .geo import haversine_km

DEFAULT_POST_POPULATION = (10_000, 50_000)
DEFAULT_MAX_DISTANCE_KM = 25.0
POST_TOPICS = {
    "klimaschutz": "Klimaschutz",
    "digitalisierung": "Digitalisierung",
    "foerdermittel": "Fördermittelmanagement",
}


@dataclass(frozen=True)
class Town:
    ags: str
    name: str
    population: int
    lat: float
    lon: float
    needs: frozenset[str] = frozenset()  # topics the town itself seeks a shared post for


@dataclass
class Proposal:
    members: list[Town]  # the town first, then by distance
    population: int
    reasons: list[str] = field(default_factory=list)
    max_distance_km: float = 0.0
    mean_distance_km: float = 0.0
    contiguous: bool = False
    same_need: int = 0  # members besides the town that seek the same topic


def _connected(members: Sequence[str], contiguity: Mapping[str, set[str] | frozenset[str]]) -> bool:
    if not members:
        return True
    todo, seen = [members[0]], {members[0]}
    wanted = set(members)
    while todo:
        cur = todo.pop()
        for nb in contiguity.get(cur, ()):
            if nb in wanted and nb not in seen:
                seen.add(nb)
                todo.append(nb)
    return seen == wanted


def propose_verbuende(
    town: Town,
    candidates: Sequence[Town],
    *,
    post_population_min: int = DEFAULT_POST_POPULATION[0],
    post_population_max: int = DEFAULT_POST_POPULATION[1],
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
    contiguity: Mapping[str, set[str] | frozenset[str]] | None = None,
    topic: str | None = None,
    max_members: int = 8,
    max_candidates: int = 25,
    beam_width: int = 300,
    limit: int = 5,
) -> list[Proposal]:
    """Up to ``limit`` proposals of town sets (including ``town``) that fit one post."""
    if post_population_min <= 0 or post_population_max < post_population_min:
        raise ValueError("Einwohnerband: Untergrenze > 0 und Obergrenze ≥ Untergrenze angeben.")
    if town.population > post_population_max:
        return []
    others = [c for c in candidates if c.ags != town.ags and c.population > 0]
    if not others:
        return []
    dist = np.atleast_1d(haversine_km(town.lat, town.lon, [c.lat for c in others], [c.lon for c in others]))
    order = [int(i) for i in np.argsort(dist, kind="stable") if dist[i] <= max_distance_km]
    order = order[:max_candidates]
    near = [others[i] for i in order]
    d = {c.ags: float(dist[i]) for c, i in zip(near, order, strict=True)}
    pool = {c.ags: c for c in near}

    def can_join(members: frozenset[str], ags: str) -> bool:
        if contiguity is None:
            return True
        return any(nb in members for nb in contiguity.get(ags, ())) or (
            town.ags in contiguity.get(ags, ()) and town.ags in members
        )

    members: frozenset[str] | list[Town]  # a set of AGS while growing, then the towns of a proposal
    found: dict[frozenset[str], int] = {}
    level: list[tuple[frozenset[str], int]] = [(frozenset({town.ags}), town.population)]
    for _size in range(2, max_members + 1):
        grown: dict[frozenset[str], int] = {}
        for members, pop in level:
            for c in near:
                if c.ags in members or not can_join(members, c.ags):
                    continue
                new_pop = pop + c.population
                if new_pop > post_population_max:
                    continue
                key = members | {c.ags}
                grown.setdefault(key, new_pop)
        if not grown:
            break
        for key, pop in grown.items():
            if pop >= post_population_min:
                found[key] = pop
        # keep growing only sets still below the band, most compact first
        below = [(k, p) for k, p in grown.items() if p < post_population_min]
        below.sort(key=lambda kp: (sum(d[a] for a in kp[0] if a != town.ags), sorted(kp[0])))
        level = below[:beam_width]
        if not level:
            break

    middle = (post_population_min + post_population_max) / 2
    proposals = []
    for key, pop in found.items():
        members = [town, *sorted((pool[a] for a in key if a != town.ags), key=lambda c: d[c.ags])]
        dists = [d[c.ags] for c in members[1:]]
        same = sum(1 for c in members[1:] if topic and topic in c.needs)
        contiguous = contiguity is not None and _connected([c.ags for c in members], contiguity)
        p = Proposal(
            members=members,
            population=pop,
            max_distance_km=max(dists),
            mean_distance_km=sum(dists) / len(dists),
            contiguous=contiguous,
            same_need=same,
        )
        p.reasons = _reasons(p, post_population_min, post_population_max, topic)
        proposals.append((p, abs(pop - middle)))
    proposals.sort(
        key=lambda pm: (
            -pm[0].same_need,
            len(pm[0].members),
            round(pm[0].mean_distance_km, 6),
            pm[1],
            [c.ags for c in pm[0].members],
        )
    )
    return [p for p, _ in proposals[:limit]]


def _reasons(p: Proposal, lo: int, hi: int, topic: str | None) -> list[str]:
    names = " + ".join(c.name for c in p.members)
    reasons = [
        f"{names}: zusammen {number_de(p.population)} Einwohner:innen, im Band "
        f"{number_de(lo)}–{number_de(hi)} für eine gemeinsame Stelle",
        f"größte Entfernung zu {p.members[0].name}: {number_de(p.max_distance_km)} km, "
        f"im Mittel {number_de(p.mean_distance_km)} km",
    ]
    if p.contiguous:
        reasons.append("die Gemeinden grenzen lückenlos aneinander")
    if topic and p.same_need:
        label = POST_TOPICS.get(topic, topic)
        others = len(p.members) - 1
        reasons.append(f"{p.same_need} von {others} Nachbargemeinden suchen ebenfalls {label}")
    return reasons
