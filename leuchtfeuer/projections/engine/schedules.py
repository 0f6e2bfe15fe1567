"""Single-year age schedules from grouped official tables, and standard fallbacks.

WHY fallbacks: a backtest with base year 2011–2014 must not use the 2015 Kreis tables
(births by mother's age, deaths by age, migration by age). There the engine uses fixed textbook
shapes (a gamma fertility curve, a Gompertz–Makeham mortality curve, a Rogers–Castro migration
curve) whose *level* is then set from the Gemeinde's own observed births, deaths and migration.
Shapes, not levels, are what these fallbacks contribute; the levels always come from data ≤ base.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np

from leuchtfeuer.projections.engine.cohort import AGES, OPEN_AGE

Band = tuple[int, int | None]
AGE = np.arange(AGES, dtype=float)


def band_slices(bands: Sequence[Band]) -> list[slice]:
    """Single-age index ranges of age bands (open band runs to 100+)."""
    return [slice(lo, AGES if hi is None else min(hi, AGES)) for lo, hi in bands]


def old_age_weights(start: int, stop: int, ratio: float = 0.86) -> np.ndarray:
    """Within-band weights for old ages: each year of age holds `ratio` times the one before.

    The open age 100 holds the whole geometric tail. WHY: uniform splitting of "75+" or "90+"
    would put as many people at 99 as at 76.
    """
    n = stop - start
    w = ratio ** np.arange(n, dtype=float)
    if stop == AGES:
        w[-1] = ratio ** (n - 1) / (1.0 - ratio)
    return cast(np.ndarray, w / w.sum())


def default_shape() -> np.ndarray:
    """(A,) relative weights used to split bands when no Kreis single years are available."""
    shape = np.ones(AGES)
    shape[75:] = old_age_weights(75, AGES, 0.88) * 26
    return shape


def expand_bands(counts: np.ndarray, bands: Sequence[Band], shape: np.ndarray) -> np.ndarray:
    """Split band counts (..., B) into single years (..., A) proportionally to `shape` (..., A)."""
    out = np.zeros((*counts.shape[:-1], AGES))
    shape = np.broadcast_to(shape, out.shape)
    for i, sl in enumerate(band_slices(bands)):
        part = shape[..., sl]
        total = part.sum(axis=-1, keepdims=True)
        width = sl.stop - sl.start
        weights = np.where(total > 0, part / np.where(total > 0, total, 1.0), 1.0 / width)
        out[..., sl] = counts[..., i, None] * weights
    return out


def group(single: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    """Sum single years (..., A) into bands (..., B)."""
    return np.stack([single[..., sl].sum(axis=-1) for sl in band_slices(bands)], axis=-1)


def kreis_single_years(bands: Sequence[Band], counts: np.ndarray) -> np.ndarray:
    """Kreis 12411-04-02-4 (0 … 74 single, then 75–80 … 90+) → single years 0 … 100+.

    `counts` (..., B) by band (e.g. (K, 2, B) for K Kreise by sex) → (..., A)."""
    shape = np.ones(AGES)
    for lo, hi in bands:
        if hi is None or hi - lo > 1:
            stop = AGES if hi is None else hi
            shape[lo:stop] = old_age_weights(lo, stop, 0.78 if hi is None else 0.9)
    return expand_bands(np.asarray(counts, dtype=float), bands, shape)


def smooth(values: np.ndarray, width: int = 5) -> np.ndarray:
    """Centred moving average along the last axis (edges repeat the first/last value)."""
    pad = width // 2
    padded = np.concatenate(
        [np.repeat(values[..., :1], pad, axis=-1), values, np.repeat(values[..., -1:], pad, axis=-1)], axis=-1
    )
    c = np.cumsum(padded, axis=-1)
    c = np.concatenate([np.zeros((*c.shape[:-1], 1)), c], axis=-1)
    return cast(np.ndarray, (c[..., width:] - c[..., :-width]) / width)


# -- standard shapes (used only when no official age schedule ≤ base year exists) -------------


def standard_fertility(tfr: float = 1.5, mean_age: float = 30.0, sd: float = 5.5) -> np.ndarray:
    """Gamma-shaped age-specific fertility (A,), ages 15–49, summing to `tfr`."""
    k = (mean_age - 14.5) ** 2 / sd**2
    theta = sd**2 / (mean_age - 14.5)
    x = np.clip(AGE + 0.5 - 14.5, 1e-9, None)
    dens = np.where((AGE >= 15) & (AGE <= 49), x ** (k - 1) * np.exp(-x / theta), 0.0)
    return cast(np.ndarray, dens / dens.sum() * tfr)


def standard_mortality() -> np.ndarray:
    """Gompertz–Makeham central death rates (2, A), roughly German levels around 2010."""
    m = np.empty((2, AGES))
    m[0] = 0.0002 + 0.00002 * np.exp(0.098 * AGE)
    m[1] = 0.0001 + 0.0000075 * np.exp(0.105 * AGE)
    m[:, 0] = [0.0037, 0.0031]
    return np.minimum(m, 0.9)


def standard_migration() -> np.ndarray:
    """Rogers–Castro migration age curve (A,), relative intensities (peak in the early twenties)."""
    child = 0.02 * np.exp(-0.1 * AGE)
    labour = 0.06 * np.exp(-0.11 * (AGE - 20.0) - np.exp(-0.45 * (AGE - 20.0)))
    return 0.003 + child + labour


def band_rates_to_single(
    events: np.ndarray, exposure_single: np.ndarray, bands: Sequence[Band]
) -> np.ndarray:
    """Central rates per single age (…, A) from band events (…, B) and single-year exposure.

    Band rates are interpolated log-linearly between band mid-points (a smooth age curve),
    then each band is rescaled so the expected events reproduce the observed ones exactly.
    """
    exposure_band = group(exposure_single, bands)
    rate_band = np.where(exposure_band > 0, events / np.where(exposure_band > 0, exposure_band, 1.0), 0.0)
    mids = np.array([(lo + (hi if hi is not None else lo + 10)) / 2.0 for lo, hi in bands])
    floor = 1e-7
    log_rate = np.log(np.maximum(rate_band, floor))
    flat_lr = log_rate.reshape(-1, log_rate.shape[-1])
    single = np.exp(np.stack([np.interp(AGE + 0.5, mids, row) for row in flat_lr])).reshape(
        *log_rate.shape[:-1], AGES
    )
    expected = group(single * exposure_single, bands)
    factor = np.where(expected > 0, events / np.where(expected > 0, expected, 1.0), 0.0)
    return cast(np.ndarray, single * _per_age(factor, bands))


def _per_age(factor: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    out = np.zeros((*factor.shape[:-1], AGES))
    for i, sl in enumerate(band_slices(bands)):
        out[..., sl] = factor[..., i, None]
    return out


__all__ = [
    "AGES",
    "OPEN_AGE",
    "band_rates_to_single",
    "band_slices",
    "default_shape",
    "expand_bands",
    "group",
    "kreis_single_years",
    "smooth",
    "standard_fertility",
    "standard_migration",
    "standard_mortality",
]
