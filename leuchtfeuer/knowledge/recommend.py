"""Recommendations "Lösungen für Kommunen wie uns" (selector; scoring in engine/recommend.py).

The similarity of two places is the Kommunalprofil's peer distance (places/engine/peers.py,
documented in docs/indicators.md). An example from a Kreis or Land (e.g. Heimvorteil HSK) is
compared through the median distance of that Kreis'/Land's Gemeinden to the town. The
Werkstatt part provides the town's weak spots and plan fields through werkstatt.selectors.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from leuchtfeuer.core import taxonomy
from leuchtfeuer.knowledge import town_signals
from leuchtfeuer.knowledge.engine.recommend import score_arrays, weak_spot_weights
from leuchtfeuer.knowledge.models import Example, ExampleTerm, Vocabulary
from leuchtfeuer.places import profile as places_profile
from leuchtfeuer.places.engine.peers import PeerIndex, is_east
from leuchtfeuer.places.models import Municipality, Region

_INDEX: dict[str, PeerIndex | None] = {}
_PREFIX_ROWS: dict[str, np.ndarray] = {}
_CANDIDATES: dict[tuple, Candidates] = {}

ADDRESS_KEYS = [t.key for t in taxonomy.CHALLENGE_FIELDS] + [
    t.key for t in taxonomy.RESILIENCE_PILLARS if t.key not in {c.key for c in taxonomy.CHALLENGE_FIELDS}
]
FIELD_KEYS = [t.key for t in taxonomy.HANDLUNGSFELDER]


@dataclass
class Candidates:
    """All published examples as arrays (cached per process until a published example changes)."""

    pk: np.ndarray  # (n,) example ids
    region_key: list[str | None]  # AGS of a Gemeinde, ARS of a Kreis/Land, None
    region_level: list[str | None]
    municipality_id: np.ndarray  # (n,) 0 = none
    addresses: np.ndarray  # (n, len(ADDRESS_KEYS)) bool: challenge fields and pillars addressed
    fields: np.ndarray  # (n, len(FIELD_KEYS)) bool: Handlungsfelder
    rows: dict[str, np.ndarray] | None = None  # per peer-index version: index row or -1
    groups: dict[str, dict[str, np.ndarray]] | None = None  # per version: Kreis/Land prefix → members


@dataclass
class Recommendation:
    example: Example
    score: float
    similarity: float
    distance: float | None
    explanation: str
    weak_spots: list[str]  # labels of the town's weak spots the example addresses
    plan_fields: list[str]  # labels of plan Handlungsfelder the example works in


_VERSION: dict[str, tuple[float, str]] = {}
VERSION_TTL = 60.0  # seconds; official data change only with `import-official`


def _index_version() -> str:
    """The official data version (2 queries), looked up at most once a minute per process."""
    now = time.monotonic()
    cached = _VERSION.get("v")
    if cached is None or now - cached[0] > VERSION_TTL:
        cached = (now, places_profile.data_version())
        _VERSION["v"] = cached
    return cached[1]


def peer_index(version: str | None = None) -> PeerIndex | None:
    """The Kommunalprofil's peer index, kept per process and data version."""
    version = version or _index_version()
    if version not in _INDEX:
        _INDEX.clear()
        _PREFIX_ROWS.clear()
        _INDEX[version] = places_profile.peer_index()
    return _INDEX[version]


def _candidates() -> Candidates:
    published = Example.objects.filter(state=Example.State.PUBLISHED)
    stamp = published.aggregate(n=Count("id"), i=Max("id"), m=Max("updated_at"), v=Max("version"))
    key = (stamp["n"], stamp["i"], stamp["m"], stamp["v"])
    cached = _CANDIDATES.get(key)
    if cached is not None:
        return cached
    rows = list(
        published.order_by("id").values_list(
            "id", "region__ags", "region__ars", "region__level", "municipality_id"
        )
    )
    position = {row[0]: i for i, row in enumerate(rows)}
    a_index = {k: i for i, k in enumerate(ADDRESS_KEYS)}
    f_index = {k: i for i, k in enumerate(FIELD_KEYS)}
    addresses = np.zeros((len(rows), len(ADDRESS_KEYS)), dtype=bool)
    fields = np.zeros((len(rows), len(FIELD_KEYS)), dtype=bool)
    for example_id, vocab, term in ExampleTerm.objects.filter(
        example__state=Example.State.PUBLISHED
    ).values_list("example_id", "vocabulary", "key"):
        i = position.get(example_id)
        if i is None:
            continue
        if vocab == Vocabulary.HANDLUNGSFELD and term in f_index:
            fields[i, f_index[term]] = True
        elif vocab in (Vocabulary.HERAUSFORDERUNG, Vocabulary.PFEILER) and term in a_index:
            addresses[i, a_index[term]] = True
    result = Candidates(
        pk=np.array([r[0] for r in rows], dtype=np.int64),
        region_key=[(r[1] or r[2]) if r[3] else None for r in rows],
        region_level=[r[3] for r in rows],
        municipality_id=np.array([r[4] or 0 for r in rows], dtype=np.int64),
        addresses=addresses,
        fields=fields,
        rows={},
        groups={},
    )
    _CANDIDATES.clear()
    _CANDIDATES[key] = result
    return result


