"""Bürgerrat selection by stratified lottery (pure; no Django).

Two engines behind one function, `select_panel`:

- ``leximin`` – our open implementation of LEXIMIN (Flanigan, Gölz, Gupta, Hennig & Procaccia,
  Nature 2021) on the free HiGHS solver (scipy). It works on *types*: respondents with the same
  feature values are interchangeable for the quotas, and because the leximin objective is
  symmetric and the feasible set is convex, there is an optimal lottery that gives everybody of
  one type the same probability. So the lottery is computed over count vectors ("how many of each
  type") with column generation, and each type's seats are then filled uniformly at random.
  The number of types is small (tens to a few hundred) even for a pool of thousands, which is why
  this runs in seconds where the library needs Gurobi. It cannot honour a household (address)
  check, which breaks the symmetry; with one, or when it exceeds its time limit, the office's
  chosen fallback runs instead and the fallback is what gets recorded.
- ``maximin``, ``nash``, ``legacy`` – the sortition-algorithms library (GPL-3.0) as is. The
  library's own ``leximin`` needs Gurobi and silently switches to maximin without it, so we
  never call it under that name.

Every draw is reproducible: the lottery over panels is computed deterministically from the
inputs, then one panel is drawn with the library's lottery rounding and a seeded random source.
`Draw.audit()` holds everything needed to repeat it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

ALGORITHMS = ("leximin", "maximin", "nash", "legacy")
FALLBACKS = ("maximin", "nash", "legacy")
ALGORITHM_LABELS = {
    "leximin": "LEXIMIN (offene Umsetzung auf HiGHS)",
    "maximin": "Maximin (sortition-algorithms)",
    "nash": "Nash (sortition-algorithms)",
    "legacy": "Legacy/Greedy (sortition-algorithms, nicht fair)",
}
EPS = 1e-9


class SortitionError(ValueError):
    """Bad input or infeasible quotas; message in German."""


class LeximinUnavailable(RuntimeError):
    """LEXIMIN cannot run on this input (time limit, household check); the fallback runs."""


@dataclass(frozen=True)
class Person:
    id: str
    features: dict[str, str] = field(hash=False, compare=True)
    household: str = ""


# quotas: {category: {value: (min, max)}}
Quotas = dict[str, dict[str, tuple[int, int]]]


@dataclass
class Draw:
    algorithm_requested: str
    algorithm_used: str
    fallback_reason: str
    seed: int
    panel_size: int
    selected: list[str]
    probabilities: dict[str, float]  # each person's selection probability under the lottery
    probabilities_exact: bool  # False for legacy (estimated by repeated runs)
    panels: list[tuple[tuple[str, ...], float]]  # the lottery: (panel, probability)
    inputs_sha256: str
    seconds: float
    library_version: str = ""

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0

    def audit(self) -> dict:
        return {
            "algorithm_requested": self.algorithm_requested,
            "algorithm_used": self.algorithm_used,
            "fallback_reason": self.fallback_reason,
            "seed": self.seed,
            "panel_size": self.panel_size,
            "inputs_sha256": self.inputs_sha256,
            "selected": self.selected,
            "min_probability": round(self.min_probability, 6),
            "probabilities_exact": self.probabilities_exact,
            "lottery_size": len(self.panels),
            "seconds": round(self.seconds, 3),
            "library_version": self.library_version,
        }


def inputs_digest(pool: list[Person], quotas: Quotas, panel_size: int, algorithm: str, fallback: str) -> str:
    canonical = {
        "pool": sorted([p.id, sorted(p.features.items()), p.household] for p in pool),
        "quotas": {c: {v: list(b) for v, b in sorted(vals.items())} for c, vals in sorted(quotas.items())},
        "panel_size": panel_size,
        "algorithm": algorithm,
        "fallback": fallback,
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_inputs(pool: list[Person], quotas: Quotas, panel_size: int) -> None:
    """German messages for the problems an office can fix before drawing."""
    if panel_size < 1:
        raise SortitionError("Die Größe des Bürgerrats muss mindestens 1 sein.")
    if len(pool) < panel_size:
        raise SortitionError(
            f"Im Pool sind nur {len(pool)} Personen; für {panel_size} Plätze braucht es mindestens so viele."
        )
    ids = Counter(p.id for p in pool)
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        raise SortitionError(f"Die Kennung {duplicates[0]} kommt im Pool mehrfach vor.")
    if not quotas:
        raise SortitionError("Es sind keine Quoten festgelegt.")
    for category, values in quotas.items():
        low = sum(b[0] for b in values.values())
        high = sum(b[1] for b in values.values())
        if low > panel_size:
            raise SortitionError(
                f"Quoten für „{category}“: Die Mindestzahlen ergeben zusammen {low}, mehr als {panel_size} Plätze."
            )
        if high < panel_size:
            raise SortitionError(
                f"Quoten für „{category}“: Die Höchstzahlen ergeben zusammen nur {high}, weniger als "
                f"{panel_size} Plätze."
            )
        for value, (lo, hi) in values.items():
            if lo > hi:
                raise SortitionError(
                    f"Quote „{category}: {value}“: Minimum {lo} ist größer als Maximum {hi}."
                )
            available = sum(1 for p in pool if p.features.get(category) == value)
            if available < lo:
                raise SortitionError(
                    f"Quote „{category}: {value}“ verlangt mindestens {lo} Personen, im Pool sind aber nur {available}."
                )
        for person in pool:
            value = person.features.get(category)
            if value not in values:
                raise SortitionError(
                    f"Person {person.id}: Der Wert „{value}“ für „{category}“ hat keine Quote "
                    f"(vorhanden: {', '.join(values)})."
                )


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


def _types(pool: list[Person], quotas: Quotas):
    categories = sorted(quotas)
    members: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for person in pool:
        members[tuple(person.features[c] for c in categories)].append(person.id)
    keys = sorted(members)
    return categories, keys, {k: sorted(members[k]) for k in keys}


def _pricing(weights, keys, sizes, categories, quotas, panel_size):
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


# --- drawing -----------------------------------------------------------------------------------


def lottery_pick(weights: list[float], seed: int) -> int:
    """One index drawn with the library's own lottery rounding (pipage) and a seeded source."""
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.utils import set_random_provider

    total = sum(weights)
    normalised = [w / total for w in weights]
    labels = [frozenset({str(i)}) for i in range(len(weights))]
    set_random_provider(seed)
    try:
        chosen = lottery_rounding(labels, normalised, 1)
    finally:
        set_random_provider(None)
    return int(next(iter(chosen[0])))


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


