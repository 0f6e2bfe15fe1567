"""Anonymous statistics with small-cell suppression (no published cell below 5 people).

Pure Python. Input: plain records (one per confirmed inquiry, already anonymous). Output:
tables whose cells are either a count ≥ THRESHOLD or suppressed (shown as "<5").

Rules (documented in docs/portal.md):
1. Primary suppression: every count below THRESHOLD is suppressed, also 0 ("no cell showing
   fewer than 5 people" — an empty cell says "nobody", which is a statement about people).
2. Secondary suppression in tables with a shown total whose categories are disjoint: while the
   suppressed cells together hold 1 to 4 people (a value anyone could recover by subtracting the
   shown cells from the total), the smallest shown cell is suppressed too.
3. Rates and means are shown only when every count they are computed from (numerator,
   denominator, and the complement) reaches THRESHOLD.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

THRESHOLD = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Record:
    month: date
    life_phase: str
    needs: tuple[str, ...]
    origin: str
    outcome: str
    days_to_decision: int | None
    is_returnee: bool = False


@dataclass
class Cell:
    key: str
    label: str
    count: int | None  # None = suppressed

    @property
    def display(self) -> str:
        return SUPPRESSED if self.count is None else str(self.count)


@dataclass
class Table:
    key: str
    title: str
    dimension: str
    cells: list[Cell]
    total: Cell | None
    disjoint: bool
    note: str = ""


@dataclass
class Summary:
    total: Cell
    conversion_percent: float | None
    mean_days_to_decision: float | None
    tables: list[Table] = field(default_factory=list)


def _cell(key: str, label: str, n: int) -> Cell:
    return Cell(key, label, n if n >= THRESHOLD else None)


def suppress_table(
    key: str,
    title: str,
    dimension: str,
    counts: dict[str, int],
    labels: list[tuple[str, str]],
    *,
    disjoint: bool,
    total: int | None,
    note: str = "",
) -> Table:
    cells = [_cell(k, label, counts.get(k, 0)) for k, label in labels]
    total_cell = _cell("total", "insgesamt", total) if total is not None else None
    if disjoint and total_cell is not None and total_cell.count is not None:
        raw = {k: counts.get(k, 0) for k, _ in labels}
        while True:
            residual = sum(raw[c.key] for c in cells if c.count is None)
            shown = [c for c in cells if c.count is not None]
            if not (0 < residual < THRESHOLD) or not shown:
                break
            smallest = min(shown, key=lambda c: (c.count, c.key))
            smallest.count = None
    return Table(key, title, dimension, cells, total_cell, disjoint, note)


def summarise(
    records: Iterable[Record],
    *,
    phase_labels: list[tuple[str, str]],
    need_labels: list[tuple[str, str]],
    origin_labels: list[tuple[str, str]],
    months: list[date],
) -> Summary:
    rows = list(records)
    n = len(rows)
    moved = sum(1 for r in rows if r.outcome == "zugezogen")
    not_moved = sum(1 for r in rows if r.outcome == "nicht_zugezogen")
    decided = moved + not_moved
    conversion = None
    if moved >= THRESHOLD and not_moved >= THRESHOLD:
        conversion = round(100 * moved / decided, 1)
    days = [r.days_to_decision for r in rows if r.days_to_decision is not None]
    mean_days = round(sum(days) / len(days), 1) if len(days) >= THRESHOLD else None

    by_phase = Counter(r.life_phase for r in rows)
    by_origin = Counter(r.origin for r in rows)
    by_need: Counter[str] = Counter()
    for r in rows:
        by_need.update(set(r.needs))
    by_month = Counter(r.month.replace(day=1) for r in rows)
    month_labels = [(m.isoformat(), m.strftime("%m/%Y")) for m in months]
    by_month_keyed = {m.isoformat(): c for m, c in by_month.items()}
    by_outcome = Counter(r.outcome for r in rows)
    by_returnee = Counter("rueckkehr" if r.is_returnee else "zuzug" for r in rows)

    tables = [
        suppress_table(
            "life_phase",
            "Anfragen nach Lebensphase",
            "Lebensphase",
            dict(by_phase),
            phase_labels,
            disjoint=True,
            total=n,
        ),
        suppress_table(
            "need",
            "Anfragen nach Bedarf (Mehrfachnennung)",
            "Bedarf",
            dict(by_need),
            need_labels,
            disjoint=False,
            total=n,
            note="Eine Anfrage kann mehrere Bedarfe nennen; die Summe ist größer als die Zahl der Anfragen.",
        ),
        suppress_table(
            "origin",
            "Anfragen nach Herkunftsregion",
            "Herkunftsregion",
            dict(by_origin),
            origin_labels,
            disjoint=True,
            total=n,
        ),
        suppress_table(
            "month",
            "Anfragen nach Monat",
            "Monat",
            by_month_keyed,
            month_labels,
            disjoint=True,
            total=sum(by_month_keyed.get(k, 0) for k, _ in month_labels),
        ),
        suppress_table(
            "outcome",
            "Stand der Fälle",
            "Stand",
            dict(by_outcome),
            [
                ("neu", "neu"),
                ("gespraech", "im Gespräch"),
                ("besuch", "Besuch geplant"),
                ("zugezogen", "zugezogen"),
                ("nicht_zugezogen", "nicht zugezogen"),
                ("ruht", "ruht"),
            ],
            disjoint=True,
            total=n,
        ),
        suppress_table(
            "returnee",
            "Rückkehr oder Zuzug",
            "Anfrage von",
            dict(by_returnee),
            [("rueckkehr", "Rückkehrenden (früher hier gelebt)"), ("zuzug", "Zuziehenden")],
            disjoint=True,
            total=n,
        ),
    ]
    return Summary(
        total=_cell("total", "Anfragen insgesamt", n),
        conversion_percent=conversion,
        mean_days_to_decision=mean_days,
        tables=tables,
    )
