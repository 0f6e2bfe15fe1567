"""Scoring seekers × spaces: hard filters, weighted criteria and German reasons.

A pair (seeker, space) first passes **hard filters** — any failure makes its score NaN:

- type: the space's ``kind`` is one of the seeker's ``space_kinds`` (no kinds stated: any);
- size: ``area_min_m2 <= area_m2 <= area_max_m2`` (bounds not stated, or area unknown: passes);
- budget: monthly rent ``<= budget_max_eur_month``; purchase price ``<= budget_max_eur``;
- time: the space's availability window overlaps the needed window (``available_from`` None means
  "ab sofort", ``available_until`` None "unbefristet");
- region: within ``radius_km`` of the seeker's place, or in one of the seeker's ``kreise`` (when
  both are stated, either suffices; when neither, anywhere);
- accessibility when ``needs_accessible``; every feature in ``required_features``.

Passing pairs get a score in [0, 1]: the weighted mean of the criteria that apply to the pair
(a criterion applies when both sides state the figures it compares):

- ``area``: ratio smaller/larger of the free area and the wanted area (the middle of the range,
  or the one bound stated) — 180 m² wanted, 210 m² free gives 180/210 = 0.857;
- ``price``: ``1 - 0.5 × rent / budget`` — free is 1.0, exactly at the budget 0.5;
- ``distance``: ``1 - d / radius`` inside the radius; without a radius ``exp(-d / 50 km)``;
- ``time``: ``max(0, 1 - delay / 180 days)`` for a space that becomes free after the needed date,
  times the share of the needed window the space covers.

A pair to which no criterion applies scores 1.0 (every stated wish is met). Scores are computed
for whole blocks of seekers at once with numpy (float32, chunked, so 10⁴ × 10⁴ pairs fit in
memory); reasons are built only for the pairs someone looks at.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .geo import EARTH_RADIUS_KM, unit_vectors
from .reasons import explain

CRITERIA = ("area", "price", "distance", "time")
CRITERION_LABELS = {
    "area": "Fläche",
    "price": "Miete/Preis",
    "distance": "Entfernung",
    "time": "Zeitraum",
}
DISTANCE_SCALE_KM = 50.0  # decay length when a seeker gives a place but no radius
TIME_HORIZON_DAYS = 180.0  # a space free half a year after the needed date scores 0 on time
DEFAULT_CHUNK_PAIRS = 4_000_000
# When more than this share of a block survives region and type, gathering pairs one by one costs
# more than computing every criterion for the whole block with broadcasting.
DENSE_SHARE = 0.08  # pairs per block: ~16 MB per float32 temporary


@dataclass(frozen=True)
class Weights:
    """Weight of each criterion; only the ratios matter (they are normalised per pair).

    Defaults: area 0.35, price 0.25, distance 0.25, time 0.15 — size is what most often makes a
    space unusable, rent and distance come next, timing can usually be bridged. These are the
    agency's starting point, not a published standard; seekers may state their own.
    """

    area: float = 0.35
    price: float = 0.25
    distance: float = 0.25
    time: float = 0.15

    def __post_init__(self) -> None:
        values = self.as_tuple()
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError("Gewichte müssen endliche Zahlen ≥ 0 sein.")
        if sum(values) <= 0:
            raise ValueError("Mindestens ein Gewicht muss größer als 0 sein.")

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.area, self.price, self.distance, self.time)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Space:
    """A space on offer. ``available_from`` None = ab sofort; ``available_until`` None = unbefristet.

    ``lat``/``lon`` are the Gemeinde centre unless the owner agreed to more; ``features`` are
    connections the town states (``"bahn"``, ``"autobahn"``, ``"breitband"``, …).
    """

    id: int
    kind: str
    area_m2: float | None = None
    rent_eur_month: float | None = None
    price_eur: float | None = None
    available_from: date | None = None
    available_until: date | None = None
    lat: float = math.nan
    lon: float = math.nan
    kreis_ags: str = ""
    municipality_ags: str = ""
    accessible: bool = False
    features: frozenset[str] = frozenset()
    label: str = ""


@dataclass(frozen=True)
class Seeker:
    """Someone looking for a space: ``kind`` is "projekt", "unternehmen" or "verbund".

    Region: ``radius_km`` around (``lat``, ``lon``) and/or a set of Kreis AGS in ``kreise``.
    ``weights`` None uses the weights passed to :func:`score`.
    """

    id: int
    kind: str
    space_kinds: frozenset[str] = frozenset()
    area_min_m2: float | None = None
    area_max_m2: float | None = None
    budget_max_eur_month: float | None = None
    needed_from: date | None = None
    needed_until: date | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    kreise: frozenset[str] = frozenset()
    needs_accessible: bool = False
    required_features: frozenset[str] = frozenset()
    weights: Weights | None = None
    budget_max_eur: float | None = None  # purchase budget (plots, Bodenfonds)
    label: str = ""


class ScoreResult:
    """Scores of the pairs that pass the hard filters, and the inputs for reasons.

    Stored sparse — ``rows``, ``cols``, ``values``, grouped by seeker (rows ascending) — because usually
    only a few per cent of all pairs pass. ``scores`` is the dense n_seekers × n_spaces float32
    matrix with NaN where a hard filter fails, built on first use.
    """

    def __init__(
        self,
        *,
        shape: tuple[int, int],
        rows: NDArray[np.integer[Any]],
        cols: NDArray[np.integer[Any]],
        values: NDArray[np.float32],
        spaces: Sequence[Space],
        seekers: Sequence[Seeker],
        kind_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.shape = shape
        self.rows, self.cols, self.values = rows, cols, values
        self.spaces, self.seekers = spaces, seekers
        self.kind_labels = dict(kind_labels or {})
        self.indptr = np.searchsorted(rows, np.arange(shape[0] + 1))
        self._dense: NDArray[np.float32] | None = None

    @classmethod
    def from_dense(
        cls,
        scores: NDArray[Any],
        spaces: Sequence[Space],
        seekers: Sequence[Seeker],
        kind_labels: Mapping[str, str] | None = None,
    ) -> ScoreResult:
        """A result from a dense matrix (NaN = fails), e.g. scores computed elsewhere or in tests."""
        dense = np.asarray(scores, dtype=np.float32)
        rows, cols = np.nonzero(~np.isnan(dense))
        return cls(
            shape=(dense.shape[0], dense.shape[1]),
            rows=rows,
            cols=cols,
            values=dense[rows, cols],
            spaces=spaces,
            seekers=seekers,
            kind_labels=kind_labels,
        )

    @property
    def scores(self) -> NDArray[np.float32]:
        if self._dense is None:
            dense = np.full(self.shape, np.nan, dtype=np.float32)
            dense[self.rows, self.cols] = self.values
            self._dense = dense
        return self._dense

    def row(self, seeker_index: int) -> tuple[NDArray[np.integer[Any]], NDArray[np.float32]]:
        """(space indices, scores) of the spaces that pass for one seeker."""
        lo, hi = self.indptr[seeker_index], self.indptr[seeker_index + 1]
        return self.cols[lo:hi], self.values[lo:hi]

    def top(self, seeker_index: int, k: int = 5) -> list[tuple[int, float]]:
        """The best ``k`` spaces for one seeker as (space index, score), best first; ties by index."""
        valid, values = self.row(seeker_index)
        if valid.size == 0 or k <= 0:
            return []
        values = values.astype(np.float64)
        if valid.size > k:
            part = np.argpartition(-values, k - 1)[:k]
            valid, values = valid[part], values[part]
        order = np.lexsort((valid, -values))
        return [(int(valid[i]), float(values[i])) for i in order]

    def score_of(self, seeker_index: int, space_index: int) -> float:
        """The score of one pair; NaN when a hard filter fails."""
        cols, values = self.row(seeker_index)
        at = np.flatnonzero(cols == space_index)
        return float(values[at[0]]) if at.size else math.nan

    def passes(self, seeker_index: int, space_index: int) -> bool:
        return not math.isnan(self.score_of(seeker_index, space_index))

    def reasons(self, seeker_index: int, space_index: int) -> list[str]:
        """German reasons for one pair; for a pair that fails, the failed filters come first."""
        return explain(self.seekers[seeker_index], self.spaces[space_index], kind_labels=self.kind_labels)


# --------------------------------------------------------------------------- vectorised scoring


def _f(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _day(value: date | None, missing: float) -> float:
    return missing if value is None else float(value.toordinal())


class _Vocab:
    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def code(self, key: str) -> int:
        return self.codes.setdefault(key, len(self.codes))


def _membership(sets: Sequence[frozenset[str]], vocab: _Vocab, size: int) -> NDArray[np.bool_]:
    matrix = np.zeros((len(sets), max(size, 1)), dtype=bool)
    for i, keys in enumerate(sets):
        for key in keys:
            matrix[i, vocab.codes[key]] = True
    return matrix


def score(
    spaces: Sequence[Space],
    seekers: Sequence[Seeker],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    kind_labels: Mapping[str, str] | None = None,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
) -> ScoreResult:
    """Score every seeker against every space (see the module docstring for the rules)."""
    n, m = len(seekers), len(spaces)
    if n == 0 or m == 0:
        empty = np.zeros(0, dtype=np.intp)
        return ScoreResult(
            shape=(n, m),
            rows=empty,
            cols=empty,
            values=np.zeros(0, dtype=np.float32),
            spaces=spaces,
            seekers=seekers,
            kind_labels=kind_labels,
        )

    kinds, kreise, features = _Vocab(), _Vocab(), _Vocab()
    for s in spaces:
        kinds.code(s.kind)
        kreise.code(s.kreis_ags)
        for f in s.features:
            features.code(f)
    for k in seekers:
        for x in k.space_kinds:
            kinds.code(x)
        for x in k.kreise:
            kreise.code(x)
        for f in k.required_features:
            features.code(f)
    if len(features.codes) > 64:
        raise ValueError("Höchstens 64 verschiedene Merkmale (Anschlüsse) werden unterstützt.")

    f32 = np.float32
    # spaces as columns, sorted by kind so that the type filter works on contiguous column ranges
    order = np.argsort([kinds.codes[s.kind] for s in spaces], kind="stable")
    spaces_in_order = [spaces[j] for j in order]
    original, spaces = spaces, spaces_in_order
    sp: dict[str, Any] = {
        "kind": np.array([kinds.codes[s.kind] for s in spaces], dtype=np.intp),
        "kreis": np.array([kreise.codes[s.kreis_ags] for s in spaces], dtype=np.intp),
        "area": np.array([_f(s.area_m2) for s in spaces], dtype=f32),
        "rent": np.array([_f(s.rent_eur_month) for s in spaces], dtype=f32),
        "price": np.array([_f(s.price_eur) for s in spaces], dtype=f32),
        "from": np.array([_day(s.available_from, -math.inf) for s in spaces], dtype=f32),
        "until": np.array([_day(s.available_until, math.inf) for s in spaces], dtype=f32),
        "acc": np.array([s.accessible for s in spaces], dtype=bool),
        "feat": np.array([sum(1 << features.codes[f] for f in s.features) for s in spaces], dtype=np.uint64),
        "vec": unit_vectors([s.lat for s in spaces], [s.lon for s in spaces]),
    }
    # a space without coordinates fails every radius (dot product 0) and has no distance criterion
    sp["has_loc"] = ~np.isnan(sp["vec"][:, 0])
    sp["vec"] = np.nan_to_num(sp["vec"])
    sp["vec_t"] = np.ascontiguousarray(sp["vec"].T)  # (3, m): the fast layout for the product
    codes = sp["kind"]
    sp["kind_ranges"] = [
        (int(code), int(lo), int(hi))
        for code, lo, hi in zip(
            codes[np.r_[0, np.flatnonzero(np.diff(codes)) + 1]],
            np.r_[0, np.flatnonzero(np.diff(codes)) + 1],
            np.r_[np.flatnonzero(np.diff(codes)) + 1, m],
            strict=True,
        )
    ]
    spaces = original

    # seekers as rows
    kind_ok = _membership([k.space_kinds for k in seekers], kinds, len(kinds.codes))
    kind_ok[np.array([not k.space_kinds for k in seekers], dtype=bool)] = True
    amin = np.array([_f(k.area_min_m2) for k in seekers], dtype=f32)
    amax = np.array([_f(k.area_max_m2) for k in seekers], dtype=f32)
    lat = [math.nan if k.lat is None else k.lat for k in seekers]
    lon = [math.nan if k.lon is None else k.lon for k in seekers]
    vec = unit_vectors(lat, lon)
    has_loc = ~np.isnan(vec[:, 0])
    radius = np.array([_f(k.radius_km) for k in seekers], dtype=np.float64)
    has_radius = has_loc & ~np.isnan(radius) & (radius > 0)
    has_kreise = np.array([bool(k.kreise) for k in seekers], dtype=bool)
    # region as a bound on the dot product of unit vectors: d <= r  <=>  cos(d/R) >= cos(r/R);
    # -inf lets every space pass (no region stated), +inf none (only the Kreis list decides)
    half_angle = np.minimum(np.where(has_radius, radius, 0.0) / EARTH_RADIUS_KM, math.pi)
    cos_min = np.where(has_radius, np.cos(half_angle), np.where(has_kreise, np.inf, -np.inf))
    sk: dict[str, Any] = {
        "kind_ok": kind_ok,
        "kreis_ok": _membership([k.kreise for k in seekers], kreise, len(kreise.codes)),
        "has_kreise": has_kreise,
        "req": np.array(
            [sum(1 << features.codes[f] for f in k.required_features) for k in seekers],
            dtype=np.uint64,
        ),
        "needs_acc": np.array([k.needs_accessible for k in seekers], dtype=bool),
        "amin": amin,
        "amax": amax,
        "target": np.where(np.isnan(amin), amax, np.where(np.isnan(amax), amin, (amin + amax) / 2)).astype(
            f32
        ),
        "budget": np.array([_f(k.budget_max_eur_month) for k in seekers], dtype=f32),
        "budget_buy": np.array([_f(k.budget_max_eur) for k in seekers], dtype=f32),
        "nfrom": np.array([_day(k.needed_from, math.nan) for k in seekers], dtype=f32),
        "nuntil": np.array([_day(k.needed_until, math.nan) for k in seekers], dtype=f32),
        "vec": np.nan_to_num(vec),
        "has_loc": has_loc,
        "radius": radius.astype(f32),
        "has_radius": has_radius,
        "cos_min": cos_min,
        "w": np.array([(k.weights or weights).as_tuple() for k in seekers], dtype=f32),
    }

    rows = max(1, min(n, chunk_pairs // max(m, 1)))
    # work buffers reused by every block (fresh large allocations are slow: page faults)
    buffers = {
        "dot": np.empty((rows, m), dtype=np.float64),
        "region": np.empty((rows, m), dtype=bool),
    }
    parts = []
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        ii, jj, values = _block(start, stop, sp, sk, buffers)
        parts.append(((ii + start).astype(np.int32), jj.astype(np.int32), values))
    rows_all = np.concatenate([p[0] for p in parts])
    cols_all = order.astype(np.int32)[np.concatenate([p[1] for p in parts])]  # caller's order
    values_all = np.concatenate([p[2] for p in parts])
    # rows come out ascending (blocks in order, row-major within a block); within a row the
    # spaces follow the kind-sorted order, which no reader relies on
    return ScoreResult(
        shape=(n, m),
        rows=rows_all,
        cols=cols_all,
        values=values_all,
        spaces=spaces,
        seekers=seekers,
        kind_labels=kind_labels,
    )


def _block(
    start: int, stop: int, sp: dict[str, Any], sk: dict[str, Any], buffers: dict[str, NDArray[Any]]
) -> tuple[NDArray[np.integer[Any]], NDArray[np.integer[Any]], NDArray[np.float32]]:
    """Scores of the seekers ``start:stop`` against all spaces, as (rows, columns, values).

    Dense phase over the whole block: region (one matrix product and one comparison) and type.
    Everything else is computed only for the pairs that survive, gathered into 1-D arrays — with
    typical data a few per cent of the block, so the criteria cost almost nothing.
    """
    f32 = np.float32
    r = slice(start, stop)
    c = stop - start
    dot = buffers["dot"][:c]
    if sk["has_loc"][r].all():
        np.matmul(sk["vec"][r], sp["vec_t"], out=dot)  # float64 cosines of the central angles
    else:  # rows without a place (Kreis list only) need no cosines: 0 fails their +inf bound
        dot[...] = 0.0
        located = np.flatnonzero(sk["has_loc"][r])
        if located.size:
            dot[located] = sk["vec"][start + located] @ sp["vec_t"]
    region = buffers["region"][:c]
    np.greater_equal(dot, sk["cos_min"][r, np.newaxis], out=region)
    by_kreis = np.flatnonzero(sk["has_kreise"][r])
    if by_kreis.size:
        region[by_kreis] |= sk["kreis_ok"][start + by_kreis][:, sp["kreis"]]
    kind_ok = sk["kind_ok"][r]
    if not kind_ok.all():
        for code, lo, hi in sp["kind_ranges"]:
            region[:, lo:hi] &= kind_ok[:, code, np.newaxis]
    flat = np.flatnonzero(region)
    if flat.size > DENSE_SHARE * region.size:
        return _block_dense(start, stop, sp, sk, dot, region)
    ii, jj = np.divmod(flat, region.shape[1])
    gi = ii + start

    # --- remaining hard filters on the surviving pairs (NaN comparisons are False: unknown passes)
    area, amin, amax = sp["area"][jj], sk["amin"][gi], sk["amax"][gi]
    rent, budget = sp["rent"][jj], sk["budget"][gi]
    price, budget_buy = sp["price"][jj], sk["budget_buy"][gi]
    s_from, s_until = sp["from"][jj], sp["until"][jj]
    nfrom, nuntil = sk["nfrom"][gi], sk["nuntil"][gi]
    fail = area < amin
    fail |= area > amax
    fail |= rent > budget
    fail |= price > budget_buy
    fail |= s_from > nuntil
    fail |= s_until < nfrom
    fail |= sk["needs_acc"][gi] & ~sp["acc"][jj]
    req = sk["req"][gi]
    fail |= (sp["feat"][jj] & req) != req
    keep = ~fail
    ii, jj, gi = ii[keep], jj[keep], gi[keep]
    area, amin, amax = area[keep], amin[keep], amax[keep]
    rent, budget, price, budget_buy = rent[keep], budget[keep], price[keep], budget_buy[keep]
    s_from, s_until, nfrom, nuntil = s_from[keep], s_until[keep], nfrom[keep], nuntil[keep]
    w = sk["w"][gi]

    # --- weighted criteria: numerator and denominator of the weighted mean
    num = np.zeros(ii.size, dtype=f32)
    den = np.zeros(ii.size, dtype=f32)

    def add(values: NDArray[np.floating[Any]], weight: NDArray[np.float32]) -> None:
        applies = ~np.isnan(values)
        np.add(num, np.where(applies, values * weight, f32(0)), out=num)
        np.add(den, np.where(applies, weight, f32(0)), out=den)

    target = sk["target"][gi]
    with np.errstate(invalid="ignore", divide="ignore"):
        add(np.minimum(area, target) / np.maximum(area, target), w[:, 0])
        rent_score = f32(1.0) - f32(0.5) * rent / budget
        buy_score = f32(1.0) - f32(0.5) * price / budget_buy
        add(np.where(np.isnan(rent_score), buy_score, rent_score), w[:, 1])

        has_loc = sk["has_loc"][gi]
        chord2 = np.clip(2.0 - 2.0 * dot.ravel()[flat[keep]], 0.0, 4.0)
        dist = (2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(chord2) / 2.0)).astype(f32)
        radius = sk["radius"][gi]
        dist_score = np.where(
            sk["has_radius"][gi],
            np.clip(f32(1.0) - dist / radius, 0.0, 1.0),
            np.exp(-dist / f32(DISTANCE_SCALE_KM)),
        )
        add(np.where(has_loc & sp["has_loc"][jj], dist_score, np.nan).astype(f32), w[:, 2])

        delay = np.maximum(s_from - nfrom, f32(0))
        time_score = np.clip(f32(1.0) - delay / f32(TIME_HORIZON_DAYS), 0.0, 1.0)
        span = np.maximum(nuntil - nfrom, f32(1))
        cover = (np.minimum(s_until, nuntil) - np.maximum(s_from, nfrom)) / span
        time_score *= np.where(np.isnan(cover), f32(1), np.clip(cover, 0.0, 1.0))
        add(np.where(np.isnan(nfrom), np.nan, time_score).astype(f32), w[:, 3])

        values = np.where(den > 0, num / den, f32(1.0)).astype(f32)
    return ii, jj, values


def _block_dense(
    start: int,
    stop: int,
    sp: dict[str, Any],
    sk: dict[str, Any],
    dot: NDArray[np.float64],
    ok: NDArray[np.bool_],
) -> tuple[NDArray[np.integer[Any]], NDArray[np.integer[Any]], NDArray[np.float32]]:
    """Like :func:`_block`, for blocks where most pairs survive region and type: the remaining
    filters and the criteria computed for the whole block by broadcasting (the same formulas)."""
    f32 = np.float32
    col = np.newaxis
    r = slice(start, stop)
    amin, amax, target = sk["amin"][r, col], sk["amax"][r, col], sk["target"][r, col]
    budget, budget_buy = sk["budget"][r, col], sk["budget_buy"][r, col]
    nfrom, nuntil = sk["nfrom"][r, col], sk["nuntil"][r, col]
    area, rent, price = sp["area"], sp["rent"], sp["price"]
    s_from, s_until = sp["from"], sp["until"]
    w = sk["w"][r]

    ok &= ~(area < amin)
    ok &= ~(area > amax)
    ok &= ~(rent > budget)
    ok &= ~(price > budget_buy)
    ok &= ~(s_from > nuntil)
    ok &= ~(s_until < nfrom)
    needs_acc = sk["needs_acc"][r]
    if needs_acc.any():
        ok[needs_acc] &= sp["acc"]
    req = sk["req"][r]
    if req.any():
        ok &= (sp["feat"][col, :] & req[:, col]) == req[:, col]

    num = np.zeros(ok.shape, dtype=f32)
    den = np.zeros(ok.shape, dtype=f32)

    def add(values: NDArray[np.floating[Any]], weight: NDArray[np.float32]) -> None:
        applies = ~np.isnan(values)
        np.add(num, np.where(applies, values * weight, f32(0)), out=num)
        np.add(den, applies * weight, out=den)

    with np.errstate(invalid="ignore", divide="ignore"):
        if not np.isnan(target).all():
            add(np.minimum(area, target) / np.maximum(area, target), w[:, 0:1])
        if not (np.isnan(budget).all() and np.isnan(budget_buy).all()):
            rent_score = f32(1.0) - f32(0.5) * rent / budget
            buy_score = f32(1.0) - f32(0.5) * price / budget_buy
            add(np.where(np.isnan(rent_score), buy_score, rent_score), w[:, 1:2])
        has_loc = sk["has_loc"][r]
        if has_loc.any():
            chord = np.clip(2.0 - 2.0 * dot, 0.0, 4.0).astype(f32)
            np.sqrt(chord, out=chord)
            chord *= f32(0.5)
            np.arcsin(chord, out=chord)
            dist = chord * f32(2.0 * EARTH_RADIUS_KM)
            radius = sk["radius"][r, col]
            dist_score = np.where(
                sk["has_radius"][r, col],
                np.clip(f32(1.0) - dist / radius, 0.0, 1.0),
                np.exp(-dist / f32(DISTANCE_SCALE_KM)),
            )
            applies = has_loc[:, col] & sp["has_loc"][col, :]
            add(np.where(applies, dist_score, np.nan).astype(f32), w[:, 2:3])
        if not np.isnan(nfrom).all():
            delay = np.maximum(s_from - nfrom, f32(0))
            time_score = np.clip(f32(1.0) - delay / f32(TIME_HORIZON_DAYS), 0.0, 1.0)
            if not np.isnan(nuntil).all():
                span = np.maximum(nuntil - nfrom, f32(1))
                cover = (np.minimum(s_until, nuntil) - np.maximum(s_from, nfrom)) / span
                time_score *= np.where(np.isnan(cover), f32(1), np.clip(cover, 0.0, 1.0))
            add(np.where(np.isnan(nfrom), np.nan, time_score).astype(f32), w[:, 3:4])
        values = np.where(den > 0, num / den, f32(1.0)).astype(f32)
    flat = np.flatnonzero(ok)
    ii, jj = np.divmod(flat, ok.shape[1])
    return ii, jj, values.ravel()[flat]