def _finish_types(lottery: TypeLottery, panel_size, seed, requested, digest, started) -> Draw:
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


def _library_version() -> str:
    try:
        from importlib.metadata import version

        return f"sortition-algorithms {version('sortition-algorithms')}"
    except Exception:  # pragma: no cover - metadata missing
        return ""


def _library_objects(pool: list[Person], quotas: Quotas, panel_size: int, check_households: bool):
    from sortition_algorithms import Settings, read_in_features, read_in_people

    body = [
        {"feature": category, "value": value, "min": str(lo), "max": str(hi)}
        for category, values in quotas.items()
        for value, (lo, hi) in values.items()
    ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], body, panel_size)
    columns = ["id", *quotas.keys()] + (["haushalt"] if check_households else [])
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=check_households,
        check_same_address_columns=["haushalt"] if check_households else [],
    )
    rows = []
    for person in pool:
        row = {"id": person.id, **{c: person.features[c] for c in quotas}}
        if check_households:
            row["haushalt"] = person.household or f"eigener-{person.id}"
        rows.append(row)
    people, _ = read_in_people(columns, rows, features, settings)
    return features, people, settings


def _library(pool, quotas, panel_size, **kwargs):
    """Run the library with its chatter (prints, info logs) kept off the console."""
    import contextlib
    import io
    import logging

    logger = logging.getLogger("sortition_algorithms")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return _library_run(pool, quotas, panel_size, **kwargs)
    finally:
        logger.setLevel(level)


