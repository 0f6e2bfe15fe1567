"""What an indicator computation returns: the value with its reference date, source and notes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from leuchtfeuer.places.engine.indicators.definitions import DEFINITIONS


@dataclass(frozen=True)
class HistoryValue:
    """An older value of the same indicator (e.g. the 2015 share beside the Zensus 2022 one)."""

    reference_date: date
    value: float | None
    basis: str
    source: str
    estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "value": self.value,
            "basis": self.basis,
            "source": self.source,
            "estimated": self.estimated,
        }


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    label: str  # German label shown to people
    value: float | None
    unit: str  # German unit text
    reference_date: date | None  # the date the value refers to (end of the period for changes)
    source: str
    definition: str  # German definition text
    reference_start: date | None = None  # start of the period for changes and annual flows
    estimated: bool = False  # rests on grouped-age approximations
    series_break: bool = False  # compares figures on different population bases
    notes: tuple[str, ...] = field(default_factory=tuple)  # German caveats
    basis: str = ""  # population basis in German words ("Zensus 2022", "Fortschreibung auf Basis …")
    history: tuple[HistoryValue, ...] = ()  # older values of the same indicator, newest first

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("reference_date", "reference_start"):
            d[k] = d[k].isoformat() if d[k] else None
        d["notes"] = list(self.notes)
        d["history"] = [h.to_dict() for h in self.history]
        return d


def make_result(
    key: str, value: float | None, reference_date: date | None, source: str, **kw: Any
) -> IndicatorResult:
    d = DEFINITIONS[key]
    if value is not None and not math.isfinite(value):
        value = None
    return IndicatorResult(
        key=key,
        label=d.label,
        value=None if value is None else float(value),
        unit=d.unit,
        reference_date=reference_date,
        source=source,
        definition=d.definition,
        **kw,
    )


def fmt_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


# "Compare like with like": a comparison region (Kreis, Land, peers) is computed with the
# town's own result as `like` — the same reference date, the same period, the same year.
Like = Mapping[str, IndicatorResult]
