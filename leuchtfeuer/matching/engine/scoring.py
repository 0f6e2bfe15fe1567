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
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from .geo import EARTH_RADIUS_KM, haversine_km, unit_vectors

CRITERIA = ("area", "price", "distance", "time")
CRITERION_LABELS = {
    "area": "Fläche",
    "price": "Miete/Preis",
    "distance": "Entfernung",
    "time": "Zeitraum",
}
DISTANCE_SCALE_KM = 50.0  # decay length when a seeker gives a place but no radius
TIME_HORIZON_DAYS = 180.0  # a space free half a year after the needed date scores 0 on time
FEATURE_LABELS = {
    "bahn": "Bahnanschluss",
    "autobahn": "Autobahnanschluss",
    "breitband": "Breitband",
}
DEFAULT_CHUNK_PAIRS = 4_000_000  # pairs per block: ~16 MB per float32 temporary


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


@dataclass
class ScoreResult:
    """Scores (n_seekers × n_spaces, NaN where a hard filter fails) and the inputs for reasons."""

    scores: NDArray
    spaces: Sequence[Space]
    seekers: Sequence[Seeker]
    kind_labels: Mapping[str, str] = field(default_factory=dict)

    def top(self, seeker_index: int, k: int = 5) -> list[tuple[int, float]]:
        """The best ``k`` spaces for one seeker as (space index, score), best first; ties by index."""
        row = self.scores[seeker_index]
        valid = np.flatnonzero(~np.isnan(row))
        if valid.size == 0 or k <= 0:
            return []
        values = row[valid].astype(np.float64)
        if valid.size > k:
            part = np.argpartition(-values, k - 1)[:k]
            valid, values = valid[part], values[part]
        order = np.lexsort((valid, -values))
        return [(int(valid[i]), float(values[i])) for i in order]

    def passes(self, seeker_index: int, space_index: int) -> bool:
        return not math.isnan(float(self.scores[seeker_index, space_index]))

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


