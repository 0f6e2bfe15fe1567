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

from leuchtfeuer.core.engine.german import format_number

from . import agegroups as ag
from .agegroups import MIGRATION_6, AgeScheme

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

    def words(self, *, count: bool = False) -> str:
        """The basis in German words for a figure: a count of the Zensus itself, or the
        Fortschreibung (population register update) that starts from it."""
        if self is Basis.PRE_ZENSUS_2011:
            return "Fortschreibung vor dem Zensus 2011"
        census = "Zensus 2011" if self is Basis.ZENSUS_2011 else "Zensus 2022"
        return census if count else f"Fortschreibung auf Basis des {census}"


NO_BASIS_AREA = "keine (Flächenangabe)"
NO_BASIS_EVENTS = "keine (Zahl der Ereignisse im Jahr)"


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
    count: bool = False  # a count of the Zensus itself, not the Fortschreibung
    male: float | None = None
    female: float | None = None

    @property
    def basis_words(self) -> str:
        return self.basis.words(count=self.count)


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
    published_total: float | None = None  # the region's published total (share denominator)
    count: bool = False  # a count of the Zensus itself, not the Fortschreibung

    @property
    def basis_words(self) -> str:
        return self.basis.words(count=self.count)

    def denominator(self) -> float:
        """Shares are taken of the published total where there is one; the Zensus perturbs
        every cell, so its bands do not add up to it exactly (Malchin 2022: 6,868 vs 6,864)."""
        if self.published_total is not None and self.published_total > 0:
            return float(self.published_total)
        return float(ag.total(self.total))

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
class CensusData:
    """Figures of the Zensus 2022 Regionaltabellen for one region (15.05.2022).

    `values` maps "table.CODE" (official column code, e.g. "haushalte.HH_SIZE_NAT__1") to the
    figure, None where the source gives none ("." secret, "/" sample too small)."""

    values: Mapping[str, int | None]
    reference_date: date = ZENSUS_2022_DATE
    sources: Mapping[str, str] = field(default_factory=dict)  # table → German source label

    def get(self, table: str, code: str) -> int | None:
        return self.values.get(f"{table}.{code}")


@dataclass(frozen=True)
class RegionData:
    """Everything the indicators need for one region (Gemeinde, Kreis, Land, Ortsteil)."""

    key: str
    name: str
    area_km2: float | None = None
    area_date: date | None = None
    area_source: str = ""
    population: Sequence[PopulationPoint] = ()
    age_structure: AgeSexStructure | None = None  # the most recent age structure
    age_history: Sequence[AgeSexStructure] = ()  # older ones, shown as history
    births: AnnualCounts | None = None
    deaths: AnnualCounts | None = None
    migration: MigrationFlows | None = None
    census: CensusData | None = None

    def structures(self) -> list[AgeSexStructure]:
        """All age structures, newest first."""
        found = [s for s in (self.age_structure, *self.age_history) if s is not None]
        return sorted(found, key=lambda s: s.reference_date, reverse=True)


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    label: str
    unit: str
    definition: str
    group: str = "Bevölkerung"  # heading the table groups rows under


def _d(key: str, label: str, unit: str, definition: str, group: str = "Bevölkerung") -> IndicatorDefinition:
    return IndicatorDefinition(key, label, unit, definition, group)


PER_1000 = "je 1.000 Einwohner:innen"
AGE = "Altersstruktur"
HOUSEHOLDS = "Haushalte und Wohngebäude"
SOCIAL = "Herkunft, Bildung, Arbeit"
FLOWS = "Geburten, Sterbefälle, Wanderung"

DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.key: d
    for d in (
        _d(
            "population",
            "Bevölkerung",
            "Personen",
            "Einwohner:innen am letzten Stichtag der amtlichen Fortschreibung.",
        ),
        _d(
            "population_zensus2022",
            "Bevölkerung laut Zensus 2022",
            "Personen",
            "Einwohner:innen am 15.05.2022 laut Zensus 2022 (Zählung; Grundlage aller Zahlen ab 2022).",
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
            "Bevölkerungsentwicklung seit dem ersten vergleichbaren Stichtag",
            "%",
            "Veränderung der Einwohnerzahl zwischen dem ersten Stichtag auf dem heutigen Gebietsstand und dem letzten Stichtag, in % des Ausgangswerts.",
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
            "sex_ratio",
            "Frauen je 100 Männer",
            "Frauen je 100 Männer",
            "Frauen je 100 Männer, alle Altersgruppen, am letzten Stichtag mit Angaben nach Geschlecht.",
        ),
        _d(
            "share_under_18",
            "Anteil unter 18-Jähriger",
            "%",
            "Personen unter 18 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "share_65_plus",
            "Anteil ab 65-Jähriger",
            "%",
            "Personen ab 65 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "share_67_plus",
            "Anteil ab 67-Jähriger (Rentenalter)",
            "%",
            "Personen ab 67 Jahren in % aller Einwohner:innen; die Grenze der Zensus-2022-Altersgruppen, daher ohne Schätzung.",
            AGE,
        ),
        _d(
            "share_75_plus",
            "Anteil ab 75-Jähriger",
            "%",
            "Personen ab 75 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "youth_ratio",
            "Jugendquotient",
            "unter 20-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen unter 20 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
            AGE,
        ),
        _d(
            "old_age_ratio",
            "Altenquotient",
            "ab 65-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen ab 65 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
            AGE,
        ),
        _d(
            "mean_age",
            "Durchschnittsalter (geschätzt)",
            "Jahre",
            "Mittleres Alter, geschätzt aus Altersgruppen: jede Gruppe zählt mit ihrer Mitte, die offene Gruppe ab 75 mit 81,8 Jahren.",
            AGE,
        ),
        _d(
            "median_age",
            "Medianalter (geschätzt)",
            "Jahre",
            "Alter, das die Bevölkerung in zwei gleich große Hälften teilt; lineare Interpolation innerhalb der Altersgruppe.",
            AGE,
        ),
        _d(
            "sex_ratio_20_39",
            "Frauen je 100 Männer (20 bis 39 Jahre)",
            "Frauen je 100 Männer",
            "Frauen im Alter von 20 bis unter 40 Jahren je 100 Männer derselben Altersgruppe.",
            AGE,
        ),
        _d(
            "share_one_person_households",
            "Anteil der Einpersonenhaushalte",
            "% der Haushalte",
            "Privathaushalte mit einer Person in % aller Privathaushalte.",
            HOUSEHOLDS,
        ),
        _d(
            "share_senior_households",
            "Haushalte nur mit Menschen ab 65",
            "% der Haushalte",
            "Privathaushalte, in denen ausschließlich Menschen ab 65 Jahren leben (allein oder zu mehreren), in % aller Privathaushalte.",
            HOUSEHOLDS,
        ),
        _d(
            "share_households_with_children",
            "Haushalte mit Kindern",
            "% der Haushalte",
            "Paare mit Kind(ern) und Alleinerziehende in % aller Privathaushalte; Kind ist jede ledige Person, die mit Mutter oder Vater zusammenlebt, gleich welchen Alters.",
            HOUSEHOLDS,
        ),
        _d(
            "share_buildings_before_1950",
            "Gebäude mit Wohnraum aus der Zeit vor 1950",
            "% der Gebäude",
            "Gebäude mit Wohnraum, die bis 1949 gebaut wurden (Baujahrgruppen „vor 1919“ und „1919 bis 1949“), in % aller Gebäude mit Wohnraum.",
            HOUSEHOLDS,
        ),
        _d(
            "share_buildings_since_2010",
            "Gebäude mit Wohnraum ab Baujahr 2010",
            "% der Gebäude",
            "Gebäude mit Wohnraum, die 2010 oder später gebaut wurden, in % aller Gebäude mit Wohnraum.",
            HOUSEHOLDS,
        ),
        _d(
            "share_foreign",
            "Anteil ausländischer Staatsangehöriger",
            "%",
            "Personen ohne deutsche Staatsangehörigkeit in % aller Einwohner:innen.",
            SOCIAL,
        ),
        _d(
            "share_immigration_history",
            "Anteil mit Einwanderungsgeschichte",
            "%",
            "Personen, die selbst eingewandert sind oder deren Eltern beide eingewandert sind, in % aller Einwohner:innen.",
            SOCIAL,
        ),
        _d(
            "share_higher_education_entrance",
            "Anteil mit (Fach-)Hochschulreife",
            "% der Personen ab 15 ohne Schulbesuch",
            "Personen ab 15 Jahren mit Fachhochschul- oder Hochschulreife in % der Personen ab 15 Jahren, die keine allgemeinbildende Schule mehr besuchen.",
            SOCIAL,
        ),
        _d(
            "share_without_vocational_qualification",
            "Anteil ohne beruflichen Abschluss",
            "% der Personen ab 15",
            "Personen ab 15 Jahren ohne beruflichen Bildungsabschluss (auch Schüler:innen, Auszubildende und Studierende) in % aller Personen ab 15 Jahren.",
            SOCIAL,
        ),
        _d(
            "unemployment_rate",
            "Erwerbslosenquote",
            "% der Erwerbspersonen",
            "Erwerbslose (ohne Arbeit, suchen und sind verfügbar; Konzept der Internationalen Arbeitsorganisation) in % der Erwerbspersonen (Erwerbstätige und Erwerbslose).",
            SOCIAL,
        ),
        _d(
            "births",
            "Lebendgeborene",
            "Personen",
            "Lebendgeborene im Kalenderjahr (Wohnort der Mutter).",
            FLOWS,
        ),
        _d("deaths", "Gestorbene", "Personen", "Gestorbene im Kalenderjahr (letzter Wohnort).", FLOWS),
        _d(
            "birth_rate",
            "Geburten je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "death_rate",
            "Sterbefälle je 1.000 Einwohner:innen",
            PER_1000,
            "Gestorbene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "natural_balance",
            "Natürlicher Saldo",
            "Personen",
            "Lebendgeborene minus Gestorbene im Kalenderjahr.",
            FLOWS,
        ),
        _d(
            "natural_balance_per_1000",
            "Natürlicher Saldo je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene minus Gestorbene je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "migration_balance",
            "Wanderungssaldo",
            "Personen",
            "Zuzüge minus Fortzüge über die Gemeindegrenze im Kalenderjahr.",
            FLOWS,
        ),
        _d(
            "migration_balance_per_1000",
            "Wanderungssaldo je 1.000 Einwohner:innen",
            PER_1000,
            "Zuzüge minus Fortzüge über die Gemeindegrenze je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "migration_family",
            "Familienwanderung",
            "je 1.000 Einwohner:innen der Altersgruppen",
            "Wanderungssaldo der unter 18-Jährigen und der 30- bis 49-Jährigen je 1.000 Einwohner:innen dieser Altersgruppen.",
            FLOWS,
        ),
        _d(
            "migration_education",
            "Bildungswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 18- bis 24-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_career_start",
            "Berufseinstiegswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 25- bis 29-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_50_64",
            "Wanderung der 50- bis 64-Jährigen",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 50- bis 64-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_retirement",
            "Alterswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der ab 65-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
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


# "Compare like with like": a comparison region (Kreis, Land, peers) is computed with the
# town's own result as `like` — the same reference date, the same period, the same year.
Like = Mapping[str, IndicatorResult]


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


def _point_on(points: Sequence[PopulationPoint], day: date | None) -> PopulationPoint | None:
    return next((p for p in _valid_points(points) if p.date == day), None)


def _pair_like(
    points: Sequence[PopulationPoint], like: IndicatorResult | None
) -> tuple[PopulationPoint, PopulationPoint] | None:
    """The comparison region's points on the town's start and end dates (None if it lacks one)."""
    if like is None or like.reference_start is None or like.reference_date is None:
        return None
    start, end = _point_on(points, like.reference_start), _point_on(points, like.reference_date)
    return (start, end) if start is not None and end is not None else None


def _span_basis(start: PopulationPoint, end: PopulationPoint) -> str:
    if start.basis == end.basis:
        return end.basis_words if start.count == end.count else end.basis.words()
    return f"{start.basis_words} → {end.basis_words} (Wechsel der Zählungsbasis)"


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
        basis=_span_basis(start, end),
    )


def population_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    pts = _valid_points(region.population)
    series = [p for p in pts if not p.count]  # the Fortschreibung; Zensus counts stand apart
    out: list[IndicatorResult] = []
    if like is not None:
        end = _point_on(pts, like["population"].reference_date)
    else:
        end = series[-1] if series else (pts[-1] if pts else None)
    if end is None:
        out.append(_result("population", None, None, "", notes=("Keine Einwohnerzahl vorhanden.",)))
    else:
        out.append(_result("population", end.total, end.date, end.source, basis=end.basis_words))
    census = next((p for p in pts if p.count and p.basis is Basis.ZENSUS_2022), None)
    if census is None:
        out.append(_result("population_zensus2022", None, None, "", notes=("Kein Zensus-2022-Ergebnis.",)))
    else:
        out.append(
            _result(
                "population_zensus2022", census.total, census.date, census.source, basis=census.basis_words
            )
        )

    def change(key: str, own: tuple[PopulationPoint, PopulationPoint] | None, years: int | None):
        pair = _pair_like(pts, like[key]) if like is not None else own
        out.append(_change_result(key, pair, years))

    change("population_change_5y", population_change(series, 5), 5)
    change("population_change_10y", population_change(series, 10), 10)
    change("population_change_long", (series[0], series[-1]) if len(series) >= 2 else None, None)
    # Same basis: from its first Fortschreibung figure (31.12.2011 for the Zensus 2011 basis, as
    # Kreise and Länder have it too); only if there is just one, from the Zensus count itself.
    same = [p for p in series if p.basis == series[-1].basis] if series else []
    if len(same) == 1:
        same = [p for p in pts if p.count and p.basis == same[0].basis and p.date < same[0].date][:1] + same
    change("population_change_same_basis", (same[0], same[-1]) if len(same) >= 2 else None, None)

    area = region.area_km2 if region.area_km2 is not None and region.area_km2 > 0 else None
    out.append(_result("area", area, region.area_date, region.area_source, basis=NO_BASIS_AREA))
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
            basis=end.basis_words if end else "",
        )
    )
    with_sex = [p for p in pts if p.male and p.female is not None]
    if like is not None:
        point = _point_on(with_sex, like["sex_ratio"].reference_date)
    else:
        point = with_sex[-1] if with_sex else None
    if point is None:
        out.append(_result("sex_ratio", None, None, "", notes=("Keine Angaben nach Geschlecht.",)))
    else:
        assert point.male is not None and point.female is not None
        out.append(
            _result(
                "sex_ratio",
                100.0 * point.female / point.male,
                point.date,
                point.source,
                basis=point.basis_words,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Age structure
# ---------------------------------------------------------------------------------------------

_ESTIMATE_NOTE = "Geschätzt aus Altersgruppen: Innerhalb einer Gruppe wird eine gleichmäßige Verteilung der Lebensalter angenommen."
_OPEN_GROUP_NOTE = "Die Gruppe ab 75 Jahren zählt mit 81,8 Jahren (Zensus 2011, Deutschland)."
AGE_KEYS = (
    "share_under_18",
    "share_65_plus",
    "share_67_plus",
    "share_75_plus",
    "youth_ratio",
    "old_age_ratio",
    "mean_age",
    "median_age",
    "sex_ratio_20_39",
)


def _exact(scheme: AgeScheme, *ranges: tuple[int, int | None]) -> bool:
    return all(ag.age_range_weights(scheme, lo, hi)[1] for lo, hi in ranges)


def _share(s: AgeSexStructure, lo: int, hi: int | None) -> float:
    denominator = s.denominator()
    return (
        100.0 * float(ag.count_in_range(s.total, s.scheme, lo, hi)) / denominator
        if denominator > 0
        else math.nan
    )


def _band_note(s: AgeSexStructure, key: str) -> str | None:
    """Which band an estimate splits, in words (Zensus 2022: 16–18, 19–24, 60–66)."""
    if s.scheme.key != ag.ZENSUS22_11.key:
        return None
    return {
        "share_under_18": "Zensus 2022 zählt 16 bis 18 Jahre als eine Gruppe; davon sind zwei Drittel (16 und 17) gezählt.",
        "share_65_plus": "Zensus 2022 zählt 60 bis 66 Jahre als eine Gruppe; davon sind zwei Siebtel (65 und 66) gezählt. Ohne Schätzung: Anteil ab 67.",
        "youth_ratio": "Zensus 2022: von 19 bis 24 Jahren ist ein Sechstel (19) den unter 20-Jährigen zugeordnet.",
        "old_age_ratio": "Zensus 2022: von 60 bis 66 Jahren sind zwei Siebtel (65 und 66) den ab 65-Jährigen zugeordnet.",
    }.get(key)


def age_value(key: str, s: AgeSexStructure) -> tuple[float | None, bool, tuple[str, ...]] | None:
    """(value, estimated, notes) of one age indicator from one structure; None if the structure
    cannot give it at all (sex ratio without sex × age)."""
    sc, c = s.scheme, s.total
    if key == "sex_ratio_20_39":
        if s.male is None or s.female is None:
            return None
        men = float(ag.count_in_range(s.male, sc, 20, 40))
        women = float(ag.count_in_range(s.female, sc, 20, 40))
        return (100.0 * women / men if men > 0 else None), not _exact(sc, (20, 40)), ()
    ranges = {
        "share_under_18": ((0, 18),),
        "share_65_plus": ((65, None),),
        "share_67_plus": ((67, None),),
        "share_75_plus": ((75, None),),
        "youth_ratio": ((0, 20), (20, 65)),
        "old_age_ratio": ((65, None), (20, 65)),
    }
    if key in ranges:
        exact = _exact(sc, *ranges[key])
        if key == "youth_ratio":
            value = float(ag.youth_ratio(c, sc))
        elif key == "old_age_ratio":
            value = float(ag.old_age_ratio(c, sc))
        else:
            lo, hi = ranges[key][0]
            value = _share(s, lo, hi)
    elif key == "mean_age":
        value, exact = float(ag.mean_age(c, sc)), False
    else:
        value, exact = float(ag.median_age(c, sc)), False
    notes: list[str] = []
    if not exact:
        notes.append(_ESTIMATE_NOTE)
        if key == "mean_age":
            notes.append(_OPEN_GROUP_NOTE)
        band = _band_note(s, key)
        if band:
            notes.append(band)
    return (value if math.isfinite(value) else None), not exact, tuple(notes)


def age_indicators(
    s: AgeSexStructure | None, history: Sequence[AgeSexStructure] = (), like: Like | None = None
) -> list[IndicatorResult]:
    """Shares, ratios, mean/median age and the sex ratio of the 20–39-year-olds.

    Each indicator comes from the most recent structure that gives it (the Zensus 2022 has no
    age × sex, so the sex ratio of the 20–39-year-olds stays at 31.12.2015); the older
    structures that give it are its history. With `like`, only the structure of the town's
    reference date counts (a comparison on the same date)."""
    structures = sorted(
        [x for x in (s, *history) if x is not None], key=lambda x: x.reference_date, reverse=True
    )
    out = []
    for key in AGE_KEYS:
        usable = [(x, v) for x in structures if (v := age_value(key, x)) is not None]
        if like is not None:
            usable = [(x, v) for x, v in usable if x.reference_date == like[key].reference_date]
        if not usable:
            note = (
                "Alter und Geschlecht liegen für diesen Stichtag nicht gekreuzt vor."
                if key == "sex_ratio_20_39" and structures
                else "Keine Altersstruktur vorhanden."
            )
            out.append(_result(key, None, None, "", notes=(note,)))
            continue
        (current, (value, estimated, notes)), older = usable[0], usable[1:]
        if key == "sex_ratio_20_39" and structures and current is not structures[0]:
            notes = (
                *notes,
                f"Der neueste Stand ({_fmt_date(structures[0].reference_date)}) weist Alter und "
                "Geschlecht nicht gekreuzt aus; daher der Stand "
                f"{_fmt_date(current.reference_date)}.",
            )
        past = tuple(
            HistoryValue(x.reference_date, v[0], x.basis_words, x.source, v[1])
            for x, v in older
            if x.reference_date < current.reference_date
        )
        out.append(
            _result(
                key,
                value,
                current.reference_date,
                current.source,
                estimated=estimated,
                notes=notes,
                basis=current.basis_words,
                history=past if like is None else (),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Zensus 2022: households, buildings, origin, education, employment
# ---------------------------------------------------------------------------------------------

_SAMPLE_NOTE = (
    "Der Zensus 2022 ermittelt diesen Wert aus einer Stichprobe und weist ihn erst für Gemeinden "
    "mit genügend großer Stichprobe aus (etwa ab 10.000 Einwohner:innen); Kreis und Land stehen "
    "im Vergleich."
)

# key → (table, numerator codes, denominator codes with sign); shares in %.
CENSUS_SHARES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    "share_one_person_households": ("haushalte", ("HH_SIZE_NAT__1",), (("0_Insgesamt_", 1),)),
    "share_senior_households": ("haushalte", ("HHTYP_SENIOR_HH__1",), (("0_Insgesamt_", 1),)),
    "share_households_with_children": (
        "haushalte",
        ("HHTYP_FAM__3", "HHTYP_FAM__4"),
        (("0_Insgesamt_", 1),),
    ),
    "share_buildings_before_1950": (
        "gebaeude",
        ("BAUJAHR_10JA__01", "BAUJAHR_10JA__02"),
        (("GEBAEUDEART_SYS_1", 1),),
    ),
    "share_buildings_since_2010": (
        "gebaeude",
        ("BAUJAHR_10JA__09", "BAUJAHR_10JA__10"),
        (("GEBAEUDEART_SYS_1", 1),),
    ),
    "share_foreign": ("demografie", ("Staatsange_kurz__2",), (("0_Insgesamt_", 1),)),
    "share_immigration_history": ("demografie", ("Einwanderungserf_ausf__2",), (("0_Insgesamt_", 1),)),
    "share_higher_education_entrance": (
        "schulabschluss",
        ("SCHULABS_STP__24",),
        (("SCHULABS_STP", 1), ("SCHULABS_STP__1", -1)),
    ),
    "share_without_vocational_qualification": (
        "berufsabschluss",
        ("BERUFABS_AUSF_STP__2",),
        (("BERUFABS_AUSF_STP", 1),),
    ),
    "unemployment_rate": ("erwerbsstatus", ("ERWERBSTAT_KURZ_STP__12",), (("ERWERBSTAT_KURZ_STP__1", 1),)),
}
SAMPLE_TABLES = frozenset({"erwerbsstatus", "schulabschluss", "berufsabschluss"})
ZENSUS_2022_BASIS = Basis.ZENSUS_2022.words(count=True)


def census_indicators(census: CensusData | None, like: Like | None = None) -> list[IndicatorResult]:
    out = []
    for key, (table, numerator, denominator) in CENSUS_SHARES.items():
        if census is None or (like is not None and like[key].reference_date != census.reference_date):
            out.append(_result(key, None, None, "", notes=("Keine Zensus-2022-Angaben vorhanden.",)))
            continue
        source = census.sources.get(table, f"Zensus 2022 ({table})")
        parts = [census.get(table, c) for c in numerator]
        base = [(census.get(table, c), sign) for c, sign in denominator]
        value = None
        notes: tuple[str, ...] = ()
        if all(v is not None for v in parts) and all(v is not None for v, _ in base):
            num = float(sum(v for v in parts if v is not None))
            den = float(sum(sign * v for v, sign in base if v is not None))
            value = 100.0 * num / den if den > 0 else None
        elif table in SAMPLE_TABLES:
            notes = (_SAMPLE_NOTE,)
        else:
            notes = ("Der Zensus 2022 hält diesen Wert geheim oder weist ihn nicht aus.",)
        out.append(_result(key, value, census.reference_date, source, notes=notes, basis=ZENSUS_2022_BASIS))
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


def _rate_basis(points: Sequence[PopulationPoint], year: int) -> str:
    end = _point_on(points, date(year, 12, 31))
    return end.basis_words if end is not None else ""


def _latest_year(counts: AnnualCounts | None) -> int | None:
    if counts is None:
        return None
    years = [y for y, v in counts.values.items() if v is not None and math.isfinite(v)]
    return max(years) if years else None


def _rate(value: float | None, denom: float | None) -> float | None:
    if value is None or denom is None or denom <= 0:
        return None
    return 1000.0 * value / denom


def _year_like(like: Like | None, key: str) -> int | None:
    if like is None:
        return None
    day = like[key].reference_date
    return day.year if day is not None else -1


def vital_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    out: list[IndicatorResult] = []
    for key, rate_key, counts in (
        ("births", "birth_rate", region.births),
        ("deaths", "death_rate", region.deaths),
    ):
        year = _latest_year(counts) if like is None else _year_like(like, key)
        if year is None or counts is None or counts.values.get(year) is None:
            out.append(_result(key, None, None, ""))
            out.append(_result(rate_key, None, None, ""))
            continue
        v = counts.values[year]
        denom, note = mean_population(region.population, year)
        period = {"reference_start": date(year, 1, 1)}
        out.append(
            _result(key, v, date(year, 12, 31), f"{counts.source}, {year}", basis=NO_BASIS_EVENTS, **period)
        )
        out.append(
            _result(
                rate_key,
                _rate(v, denom),
                date(year, 12, 31),
                f"{counts.source}, {year}",
                notes=(note,) if note else (),
                basis=_rate_basis(region.population, year),
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
    wanted = _year_like(like, "natural_balance")
    if wanted is not None:
        years = years & {wanted}
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
    out.append(_result("natural_balance", bal, date(year, 12, 31), src, basis=NO_BASIS_EVENTS, **period))
    out.append(
        _result(
            "natural_balance_per_1000",
            _rate(bal, denom),
            date(year, 12, 31),
            src,
            notes=(note,) if note else (),
            basis=_rate_basis(region.population, year),
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


def _structure_for_year(region: RegionData, year: int) -> AgeSexStructure | None:
    """The age structure life-phase rates refer to: the one at the end of the migration year
    if there is one, else the most recent."""
    structures = region.structures()
    same = [s for s in structures if s.reference_date == date(year, 12, 31)]
    return same[0] if same else (structures[0] if structures else None)


def migration_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    m = region.migration
    keys = ["migration_balance", "migration_balance_per_1000", *(k for k, _ in LIFE_PHASES)]
    wanted = _year_like(like, "migration_balance")
    if m is None or (wanted is not None and wanted != m.year):
        return [_result(k, None, None, "") for k in keys]
    start, end = date(m.year, 1, 1), date(m.year, 12, 31)
    inflow, outflow = m.totals()
    bal = inflow - outflow
    denom, note = mean_population(region.population, m.year)
    out = [
        _result("migration_balance", bal, end, m.source, reference_start=start, basis=NO_BASIS_EVENTS),
        _result(
            "migration_balance_per_1000",
            _rate(bal, denom),
            end,
            m.source,
            reference_start=start,
            notes=(note,) if note else (),
            basis=_rate_basis(region.population, m.year),
        ),
    ]
    s = _structure_for_year(region, m.year)
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
                basis=s.basis_words,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# All together
# ---------------------------------------------------------------------------------------------


def compute_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    """All indicators for one region, in display order. Missing inputs give ``value=None``.

    With ``like`` (the results of another region, by key) every indicator is computed on that
    result's reference date, period or year, so a Kreis or Land compares like with like; where
    the region has no figure for it, the value is None."""
    out = population_indicators(region, like)
    out.extend(age_indicators(region.age_structure, region.age_history, like))
    out.extend(census_indicators(region.census, like))
    out.extend(vital_indicators(region, like))
    out.extend(migration_indicators(region, like))
    order = list(DEFINITIONS)
    return sorted(out, key=lambda r: order.index(r.key))


def indicators_by_key(results: Sequence[IndicatorResult]) -> dict[str, IndicatorResult]:
    return {r.key: r for r in results}
