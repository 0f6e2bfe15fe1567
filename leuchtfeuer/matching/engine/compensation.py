"""Regional compensation for a large settlement: a gravity model of where the commuters live.

When a company brings ``jobs`` jobs to town X, the neighbours within a commuting radius house many
of the people who will fill them (and carry the schools, roads and housing that come with it).
Each neighbour k gets the weight

    w_k = P_k · f(d_k)          P_k: population, d_k: km between the Gemeinde centres of X and k

with a distance decay ``f`` that is a parameter:

- ``"power"`` (default): ``f(d) = max(d, min_distance_km) ** -exponent``, exponent 2 — the classic
  gravity model (Zipf 1946); ``min_distance_km`` (default 1 km) keeps touching centres finite;
- ``"exponential"``: ``f(d) = exp(-d / scale_km)``, scale 20 km by default.

Share_k = w_k / Σ w — non-negative and summing to 1. Expected commuters and an optional
compensation amount are split by these shares with the largest-remainder method, so the parts are
whole people / whole cents that add up exactly to the total. The radius (default 30 km) and the
decay are the agency's working assumptions, to be agreed between the towns — no law prescribes them.
The town X itself is not among the neighbours (it receives the settlement).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

import numpy as np

from .geo import haversine_km

DEFAULT_RADIUS_KM = 30.0
DEFAULT_EXPONENT = 2.0
DEFAULT_SCALE_KM = 20.0
DEFAULT_MIN_DISTANCE_KM = 1.0
DECAYS = ("power", "exponential")


class CompensationError(ValueError):
    """Input that gives no meaningful split; the message is German and meant for users."""


@dataclass(frozen=True)
class Place:
    ags: str
    name: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Share:
    ags: str
    name: str
    population: int
    distance_km: float
    weight: float
    share: float  # 0..1, all shares sum to 1
    commuters: int  # whole people, sum = jobs
    amount: Decimal | None  # whole cents, sum = amount


@dataclass(frozen=True)
class CompensationResult:
    origin: Place
    jobs: int
    radius_km: float
    decay: str
    exponent: float
    scale_km: float
    amount: Decimal | None
    shares: list[Share]


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split the integer ``total`` in proportion to ``weights`` (Hamilton / largest remainder).

    Exact rational arithmetic on the float weights; ties go to the earlier position.
    """
    if total < 0:
        raise CompensationError("Der zu verteilende Betrag darf nicht negativ sein.")
    fr = [Fraction(w) for w in weights]
    denom = sum(fr)
    if denom <= 0:
        raise CompensationError("Es gibt keine Gewichte größer als 0 zum Verteilen.")
    quotas = [total * w / denom for w in fr]
    parts = [math.floor(q) for q in quotas]
    rest = total - sum(parts)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def gravity_shares(
    origin: Place,
    candidates: Sequence[Place],
    *,
    jobs: int,
    radius_km: float = DEFAULT_RADIUS_KM,
    decay: str = "power",
    exponent: float = DEFAULT_EXPONENT,
    scale_km: float = DEFAULT_SCALE_KM,
    min_distance_km: float = DEFAULT_MIN_DISTANCE_KM,
    amount: Decimal | None = None,
) -> CompensationResult:
    """Each neighbour's share of the expected commuters and of ``amount`` (see module docstring)."""
    if jobs <= 0:
        raise CompensationError("Die Zahl der Arbeitsplätze muss größer als 0 sein.")
    if not (radius_km > 0 and math.isfinite(radius_km)):
        raise CompensationError("Der Pendelradius muss größer als 0 km sein.")
    if decay not in DECAYS:
        raise CompensationError("Abnahme mit der Entfernung: 'power' oder 'exponential'.")
    if decay == "power" and not (exponent >= 0 and math.isfinite(exponent)):
        raise CompensationError("Der Exponent muss eine Zahl ≥ 0 sein.")
    if decay == "exponential" and not (scale_km > 0 and math.isfinite(scale_km)):
        raise CompensationError("Die Abklinglänge muss größer als 0 km sein.")
    if amount is not None:
        amount = Decimal(amount)
        if not amount.is_finite() or amount < 0:
            raise CompensationError("Der Ausgleichsbetrag muss eine Zahl ≥ 0 sein.")

    others = [c for c in candidates if c.ags != origin.ags and c.population > 0]
    if not others:
        raise CompensationError(f"Keine Nachbargemeinden im Umkreis von {radius_km:g} km.")
    dist = haversine_km(origin.lat, origin.lon, [c.lat for c in others], [c.lon for c in others]).astype(
        np.float64
    )
    inside = np.flatnonzero(dist <= radius_km)
    if inside.size == 0:
        raise CompensationError(
            f"Keine Nachbargemeinde mit Einwohner:innen im Umkreis von {radius_km:g} km um {origin.name}."
        )
    near = [others[i] for i in inside]
    d = dist[inside]
    pop = np.array([c.population for c in near], dtype=np.float64)
    f = np.maximum(d, min_distance_km) ** (-exponent) if decay == "power" else np.exp(-d / scale_km)
    w = pop * f
    if not (w.sum() > 0):
        raise CompensationError("Alle Gewichte sind 0 — Radius oder Abnahme anpassen.")
    share = w / w.sum()
    # the floats may miss 1 by an ulp; put the residue on the largest share
    top = int(np.argmax(share))
    share[top] = 1.0 - (math.fsum(share) - share[top])
    share = np.maximum(share, 0.0)
    commuters = largest_remainder(jobs, list(w))
    amounts: list[Decimal | None] = [None] * len(near)
    if amount is not None:
        cents = int((amount * 100).to_integral_value(rounding=ROUND_FLOOR))
        amounts = [Decimal(c).scaleb(-2) for c in largest_remainder(cents, list(w))]
        amount = Decimal(cents).scaleb(-2)
    order = sorted(range(len(near)), key=lambda i: (-share[i], near[i].ags))
    shares = [
        Share(
            ags=near[i].ags,
            name=near[i].name,
            population=near[i].population,
            distance_km=float(d[i]),
            weight=float(w[i]),
            share=float(share[i]),
            commuters=commuters[i],
            amount=amounts[i],
        )
        for i in order
    ]
    return CompensationResult(
        origin=origin,
        jobs=jobs,
        radius_km=float(radius_km),
        decay=decay,
        exponent=float(exponent),
        scale_km=float(scale_km),
        amount=amount,
        shares=shares,
    )
