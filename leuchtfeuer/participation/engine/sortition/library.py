"""The sortition-algorithms library (maximin, nash, legacy) run quietly and recorded as a Draw (pure; no Django)."""

from __future__ import annotations

import contextlib
import io
import logging
import time
from collections import Counter
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from leuchtfeuer.participation.engine.sortition.base import Draw, Person, Quotas, SortitionError, lottery_pick

if TYPE_CHECKING:  # the library is imported lazily at run time
    from sortition_algorithms.features import FeatureCollection
    from sortition_algorithms.people import People
    from sortition_algorithms.settings import Settings


def _library_version() -> str:
    try:
        return f"sortition-algorithms {version('sortition-algorithms')}"
    except Exception:  # pragma: no cover - metadata missing
        return ""


def _library_objects(
    pool: list[Person], quotas: Quotas, panel_size: int, check_households: bool
) -> tuple[FeatureCollection, People, Settings]:
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


def _library(pool: list[Person], quotas: Quotas, panel_size: int, **kwargs: Any) -> Draw:
    """Run the library with its chatter (prints, info logs) kept off the console."""
    logger = logging.getLogger("sortition_algorithms")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return _library_run(pool, quotas, panel_size, **kwargs)
    finally:
        logger.setLevel(level)


def _library_run(
    pool: list[Person],
    quotas: Quotas,
    panel_size: int,
    *,
    seed: int,
    requested: str,
    used: str,
    reason: str,
    digest: str,
    started: float,
    check_households: bool,
    legacy_runs: int,
) -> Draw:
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
