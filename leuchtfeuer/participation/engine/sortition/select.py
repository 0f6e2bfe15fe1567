"""Selecting a panel: select_panel, and LEXIMIN over types on HiGHS (pure; no Django)."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from leuchtfeuer.participation.engine.sortition.base import (
    ALGORITHMS,
    FALLBACKS,
    Draw,
    LeximinUnavailable,
    Person,
    Quotas,
    SortitionError,
    check_inputs,
    inputs_digest,
    lottery_pick,
)
from leuchtfeuer.participation.engine.sortition.library import _library, _library_version


def select_panel(
    pool: list[Person],
    quotas: Quotas,
    panel_size: int,
    *,
    seed: int,
    algorithm: str = "leximin",
    fallback: str = "maximin",
    check_households: bool = False,
    time_limit: float = 120.0,
    legacy_runs: int = 200,
) -> Draw:
    """Compute the lottery and draw one panel. See the module docstring."""
    if algorithm not in ALGORITHMS:
        raise SortitionError(f"Unbekanntes Verfahren „{algorithm}“ (erlaubt: {', '.join(ALGORITHMS)}).")
    if fallback not in FALLBACKS:
        raise SortitionError(f"Unbekanntes Ersatzverfahren „{fallback}“ (erlaubt: {', '.join(FALLBACKS)}).")
    if not isinstance(seed, int) or seed <= 0:
        raise SortitionError("Der Startwert (Seed) muss eine positive ganze Zahl sein.")
    check_inputs(pool, quotas, panel_size)
    digest = inputs_digest(pool, quotas, panel_size, algorithm, fallback)
    started = time.monotonic()
    used, reason = algorithm, ""
    if algorithm == "leximin":
        try:
            if check_households:
                raise LeximinUnavailable(
                    "Die Haushaltsprüfung (höchstens eine Person je Adresse) ist mit der LEXIMIN-Umsetzung "
                    "nach Typen nicht möglich."
                )
            panels = leximin_by_types(pool, quotas, panel_size, time_limit=time_limit)
        except LeximinUnavailable as exc:
            used, reason = fallback, str(exc)
        else:
            return _finish_types(panels, panel_size, seed, algorithm, digest, started)
    return _library(
        pool,
        quotas,
        panel_size,
        seed=seed,
        requested=algorithm,
        used=used,
        reason=reason,
        digest=digest,
        started=started,
        check_households=check_households,
        legacy_runs=legacy_runs,
    )


# --- LEXIMIN over types -----------------------------------------------------------------------


def _types(
    pool: list[Person], quotas: Quotas
) -> tuple[list[str], list[tuple[str, ...]], dict[tuple[str, ...], list[str]]]:
    categories = sorted(quotas)
    members: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for person in pool:
        members[tuple(person.features[c] for c in categories)].append(person.id)
    keys = sorted(members)
    return categories, keys, {k: sorted(members[k]) for k in keys}


def _pricing(
    weights: np.ndarray,
    keys: list[tuple[str, ...]],
    sizes: np.ndarray,
    categories: list[str],
    quotas: Quotas,
    panel_size: int,
) -> tuple[int, ...] | None:
    """Feasible count vector maximising sum(weights * n): a small integer programme (HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    t = len(keys)
    rows, lows, highs = [np.ones(t)], [panel_size], [panel_size]
    for ci, category in enumerate(categories):
        for value, (lo, hi) in quotas[category].items():
            rows.append(np.array([1.0 if key[ci] == value else 0.0 for key in keys]))
            lows.append(lo)
            highs.append(hi)
    result = milp(
        c=-np.asarray(weights, dtype=float),
        constraints=LinearConstraint(np.vstack(rows), lows, highs),
        integrality=np.ones(t),
        bounds=Bounds(np.zeros(t), np.asarray(sizes, dtype=float)),
        options={"disp": False},
    )
    if result.status != 0 or result.x is None:
        return None
    return tuple(int(round(x)) for x in result.x)  # noqa: RUF046 (numpy floats)


@dataclass
class TypeLottery:
    categories: list[str]
    keys: list[tuple[str, ...]]  # one per type: its value in each category
    members: dict[tuple[str, ...], list[str]]
    columns: list[tuple[int, ...]]  # count vectors (how many of each type sit on the panel)
    weights: list[float]  # probability of each count vector


def leximin_by_types(
    pool: list[Person], quotas: Quotas, panel_size: int, *, time_limit: float = 120.0
) -> TypeLottery:
    """LEXIMIN lottery over count vectors (column generation; master LP and pricing on HiGHS)."""
    from scipy.optimize import linprog

    started = time.monotonic()
    categories, keys, members = _types(pool, quotas)
    sizes = np.array([len(members[k]) for k in keys], dtype=float)
    t = len(keys)
    first = _pricing(1.0 / sizes, keys, sizes, categories, quotas, panel_size)
    if first is None:
        raise SortitionError(
            "Mit diesen Quoten lässt sich aus dem Pool kein Bürgerrat bilden. Bitte Mindest- und Höchstzahlen prüfen."
        )
    columns: list[tuple[int, ...]] = [first]
    seen = {first}
    fixed: dict[int, float] = {}
    probabilities = np.array([1.0])
    while len(fixed) < t:
        free = [i for i in range(t) if i not in fixed]
        while True:
            if time.monotonic() - started > time_limit:
                raise LeximinUnavailable(f"LEXIMIN wurde nach {int(time_limit)} Sekunden nicht fertig.")
            a = np.array(columns, dtype=float).T / sizes[:, None]  # t × J: type probability per column
            j = a.shape[1]
            # variables: p_1..p_J, z ; minimise -z
            cost = np.zeros(j + 1)
            cost[-1] = -1.0
            a_ub = np.zeros((t, j + 1))
            b_ub = np.zeros(t)
            for i in range(t):
                a_ub[i, :j] = -a[i]
                if i in fixed:
                    b_ub[i] = -(fixed[i] - 1e-7)
                else:
                    a_ub[i, -1] = 1.0
            a_eq = np.zeros((1, j + 1))
            a_eq[0, :j] = 1.0
            res = linprog(
                cost,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=[1.0],
                bounds=[(0, None)] * j + [(None, None)],
                method="highs",
            )
            if res.status != 0:
                raise LeximinUnavailable(f"Der LP-Löser meldete: {res.message}")
            y = np.maximum(-res.ineqlin.marginals, 0.0)
            mu = res.eqlin.marginals[0]
            column = _pricing(y / sizes, keys, sizes, categories, quotas, panel_size)
            value = float(np.dot(y / sizes, column)) if column is not None else -np.inf
            if column is None or value <= -mu + 1e-9 or column in seen:
                break
            columns.append(column)
            seen.add(column)
        z = float(res.x[-1])
        probabilities = np.asarray(res.x[:-1])
        duals = y
        newly = [i for i in free if duals[i] > 1e-9]
        if not newly:  # numerical safety: fix the free types that sit at the minimum
            current = a @ probabilities
            newly = [i for i in free if current[i] <= z + 1e-7]
        for i in newly:
            fixed[i] = z
    kept = [(c, float(p)) for c, p in zip(columns, probabilities, strict=True) if p > 1e-9]
    total = sum(p for _, p in kept)
    return TypeLottery(
        categories=categories,
        keys=keys,
        members=members,
        columns=[c for c, _ in kept],
        weights=[p / total for _, p in kept],
    )


def draw_from_types(lottery: TypeLottery, seed: int) -> list[str]:
    """Draw a count vector with the library's lottery rounding, then fill each type's seats
    uniformly at random from that type's members (seeded)."""
    # A separate, seed-derived stream for the members, so that it is independent of the stream
    # the lottery rounding consumed (same seed → same numbers would correlate the two steps).
    rng = random.Random(f"leuchtfeuer-members:{seed}")
    counts = lottery.columns[lottery_pick(lottery.weights, seed)]
    selected: list[str] = []
    for key, n in zip(lottery.keys, counts, strict=True):
        if n:
            selected += rng.sample(lottery.members[key], n)
    return sorted(selected)


def _finish_types(
    lottery: TypeLottery, panel_size: int, seed: int, requested: str, digest: str, started: float
) -> Draw:
    selected = draw_from_types(lottery, seed)
    probabilities: dict[str, float] = {}
    for i, key in enumerate(lottery.keys):
        members = lottery.members[key]
        expected = sum(c[i] * w for c, w in zip(lottery.columns, lottery.weights, strict=True))
        for pid in members:
            probabilities[pid] = expected / len(members)
    panels = [
        (tuple(f"{n} × {' / '.join(k)}" for n, k in zip(c, lottery.keys, strict=True) if n), w)
        for c, w in zip(lottery.columns, lottery.weights, strict=True)
    ]
    return Draw(
        algorithm_requested=requested,
        algorithm_used="leximin",
        fallback_reason="",
        seed=seed,
        panel_size=panel_size,
        selected=sorted(selected),
        probabilities=probabilities,
        probabilities_exact=True,
        panels=panels,
        inputs_sha256=digest,
        seconds=time.monotonic() - started,
        library_version=_library_version(),
    )
