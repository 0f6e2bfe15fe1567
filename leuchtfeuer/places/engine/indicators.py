"""Indicators of the Kommunalprofil, computed from plain inputs for one region.

The service layer reads the database and builds a :class:`RegionData`; :func:`compute_indicators`
returns one :class:`IndicatorResult` per indicator, in display order, each with its German label,
unit, reference date, source and definition. Values that the data do not support are ``None`` —
never invented. Estimates (grouped-age approximations) and comparisons across a change of the
population basis (Zensus 2011 break) are flagged and carry a German note.

The age maths is vectorised in :mod:`.agegroups`; the same functions feed the peer matrix.
See ``docs/indicators.md`` for the definitions table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np

from . import agegroups as ag
from .agegroups import MIGRATION_6, AgeScheme
from .german import format_number

# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


class Basis(StrEnum):
    """Population basis of a figure. Figures on different bases must not be compared silently."""

    PRE_ZENSUS_2011 = "vor_zensus_2011"  # Fortschreibung from Volkszählung 1987 / GDR register
    ZENSUS_2011 = "zensus_2011"  # Zensus 2011 and the Fortschreibung based on it
    ZENSUS_2022 = "zensus_2022"  # Zensus 2022 and the Fortschreibung based on it

    @property
    def label(self) -> str:
        return {
            Basis.PRE_ZENSUS_2011: "Fortschreibung vor dem Zensus 2011",
            Basis.ZENSUS_2011: "Basis Zensus 2011",
            Basis.ZENSUS_2022: "Basis Zensus 2022",
        }[self]


ZENSUS_2011_DATE = date(2011, 5, 9)
ZENSUS_2022_DATE = date(2022, 5, 15)


def fortschreibung_basis(reference_date: date) -> Basis:
    """Basis of a Fortschreibung figure in the files we hold (GV up to 31.12.2023, Regionaldatenbank
    2015): up to 31.12.2010 the old basis, from 31.12.2011 the Zensus 2011 basis. Figures rebased on
    the Zensus 2022 must be marked ZENSUS_2022 by the caller (their source says so)."""
    return Basis.PRE_ZENSUS_2011 if reference_date < ZENSUS_2011_DATE else Basis.ZENSUS_2011


@dataclass(frozen=True)
class PopulationPoint:
    """Total population of the region on one reference date."""

    date: date
    total: float | None
    basis: Basis
    source: str  # e.g. "Gemeindeverzeichnis (Destatis), 31.12.2023"


@dataclass(frozen=True, eq=False)
class AgeSexStructure:
    """Population by age band (and optionally by sex) on one reference date.

    ``total``, ``male`` and ``female`` are arrays of length ``scheme.size``; NaN marks a missing
    cell. For the Zensus 2022 the sexes are not cross-tabulated with age at Gemeinde level, so
    ``male``/``female`` are None there.
    """

    scheme: AgeScheme
    total: np.ndarray
    reference_date: date
    basis: Basis
    source: str  # e.g. "Regionaldatenbank 12411-02-03-5, 31.12.2015"
    male: np.ndarray | None = None
    female: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("total", "male", "female"):
            arr = getattr(self, name)
            if arr is None:
                continue
            arr = np.asarray(arr, dtype=float)
            if arr.shape != (self.scheme.size,):
                raise ValueError(f"{name} must have {self.scheme.size} age bands, got {arr.shape}")
            object.__setattr__(self, name, arr)


@dataclass(frozen=True)
class AnnualCounts:
    """Events per calendar year (births, deaths); None = not available."""

    values: Mapping[int, float | None]
    source: str  # e.g. "Regionaldatenbank 12612-01-01-5-B"


@dataclass(frozen=True, eq=False)
class MigrationFlows:
    """Moves across the Gemeinde border in one year by the 6 age bands of MIGRATION_6."""

    year: int
    inflow: np.ndarray  # Zuzüge by band, NaN = missing
    outflow: np.ndarray  # Fortzüge by band
    source: str  # e.g. "Regionaldatenbank 12711-01-03-5, 2015"
    inflow_total: float | None = None  # the published "Insgesamt"; band sum if None
    outflow_total: float | None = None

    def __post_init__(self) -> None:
        for name in ("inflow", "outflow"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (MIGRATION_6.size,):
                raise ValueError(f"{name} must have {MIGRATION_6.size} age bands, got {arr.shape}")
            object.__setattr__(self, name, arr)

    def totals(self) -> tuple[float, float]:
        inflow = self.inflow_total if self.inflow_total is not None else float(np.sum(self.inflow))
        outflow = self.outflow_total if self.outflow_total is not None else float(np.sum(self.outflow))
        return float(inflow), float(outflow)


@dataclass(frozen=True)
class RegionData:
    """Everything the indicators need for one region (Gemeinde, Kreis, Land, Ortsteil)."""

    key: str
    name: str
    area_km2: float | None = None
    area_date: date | None = None
    area_source: str = ""
    population: Sequence[PopulationPoint] = ()
    age_structure: AgeSexStructure | None = None
    births: AnnualCounts | None = None
    deaths: AnnualCounts | None = None
    migration: MigrationFlows | None = None


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


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

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("reference_date", "reference_start"):
            d[k] = d[k].isoformat() if d[k] else None
        d["notes"] = list(self.notes)
        return d


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    label: str
    unit: str
    definition: str


def _d(key: str, label: str, unit: str, definition: str) -> IndicatorDefinition:
    return IndicatorDefinition(key, label, unit, definition)


PER_1000 = "je 1.000 Einwohner:innen"

DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.key: d
    for d in (
        _d(
            "population",
            "Bevölkerung",
            "Personen",
            "Einwohner:innen am Stichtag (amtliche Fortschreibung oder Zensus).",
        ),
        _d(
            "population_change_5y",
            "Bevölkerungsentwicklung über 5 Jahre",
            "%",
            "Veränderung der Einwohnerzahl gegenüber dem Wert etwa 5 Jahre vor dem letzten Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_10y",
            "Bevölkerungsentwicklung über 10 Jahre",
            "%",
            "Veränderung der Einwohnerzahl gegenüber dem Wert etwa 10 Jahre vor dem letzten Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_long",
            "Bevölkerungsentwicklung seit dem ersten verfügbaren Jahr",
            "%",
            "Veränderung der Einwohnerzahl zwischen dem ersten und dem letzten verfügbaren Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_same_basis",
            "Bevölkerungsentwicklung auf gleicher Zählungsbasis",
            "%",
            "Veränderung der Einwohnerzahl zwischen dem ersten und dem letzten Stichtag derselben Zählungsbasis (z. B. seit dem Zensus 2011), in % des Ausgangswerts.",
        ),
        _d("area", "Fläche", "km²", "Katasterfläche der Gemeinde laut Gemeindeverzeichnis."),
        _d(
            "density",
            "Bevölkerungsdichte",
            "Einwohner:innen je km²",
            "Einwohner:innen am letzten Stichtag geteilt durch die Fläche.",
        ),
        _d(
            "share_under_18",
            "Anteil unter 18-Jähriger",
            "%",
            "Personen unter 18 Jahren in % aller Einwohner:innen.",
        ),
        _d(
            "share_65_plus", "Anteil ab 65-Jähriger", "%", "Personen ab 65 Jahren in % aller Einwohner:innen."
        ),
        _d(
            "share_75_plus", "Anteil ab 75-Jähriger", "%", "Personen ab 75 Jahren in % aller Einwohner:innen."
        ),
        _d(
            "youth_ratio",
            "Jugendquotient",
            "unter 20-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen unter 20 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
        ),
        _d(
            "old_age_ratio",
            "Altenquotient",
            "ab 65-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen ab 65 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
        ),
        _d(
            "mean_age",
            "Durchschnittsalter (geschätzt)",
            "Jahre",
            "Mittleres Alter, geschätzt aus Altersgruppen: jede Gruppe zählt mit ihrer Mitte, die offene Gruppe ab 75 mit 81,8 Jahren.",
        ),
        _d(
            "median_age",
            "Medianalter (geschätzt)",
            "Jahre",
            "Alter, das die Bevölkerung in zwei gleich große Hälften teilt; lineare Interpolation innerhalb der Altersgruppe.",
        ),
        _d(
            "sex_ratio_20_39",
            "Frauen je 100 Männer (20 bis 39 Jahre)",
            "Frauen je 100 Männer",
            "Frauen im Alter von 20 bis unter 40 Jahren je 100 Männer derselben Altersgruppe.",
        ),
        _d("births", "Lebendgeborene", "Personen", "Lebendgeborene im Kalenderjahr (Wohnort der Mutter)."),
        _d("deaths", "Gestorbene", "Personen", "Gestorbene im Kalenderjahr (letzter Wohnort)."),
        _d(
            "birth_rate",
            "Geburten je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
        ),
        _d(
            "death_rate",
            "Sterbefälle je 1.000 Einwohner:innen",
            PER_1000,
            "Gestorbene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
        ),
        _d(
            "natural_balance",
            "Natürlicher Saldo",
            "Personen",
            "Lebendgeborene minus Gestorbene im Kalenderjahr.",
        ),
        _d(
            "natural_balance_per_1000",
            "Natürlicher Saldo je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene minus Gestorbene je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
        ),
        _d(
            "migration_balance",
            "Wanderungssaldo",
            "Personen",
            "Zuzüge minus Fortzüge über die Gemeindegrenze im Kalenderjahr.",
        ),
        _d(
            "migration_balance_per_1000",
            "Wanderungssaldo je 1.000 Einwohner:innen",
            PER_1000,
            "Zuzüge minus Fortzüge über die Gemeindegrenze je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
        ),
        _d(
            "migration_family",
            "Familienwanderung",
            "je 1.000 Einwohner:innen der Altersgruppen",
            "Wanderungssaldo der unter 18-Jährigen und der 30- bis 49-Jährigen je 1.000 Einwohner:innen dieser Altersgruppen.",
        ),
        _d(
            "migration_education",
            "Bildungswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 18- bis 24-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
        ),
        _d(
            "migration_career_start",
            "Berufseinstiegswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 25- bis 29-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
        ),
        _d(
            "migration_50_64",
            "Wanderung der 50- bis 64-Jährigen",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 50- bis 64-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
        ),
        _d(
            "migration_retirement",
            "Alterswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der ab 65-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
        ),
    )
}


def _result(
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


def _fmt_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


# ---------------------------------------------------------------------------------------------
# Population, change, area
# ---------------------------------------------------------------------------------------------


def _valid_points(points: Sequence[PopulationPoint]) -> list[PopulationPoint]:
    ok = [p for p in points if p.total is not None and math.isfinite(p.total)]
    return sorted(ok, key=lambda p: p.date)


def latest_point(points: Sequence[PopulationPoint]) -> PopulationPoint | None:
    pts = _valid_points(points)
    return pts[-1] if pts else None


def _years_between(a: date, b: date) -> float:
    return (b - a).days / 365.2425


def _change(start: PopulationPoint, end: PopulationPoint) -> float | None:
    if start.total is None or end.total is None or start.total <= 0:
        return None
    return 100.0 * (end.total - start.total) / start.total


def _break_note(start: PopulationPoint, end: PopulationPoint) -> str:
    return (
        f"Achtung: Der Vergleich reicht über einen Wechsel der Zählungsbasis "
        f"({start.basis.label} → {end.basis.label}). Ein Teil der Veränderung ist statistisch "
        f"bedingt, nicht tatsächlich."
    )


def population_change(
    points: Sequence[PopulationPoint], years: int, *, tolerance_years: float = 1.0
) -> tuple[PopulationPoint, PopulationPoint] | None:
    """Start and end point for a change over ``years``: end = latest point; start = the point
    closest to ``years`` before it, within ``tolerance_years``, preferring the end's basis.
    Returns None if no such start point exists."""
    pts = _valid_points(points)
    if len(pts) < 2:
        return None
    end = pts[-1]
    candidates = [
        p for p in pts[:-1] if abs(_years_between(p.date, end.date) - years) <= tolerance_years + 1e-9
    ]
    if not candidates:
        return None
    start = min(
        candidates,
        key=lambda p: (
            p.basis != end.basis,
            abs(_years_between(p.date, end.date) - years),
            p.date,
        ),
    )
    return start, end


def _change_result(
    key: str, pair: tuple[PopulationPoint, PopulationPoint] | None, nominal_years: int | None
) -> IndicatorResult:
    if pair is None:
        return _result(key, None, None, "", notes=("Keine passenden Stichtage vorhanden.",))
    start, end = pair
    notes: list[str] = []
    brk = start.basis != end.basis
    if brk:
        notes.append(_break_note(start, end))
    span = _years_between(start.date, end.date)
    if nominal_years is not None and abs(span - nominal_years) > 0.1:
        notes.append(
            f"Vergleichszeitraum {_fmt_date(start.date)} bis {_fmt_date(end.date)} "
            f"({format_number(span, 1)} Jahre), da kein Wert genau {nominal_years} Jahre zuvor vorliegt."
        )
    source = start.source if start.source == end.source else f"{start.source}; {end.source}"
    return _result(
        key,
        _change(start, end),
        end.date,
        source,
        reference_start=start.date,
        series_break=brk,
        notes=tuple(notes),
    )


def population_indicators(region: RegionData) -> list[IndicatorResult]:
    pts = _valid_points(region.population)
    out: list[IndicatorResult] = []
    end = pts[-1] if pts else None
    if end is None:
        out.append(_result("population", None, None, "", notes=("Keine Einwohnerzahl vorhanden.",)))
    else:
        out.append(_result("population", end.total, end.date, end.source, notes=(end.basis.label,)))
    out.append(_change_result("population_change_5y", population_change(pts, 5), 5))
    out.append(_change_result("population_change_10y", population_change(pts, 10), 10))
    out.append(_change_result("population_change_long", (pts[0], pts[-1]) if len(pts) >= 2 else None, None))
    same = [p for p in pts if end is not None and p.basis == end.basis]
    out.append(
        _change_result("population_change_same_basis", (same[0], same[-1]) if len(same) >= 2 else None, None)
    )

    area = region.area_km2 if region.area_km2 is not None and region.area_km2 > 0 else None
    out.append(_result("area", area, region.area_date, region.area_source))
    density = end.total / area if (end is not None and area is not None and end.total is not None) else None
    dens_notes = ()
    if end is not None and region.area_date is not None and region.area_date != end.date:
        dens_notes = (f"Fläche zum {_fmt_date(region.area_date)}, Bevölkerung zum {_fmt_date(end.date)}.",)
    out.append(
        _result(
            "density",
            density,
            end.date if end else None,
            "; ".join(dict.fromkeys(s for s in (region.area_source, end.source if end else "") if s)),
            notes=dens_notes,
        )
    )
    return out


# ---------------------------------------------------------------------------------------------
# Age structure
# ---------------------------------------------------------------------------------------------

_ESTIMATE_NOTE = "Geschätzt aus Altersgruppen: Innerhalb einer Gruppe wird eine gleichmäßige Verteilung der Lebensalter angenommen."


def _age_value(
    key: str,
    s: AgeSexStructure,
    value: float,
    exact: bool,
    scale: float = 1.0,
    extra_notes: tuple[str, ...] = (),
) -> IndicatorResult:
    notes = extra_notes if exact else (_ESTIMATE_NOTE, *extra_notes)
    v = None if value is None or not math.isfinite(value) else value * scale
    return _result(key, v, s.reference_date, s.source, estimated=not exact, notes=notes)


def _exact(scheme: AgeScheme, *ranges: tuple[int, int | None]) -> bool:
    return all(ag.age_range_weights(scheme, lo, hi)[1] for lo, hi in ranges)


def age_indicators(s: AgeSexStructure) -> list[IndicatorResult]:
    """Shares, ratios, mean/median age and the sex ratio of the 20–39-year-olds."""
    sc, c = s.scheme, s.total
    out = [
        _age_value("share_under_18", s, ag.share_in_range(c, sc, 0, 18), _exact(sc, (0, 18)), 100.0),
        _age_value("share_65_plus", s, ag.share_in_range(c, sc, 65, None), _exact(sc, (65, None)), 100.0),
        _age_value("share_75_plus", s, ag.share_in_range(c, sc, 75, None), _exact(sc, (75, None)), 100.0),
        _age_value("youth_ratio", s, ag.youth_ratio(c, sc), _exact(sc, (0, 20), (20, 65))),
        _age_value("old_age_ratio", s, ag.old_age_ratio(c, sc), _exact(sc, (65, None), (20, 65))),
        _age_value(
            "mean_age",
            s,
            ag.mean_age(c, sc),
            False,
            extra_notes=("Die Gruppe ab 75 Jahren zählt mit 81,8 Jahren (Zensus 2011, Deutschland).",),
        ),
        _age_value("median_age", s, ag.median_age(c, sc), False),
    ]
    if s.male is None or s.female is None:
        out.append(
            _result(
                "sex_ratio_20_39",
                None,
                s.reference_date,
                s.source,
                notes=("Alter und Geschlecht liegen für diesen Stichtag nicht gekreuzt vor.",),
            )
        )
    else:
        women = ag.count_in_range(s.female, sc, 20, 40)
        men = ag.count_in_range(s.male, sc, 20, 40)
        ratio = 100.0 * women / men if men > 0 else float("nan")
        out.append(_age_value("sex_ratio_20_39", s, ratio, _exact(sc, (20, 40))))
    return out


# ---------------------------------------------------------------------------------------------
# Births, deaths, migration
# ---------------------------------------------------------------------------------------------


def mean_population(points: Sequence[PopulationPoint], year: int) -> tuple[float | None, str | None]:
    """Denominator for the rates of ``year``: the mean of the populations on 31.12.(year-1) and
    31.12.year when both exist on the same basis; otherwise the 31.12.year population alone (the
    note says so); otherwise None."""
    by_date = {p.date: p for p in _valid_points(points)}
    end = by_date.get(date(year, 12, 31))
    start = by_date.get(date(year - 1, 12, 31))
    if end is None:
        return None, None
    if start is not None and start.basis == end.basis:
        return (start.total + end.total) / 2.0, None  # type: ignore[operator]
    return end.total, f"Bezogen auf die Bevölkerung am 31.12.{year} (kein vergleichbarer Vorjahreswert)."


def _latest_year(counts: AnnualCounts | None) -> int | None:
    if counts is None:
        return None
    years = [y for y, v in counts.values.items() if v is not None and math.isfinite(v)]
    return max(years) if years else None


def _rate(value: float | None, denom: float | None) -> float | None:
    if value is None or denom is None or denom <= 0:
        return None
    return 1000.0 * value / denom


def vital_indicators(region: RegionData) -> list[IndicatorResult]:
    out: list[IndicatorResult] = []
    for key, rate_key, counts in (
        ("births", "birth_rate", region.births),
        ("deaths", "death_rate", region.deaths),
    ):
        year = _latest_year(counts)
        if year is None or counts is None:
            out.append(_result(key, None, None, ""))
            out.append(_result(rate_key, None, None, ""))
            continue
        v = counts.values[year]
        denom, note = mean_population(region.population, year)
        period = {"reference_start": date(year, 1, 1)}
        out.append(_result(key, v, date(year, 12, 31), f"{counts.source}, {year}", **period))
        out.append(
            _result(
                rate_key,
                _rate(v, denom),
                date(year, 12, 31),
                f"{counts.source}, {year}",
                notes=(note,) if note else (),
                **period,
            )
        )
    # Natural balance needs births and deaths of the same year.
    years = set()
    if region.births and region.deaths:
        years = {
            y
            for y in region.births.values
            if region.births.values.get(y) is not None and region.deaths.values.get(y) is not None
        }
    if not years:
        out.append(_result("natural_balance", None, None, ""))
        out.append(_result("natural_balance_per_1000", None, None, ""))
        return out
    year = max(years)
    assert region.births is not None and region.deaths is not None
    bal = float(region.births.values[year]) - float(region.deaths.values[year])  # type: ignore[arg-type]
    denom, note = mean_population(region.population, year)
    src = f"{region.births.source}; {region.deaths.source}, {year}"
    period = {"reference_start": date(year, 1, 1)}
    out.append(_result("natural_balance", bal, date(year, 12, 31), src, **period))
    out.append(
        _result(
            "natural_balance_per_1000",
            _rate(bal, denom),
            date(year, 12, 31),
            src,
            notes=(note,) if note else (),
            **period,
        )
    )
    return out


# Life phases of movers: (key, mover bands as exact-age ranges). The 6 bands of the
# Wanderungsstatistik match Wegweiser Kommune's phases exactly ("18–24" = 18 bis unter 25).
LIFE_PHASES: tuple[tuple[str, tuple[tuple[int, int | None], ...]], ...] = (
    ("migration_family", ((0, 18), (30, 50))),
    ("migration_education", ((18, 25),)),
    ("migration_career_start", ((25, 30),)),
    ("migration_50_64", ((50, 65),)),
    ("migration_retirement", ((65, None),)),
)


def migration_indicators(region: RegionData) -> list[IndicatorResult]:
    m = region.migration
    keys = ["migration_balance", "migration_balance_per_1000", *(k for k, _ in LIFE_PHASES)]
    if m is None:
        return [_result(k, None, None, "") for k in keys]
    start, end = date(m.year, 1, 1), date(m.year, 12, 31)
    inflow, outflow = m.totals()
    bal = inflow - outflow
    denom, note = mean_population(region.population, m.year)
    out = [
        _result("migration_balance", bal, end, m.source, reference_start=start),
        _result(
            "migration_balance_per_1000",
            _rate(bal, denom),
            end,
            m.source,
            reference_start=start,
            notes=(note,) if note else (),
        ),
    ]
    s = region.age_structure
    net_by_band = m.inflow - m.outflow
    for key, ranges in LIFE_PHASES:
        net = float(sum(ag.count_in_range(net_by_band, MIGRATION_6, lo, hi) for lo, hi in ranges))
        if s is None:
            out.append(
                _result(
                    key,
                    None,
                    end,
                    m.source,
                    reference_start=start,
                    notes=("Keine Altersstruktur für den Bezug vorhanden.",),
                )
            )
            continue
        pop = float(sum(ag.count_in_range(s.total, s.scheme, lo, hi) for lo, hi in ranges))
        exact = _exact(s.scheme, *ranges)
        notes = [
            f"Bezogen auf die Einwohner:innen der Altersgruppe am {_fmt_date(s.reference_date)} ({s.source})."
        ]
        if not exact:
            notes.insert(0, _ESTIMATE_NOTE)
        if s.reference_date.year != m.year:
            notes.append("Achtung: Altersstruktur und Wanderungsjahr stammen aus verschiedenen Jahren.")
        out.append(
            _result(
                key,
                _rate(net, pop) if math.isfinite(net) else None,
                end,
                m.source,
                reference_start=start,
                estimated=not exact,
                notes=tuple(notes),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# All together
# ---------------------------------------------------------------------------------------------


def compute_indicators(region: RegionData) -> list[IndicatorResult]:
    """All indicators for one region, in display order. Missing inputs give ``value=None``."""
    out = population_indicators(region)
    if region.age_structure is not None:
        out.extend(age_indicators(region.age_structure))
    else:
        out.extend(
            _result(k, None, None, "", notes=("Keine Altersstruktur vorhanden.",))
            for k in (
                "share_under_18",
                "share_65_plus",
                "share_75_plus",
                "youth_ratio",
                "old_age_ratio",
                "mean_age",
                "median_age",
                "sex_ratio_20_39",
            )
        )
    out.extend(vital_indicators(region))
    out.extend(migration_indicators(region))
    return out


def indicators_by_key(results: Sequence[IndicatorResult]) -> dict[str, IndicatorResult]:
    return {r.key: r for r in results}
