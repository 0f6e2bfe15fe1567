"""Welcome buddies (Willkommenspat:innen): which buddy suits a newcomer, and the anonymous counts.

Pure Python: the service feeds plain dataclasses. A buddy is suggested only while she has a free
place (capacity minus open pairings); the score adds up what the two have in common, and every
point comes with its reason in plain German so the Lots:in can explain the suggestion:

- same Ortsteil: 3 points,
- each shared language: 2 points,
- same life phase: 2 points,
- each shared interest: 1 point.

Ties go to the buddy with more free places (spreads the load), then by name.

The statistics part counts pairings by the quarter and year they started, the share with a
check-in done and the median duration in weeks, under the portal's small-cell rule
(engine/stats.py: no count below 5, rates only when numerator, denominator and complement reach 5).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from leuchtfeuer.portal.engine.stats import THRESHOLD, Cell, Table, suppress_table

POINTS_ORTSTEIL = 3
POINTS_LANGUAGE = 2
POINTS_LIFE_PHASE = 2
POINTS_INTEREST = 1

_SPLIT = re.compile(r"\s*(?:,|;|/|\bund\b|\band\b|\+)\s*", re.IGNORECASE)


def languages(text: str) -> tuple[str, ...]:
    """The languages named in a free-text list ("Deutsch, Englisch und Polnisch"), in order, once each."""
    seen: dict[str, str] = {}
    for part in _SPLIT.split(text or ""):
        name = part.strip(" .")
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name[:1].upper() + name[1:]
    return tuple(seen.values())


@dataclass(frozen=True)
class Newcomer:
    life_phase: str = ""
    life_phase_label: str = ""
    ortsteil_id: int | None = None
    ortsteil_name: str = ""
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuddyInfo:
    id: int
    name: str
    capacity: int
    open_pairings: int
    life_phase: str = ""
    ortsteil_id: int | None = None
    ortsteil_name: str = ""
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()

    @property
    def free(self) -> int:
        return max(self.capacity - self.open_pairings, 0)


@dataclass
class Suggestion:
    buddy_id: int
    score: int
    free: int
    reasons: list[str] = field(default_factory=list)


def score(newcomer: Newcomer, buddy: BuddyInfo, interest_labels: dict[str, str]) -> Suggestion:
    """What the two have in common: points and German reasons (see the module docstring)."""
    points = 0
    reasons: list[str] = []
    if newcomer.ortsteil_id is not None and newcomer.ortsteil_id == buddy.ortsteil_id:
        points += POINTS_ORTSTEIL
        reasons.append(f"wohnt im gewünschten Ortsteil {buddy.ortsteil_name}")
    wanted = {lang.casefold() for lang in newcomer.languages}
    shared_languages = [lang for lang in buddy.languages if lang.casefold() in wanted]
    if shared_languages:
        points += POINTS_LANGUAGE * len(shared_languages)
        reasons.append("spricht " + ", ".join(shared_languages))
    if newcomer.life_phase and newcomer.life_phase == buddy.life_phase:
        points += POINTS_LIFE_PHASE
        reasons.append(f"gleiche Lebensphase ({newcomer.life_phase_label or newcomer.life_phase})")
    shared_interests = [key for key in buddy.interests if key in set(newcomer.interests)]
    if shared_interests:
        points += POINTS_INTEREST * len(shared_interests)
        reasons.append(
            "gemeinsame Interessen: " + ", ".join(interest_labels.get(k, k) for k in shared_interests)
        )
    return Suggestion(buddy_id=buddy.id, score=points, free=buddy.free, reasons=reasons)


def suggest(
    newcomer: Newcomer,
    buddies: Iterable[BuddyInfo],
    *,
    interest_labels: dict[str, str],
    exclude: Iterable[int] = (),
    limit: int = 5,
) -> list[Suggestion]:
    """The best buddies with a free place for this newcomer, best first."""
    excluded = set(exclude)
    names = {}
    result = []
    for buddy in buddies:
        if buddy.id in excluded or buddy.free <= 0:
            continue
        names[buddy.id] = buddy.name
        result.append(score(newcomer, buddy, interest_labels))
    result.sort(key=lambda s: (-s.score, -s.free, names[s.buddy_id].casefold(), s.buddy_id))
    return result[:limit]


# ---------------------------------------------------------------------------------------------
# Anonymous statistics
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairingRecord:
    month: date  # first day of the month the pairing started
    checkin_done: bool
    ended: bool
    weeks: int | None


@dataclass
class PairingSummary:
    total: Cell
    checkin_percent: float | None
    median_weeks: float | None
    tables: list[Table] = field(default_factory=list)


def quarter_key(month: date) -> str:
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}"


def median_weeks(weeks: Iterable[int]) -> float | None:
    values = list(weeks)
    return float(statistics.median(values)) if values else None


def summarise_pairings(records: Iterable[PairingRecord]) -> PairingSummary:
    """Counts by year and by quarter, check-in share, median weeks — no cell under THRESHOLD.

    Years are suppressed as a disjoint table with the total (engine/stats.py, rule 2). Quarters
    partition their year: they are suppressed within each year against the year's count, and all
    four are hidden when the year itself is hidden, so no table reveals a value another hides.
    The check-in share is shown only when pairings with and without check-in both reach
    THRESHOLD; the median only when at least THRESHOLD ended pairings have a duration.
    """
    rows = list(records)
    n = len(rows)
    by_year = Counter(str(r.month.year) for r in rows)
    by_quarter = Counter(quarter_key(r.month) for r in rows)
    done = sum(1 for r in rows if r.checkin_done)
    share = (
        round(100 * done / n, 1) if n >= THRESHOLD and done >= THRESHOLD and n - done >= THRESHOLD else None
    )
    durations = [r.weeks for r in rows if r.ended and r.weeks is not None]
    median = median_weeks(durations) if len(durations) >= THRESHOLD else None
    years = sorted(by_year)
    year_table = suppress_table(
        "pairings_year",
        "Begonnene Patenschaften nach Jahr",
        "Jahr",
        dict(by_year),
        [(y, y) for y in years],
        disjoint=True,
        total=n,
    )
    shown_years = {c.key for c in year_table.cells if c.count is not None}
    quarter_cells: list[Cell] = []
    for year in years:
        labels = [(f"{year}-Q{q}", f"{year}, Quartal {q}") for q in range(1, 5)]
        part = suppress_table("q", "", "", dict(by_quarter), labels, disjoint=True, total=by_year[year])
        for cell in part.cells:
            if year not in shown_years:
                cell.count = None
            quarter_cells.append(cell)
    quarter_table = Table(
        "pairings_quarter", "Begonnene Patenschaften nach Quartal", "Quartal", quarter_cells, None, False
    )
    total = Cell("total", "insgesamt", n if n >= THRESHOLD else None)
    return PairingSummary(
        total=total, checkin_percent=share, median_weeks=median, tables=[year_table, quarter_table]
    )
