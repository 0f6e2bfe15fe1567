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
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_array

from leuchtfeuer.core.engine.german import format_number as number_de

from .scoring import ScoreResult


@dataclass
class Assignment:
    pairs: list[tuple[int, int]]  # (seeker index, space index), sorted by seeker
    total: float
    greedy: list[tuple[int, int]]  # each seeker's own first choice
    differences: list[str] = field(default_factory=list)
    greedy_total: float = 0.0
    greedy_conflicts: int = 0  # spaces promised more often than their capacity in the greedy list


def _caps(value: int | Sequence[int] | None, size: int, name: str) -> NDArray[np.int64]:
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


@dataclass(frozen=True)
class _Problem:
    shape: tuple[int, int]
    si: NDArray[np.integer[Any]]  # seeker index of every admissible pair
    sj: NDArray[np.integer[Any]]  # space index
    value: NDArray[np.floating[Any]]  # its score
    seeker_cap: NDArray[np.int64]
    space_cap: NDArray[np.int64]
    town_codes: NDArray[np.integer[Any]] | None
    max_per_town: int | None


def _solve(p: _Problem, fixed: tuple[int, int] | None = None) -> list[tuple[int, int]] | None:
    n, m = p.shape
    k = p.si.size
    if k == 0:
        return [] if fixed is None else None
    if fixed is None and p.max_per_town is None and (p.seeker_cap == 1).all() and (p.space_cap == 1).all():
        # Scores are >= 0, so inadmissible pairs as 0 never beat an admissible one; dropped after.
        weights = np.zeros((n, m), dtype=np.float64)
        valid = np.zeros((n, m), dtype=bool)
        weights[p.si, p.sj] = p.value
        valid[p.si, p.sj] = True
        rows, cols = linear_sum_assignment(weights, maximize=True)
        return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if valid[i, j]]

    var = np.arange(k)
    row_idx = [p.si, p.sj + n]
    ub = [p.seeker_cap.astype(np.float64), p.space_cap.astype(np.float64)]
    offset = n + m
    if p.max_per_town is not None and p.town_codes is not None:
        n_towns = int(p.town_codes.max()) + 1 if p.town_codes.size else 0
        row_idx.append(p.town_codes[p.sj] + offset)
        ub.append(np.full(n_towns, float(p.max_per_town)))
        offset += n_towns
    a = coo_array(
        (np.ones(k * len(row_idx)), (np.concatenate(row_idx), np.tile(var, len(row_idx)))),
        shape=(offset, k),
    ).tocsr()
    lb = np.zeros(k)
    if fixed is not None:
        hit = np.flatnonzero((p.si == fixed[0]) & (p.sj == fixed[1]))
        if hit.size == 0:
            return None
        lb[hit] = 1.0
    res = milp(
        -p.value.astype(np.float64),
        constraints=LinearConstraint(a, -np.inf, np.concatenate(ub)),
        integrality=np.ones(k),
        bounds=Bounds(lb, np.ones(k)),
    )
    if res.x is None:
        return None
    chosen = np.flatnonzero(res.x > 0.5)
    return sorted((int(p.si[v]), int(p.sj[v])) for v in chosen)


def _total(result: ScoreResult, pairs: Sequence[tuple[int, int]]) -> float:
    return float(sum(result.score_of(i, j) for i, j in pairs))


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
    n, m = result.shape
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

    problem = _Problem(
        shape=(n, m),
        si=result.rows,
        sj=result.cols,
        value=result.values.astype(np.float64),
        seeker_cap=seeker_cap,
        space_cap=space_cap,
        town_codes=town_codes,
        max_per_town=max_per_town,
    )
    pairs = _solve(problem) or []
    total = _total(result, pairs)

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
        greedy_total=_total(result, greedy),
        greedy_conflicts=conflicts,
    )
    if explain_differences:
        out.differences = _differences(result, problem, out)
    return out


def _name_seeker(result: ScoreResult, i: int) -> str:
    s = result.seekers[i]
    return s.label or f"Gesuch {s.id}"


def _name_space(result: ScoreResult, j: int) -> str:
    s = result.spaces[j]
    return s.label or f"Angebot {s.id}"


def _differences(result: ScoreResult, problem: _Problem, out: Assignment) -> list[str]:
    town_codes, max_per_town = problem.town_codes, problem.max_per_town
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
                f"{who} erhält {_name_space(result, j)} (Passung {_fmt(result.score_of(i, j))}) "
                f"statt der ersten Wahl {want} ({_fmt(result.score_of(i, first))})"
            )
        else:
            head = f"{who} erhält keinen Vorschlag, obwohl {want} passen würde ({_fmt(result.score_of(i, first))})"
        why: list[str] = []
        others = [k for k in holders.get(first, []) if k != i]
        if others:
            names = ", ".join(_name_seeker(result, k) for k in others)
            why.append(f"{want} geht an {names}")
        if max_per_town is not None and town_codes is not None and not others:
            town = town_codes[first]
            in_town = sum(1 for _, j in out.pairs if town_codes[j] == town)
            if in_town >= max_per_town:
                why.append(
                    f"am Ort von {want} ist die Grenze von höchstens {max_per_town} Vorschlägen je Ort erreicht"
                )
        forced = _solve(problem, fixed=(i, first))
        if forced is None:
            why.append("mit dieser Wahl gäbe es keine zulässige Verteilung")
        else:
            loss = out.total - _total(result, forced)
            if loss > 1e-9:
                why.append(
                    "mit der ersten Wahl läge die Gesamtpassung aller Gesuche um "
                    f"{number_de(loss * 100, 1)} Prozentpunkte niedriger"
                )
            else:
                why.append("beide Verteilungen sind gleich gut; die Berechnung hat eine gewählt")
        texts.append(f"{head}: " + "; ".join(why) + ".")
    return texts
