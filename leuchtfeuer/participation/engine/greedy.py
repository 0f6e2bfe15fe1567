"""Counting in vote order ("greedy") and the variants pabulib names, exact and explained.

A project's *score* is what the ballot type gives it:
- approval / choose-1: the number of ballots that name it;
- cumulative / scoring: the sum of its points;
- ordinal: points per rank from META ``scoring_fn``. Default (pabulib: "Borda", used when META has
  no ``scoring_fn`` or says ``Borda``): with at most L ranks (META ``max_length``, else the number of
  projects) the first rank gets L points, the second L − 1, …, the last possible rank 1 point; an
  explicit list such as ``3,2,1`` gives the points of rank 1, 2, 3, … (ranks beyond the list: 0).
  Kraków (3 ranks) thus gives 3, 2 and 1 points – the ``score`` column of its pabulib files.

Projects are looked at by score, highest first (ties: project id as text, like pabutools). Variants:
- ``greedy``: a project is taken if it still fits into what is left, else skipped;
- ``greedy-threshold``: only projects with at least the minimum score (META
  ``min_project_score_threshold``) can be taken;
- ``greedy-no-skip``: the count ends at the first project that does not fit (projects that cost
  more than the whole budget – pabulib's mark for withdrawn projects – are passed over);
- ``greedy-poznan`` (pabulib ``greedy-custom`` as documented for Poznań): like ``greedy-no-skip``,
  but the first project that does not fit is still funded if what is left covers at least 80 % of
  its cost (from reserve funds), then the count ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

# what happened to a project in the count
SELECTED = "selected"
EXTRA = "extra"  # funded from reserve funds (80 % rule)
SKIPPED = "skipped"  # did not fit any more, the count went on
BELOW_THRESHOLD = "below_threshold"
STOPPED_HERE = "stopped_here"  # the first project that did not fit: the count ended here
AFTER_STOP = "after_stop"
TOO_EXPENSIVE = "too_expensive"  # costs more than the whole budget (no-skip rules pass over it)


class ScoringError(ValueError):
    """META describes a scoring the engine does not know; message in German."""


@dataclass(frozen=True)
class GreedyStep:
    project_id: str
    score: Fraction
    place: int  # 1 = highest score
    left: Fraction  # budget left when the count reached this project
    status: str


def rank_points(meta: dict[str, str], n_projects: int) -> tuple[str, list[Fraction]]:
    """(German description, points of rank 1, 2, …) for ordinal ballots, from META."""
    raw = (meta.get("scoring_fn") or "").strip()
    if raw == "" or raw.lower() == "borda":
        try:
            ranks = int(meta.get("max_length") or n_projects)
        except ValueError:
            ranks = n_projects
        ranks = max(1, ranks)
        points = [Fraction(ranks - r) for r in range(ranks)]
        text = f"Rangpunkte nach Borda: Platz 1 bekommt {ranks}, jeder weitere Platz einen Punkt weniger"
        return text, points
    try:
        points = [Fraction(part.strip()) for part in re.split(r"[;,]", raw)]
    except (ValueError, ZeroDivisionError):
        points = []
    if points:
        listed = ", ".join(str(p) for p in points)
        return f"Rangpunkte laut Datei: {listed} Punkte für Platz 1, 2, …", points
    raise ScoringError(
        f"Die Datei beschreibt die Punkte je Rang als „{raw}“ (META scoring_fn). Leuchtfeuer kennt "
        "„Borda“ oder eine Liste wie „3,2,1“; bitte die Punkte so angeben."
    )


def scores(
    vote_type: str,
    meta: dict[str, str],
    project_ids: list[str],
    ballots: list[tuple[tuple[str, ...], tuple[Fraction, ...] | None]],
) -> dict[str, Fraction]:
    """Score of each project (see module doc). `ballots`: (projects in the voter's order, points or None)."""
    total = {pid: Fraction(0) for pid in project_ids}
    if vote_type == "ordinal":
        _, points = rank_points(meta, len(project_ids))
        for projects, _ in ballots:
            for rank, pid in enumerate(projects):
                if rank < len(points):
                    total[pid] += points[rank]
        return total
    for projects, pts in ballots:
        if pts is None:
            for pid in projects:
                total[pid] += 1
        else:
            for pid, pt in zip(projects, pts, strict=True):
                total[pid] += pt
    return total


def threshold_from_meta(meta: dict[str, str], n_ballots: int) -> Fraction | None:
    """The minimum score from META: ``min_project_score_threshold`` or one of its variants
    (``…_unit``, ``…_district`` and the like: one value). A value ending in % is a share of the
    ballots (rounded up)."""
    keys = [k for k in meta if k.startswith("min_project_score_threshold") and str(meta[k]).strip()]
    if not keys:
        return None
    values = {str(meta[k]).strip() for k in keys}
    if "min_project_score_threshold" in keys:
        values = {str(meta["min_project_score_threshold"]).strip()}
    if len(values) > 1:
        raise ScoringError(
            "Die Datei nennt mehrere verschiedene Mindeststimmenzahlen "
            f"({', '.join(f'{k}={meta[k]}' for k in keys)}); welche gilt, ist nicht eindeutig."
        )
    raw = values.pop()
    try:
        if raw.endswith("%"):
            share = Fraction(raw[:-1].strip().replace(",", "."))
            value = share * n_ballots / 100
            return Fraction(-((-value.numerator) // value.denominator))
        return Fraction(raw.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise ScoringError(f"Die Mindeststimmenzahl „{raw}“ (META {keys[0]}) ist keine Zahl.") from None


def documents_poznan_rule(comment: str) -> bool:
    """Does the META comment describe Poznań's 80 % rule (the documented greedy-custom)?"""
    text = comment.lower()
    return bool(re.search(r"80\s*%", text)) and "fit" in text and "budget" in text


def greedy(
    project_ids: list[str],
    costs: dict[str, Fraction],
    score: dict[str, Fraction],
    budget: Fraction,
    *,
    threshold: Fraction | None = None,
    no_skip: bool = False,
    reserve_share: Fraction | None = None,
) -> tuple[list[str], list[GreedyStep]]:
    """(winners in selection order, one step per project in the order looked at)."""
    order = sorted(project_ids, key=lambda pid: (-score[pid], pid))
    left = Fraction(budget)
    winners: list[str] = []
    steps: list[GreedyStep] = []
    stopped = False
    for place, pid in enumerate(order, start=1):
        cost = costs[pid]
        if stopped:
            status = AFTER_STOP
        elif threshold is not None and score[pid] < threshold:
            status = BELOW_THRESHOLD
        elif cost <= left:
            status = SELECTED
        elif no_skip and cost > budget:
            status = TOO_EXPENSIVE
        elif reserve_share is not None:
            status = EXTRA if left >= reserve_share * cost else STOPPED_HERE
            stopped = True
        elif no_skip:
            status = STOPPED_HERE
            stopped = True
        else:
            status = SKIPPED
        steps.append(GreedyStep(pid, score[pid], place, left, status))
        if status == SELECTED:
            winners.append(pid)
            left -= cost
        elif status == EXTRA:
            winners.append(pid)
            left = max(Fraction(0), left - cost)
    return winners, steps
