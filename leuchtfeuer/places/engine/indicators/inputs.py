"""What an indicator is computed from: plain figures of one region, with their population basis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import numpy as np

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.agegroups import MIGRATION_6, AgeScheme

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
