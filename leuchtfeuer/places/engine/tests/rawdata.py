"""A small, independent reader for the raw official files, used only by the tests.

It deliberately shares no code with the importers or the engine: it reads the Regionaldatenbank
exports with the csv module and addresses cells by their header labels, so that the expected
values in the tests come from a separate code path.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

DATA = Path("/work/shared/data")
REGIO_GEMEINDEN = DATA / "regionalstatistik_2015" / "gemeinden"
REGIO_KREISE = DATA / "regionalstatistik_2015" / "kreise"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="official data folder not available")


@lru_cache(maxsize=32)
def _rows(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def wide_row(path: Path, code: str) -> dict[tuple[str, ...], str]:
    """Cells of the data row whose first field is ``code``, keyed by the column's header labels.

    The header of a wide export is the block of lines starting with two empty fields; each column's
    key is the tuple of its (non-empty) labels in those lines, top to bottom.
    """
    rows = _rows(path)
    header = [r for r in rows if len(r) > 2 and r[0] == "" and r[1] == ""]
    for r in rows:
        if r and r[0] == code:
            out = {}
            for col in range(2, len(r)):
                key = tuple(h[col] for h in header if col < len(h) and h[col])
                out[key] = r[col]
            return out
    raise KeyError(code)


def cell(row: dict[tuple[str, ...], str], *labels: str) -> int | None:
    """The one cell whose header labels include all ``labels`` (with multiplicity: "Insgesamt",
    "Insgesamt" means both the sex and the age column say Insgesamt); None for '-', '.', 'x', '/'."""
    want = Counter(labels)
    hits = [v for k, v in row.items() if not want - Counter(k)]
    if len(hits) != 1:
        raise KeyError(f"{labels}: {len(hits)} matches")
    v = hits[0].strip()
    return None if v in {"-", ".", "x", "/", ""} else int(v)


def long_rows(path: Path, code: str, code_field: int = 1) -> list[list[str]]:
    """Data rows of a long-format export whose field ``code_field`` is ``code``."""
    return [r for r in _rows(path) if len(r) > code_field and r[code_field] == code]


def german_float(text: str) -> float:
    return float(text.replace(",", "."))


def all_rows(path: Path) -> list[list[str]]:
    return _rows(path)


def read_dict_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