def _membership(sets: Sequence[frozenset[str]], vocab: _Vocab, size: int) -> NDArray:
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
    out = np.full((n, m), np.nan, dtype=np.float32)
    result = ScoreResult(out, spaces, seekers, dict(kind_labels or {}))
    if n == 0 or m == 0:
        return result

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
    # spaces as columns
    sp_kind = np.array([kinds.codes[s.kind] for s in spaces], dtype=np.intp)
    sp_kreis = np.array([kreise.codes[s.kreis_ags] for s in spaces], dtype=np.intp)
    sp_area = np.array([_f(s.area_m2) for s in spaces], dtype=f32)
    sp_rent = np.array([_f(s.rent_eur_month) for s in spaces], dtype=f32)
    sp_price = np.array([_f(s.price_eur) for s in spaces], dtype=f32)
    sp_from = np.array([_day(s.available_from, -math.inf) for s in spaces], dtype=f32)
    sp_until = np.array([_day(s.available_until, math.inf) for s in spaces], dtype=f32)
    sp_acc = np.array([s.accessible for s in spaces], dtype=bool)
    sp_feat = np.array([sum(1 << features.codes[f] for f in s.features) for s in spaces], dtype=np.uint64)
    sp_vec = unit_vectors([s.lat for s in spaces], [s.lon for s in spaces])
    sp_area_known = ~np.isnan(sp_area)

    # seekers as rows
    any_kind = np.array([not k.space_kinds for k in seekers], dtype=bool)
    kind_ok = _membership([k.space_kinds for k in seekers], kinds, len(kinds.codes))
    kind_ok[any_kind] = True
    kreis_ok = _membership([k.kreise for k in seekers], kreise, len(kreise.codes))
    has_kreise = np.array([bool(k.kreise) for k in seekers], dtype=bool)
    req = np.array(
        [sum(1 << features.codes[f] for f in k.required_features) for k in seekers],
        dtype=np.uint64,
    )
    needs_acc = np.array([k.needs_accessible for k in seekers], dtype=bool)
    amin = np.array([_f(k.area_min_m2) for k in seekers], dtype=f32)
    amax = np.array([_f(k.area_max_m2) for k in seekers], dtype=f32)
    target = np.where(np.isnan(amin), amax, np.where(np.isnan(amax), amin, (amin + amax) / 2)).astype(f32)
    budget = np.array([_f(k.budget_max_eur_month) for k in seekers], dtype=f32)
    budget_buy = np.array([_f(k.budget_max_eur) for k in seekers], dtype=f32)
    nfrom = np.array([_day(k.needed_from, math.nan) for k in seekers], dtype=f32)
    nuntil = np.array([_day(k.needed_until, math.nan) for k in seekers], dtype=f32)
    lat = [math.nan if k.lat is None else k.lat for k in seekers]
    lon = [math.nan if k.lon is None else k.lon for k in seekers]
    sk_vec = unit_vectors(lat, lon)
    has_loc = ~np.isnan(sk_vec[:, 0])
    radius = np.array([_f(k.radius_km) for k in seekers], dtype=f32)
    has_radius = has_loc & ~np.isnan(radius) & (radius > 0)
    w = np.array([(k.weights or weights).as_tuple() for k in seekers], dtype=f32)

    rows = max(1, min(n, chunk_pairs // max(m, 1)))
    for start in range(0, n, rows):
        r = slice(start, min(n, start + rows))
        out[r] = _block(
            r,
            sp=(sp_kind, sp_kreis, sp_area, sp_rent, sp_price, sp_from, sp_until, sp_acc),
            sp_feat=sp_feat,
            sp_vec=sp_vec,
            sp_area_known=sp_area_known,
            kind_ok=kind_ok,
            kreis_ok=kreis_ok,
            has_kreise=has_kreise,
            req=req,
            needs_acc=needs_acc,
            amin=amin,
            amax=amax,
            target=target,
            budget=budget,
            budget_buy=budget_buy,
            nfrom=nfrom,
            nuntil=nuntil,
            sk_vec=sk_vec,
            has_loc=has_loc,
            radius=radius,
            has_radius=has_radius,
            w=w,
        )
    return result


def _block(r: slice, *, sp, sp_feat, sp_vec, sp_area_known, **a) -> NDArray:
    """Scores for the seekers in ``r`` against all spaces (one float32 block)."""
    sp_kind, sp_kreis, sp_area, sp_rent, sp_price, sp_from, sp_until, sp_acc = sp
    col = np.newaxis
    f32 = np.float32
    amin, amax, target = a["amin"][r, col], a["amax"][r, col], a["target"][r, col]
    budget, budget_buy = a["budget"][r, col], a["budget_buy"][r, col]
    nfrom, nuntil = a["nfrom"][r, col], a["nuntil"][r, col]
    w = a["w"][r]

    # --- hard filters (NaN comparisons are False, so unknown figures pass)
    ok = a["kind_ok"][r][:, sp_kind]
    ok &= ~(sp_area < amin)
    ok &= ~(sp_area > amax)
    ok &= ~(sp_rent > budget)
    ok &= ~(sp_price > budget_buy)
    ok &= ~(sp_from > nuntil)
    ok &= ~(sp_until < nfrom)
    needs_acc = a["needs_acc"][r]
    if needs_acc.any():
        ok[needs_acc] &= sp_acc
    req = a["req"][r]
    if req.any():
        ok &= (sp_feat[col, :] & req[:, col]) == req[:, col]

    has_loc = a["has_loc"][r]
    dist = None
    if has_loc.any():
        chord2 = (2.0 - 2.0 * (a["sk_vec"][r] @ sp_vec.T)).astype(f32)
        np.clip(chord2, 0.0, 4.0, out=chord2)
        np.sqrt(chord2, out=chord2)
        chord2 *= 0.5
        np.arcsin(chord2, out=chord2)
        chord2 *= 2.0 * EARTH_RADIUS_KM
        dist = chord2
    has_radius, has_kreise = a["has_radius"][r], a["has_kreise"][r]
    restricted = has_radius | has_kreise
    if restricted.any():
        region = ~restricted[:, col]
        if dist is not None and has_radius.any():
            region = region | ((dist <= a["radius"][r, col]) & has_radius[:, col])
        if has_kreise.any():
            region = region | (a["kreis_ok"][r][:, sp_kreis] & has_kreise[:, col])
        ok &= region

    # --- weighted criteria: numerator and denominator of the weighted mean
    num = np.zeros(ok.shape, dtype=f32)
    den = np.zeros(ok.shape, dtype=f32)

    rows_area = ~np.isnan(target[:, 0])
    if rows_area.any():
        ratio = np.minimum(sp_area, target) / np.maximum(sp_area, target)
        applies = sp_area_known[col, :] & rows_area[:, col]
        wa = w[:, 0:1]
        num += np.where(applies, ratio * wa, f32(0))
        den += applies * wa

    rows_price = ~np.isnan(budget[:, 0])
    if rows_price.any():
        ps = f32(1.0) - f32(0.5) * sp_rent / budget
        applies = ~np.isnan(ps)
        wp = w[:, 1:2]
        num += np.where(applies, ps * wp, f32(0))
        den += applies * wp
    rows_buy = ~np.isnan(budget_buy[:, 0])
    if rows_buy.any():
        bs = f32(1.0) - f32(0.5) * sp_price / budget_buy
        applies = ~np.isnan(bs)
        if rows_price.any():  # rent already counted where both a rent and a budget are known
            applies &= ~(~np.isnan(sp_rent)[col, :] & rows_price[:, col])
        wp = w[:, 1:2]
        num += np.where(applies, bs * wp, f32(0))
        den += applies * wp

    if dist is not None:
        rad = a["radius"][r, col]
        with np.errstate(invalid="ignore", divide="ignore"):
            ds = np.where(
                has_radius[:, col],
                np.clip(f32(1.0) - dist / rad, 0.0, 1.0),
                np.exp(-dist / f32(DISTANCE_SCALE_KM)),
            )
        wd = w[:, 2:3] * has_loc[:, col]
        num += np.nan_to_num(ds, nan=0.0) * wd
        den += (~np.isnan(ds)) * wd

    rows_time = ~np.isnan(nfrom[:, 0])
    if rows_time.any():
        delay = np.maximum(sp_from - nfrom, f32(0))
        ts = np.clip(f32(1.0) - delay / f32(TIME_HORIZON_DAYS), 0.0, 1.0)
        if (~np.isnan(nuntil)).any():
            span = np.maximum(nuntil - nfrom, f32(1))
            cover = (np.minimum(sp_until, nuntil) - np.maximum(sp_from, nfrom)) / span
            ts *= np.where(np.isnan(cover), f32(1), np.clip(cover, 0.0, 1.0))
        wt = w[:, 3:4] * rows_time[:, col]
        num += np.nan_to_num(ts, nan=0.0) * wt
        den += wt

    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(den > 0, num / den, f32(1.0)).astype(f32, copy=False)
    result[~ok] = np.nan
    return result


# --------------------------------------------------------------------------- reasons (per pair)


def number_de(value: float, decimals: int = 0) -> str:
    """German digits (1.234,5). The engine has no Django, so it cannot use django's l10n here."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def _m2(value: float) -> str:
    return f"{number_de(value)} m²"


def _eur(value: float) -> str:
    return f"{number_de(value)} €"


def _date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _features(keys: frozenset[str] | set[str]) -> str:
    return ", ".join(FEATURE_LABELS.get(k, k) for k in sorted(keys))


def explain(seeker: Seeker, space: Space, *, kind_labels: Mapping[str, str] | None = None) -> list[str]:
    """German reasons for one pair: failed hard filters first, then what fits."""
    labels = kind_labels or {}
    failed: list[str] = []
    fits: list[str] = []
    kind = labels.get(space.kind, space.kind)
    if seeker.space_kinds and space.kind not in seeker.space_kinds:
        wanted = ", ".join(labels.get(k, k) for k in sorted(seeker.space_kinds))
        failed.append(f"Art passt nicht: {kind} angeboten, gesucht {wanted}")
    elif seeker.space_kinds:
        fits.append(f"Art passt: {kind}")

    area = space.area_m2
    if area is None:
        if seeker.area_min_m2 is not None or seeker.area_max_m2 is not None:
            fits.append("Fläche nicht angegeben")
    elif seeker.area_min_m2 is not None and area < seeker.area_min_m2:
        failed.append(f"Fläche zu klein: mindestens {_m2(seeker.area_min_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_max_m2 is not None and area > seeker.area_max_m2:
        failed.append(f"Fläche zu groß: höchstens {_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_min_m2 is not None and seeker.area_max_m2 is not None:
        fits.append(
            f"passt: {number_de(seeker.area_min_m2)}–{_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei"
        )
    elif seeker.area_min_m2 is not None:
        fits.append(f"passt: {_m2(seeker.area_min_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_max_m2 is not None:
        fits.append(f"passt: höchstens {_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei")

    budget, rent = seeker.budget_max_eur_month, space.rent_eur_month
    if budget is not None and rent is not None:
        if rent > budget:
            failed.append(f"Miete zu hoch: {_eur(rent)} im Monat, Ihr Budget höchstens {_eur(budget)}")
        else:
            fits.append(f"Miete {_eur(rent)} im Monat, Ihr Budget höchstens {_eur(budget)}")
    elif budget is not None and rent is None and space.price_eur is None:
        fits.append("Miete nicht angegeben")
    buy, price = seeker.budget_max_eur, space.price_eur
    if buy is not None and price is not None:
        if price > buy:
            failed.append(f"Preis zu hoch: {_eur(price)}, Ihr Budget höchstens {_eur(buy)}")
        else:
            fits.append(f"Preis {_eur(price)}, Ihr Budget höchstens {_eur(buy)}")

    _explain_time(seeker, space, failed, fits)
    _explain_region(seeker, space, failed, fits)

    if seeker.needs_accessible:
        if space.accessible:
            fits.append("barrierefrei")
        else:
            failed.append("nicht barrierefrei, Sie brauchen Barrierefreiheit")
    if seeker.required_features:
        missing = set(seeker.required_features) - set(space.features)
        if missing:
            failed.append(f"fehlt: {_features(missing)}")
        else:
            fits.append(f"vorhanden: {_features(seeker.required_features)}")
    return failed + fits


def _explain_time(seeker: Seeker, space: Space, failed: list[str], fits: list[str]) -> None:
    nf, nu = seeker.needed_from, seeker.needed_until
    af, au = space.available_from, space.available_until
    if nu is not None and af is not None and af > nu:
        failed.append(f"zu spät frei: ab {_date(af)}, gebraucht bis {_date(nu)}")
        return
    if nf is not None and au is not None and au < nf:
        failed.append(f"nicht mehr frei: nur bis {_date(au)}, gebraucht ab {_date(nf)}")
        return
    if nf is None:
        return
    if af is None or af <= nf:
        fits.append(f"frei zum gewünschten Termin ({_date(nf)})")
    else:
        days = (af - nf).days
        fits.append(f"frei ab {_date(af)}, {days} Tage nach Ihrem Wunschtermin")
    if nu is not None and au is not None and au < nu:
        fits.append(f"nur bis {_date(au)} frei, gebraucht bis {_date(nu)}")


def _explain_region(seeker: Seeker, space: Space, failed: list[str], fits: list[str]) -> None:
    d = None
    if seeker.lat is not None and seeker.lon is not None:
        d = float(haversine_km(seeker.lat, seeker.lon, space.lat, space.lon))
    in_kreis = bool(seeker.kreise) and space.kreis_ags in seeker.kreise
    radius = seeker.radius_km if seeker.radius_km and d is not None else None
    in_radius = radius is not None and d is not None and d <= radius
    if (radius is not None or seeker.kreise) and not (in_radius or in_kreis):
        parts = []
        if radius is not None and d is not None:
            parts.append(f"{number_de(d)} km von Ihrem Wunschort, Umkreis {number_de(radius)} km")
        if seeker.kreise:
            parts.append("nicht in Ihren gewünschten Kreisen")
        failed.append("zu weit: " + "; ".join(parts))
        return
    if d is not None and not math.isnan(d):
        fits.append(f"{number_de(d)} km von Ihrem Wunschort")
    if in_kreis:
        fits.append("im gewünschten Kreis")
