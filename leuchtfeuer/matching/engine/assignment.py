""" "Ohne anderen etwas wegzunehmen": one proposal set that maximises the total fit.

When several seekers want the same space, giving each their own first choice (the *greedy* list)
promises one space to several people. :func:`assign` instead chooses pairs so that

    maximise   Σ score[i, j] · x[i, j]          over pairs that pass the hard filters
    subject to Σ_j x[i, j] ≤ seeker_capacity[i]  (proposals per seeker, default 1)
               Σ_i x[i, j] ≤ space_capacity[j]   (proposals per space, default 1)
               Σ x[i, j] over spaces j in town t ≤ max_per_town   (optional spreading rule)
               x[i, j] ∈ {0, 1}

solved exactly with HiGHS (``scipy.optimize.milp``), or with ``linear_sum_assignment`` when every
capacity is 1 and there is no town rule (the same optimum, faster). Every seeker whose optimal
space differs from their first choice gets a German explanation with what the first choice would
have cost the others (the optimum re-solved with that pair fixed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_array

from .scoring import ScoreResult, number_de


@dataclass
class Assignment:
    pairs: list[tuple[int, int]]  # (seeker index, space index), sorted by seeker
    total: float
    greedy: list[tuple[int, int]]  # each seeker's own first choice
    differences: list[str] = field(default_factory=list)
    greedy_total: float = 0.0
    greedy_conflicts: int = 0  # spaces promised more often than their capacity in the greedy list


def _caps(value: int | Sequence[int] | None, size: int, name: str) -> NDArray:
    if value is None:
        caps = np.ones(size, dtype=np.int64)
    elif isinstance(value, int):
        caps = np.full(size, value, dtype=np.int64)
    else:
        caps = np.asarray(value, dtype=np.int64)
        if caps.shape != (size,):
            raise ValueError(f"{name}: {size} Werte erwartet, {caps.size} erhalten.")
    if (caps < 0).any():
        raise ValueError(f"{name}: Kapazitäten dürfen nicht negativ sein.")
    return caps


def _solve(
    scores: NDArray,
    seeker_cap: NDArray,
    space_cap: NDArray,
    town_codes: NDArray | None,
    max_per_town: int | None,
    fixed: tuple[int, int] | None = None,
) -> list[tuple[int, int]] | None:
    valid = ~np.isnan(scores)
    if fixed is None and max_per_town is None and (seeker_cap == 1).all() and (space_cap == 1).all():
        # Scores are >= 0, so invalid pairs as 0 never beat a valid pair; they are dropped after.
        weights = np.where(valid, scores, 0.0).astype(np.float64)
        rows, cols = linear_sum_assignment(weights, maximize=True)
        return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if valid[i, j]]

    si, sj = np.nonzero(valid)
    k = si.size
    if k == 0:
        return [] if fixed is None else None
    c = -scores[si, sj].astype(np.float64)
    var = np.arange(k)
    blocks = [
        (si, seeker_cap),
        (sj, space_cap),
    ]
    row_idx, col_idx, ub = [], [], []
    offset = 0
    for group, caps in blocks:
        row_idx.append(group + offset)
        col_idx.append(var)
        ub.append(caps.astype(np.float64))
        offset += caps.size
    if max_per_town is not None and town_codes is not None:
        n_towns = int(town_codes.max()) + 1 if town_codes.size else 0
        row_idx.append(town_codes[sj] + offset)
        col_idx.append(var)
        ub.append(np.full(n_towns, float(max_per_town)))
        offset += n_towns
    a = coo_array(
        (np.ones(sum(r.size for r in row_idx)), (np.concatenate(row_idx), np.concatenate(col_idx))),
        shape=(offset, k),
    ).tocsr()
    lb = np.zeros(k)
    if fixed is not None:
        hit = np.flatnonzero((si == fixed[0]) & (sj == fixed[1]))
        if hit.size == 0:
            return None
        lb[hit] = 1.0
    res = milp(
        c,
        constraints=LinearConstraint(a, -np.inf, np.concatenate(ub)),
        integrality=np.ones(k),
        bounds=Bounds(lb, np.ones(k)),
    )
    if res.x is None:
        return None
    chosen = np.flatnonzero(res.x > 0.5)
    return sorted((int(si[v]), int(sj[v])) for v in chosen)


def _total(scores: NDArray, pairs: Sequence[tuple[int, int]]) -> float:
    return float(sum(float(scores[i, j]) for i, j in pairs))


def _fmt(value: float) -> str:
    return number_de(value * 100) + " %"


def assign(
    result: ScoreResult,
    *,
    space_capacity: int | Sequence[int] | None = None,
    seeker_capacity: int | Sequence[int] = 1,
    max_per_town: int | None = None,
    town_of_space: Sequence[str] | None = None,
    explain_differences: bool = True,
) -> Assignment:
    """The proposal set with the highest total fit, the greedy list beside it, and why they differ."""
    scores = np.asarray(result.scores, dtype=np.float64)
    n, m = scores.shape
    seeker_cap = _caps(seeker_capacity, n, "seeker_capacity")
    space_cap = _caps(space_capacity, m, "space_capacity")
    town_codes = None
    if max_per_town is not None:
        if max_per_town < 0:
            raise ValueError("max_per_town darf nicht negativ sein.")
        if town_of_space is None:
            town_of_space = [s.municipality_ags for s in result.spaces]
        if len(town_of_space) != m:
            raise ValueError(f"town_of_space: {m} Werte erwartet, {len(town_of_space)} erhalten.")
        codes: dict[str, int] = {}
        town_codes = np.array([codes.setdefault(t, len(codes)) for t in town_of_space], dtype=int)

    pairs = _solve(scores, seeker_cap, space_cap, town_codes, max_per_town) or []
    total = _total(scores, pairs)

    greedy: list[tuple[int, int]] = []
    for i in range(n):
        best = result.top(i, 1)
        if best and seeker_cap[i] > 0:
            greedy.append((i, best[0][0]))
    promised = np.bincount([j for _, j in greedy], minlength=m) if greedy else np.zeros(m, int)
    conflicts = int((promised > space_cap).sum())
    out = Assignment(
        pairs=pairs,
        total=total,
        greedy=greedy,
        greedy_total=_total(scores, greedy),
        greedy_conflicts=conflicts,
    )
    if explain_differences:
        out.differences = _differences(result, scores, out, seeker_cap, space_cap, town_codes, max_per_town)
    return out


def _name_seeker(result: ScoreResult, i: int) -> str:
    s = result.seekers[i]
    return s.label or f"Gesuch {s.id}"


def _name_space(result: ScoreResult, j: int) -> str:
    s = result.spaces[j]
    return s.label or f"Angebot {s.id}"


def _differences(
    result: ScoreResult,
    scores: NDArray,
    out: Assignment,
    seeker_cap: NDArray,
    space_cap: NDArray,
    town_codes: NDArray | None,
    max_per_town: int | None,
) -> list[str]:
    assigned: dict[int, list[int]] = {}
    for i, j in out.pairs:
        assigned.setdefault(i, []).append(j)
    holders: dict[int, list[int]] = {}
    for i, j in out.pairs:
        holders.setdefault(j, []).append(i)
    texts: list[str] = []
    for i, first in out.greedy:
        if first in assigned.get(i, []):
            continue
        who, want = _name_seeker(result, i), _name_space(result, first)
        got = assigned.get(i, [])
        if got:
            j = got[0]
            head = (
                f"{who} erhält {_name_space(result, j)} (Passung {_fmt(scores[i, j])}) "
                f"statt der ersten Wahl {want} ({_fmt(scores[i, first])})"
            )
        else:
            head = f"{who} erhält keinen Vorschlag, obwohl {want} passen würde ({_fmt(scores[i, first])})"
        why: list[str] = []
        others = [k for k in holders.get(first, []) if k != i]
        if others:
            names = ", ".join(_name_seeker(result, k) for k in others)
            why.append(f"{want} geht an {names}")
        if max_per_town is not None and town_codes is not None and not others:
            town = town_codes[first]
            in_town = sum(1 for _, j in out.pairs if town_codes[j] == town)
            if in_town >= max_per_town:
                why.append(f"am Ort von {want} sind schon {in_town} Vorschläge (höchstens {max_per_town})")
        forced = _solve(scores, seeker_cap, space_cap, town_codes, max_per_town, fixed=(i, first))
        if forced is None:
            why.append("mit dieser Wahl gäbe es keine zulässige Verteilung")
        else:
            loss = out.total - _total(scores, forced)
            if loss > 1e-9:
                why.append(
                    "mit der ersten Wahl läge die Gesamtpassung aller Gesuche um "
                    f"{number_de(loss * 100, 1)} Prozentpunkte niedriger"
                )
            else:
                why.append("beide Verteilungen sind gleich gut; die Berechnung hat eine gewählt")
        texts.append(f"{head}: " + "; ".join(why) + ".")
    return texts
