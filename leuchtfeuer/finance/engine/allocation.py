"""Need measure and exact, budget-neutral allocation to the cent.

need_i   = Σ_k w_k · x_ik / Σ_{j in Land} x_jk       (weights renormalised to sum 1 per Land over
                                                    the criteria that have a positive Land total)
amount_i = pot · need_i / Σ_j need_j               rounded to cents by the largest remainder

All money is handled as integer cents (Python ints, exact); Decimal appears only at the edge
(`to_euros`). Floors and caps (e.g. "no Gemeinde loses more than 5 % against the status quo") are
integer cent bounds per Gemeinde; the allocation is then the clipped proportional one,
x_i = clip(λ · need_i, floor_i, cap_i) with λ chosen so that Σ x_i = pot. This equals the usual
iterative description — fix every Gemeinde that falls below its floor (or above its cap) at that
bound, redistribute the rest of the pot over the others by need, repeat until nobody violates a
bound — and is found here by bisection on λ followed by the exact integer split.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np
from numpy.typing import NDArray

# Needs are turned into integers (need / largest need · 2**52) before the exact integer split: a
# double has 53 significant bits, so shares keep their precision and the split itself is exact.
_SCALE = float(2**52)


class AllocationError(ValueError):
    """Raised for input that cannot be distributed (message in German, for the user)."""


def normalised_weights(weights: Sequence[float]) -> NDArray[np.float64]:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise AllocationError("Gewichte müssen Zahlen ab 0 sein.")
    total = w.sum()
    if total <= 0:
        raise AllocationError("Mindestens ein Gewicht muss größer als 0 sein.")
    out: NDArray[np.float64] = w / total
    return out


def criterion_shares(
    values: NDArray[np.float64], groups: NDArray[np.int64], n_groups: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Each Gemeinde's share of its Land's total, per criterion (columns of `values`).

    Returns (shares, usable) where usable[g, k] says criterion k has a positive total and no
    missing value (NaN) in Land g; shares of unusable (Land, criterion) pairs are 0.
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise AllocationError("Kriterienwerte müssen eine Tabelle sein.")
    if np.any(x < 0):
        raise AllocationError("Kriterienwerte dürfen nicht negativ sein.")
    missing = np.isnan(x)
    filled = np.where(missing, 0.0, x)
    totals = np.zeros((n_groups, x.shape[1]))
    np.add.at(totals, groups, filled)
    any_missing = np.zeros((n_groups, x.shape[1]), dtype=bool)
    np.logical_or.at(any_missing, groups, missing)
    usable = (totals > 0) & ~any_missing
    safe = np.where(usable, totals, 1.0)
    shares = np.where(usable[groups], filled / safe[groups], 0.0)
    return shares, usable


def need_measure(
    values: NDArray[np.float64], weights: Sequence[float], groups: NDArray[np.int64], n_groups: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """need_i = Σ_k w'_gk · share_ik with the weights renormalised per Land over usable criteria.

    Returns (need, usable, effective weights per Land (n_groups × k)). A Land where no weighted
    criterion is usable gets need 0 everywhere (the caller reports it; nothing is guessed).
    """
    w = normalised_weights(weights)
    shares, usable = criterion_shares(values, groups, n_groups)
    if shares.shape[1] != w.shape[0]:
        raise AllocationError("Anzahl der Gewichte passt nicht zur Zahl der Kriterien.")
    wg = np.where(usable, w[None, :], 0.0)
    sums = wg.sum(axis=1, keepdims=True)
    wg = np.divide(wg, sums, out=np.zeros_like(wg), where=sums > 0)
    need = np.einsum("ik,ik->i", shares, wg[groups])
    return need, usable, wg


def _bounds(
    n: int, floor: NDArray[np.int64] | None, cap: NDArray[np.int64] | None
) -> tuple[list[int], list[int | None]]:
    lo = [0] * n if floor is None else [int(v) for v in floor]
    hi: list[int | None] = [None] * n if cap is None else [int(v) for v in cap]
    return lo, hi


def _split_exact(total: int, need: Sequence[float], idx: list[int]) -> dict[int, int]:
    """Split `total` cents over `idx` in proportion to need, largest remainder, exact integers.

    Ties in the remainder go to the larger need, then to the earlier index (deterministic).
    Gemeinden with need 0 get nothing unless every need is 0 (then the split is equal).
    """
    if not idx:
        return {}
    # relative to the largest need: tiny needs (all below 1e-7, say) keep their 53 bits too
    largest = max(need[i] for i in idx)
    scale = _SCALE / largest if largest > 0 else 0.0
    weights = [round(need[i] * scale) if need[i] > 0 else 0 for i in idx]
    denom = sum(weights)
    if denom == 0:
        weights = [1] * len(idx)
        denom = len(idx)
    out: dict[int, int] = {}
    remainders: list[tuple[int, int, int]] = []
    given = 0
    for i, w in zip(idx, weights, strict=True):
        q, r = divmod(total * w, denom)
        out[i] = q
        given += q
        remainders.append((-r, -w, i))
    remainders.sort()
    for _, _, i in remainders[: total - given]:
        out[i] += 1
    return out


def allocate(
    pot_cents: int,
    need: Sequence[float],
    *,
    floor_cents: Sequence[int] | None = None,
    cap_cents: Sequence[int] | None = None,
) -> list[int]:
    """Cents per Gemeinde, summing exactly to `pot_cents`, proportional to need within bounds."""
    n = len(need)
    if pot_cents < 0:
        raise AllocationError("Der Topf darf nicht negativ sein.")
    if n == 0:
        if pot_cents:
            raise AllocationError("Es gibt keine Gemeinde, auf die der Topf verteilt werden kann.")
        return []
    nd = np.asarray(need, dtype=np.float64)
    if np.any(~np.isfinite(nd)) or np.any(nd < 0):
        raise AllocationError("Bedarfswerte müssen Zahlen ab 0 sein.")
    lo, hi = _bounds(
        n,
        None if floor_cents is None else np.asarray(floor_cents),
        None if cap_cents is None else np.asarray(cap_cents),
    )
    if sum(lo) > pot_cents:
        raise AllocationError("Die Untergrenzen zusammen übersteigen den Topf.")
    if all(h is not None for h in hi) and sum(h for h in hi if h is not None) < pot_cents:
        raise AllocationError("Die Obergrenzen zusammen reichen nicht für den Topf.")
    if any(h is not None and h < low for low, h in zip(lo, hi, strict=True)):
        raise AllocationError("Eine Obergrenze liegt unter der Untergrenze.")
    bounded = floor_cents is not None or cap_cents is not None
    if not bounded:
        split = _split_exact(pot_cents, nd.tolist(), list(range(n)))
        return [split[i] for i in range(n)]
    # The continuous solution x_i = clip(λ·need_i, floor_i, cap_i), then whole cents by the
    # largest remainder within the bounds (floors and caps are whole cents, so flooring x_i keeps
    # it within them and the cents still missing go to the largest fractional parts with room).
    lo_arr = np.asarray(lo, dtype=np.float64)
    hi_arr = np.array([np.inf if h is None else float(h) for h in hi])
    lam = _solve_lambda(pot_cents, nd, lo_arr, hi_arr)
    ideal = np.clip(lam * nd, lo_arr, hi_arr)
    whole = np.floor(ideal)
    out = [int(v) for v in whole]
    frac = (ideal - whole).tolist()
    needl = nd.tolist()
    _settle(out, pot_cents - sum(out), lo, hi, frac, needl)
    return out


def _settle(
    out: list[int], missing: int, lo: list[int], hi: list[int | None], frac: list[float], need: list[float]
) -> None:
    """Add (or take) `missing` cents, one per Gemeinde per round, largest fraction first (smallest
    when taking), then larger need, then earlier index; never past a bound."""
    n = len(out)
    while missing != 0:
        if missing > 0:
            room = [i for i in range(n) if hi[i] is None or out[i] < hi[i]]  # type: ignore[operator]
            order = sorted(room, key=lambda i: (-frac[i], -need[i], i))
        else:
            room = [i for i in range(n) if out[i] > lo[i]]
            order = sorted(room, key=lambda i: (frac[i], need[i], i))
        if not order:
            raise AllocationError("Die Unter- und Obergrenzen lassen keine Verteilung des Topfs zu.")
        step = 1 if missing > 0 else -1
        per = abs(missing) // len(order)
        if per == 0:
            for i in order[: abs(missing)]:
                out[i] += step
            return
        for i in order:
            if step < 0:
                limit = out[i] - lo[i]
            else:
                upper = hi[i]
                limit = per if upper is None else upper - out[i]
            give = min(per, limit)
            out[i] += step * give
            missing -= step * give


def _solve_lambda(
    pot: int, need: NDArray[np.float64], lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> float:
    """λ with Σ clip(λ·need, lo, hi) = pot (bisection; the sum is monotone in λ). If even all
    Gemeinden with need at their caps do not reach the pot, λ puts them there."""
    positive = need > 0
    if not positive.any():
        return 0.0

    def total(lam: float) -> float:
        return float(np.clip(lam * need, lo, hi).sum())

    with np.errstate(divide="ignore"):
        top = np.where(positive, hi / np.where(positive, need, 1.0), 0.0)
    finite_top = top[np.isfinite(top)]
    high = 1.0
    while total(high) < pot and high < 1e200:
        high *= 2.0
    if finite_top.size == positive.sum() and total(high) < pot:
        return float(finite_top.max())
    low = 0.0
    for _ in range(200):
        mid = (low + high) / 2
        if total(mid) < pot:
            low = mid
        else:
            high = mid
        if high - low <= 1e-15 * high:
            break
    return (low + high) / 2


def loss_floor(base_cents: Sequence[int], max_loss_percent: Decimal) -> list[int]:
    """Smallest whole-cent amount that loses at most `max_loss_percent` % against the base."""
    if max_loss_percent < 0 or max_loss_percent > 100:
        raise AllocationError("Der höchste Verlust muss zwischen 0 und 100 Prozent liegen.")
    keep = 100 - max_loss_percent
    # ceil(b · keep / 100), exact in Decimal
    return [int((Decimal(b) * keep / 100).to_integral_value(rounding=ROUND_CEILING)) for b in base_cents]


def gain_cap(base_cents: Sequence[int], max_gain_percent: Decimal) -> list[int]:
    """Largest whole-cent amount that gains at most `max_gain_percent` % against the base."""
    if max_gain_percent < 0:
        raise AllocationError("Der höchste Zuwachs darf nicht negativ sein.")
    return [
        int((Decimal(b) * (100 + max_gain_percent) / 100).to_integral_value(rounding=ROUND_FLOOR))
        for b in base_cents
    ]


def to_euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def to_cents(euros: Decimal) -> int:
    """Whole cents of a euro amount; refuses fractions of a cent."""
    cents = euros * 100
    if cents != cents.to_integral_value():
        raise AllocationError("Beträge dürfen höchstens zwei Nachkommastellen haben.")
    return int(cents)
