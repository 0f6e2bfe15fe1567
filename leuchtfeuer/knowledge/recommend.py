"""Recommendations "Lösungen für Kommunen wie uns" (selector; scoring in engine/recommend.py).

The similarity of two places is the Kommunalprofil's peer distance (places/engine/peers.py,
documented in docs/indicators.md). An example from a Kreis or Land (e.g. Heimvorteil HSK) is
compared through the median distance of that Kreis'/Land's Gemeinden to the town. The
Werkstatt part provides the town's weak spots and plan fields through werkstatt.selectors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from leuchtfeuer.core import taxonomy
from leuchtfeuer.knowledge.engine.recommend import Candidate, score_candidates
from leuchtfeuer.knowledge.models import Example, ExampleTerm, Vocabulary
from leuchtfeuer.places import profile as places_profile
from leuchtfeuer.places.engine.peers import PeerIndex, is_east
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.werkstatt import selectors as werkstatt_selectors

_INDEX: dict[str, PeerIndex | None] = {}
_PREFIX_ROWS: dict[tuple[str, str], np.ndarray] = {}
_CANDIDATES: dict[tuple, list[_Row]] = {}


@dataclass(frozen=True)
class _Row:
    pk: int
    region_key: str | None  # AGS of a Gemeinde, ARS of a Kreis/Land
    region_level: str | None
    municipality_id: int | None
    addresses: frozenset[str]
    fields: frozenset[str]


@dataclass
class Recommendation:
    example: Example
    score: float
    similarity: float
    distance: float | None
    explanation: str
    weak_spots: list[str]  # labels of the town's weak spots the example addresses
    plan_fields: list[str]  # labels of plan Handlungsfelder the example works in


def peer_index() -> PeerIndex | None:
    """The Kommunalprofil's peer index, kept per process and data version."""
    version = places_profile._data_version()
    if version not in _INDEX:
        _INDEX.clear()
        _PREFIX_ROWS.clear()
        _INDEX[version] = places_profile.peer_index()
    return _INDEX[version]


def _candidates() -> list[_Row]:
    """Published examples as plain rows, cached per process until any published example changes."""
    published = Example.objects.filter(state=Example.State.PUBLISHED)
    stamp = published.aggregate(n=Count("id"), i=Max("id"), m=Max("updated_at"), v=Max("version"))
    key = (stamp["n"], stamp["i"], stamp["m"], stamp["v"])
    rows = _CANDIDATES.get(key)
    if rows is not None:
        return rows
    addresses: dict[int, set[str]] = {}
    fields: dict[int, set[str]] = {}
    for example_id, vocab, term in ExampleTerm.objects.filter(
        example__state=Example.State.PUBLISHED
    ).values_list("example_id", "vocabulary", "key"):
        if vocab == Vocabulary.HANDLUNGSFELD:
            fields.setdefault(example_id, set()).add(term)
        elif vocab in (Vocabulary.HERAUSFORDERUNG, Vocabulary.PFEILER):
            addresses.setdefault(example_id, set()).add(term)
    rows = [
        _Row(
            pk=pk,
            region_key=(ags or ars) if level else None,
            region_level=level,
            municipality_id=municipality_id,
            addresses=frozenset(addresses.get(pk, ())),
            fields=frozenset(fields.get(pk, ())),
        )
        for pk, ags, ars, level, municipality_id in published.values_list(
            "id", "region__ags", "region__ars", "region__level", "municipality_id"
        )
    ]
    _CANDIDATES.clear()
    _CANDIDATES[key] = rows
    return rows


def _distance(index: PeerIndex, d: np.ndarray, row: _Row) -> float | None:
    if row.region_key is None:
        return None
    if row.region_level == Region.Level.GEMEINDE:
        try:
            value = float(d[index.row(row.region_key)])
        except KeyError:
            return None
        return value if math.isfinite(value) else None
    if row.region_level not in (Region.Level.KREIS, Region.Level.LAND):
        return None  # a Gemeindeverband's members are not visible from the AGS
    prefix = row.region_key[:2] if row.region_level == Region.Level.LAND else row.region_key[:5]
    rows = _PREFIX_ROWS.get(("p", prefix))
    if rows is None:
        rows = np.flatnonzero(np.char.startswith(index.keys, prefix))
        _PREFIX_ROWS[("p", prefix)] = rows
    values = d[rows]
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else None


def _band(distance: float) -> str:
    if distance < 1.0:
        return "sehr ähnlich"
    if distance < 2.0:
        return "ähnlich"
    return "eher wenig ähnlich"


