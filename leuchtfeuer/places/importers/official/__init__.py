"""Assemble the rows of every official source for the loader (no database access here).

Each `build_*` function reads the files of one source from `base` (data/official/), puts old
territories onto today's (see `territory`) and returns plain rows. Region keys: the AGS for a
Gemeinde, the ARS for everything else ('0' Bund, 2 Land, 5 Kreis).

One module per source: ``population`` (GV series), ``regionalstatistik_2015``, ``zensus2022``,
``kreise_2024``, ``boundaries``; ``context`` is what they share, ``rows`` what they return.
"""

from leuchtfeuer.places.importers.official.boundaries import build_boundaries
from leuchtfeuer.places.importers.official.context import Context, build_context, kreis_crosswalk
from leuchtfeuer.places.importers.official.kreise_2024 import build_kreise_2024
from leuchtfeuer.places.importers.official.population import build_population_series, gemeinde_key
from leuchtfeuer.places.importers.official.regionalstatistik_2015 import build_regionalstatistik
from leuchtfeuer.places.importers.official.rows import (
    GV_CURRENT,
    GV_CURRENT_DATE,
    KREISE_2024_FILE,
    KREISE_2024_SOURCE,
    AgeRow,
    BoundaryModelRow,
    CensusRow,
    PopulationRow,
    VitalRow,
    basis_for,
)
from leuchtfeuer.places.importers.official.zensus2022 import build_zensus2022, build_zensus2022_tables

__all__ = [
    "GV_CURRENT",
    "GV_CURRENT_DATE",
    "KREISE_2024_FILE",
    "KREISE_2024_SOURCE",
    "AgeRow",
    "BoundaryModelRow",
    "CensusRow",
    "Context",
    "PopulationRow",
    "VitalRow",
    "basis_for",
    "build_boundaries",
    "build_context",
    "build_kreise_2024",
    "build_population_series",
    "build_regionalstatistik",
    "build_zensus2022",
    "build_zensus2022_tables",
    "gemeinde_key",
    "kreis_crosswalk",
]
