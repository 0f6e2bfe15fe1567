"""Plain arrays from the snapshot's age tables: counts by sex, grouped by band scheme, split
into single years with a Kreis shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.snapshot import AgeTable

# Gemeinde age tables: regio17 (31.12.2015, by sex), Zensus 2011 (09.05.2011, by sex) and
# Zensus 2022 (15.05.2022, 11 groups without sex: split by sex with the Kreis shape)
POPULATION_SCHEMES = ("regio17", "zensus11_11", "zensus22_11")


def sexed_arrays(tables: Sequence[AgeTable]) -> np.ndarray:
    """(n, 2, B) counts by sex of tables with identical bands; a secret cell is derived from
    total − other sex, else the total is split 50/50 (else 0)."""
    # numpy turns None into NaN when converting to float
    tot = np.array([t.total for t in tables], dtype=float)
    m = np.array([t.male for t in tables], dtype=float)
    f = np.array([t.female for t in tables], dtype=float)
    m2 = np.where(np.isnan(m) & ~np.isnan(f) & ~np.isnan(tot), np.maximum(tot - f, 0.0), m)
    f2 = np.where(np.isnan(f) & ~np.isnan(m) & ~np.isnan(tot), np.maximum(tot - m, 0.0), f)
    half = np.where(np.isnan(tot), 0.0, tot) / 2.0
    m2 = np.where(np.isnan(m2), half, m2)
    f2 = np.where(np.isnan(f2), half, f2)
    return np.stack([m2, f2], axis=1)


def group_by_bands(
    tables: dict[int, AgeTable],
) -> list[tuple[np.ndarray, tuple[sch.Band, ...], list[AgeTable]]]:
    """{row index → table} → [(row indices, bands, tables)] with one entry per band scheme."""
    groups: dict[tuple[sch.Band, ...], list[tuple[int, AgeTable]]] = {}
    for i, t in tables.items():
        groups.setdefault(t.bands, []).append((i, t))
    return [
        (np.array([i for i, _ in items]), bands, [t for _, t in items]) for bands, items in groups.items()
    ]


def expand_tables(tables: Sequence[AgeTable], bands: tuple[sch.Band, ...], shape: np.ndarray) -> np.ndarray:
    """(n, 2, A) single years by sex of tables with the same bands, split with `shape` (n, 2, A).

    A table without sex (Zensus 2022 Gemeinde groups) is split into single years with the shape
    of both sexes together, then by sex with the shape's sex ratio at each age."""
    out = sch.expand_bands(sexed_arrays(tables), bands, shape)
    sexless = np.array([all(m is None for m in t.male) and all(f is None for f in t.female) for t in tables])
    if sexless.any():
        rows = np.flatnonzero(sexless)
        both = shape[rows].sum(axis=1)  # (n, A)
        tot = np.array(
            [[np.nan if c is None else c for c in tables[cast(int, i)].total] for i in rows], dtype=float
        )
        single = sch.expand_bands(np.nan_to_num(tot), bands, both)
        share = shape[rows] / np.where(both > 0, both, 1.0)[:, None, :]
        share = np.where(both[:, None, :] > 0, share, 0.5)
        out[rows] = share * single[:, None, :]
    return out