def _explain(
    example: Example,
    town: Region,
    distance: float | None,
    index: PeerIndex | None,
    weak: list[str],
    plan: list[str],
) -> str:
    town_name = town.short_name
    region = example.region
    if region is None or distance is None:
        lead = f"{example.title} ({example.place}) hat keinen vergleichbaren Ort"
    elif region.level == Region.Level.GEMEINDE:
        place = region.short_name
        same_side = is_east(region.land_code) == is_east(town.land_code)
        side = "Ostdeutschland" if is_east(region.land_code) else "Westdeutschland"
        if region.size_class and region.size_class == town.size_class and same_side:
            lead = f"{place} ist wie {town_name} eine {region.size_class} in {side}"
        elif same_side:
            lead = f"{place} liegt wie {town_name} in {side} und ist {_band(distance)}"
        else:
            lead = f"{place} ist {town_name} {_band(distance)}"
        reasons: tuple[str, ...] = ()
        if index is not None:
            try:
                reasons = index._peer(index.row(town.key), index.row(region.key), 0, distance).reasons
            except KeyError:
                reasons = ()
        reasons = tuple(r for r in reasons if not r.startswith("ebenfalls in "))[:2]
        if reasons:
            lead += " (" + ", ".join(reasons) + ")"
    else:
        kind = {"kreis": "kreisweites", "land": "landesweites"}.get(region.level, "regionales")
        lead = (
            f"{example.title} ist ein {kind} Angebot ({example.place}); dessen Gemeinden sind "
            f"{town_name} im Mittel {_band(distance)}"
        )
    parts = [lead]
    if weak:
        quoted = " und ".join(f"„{w}“" for w in weak[:2])
        parts.append(f"es setzt bei {quoted} an, laut Ihrem Resilienz-Check eine Schwachstelle")
    if plan:
        quoted = " und ".join(f"„{p}“" for p in plan[:2])
        parts.append(f"es passt zu {quoted} aus Ihrem Werkstattplan")
    return "; ".join(parts) + "."


def _weak_label(key: str) -> str:
    for terms in (taxonomy.CHALLENGE_FIELDS, taxonomy.RESILIENCE_PILLARS):
        label = taxonomy.label(terms, key)
        if label != key:
            return label
    return key


def recommendations_for_region(
    region: Region,
    *,
    municipality: Municipality | None = None,
    weak_spots: list[str] | None = None,
    plan_fields: list[str] | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    """Published examples ranked for `region` (a Gemeinde); examples of the town itself are left
    out. `weak_spots` / `plan_fields` come from the town's Resilienz-Check and Werkstattplan."""
    weak_spots, plan_fields = list(weak_spots or []), list(plan_fields or [])
    rows = [
        r
        for r in _candidates()
        if r.region_key != region.key and (municipality is None or r.municipality_id != municipality.pk)
    ]
    if not rows:
        return []
    index = peer_index() if region.level == Region.Level.GEMEINDE else None
    distances: list[float | None] = [None] * len(rows)
    if index is not None:
        try:
            d = index.distances_from(region.key)
        except KeyError:
            d = None
        if d is not None:
            distances = [_distance(index, d, r) for r in rows]
    candidates = [Candidate(distances[i], r.addresses, r.fields) for i, r in enumerate(rows)]
    scores = score_candidates(candidates, weak_spots, plan_fields)[:limit]
    examples = Example.objects.select_related("region").in_bulk([rows[s.index].pk for s in scores])
    result = []
    for s in scores:
        example = examples[rows[s.index].pk]
        weak = [_weak_label(k) for k in s.weak_matched]
        plan = [taxonomy.label(taxonomy.HANDLUNGSFELDER, k) for k in s.plan_matched]
        distance = distances[s.index]
        result.append(
            Recommendation(
                example=example,
                score=s.total,
                similarity=s.similarity,
                distance=distance,
                explanation=_explain(example, region, distance, index, weak, plan),
                weak_spots=weak,
                plan_fields=plan,
            )
        )
    return result


def recommendations_for_municipality(municipality: Municipality, *, limit: int = 10) -> list[Recommendation]:
    """Recommendations using the town's Resilienz-Check and Werkstattplan (werkstatt.selectors)."""
    return recommendations_for_region(
        municipality.region,
        municipality=municipality,
        weak_spots=werkstatt_selectors.resilience_weak_spots(municipality),
        plan_fields=werkstatt_selectors.plan_handlungsfelder(municipality),
        limit=limit,
    )