def _layout(c: Candidates, index: PeerIndex, version: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Index row of each Gemeinde-level example (-1 otherwise) and, per Kreis/Land prefix, the
    candidate positions and the index rows of that prefix's Gemeinden."""
    if version not in c.rows:
        rows = np.full(len(c.pk), -1, dtype=np.int64)
        groups: dict[str, list[int]] = {}
        for i, (key, level) in enumerate(zip(c.region_key, c.region_level, strict=True)):
            if key is None:
                continue
            if level == Region.Level.GEMEINDE:
                with contextlib.suppress(KeyError):  # not in the index (no population)
                    rows[i] = index.row(key)
            elif level in (Region.Level.KREIS, Region.Level.LAND):
                prefix = key[:2] if level == Region.Level.LAND else key[:5]
                groups.setdefault(prefix, []).append(i)
        c.rows = {version: rows}
        c.groups = {version: {p: np.array(members, dtype=np.int64) for p, members in groups.items()}}
    return c.rows[version], c.groups[version]


def _prefix_rows(index: PeerIndex, prefix: str) -> np.ndarray:
    rows = _PREFIX_ROWS.get(prefix)
    if rows is None:
        rows = np.flatnonzero(np.char.startswith(index.keys, prefix))
        _PREFIX_ROWS[prefix] = rows
    return rows


def _distances(c: Candidates, town: Region) -> tuple[np.ndarray, PeerIndex | None]:
    """Peer distance of every candidate's place to the town (NaN = unknown)."""
    distance = np.full(len(c.pk), np.nan)
    version = _index_version()
    index = peer_index(version) if town.level == Region.Level.GEMEINDE else None
    if index is None:
        return distance, None
    try:
        d = index.distances_from(town.key)
    except KeyError:
        return distance, index
    rows, groups = _layout(c, index, version)
    known = rows >= 0
    distance[known] = d[rows[known]]
    for prefix, members in groups.items():
        values = d[_prefix_rows(index, prefix)]
        values = values[np.isfinite(values)]
        if values.size:
            distance[members] = float(np.median(values))
    distance[~np.isfinite(distance)] = np.nan
    return distance, index


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
        spots = "eine Schwachstelle" if len(weak[:2]) == 1 else "Schwachstellen"
        parts.append(f"es setzt bei {quoted} an, laut Ihrem Resilienz-Check {spots}")
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
    c = _candidates()
    if not len(c.pk):
        return []
    weights = weak_spot_weights(weak_spots or [])
    plan = list(dict.fromkeys(plan_fields or []))
    distance, index = _distances(c, region)
    scored = score_arrays(
        distance,
        c.addresses,
        c.fields,
        np.array([weights.get(k, 0.0) for k in ADDRESS_KEYS]),
        np.array([k in plan for k in FIELD_KEYS], dtype=bool),
    )
    own = np.array([key == region.key for key in c.region_key], dtype=bool)
    if municipality is not None:
        own |= c.municipality_id == municipality.pk
    order = [int(i) for i in scored.order() if not own[i]][:limit]
    examples = Example.objects.select_related("region").in_bulk([int(c.pk[i]) for i in order])
    result = []
    for i in order:
        example = examples[int(c.pk[i])]
        addressed = {ADDRESS_KEYS[j] for j in np.flatnonzero(c.addresses[i])}
        in_fields = {FIELD_KEYS[j] for j in np.flatnonzero(c.fields[i])}
        weak = [_weak_label(k) for k in weights if k in addressed]
        plan_labels = [taxonomy.label(taxonomy.HANDLUNGSFELDER, k) for k in plan if k in in_fields]
        dist = None if np.isnan(distance[i]) else float(distance[i])
        result.append(
            Recommendation(
                example=example,
                score=float(scored.total[i]),
                similarity=float(scored.similarity[i]),
                distance=dist,
                explanation=_explain(example, region, dist, index, weak, plan_labels),
                weak_spots=weak,
                plan_fields=plan_labels,
            )
        )
    return result


def recommendations_for_municipality(municipality: Municipality, *, limit: int = 10) -> list[Recommendation]:
    """Recommendations using the town's Resilienz-Check and Werkstattplan (knowledge.town_signals)."""
    return recommendations_for_region(
        municipality.region,
        municipality=municipality,
        weak_spots=town_signals.weak_spots(municipality),
        plan_fields=town_signals.plan_fields(municipality),
        limit=limit,
    )