def _library_run(
    pool, quotas, panel_size, *, seed, requested, used, reason, digest, started, check_households, legacy_runs
):
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        find_distribution_nash,
        find_random_sample_legacy,
        standardize_distribution,
    )
    from sortition_algorithms.utils import set_random_provider

    features, people, settings = _library_objects(pool, quotas, panel_size, check_households)
    address = settings.normalised_address_columns
    try:
        if used == "legacy":
            counts: Counter[str] = Counter()
            selected_panel: frozenset[str] | None = None
            for run in range(legacy_runs):
                set_random_provider(seed + run)
                try:
                    committees, _ = find_random_sample_legacy(
                        people, features, panel_size, address, max_attempts=100
                    )
                finally:
                    set_random_provider(None)
                if run == 0:
                    selected_panel = committees[0]
                counts.update(committees[0])
            probabilities = {p.id: counts[p.id] / legacy_runs for p in pool}
            return Draw(
                algorithm_requested=requested,
                algorithm_used="legacy",
                fallback_reason=reason,
                seed=seed,
                panel_size=panel_size,
                selected=sorted(selected_panel or ()),
                probabilities=probabilities,
                probabilities_exact=False,
                panels=[],
                inputs_sha256=digest,
                seconds=time.monotonic() - started,
                library_version=_library_version(),
            )
        finder = find_distribution_maximin if used == "maximin" else find_distribution_nash
        committees, weights, _ = finder(features, people, panel_size, address)
    except errors.InfeasibleQuotasError as exc:
        raise SortitionError(
            "Mit diesen Quoten lässt sich aus dem Pool kein Bürgerrat bilden. Bitte Mindest- und Höchstzahlen prüfen."
        ) from exc
    except errors.SelectionError as exc:
        raise SortitionError(f"Die Auswahl ist fehlgeschlagen: {exc}") from exc
    committees, weights = standardize_distribution(committees, weights)
    # Canonical order so that the seeded draw does not depend on the solver's enumeration order.
    order = sorted(range(len(committees)), key=lambda i: sorted(committees[i]))
    committees = [committees[i] for i in order]
    weights = [weights[i] for i in order]
    index = lottery_pick(weights, seed)
    probabilities = dict.fromkeys((p.id for p in pool), 0.0)
    for committee, weight in zip(committees, weights, strict=True):
        for pid in committee:
            probabilities[pid] += weight
    return Draw(
        algorithm_requested=requested,
        algorithm_used=used,
        fallback_reason=reason,
        seed=seed,
        panel_size=panel_size,
        selected=sorted(committees[index]),
        probabilities=probabilities,
        probabilities_exact=True,
        panels=[(tuple(sorted(c)), float(w)) for c, w in zip(committees, weights, strict=True)],
        inputs_sha256=digest,
        seconds=time.monotonic() - started,
        library_version=_library_version(),
    )


# --- replacement draws -------------------------------------------------------------------------


def replacement_quotas(quotas: Quotas, panel: list[Person], dropped: list[str]) -> tuple[Quotas, int]:
    """Quotas for refilling the seats of `dropped`: what the remaining panel still needs."""
    remaining = [p for p in panel if p.id not in set(dropped)]
    seats = len(panel) - len(remaining)
    result: Quotas = {}
    for category, values in quotas.items():
        have = Counter(p.features[category] for p in remaining)
        result[category] = {
            value: (max(lo - have[value], 0), max(min(hi - have[value], seats), 0))
            for value, (lo, hi) in values.items()
        }
    return result, seats


# --- reading files -------------------------------------------------------------------------------

_BAND = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|\+|\s*und älter)\s*$")


def band_for(age: int, values) -> str | None:
    """The quota value such as "16-29" or "70+" that contains `age`."""
    for value in values:
        match = _BAND.match(value)
        if not match:
            continue
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else 200
        if low <= age <= high:
            return value
    return None


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") >= first.count(",") else ","


