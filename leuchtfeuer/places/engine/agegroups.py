"""Age-group schemes and vectorised age-structure maths on grouped counts.

Counts are numpy arrays whose *last* axis is the age group of a scheme: shape ``(G,)`` for one
region or ``(N, G)`` for N regions at once. Missing counts are ``NaN``; any result that needs a
missing count is ``NaN`` as well (nothing is imputed here).

Grouped data only tell how many people fall into each band. Wherever an indicator needs a boundary
that is not a group boundary, or a mean/median, we assume people are spread **uniformly** over the
exact ages of their band (a band "3 bis unter 6" covers exact ages [3, 6)). Results that rest on
that assumption are marked as estimates by the callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

# Mean exact age of the open group "75 Jahre und mehr". Computed from the Zensus 2011 single years
# of age for Germany (table 12111-04-01-4, ages 75 … 100+, each year counted at x + 0.5): 81.77.
# (Mecklenburg-Vorpommern 81.10, Thüringen 81.51.) The 2015 and 2022 values are close to this.
OPEN_GROUP_MEAN_AGE = 81.8


@dataclass(frozen=True)
class AgeScheme:
    """A set of contiguous age bands. ``upper[i]`` is exclusive; the last band may be open (None)."""

    key: str
    name: str
    lower: tuple[int, ...]
    upper: tuple[int | None, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if not (len(self.lower) == len(self.upper) == len(self.labels)):
            raise ValueError("lower, upper and labels must have the same length")
        for i in range(1, len(self.lower)):
            if self.upper[i - 1] != self.lower[i]:
                raise ValueError(f"age bands of {self.key} are not contiguous at {self.lower[i]}")
        if any(u is None for u in self.upper[:-1]):
            raise ValueError("only the last band may be open")

    @property
    def size(self) -> int:
        return len(self.lower)

    @property
    def boundaries(self) -> frozenset[int]:
        return frozenset(self.lower) | frozenset(u for u in self.upper if u is not None)

    def _upper_for_spread(self) -> np.ndarray:
        """Upper bounds with the open band closed so that its uniform mean is OPEN_GROUP_MEAN_AGE."""
        ups = []
        for lo, up in zip(self.lower, self.upper, strict=True):
            ups.append(float(up) if up is not None else 2.0 * OPEN_GROUP_MEAN_AGE - lo)
        return np.array(ups)

    def midpoints(self) -> np.ndarray:
        """Mean exact age per band under the uniform assumption (open band: OPEN_GROUP_MEAN_AGE)."""
        return cast(np.ndarray, (np.array(self.lower, dtype=float) + self._upper_for_spread()) / 2.0)


# Regionaldatenbank table 12411-02-03-5 / -4 (Fortschreibung, 31.12.): 17 groups.
REGIO_17 = AgeScheme(
    key="regio17",
    name="Regionalstatistik, 17 Altersgruppen",
    lower=(0, 3, 6, 10, 15, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 75),
    upper=(3, 6, 10, 15, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 75, None),
    labels=(
        "unter 3",
        "3 bis unter 6",
        "6 bis unter 10",
        "10 bis unter 15",
        "15 bis unter 18",
        "18 bis unter 20",
        "20 bis unter 25",
        "25 bis unter 30",
        "30 bis unter 35",
        "35 bis unter 40",
        "40 bis unter 45",
        "45 bis unter 50",
        "50 bis unter 55",
        "55 bis unter 60",
        "60 bis unter 65",
        "65 bis unter 75",
        "75 und mehr",
    ),
)

# Zensus 2022 Regionaltabelle Demografie, Alter_infr__01…11. The published labels are in completed
# years, inclusive ("3–5" = 3, 4, 5), i.e. exact ages [3, 6).
ZENSUS22_11 = AgeScheme(
    key="zensus22_11",
    name="Zensus 2022, 11 Altersgruppen",
    lower=(0, 3, 6, 10, 16, 19, 25, 40, 60, 67, 75),
    upper=(3, 6, 10, 16, 19, 25, 40, 60, 67, 75, None),
    labels=(
        "unter 3",
        "3 bis 5",
        "6 bis 9",
        "10 bis 15",
        "16 bis 18",
        "19 bis 24",
        "25 bis 39",
        "40 bis 59",
        "60 bis 66",
        "67 bis 74",
        "75 und mehr",
    ),
)

# Kreis table of 31.12.2024 (12411-02-03-4 regrouped, Zensus 2022 basis): 11 groups.
KREIS_11 = AgeScheme(
    key="kreis11",
    name="Kreise 31.12.2024, 11 Altersgruppen",
    lower=(0, 3, 6, 15, 18, 25, 30, 40, 50, 65, 75),
    upper=(3, 6, 15, 18, 25, 30, 40, 50, 65, 75, None),
    labels=(
        "unter 3",
        "3 bis unter 6",
        "6 bis unter 15",
        "15 bis unter 18",
        "18 bis unter 25",
        "25 bis unter 30",
        "30 bis unter 40",
        "40 bis unter 50",
        "50 bis unter 65",
        "65 bis unter 75",
        "75 und mehr",
    ),
)

# Wanderungsstatistik 12711-01-03-5: 6 groups of movers.
MIGRATION_6 = AgeScheme(
    key="wanderung6",
    name="Wanderungsstatistik, 6 Altersgruppen",
    lower=(0, 18, 25, 30, 50, 65),
    upper=(18, 25, 30, 50, 65, None),
    labels=(
        "unter 18",
        "18 bis unter 25",
        "25 bis unter 30",
        "30 bis unter 50",
        "50 bis unter 65",
        "65 und mehr",
    ),
)


def age_range_weights(scheme: AgeScheme, lo: int, hi: int | None) -> tuple[np.ndarray, bool]:
    """Fraction of each band that lies in the exact-age interval [lo, hi) (hi None = open end).

    Returns the weights and whether they are exact (every weight 0 or 1, i.e. lo and hi are band
    boundaries). Splitting the open band is refused: there is no honest way to do it.
    """
    lows = np.array(scheme.lower, dtype=float)
    ups = np.array([np.inf if u is None else u for u in scheme.upper], dtype=float)
    a = float(lo)
    b = np.inf if hi is None else float(hi)
    if b <= a:
        raise ValueError(f"empty age range [{lo}, {hi})")
    overlap = np.clip(np.minimum(ups, b) - np.maximum(lows, a), 0.0, None)
    width = ups - lows
    with np.errstate(invalid="ignore"):
        weights = np.where(np.isinf(width), np.where(overlap > 0, 1.0, 0.0), overlap / width)
    open_idx = scheme.size - 1
    if scheme.upper[-1] is None and weights[open_idx] > 0 and (a > lows[open_idx] or hi is not None):
        raise ValueError(f"age range [{lo}, {hi}) would split the open band of {scheme.key}")
    exact = bool(np.all((weights == 0.0) | (weights == 1.0)))
    return weights, exact


def _as_float(counts: np.ndarray | list[float]) -> np.ndarray:
    return np.asarray(counts, dtype=float)


def total(counts: np.ndarray) -> np.ndarray | float:
    """Sum over the age bands; NaN if any band is missing."""
    return cast("np.ndarray | float", np.sum(_as_float(counts), axis=-1))


def count_in_range(counts: np.ndarray, scheme: AgeScheme, lo: int, hi: int | None) -> np.ndarray | float:
    """People aged [lo, hi); NaN if a band that contributes is missing. Uniform split inside bands."""
    c = _as_float(counts)
    if c.shape[-1] != scheme.size:
        raise ValueError(f"expected {scheme.size} age bands for {scheme.key}, got {c.shape[-1]}")
    w, _ = age_range_weights(scheme, lo, hi)
    # NaN * 0 is NaN: bands outside the range must not poison the sum.
    contributing = np.where(w > 0, c, 0.0)
    return cast("np.ndarray | float", np.sum(contributing * w, axis=-1))


def _ratio(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray | float:
    num_a = np.asarray(num, dtype=float)
    den_a = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den_a > 0, num_a / np.where(den_a > 0, den_a, 1.0), np.nan)
    return out if out.ndim else float(out)


def share_in_range(counts: np.ndarray, scheme: AgeScheme, lo: int, hi: int | None) -> np.ndarray | float:
    """Share (0…1) of people aged [lo, hi) among all people in the bands."""
    return _ratio(count_in_range(counts, scheme, lo, hi), total(counts))


def youth_ratio(counts: np.ndarray, scheme: AgeScheme) -> np.ndarray | float:
    """Jugendquotient: people under 20 per 100 people aged 20 to under 65."""
    return 100.0 * _ratio(count_in_range(counts, scheme, 0, 20), count_in_range(counts, scheme, 20, 65))


def old_age_ratio(counts: np.ndarray, scheme: AgeScheme) -> np.ndarray | float:
    """Altenquotient: people 65 and older per 100 people aged 20 to under 65."""
    return 100.0 * _ratio(count_in_range(counts, scheme, 65, None), count_in_range(counts, scheme, 20, 65))


def mean_age(counts: np.ndarray, scheme: AgeScheme) -> np.ndarray | float:
    """Estimated mean age: band midpoints weighted by counts (open band: OPEN_GROUP_MEAN_AGE)."""
    c = _as_float(counts)
    return _ratio(np.sum(c * scheme.midpoints(), axis=-1), total(c))


def median_age(counts: np.ndarray, scheme: AgeScheme) -> np.ndarray | float:
    """Estimated median age by linear interpolation inside the band that holds the middle person.

    The open band is treated as uniform over [75, 2 * OPEN_GROUP_MEAN_AGE - 75), which matches its
    assumed mean; this only matters where more than half the people are 75 or older.
    """
    c = _as_float(counts)
    scalar = c.ndim == 1
    c2 = np.atleast_2d(c)
    tot = np.sum(c2, axis=-1)
    out = np.full(c2.shape[0], np.nan)
    ok = np.isfinite(tot) & (tot > 0)
    if np.any(ok):
        cc = c2[ok]
        half = tot[ok] / 2.0
        cum = np.cumsum(cc, axis=-1)
        idx = np.argmax(cum >= half[:, None], axis=-1)
        rows = np.arange(cc.shape[0])
        before = np.where(idx > 0, cum[rows, np.maximum(idx - 1, 0)], 0.0)
        in_band = cc[rows, idx]
        lows = np.array(scheme.lower, dtype=float)[idx]
        width = (scheme._upper_for_spread() - np.array(scheme.lower, dtype=float))[idx]
        out[ok] = lows + (half - before) / in_band * width
    return float(out[0]) if scalar else out