def _csv_records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV text, numbered from 1. A row the csv module cannot read – mostly a field
    over its size limit because a quote was never closed – is a SortitionError naming the row."""
    import csv

    reader = csv.reader(text.splitlines(), delimiter=_sniff(text))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                limit = f"{csv.field_size_limit():,}".replace(",", ".")
                problem = (
                    f"Ein Feld ist länger als {limit} Zeichen – fehlt ein schließendes Anführungszeichen?"
                )
            else:
                problem = f"Die Zeile ist keine gültige CSV-Zeile ({exc})."
            raise SortitionError(f"{label}, Zeile {number + 1}: {problem}") from exc
        number += 1
        yield number, row


QUOTA_HEADERS = {
    "merkmal": "category",
    "category": "category",
    "ausprägung": "value",
    "auspraegung": "value",
    "wert": "value",
    "feature": "value",
    "value": "value",
    "min": "min",
    "minimum": "min",
    "max": "max",
    "maximum": "max",
}


def read_quotas_csv(text: str) -> Quotas:
    """Quotas from CSV: Merkmal;Ausprägung;Min;Max (also category,feature,min,max)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SortitionError("Die Quotendatei ist leer.")
    records = _csv_records(text, "Quotendatei")
    header = [QUOTA_HEADERS.get(h.strip().lower(), h.strip()) for h in next(records)[1]]
    missing = [h for h in ("category", "value", "min", "max") if h not in header]
    if missing:
        names = {"category": "Merkmal", "value": "Ausprägung", "min": "Min", "max": "Max"}
        raise SortitionError(
            "Quotendatei, Kopfzeile: Es fehlen die Spalten " + ", ".join(names[m] for m in missing) + "."
        )
    quotas: Quotas = {}
    for row_number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, (c.strip() for c in row), strict=False))
        for column, label in (("category", "Merkmal"), ("value", "Ausprägung")):
            if not record.get(column):
                raise SortitionError(f"Quotendatei, Zeile {row_number}, Spalte {label}: Der Wert fehlt.")
        bounds = []
        for column, label in (("min", "Min"), ("max", "Max")):
            raw = record.get(column, "")
            if not raw.isdecimal():
                raise SortitionError(
                    f"Quotendatei, Zeile {row_number}, Spalte {label}: „{raw}“ ist keine ganze Zahl ≥ 0."
                )
            bounds.append(int(raw))
        values = quotas.setdefault(record["category"], {})
        if record["value"] in values:
            raise SortitionError(
                f"Quotendatei, Zeile {row_number}: „{record['category']}: {record['value']}“ steht doppelt in der Datei."
            )
        if bounds[0] > bounds[1]:
            raise SortitionError(
                f"Quotendatei, Zeile {row_number}: Min ({bounds[0]}) ist größer als Max ({bounds[1]})."
            )
        values[record["value"]] = (bounds[0], bounds[1])
    if not quotas:
        raise SortitionError("Die Quotendatei enthält keine Quoten.")
    return quotas


ID_HEADERS = ("kennung", "id", "nummer", "nr")
HOUSEHOLD_HEADERS = ("haushalt", "adresse", "household", "address")


def read_pool_csv(text: str, quotas: Quotas) -> list[Person]:
    """Pool from CSV: a Kennung/id column (else the row number), one column per quota category
    (matched case-insensitively), optional Haushalt/Adresse. A numeric age column is mapped into
    age bands such as "16-29" or "70+" if the quota values are bands."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SortitionError("Die Pool-Datei ist leer.")
    records = _csv_records(text, "Pool-Datei")
    raw_header = [h.strip() for h in next(records)[1]]
    lower = [h.lower() for h in raw_header]
    id_index = next((lower.index(h) for h in ID_HEADERS if h in lower), None)
    household_index = next((lower.index(h) for h in HOUSEHOLD_HEADERS if h in lower), None)
    columns: dict[str, int] = {}
    for category in quotas:
        if category.lower() not in lower:
            raise SortitionError(
                f"Pool-Datei, Kopfzeile: Die Spalte „{category}“ fehlt (sie hat eine Quote). "
                f"Vorhanden: {', '.join(raw_header)}."
            )
        columns[category] = lower.index(category.lower())
    people: list[Person] = []
    seen: dict[str, int] = {}
    for row_number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(raw_header):
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}: {len(row)} statt {len(raw_header)} Spalten – fehlt ein Trennzeichen?"
            )
        pid = row[id_index].strip() if id_index is not None else str(row_number - 1)
        if not pid:
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}, Spalte {raw_header[id_index]}: Die Kennung fehlt."
            )
        if pid in seen:
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}: Die Kennung „{pid}“ steht schon in Zeile {seen[pid]}."
            )
        seen[pid] = row_number
        features = {}
        for category, index in columns.items():
            value = row[index].strip()
            allowed = quotas[category]
            if value not in allowed:
                if value.isdecimal() and band_for(int(value), allowed):
                    value = band_for(int(value), allowed)
                else:
                    raise SortitionError(
                        f"Pool-Datei, Zeile {row_number}, Spalte {raw_header[index]}: „{value}“ ist keiner der "
                        f"Werte mit Quote ({', '.join(allowed)})."
                    )
            features[category] = value
        household = row[household_index].strip() if household_index is not None else ""
        people.append(Person(pid, features, household))
    if not people:
        raise SortitionError("Die Pool-Datei enthält keine Personen.")
    return people
