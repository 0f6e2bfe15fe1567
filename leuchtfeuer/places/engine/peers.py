"""Peer group ("Kommunen wie wir"): the most similar municipalities by standardised indicators.

Method (documented in docs/indicators.md):

* Features per Gemeinde: log population, log density, share under 18, share 65+, population change,
  migration balance per 1,000, DEGURBA class, east/west.
* Numeric features are standardised robustly: z = (x − median) / (1.4826 · MAD), falling back to
  the standard deviation where the MAD is 0, and clipped to ±4 so that the noisy rates of tiny
  Gemeinden cannot dominate. DEGURBA counts one class step as 1 unit, east/west a mismatch as 1 unit.
* Distance: weighted Euclidean over the features both Gemeinden have. Missing features are skipped
  and the remaining weights are scaled up to the full weight (so distances stay comparable); a pair
  that shares less than half of the total weight is not compared at all (distance = inf).
* Peers: the ``n`` smallest distances, excluding the Gemeinde itself; ties are broken by key.

The z-matrix is built once in :class:`PeerIndex`; one query is a handful of vectorised operations
over all ~11,000 rows (about a millisecond).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from leuchtfeuer.core.engine.german import format_number, format_percent

EAST_LAND_CODES = frozenset({"11", "12", "13", "14", "15", "16"})  # Berlin counts as east
MAD_TO_SD = 1.4826
Z_CLIP = 4.0
MIN_SHARED_WEIGHT = 0.5

DEGURBA_ALSO = {
    1: "ebenfalls dicht besiedelt",
    2: "ebenfalls mit mittlerer Besiedlungsdichte",
    3: "ebenfalls gering besiedelt",
}


@dataclass(frozen=True)
class Feature:
    key: str
    label: str  # German
    kind: str  # "numeric" | "degurba" | "east"
    weight: float


FEATURES: tuple[Feature, ...] = (
    Feature("log_population", "Einwohnerzahl (logarithmiert)", "numeric", 1.5),
    Feature("log_density", "Bevölkerungsdichte (logarithmiert)", "numeric", 1.0),
    Feature("share_under_18", "Anteil unter 18-Jähriger", "numeric", 0.75),
    Feature("share_65_plus", "Anteil ab 65-Jähriger", "numeric", 1.0),
    Feature("population_change", "Bevölkerungsentwicklung", "numeric", 1.0),
    Feature("migration_balance_per_1000", "Wanderungssaldo je 1.000 Einwohner:innen", "numeric", 0.75),
    Feature("degurba", "Grad der Verstädterung", "degurba", 0.5),
    Feature("east", "Ost/West", "east", 1.0),
)
FEATURE_INDEX = {f.key: i for i, f in enumerate(FEATURES)}


@dataclass(frozen=True, eq=False)
class PeerInput:
    """Plain arrays for all candidate Gemeinden (one entry per Gemeinde, same order everywhere).

    Shares and change are in percent (27.5 = 27,5 %). NaN marks a missing value. ``degurba`` is
    1 (dicht), 2 (mittel), 3 (gering) or NaN. ``land_code`` is the two-digit Land key.
    The population change should be taken over one period on one population basis for everybody
    (e.g. 31.12.2013–31.12.2023, both Zensus 2011 basis).
    """

    keys: Sequence[str]
    names: Sequence[str]
    population: np.ndarray
    area_km2: np.ndarray
    share_under_18: np.ndarray
    share_65_plus: np.ndarray
    population_change: np.ndarray
    migration_balance_per_1000: np.ndarray
    degurba: np.ndarray
    land_code: Sequence[str]

    def __post_init__(self) -> None:
        n = len(self.keys)
        if len(set(self.keys)) != n:
            raise ValueError("keys must be unique")
        for name in (
            "population",
            "area_km2",
            "share_under_18",
            "share_65_plus",
            "population_change",
            "migration_balance_per_1000",
            "degurba",
        ):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (n,):
                raise ValueError(f"{name} must have shape ({n},), got {arr.shape}")
            object.__setattr__(self, name, arr)
        if len(self.names) != n or len(self.land_code) != n:
            raise ValueError("names and land_code must have one entry per key")


@dataclass(frozen=True)
class Peer:
    key: str
    name: str
    rank: int  # 1 = most similar
    distance: float
    closest_features: tuple[str, ...]  # feature keys named in the explanation
    reasons: tuple[str, ...]  # German phrases, one per named feature
    explanation: str  # German sentence fragment joining the reasons


def _log_positive(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(x) & (x > 0), np.log(np.where(x > 0, x, 1.0)), np.nan)


def robust_center_scale(x: np.ndarray) -> tuple[float, float]:
    """Median and 1.4826·MAD of the finite values; sd if the MAD is 0; 1 if both are 0/undefined."""
    v = x[np.isfinite(x)]
    if v.size == 0:
        return 0.0, 1.0
    med = float(np.median(v))
    scale = MAD_TO_SD * float(np.median(np.abs(v - med)))
    if not scale > 0:
        scale = float(np.std(v))
    if not scale > 0:
        scale = 1.0
    return med, scale


class PeerIndex:
    """Standardised feature matrix of all Gemeinden; answers peer queries."""

    def __init__(self, data: PeerInput, weights: Mapping[str, float] | None = None) -> None:
        self.data = data
        self.keys = np.asarray(data.keys, dtype=str)
        self._row = {k: i for i, k in enumerate(self.keys.tolist())}
        # Rank of each key in sorted order: integer tie-breaker for lexsort.
        self._key_rank = np.empty(len(self.keys), dtype=np.int64)
        self._key_rank[np.argsort(self.keys, kind="stable")] = np.arange(len(self.keys))

        w = {f.key: f.weight for f in FEATURES}
        if weights:
            unknown = set(weights) - set(w)
            if unknown:
                raise ValueError(f"unknown features: {sorted(unknown)}")
            w.update(weights)
        self.weights = np.array([w[f.key] for f in FEATURES], dtype=float)
        if np.any(self.weights < 0) or not np.any(self.weights > 0):
            raise ValueError("weights must be non-negative and not all zero")

        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.where(data.area_km2 > 0, data.population / data.area_km2, np.nan)
        east = np.array([1.0 if str(c).zfill(2)[:2] in EAST_LAND_CODES else 0.0 for c in data.land_code])
        land_known = np.array([bool(str(c).strip()) for c in data.land_code])
        degurba = np.where(np.isin(data.degurba, (1.0, 2.0, 3.0)), data.degurba, np.nan)
        raw = np.column_stack(
            [
                _log_positive(data.population),
                _log_positive(density),
                data.share_under_18,
                data.share_65_plus,
                data.population_change,
                data.migration_balance_per_1000,
                degurba,
                np.where(land_known, east, np.nan),
            ]
        ).astype(float)
        raw[~np.isfinite(raw)] = np.nan
        self.raw = raw
        self.density = density

        z = np.empty_like(raw)
        self.center = np.zeros(len(FEATURES))
        self.scale = np.ones(len(FEATURES))
        for j, f in enumerate(FEATURES):
            if f.kind == "numeric":
                c, s = robust_center_scale(raw[:, j])
                self.center[j], self.scale[j] = c, s
                with np.errstate(over="ignore"):  # a huge |z| (tiny scale) is clipped anyway
                    z[:, j] = np.clip((raw[:, j] - c) / s, -Z_CLIP, Z_CLIP)
            else:  # categorical: one class step (DEGURBA) or a mismatch (east/west) = 1 unit
                z[:, j] = raw[:, j]
        self.z = z
        self.mask = np.isfinite(z)
        self._z0 = np.where(self.mask, z, 0.0)
        self._maskf = self.mask.astype(float)

    def __len__(self) -> int:
        return len(self.keys)

    def row(self, key: str) -> int:
        try:
            return self._row[key]
        except KeyError:
            raise KeyError(f"unknown key {key!r}") from None

    def distances_from(self, key: str) -> np.ndarray:
        """Distance from ``key`` to every row (inf where too few features are shared)."""
        return self._distances_row(self.row(key))

    def _distances_row(self, i: int) -> np.ndarray:
        w = self.weights
        both = self._maskf * self._maskf[i]  # (n, F) 1 where both have the feature
        diff2 = (self._z0 - self._z0[i]) ** 2 * both
        shared_w = both @ w
        total_w = float(w.sum())
        with np.errstate(divide="ignore", invalid="ignore"):
            d2 = (diff2 @ w) * total_w / shared_w
        d = np.sqrt(d2)
        d[~(shared_w >= MIN_SHARED_WEIGHT * total_w)] = np.inf
        return cast(np.ndarray, d)

    def distance(self, key_a: str, key_b: str) -> float:
        return float(self._distances_row(self.row(key_a))[self.row(key_b)])

    def nearest(self, key: str, n: int = 10) -> list[tuple[int, float]]:
        """Row indices and distances of the ``n`` nearest others (distance, then key ascending)."""
        i = self.row(key)
        d = self._distances_row(i)
        d[i] = np.inf
        finite = np.flatnonzero(np.isfinite(d))
        if finite.size == 0:
            return []
        if finite.size > 4 * n + 64:
            # Keep every row tied with the n-th distance so that the key tie-break is exact.
            kth = np.partition(d[finite], n - 1)[n - 1] if finite.size >= n else np.inf
            finite = finite[d[finite] <= kth]
        order = finite[np.lexsort((self._key_rank[finite], d[finite]))][:n]
        return [(int(j), float(d[j])) for j in order]

    def peers(self, key: str, n: int = 10) -> list[Peer]:
        """The ``n`` most similar Gemeinden with distance and a German explanation."""
        i = self.row(key)
        return [self._peer(i, j, rank, dist) for rank, (j, dist) in enumerate(self.nearest(key, n), start=1)]

    # -- explanations ---------------------------------------------------------------------

    def _peer(self, i: int, j: int, rank: int, dist: float) -> Peer:
        chosen = self.closest_features(i, j)
        reasons = tuple(self._phrase(f, i, j) for f in chosen)
        explanation = (
            ", ".join(reasons) if reasons else "insgesamt die geringste Abweichung über alle Merkmale"
        )
        return Peer(
            key=str(self.keys[j]),
            name=str(self.data.names[j]),
            rank=rank,
            distance=dist,
            closest_features=chosen,
            reasons=reasons,
            explanation=explanation,
        )

    def closest_features(
        self, i: int, j: int, *, max_numeric: int = 2, close: float = 1.0
    ) -> tuple[str, ...]:
        """Feature keys to name: up to two numeric features with the smallest |Δz| (only if
        |Δz| ≤ ``close``, i.e. within about one robust sd), plus one shared category (DEGURBA
        before east/west); a third numeric feature if no category is shared. Canonical order."""
        both = self.mask[i] & self.mask[j]
        dz = np.abs(self.z[i] - self.z[j])
        numeric = [
            k
            for k, f in enumerate(FEATURES)
            if f.kind == "numeric" and both[k] and dz[k] <= close and self.weights[k] > 0
        ]
        numeric.sort(key=lambda k: (dz[k], k))
        picked = numeric[:max_numeric]
        categorical = [
            k
            for k, f in enumerate(FEATURES)
            if f.kind != "numeric" and both[k] and dz[k] == 0 and self.weights[k] > 0
        ]
        if categorical:
            picked.append(categorical[0])
        elif len(numeric) > max_numeric:
            picked.append(numeric[max_numeric])
        return tuple(FEATURES[k].key for k in sorted(picked))

    def _phrase(self, feature_key: str, i: int, j: int) -> str:
        d = self.data
        if feature_key == "log_population":
            return (
                f"ähnlich groß (dort {format_number(d.population[j])}, hier "
                f"{format_number(d.population[i])} Einwohner:innen)"
            )
        if feature_key == "log_density":
            a, b = self.density[j], self.density[i]
            dec = 0 if min(a, b) >= 10 else 1
            return (
                f"ähnlich dicht besiedelt (dort {format_number(a, dec)}, hier "
                f"{format_number(b, dec)} Einwohner:innen je km²)"
            )
        if feature_key == "share_under_18":
            return (
                f"ähnlich viele Kinder und Jugendliche (Anteil unter 18: "
                f"dort {format_percent(d.share_under_18[j])}, hier {format_percent(d.share_under_18[i])})"
            )
        if feature_key == "share_65_plus":
            return (
                f"ähnlich alt (Anteil 65+ dort {format_percent(d.share_65_plus[j])}, hier "
                f"{format_percent(d.share_65_plus[i])})"
            )
        if feature_key == "population_change":
            return (
                f"ähnliche Bevölkerungsentwicklung (dort {format_percent(d.population_change[j], signed=True)}, hier "
                f"{format_percent(d.population_change[i], signed=True)})"
            )
        if feature_key == "migration_balance_per_1000":
            a, b = d.migration_balance_per_1000[j], d.migration_balance_per_1000[i]
            return (
                f"ähnlicher Wanderungssaldo (dort {format_number(a, 1, signed=True)}, hier "
                f"{format_number(b, 1, signed=True)} je 1.000 Einwohner:innen)"
            )
        if feature_key == "degurba":
            return DEGURBA_ALSO[int(self.raw[j, FEATURE_INDEX["degurba"]])]
        if feature_key == "east":
            east = self.raw[j, FEATURE_INDEX["east"]] == 1.0
            return "ebenfalls in Ostdeutschland" if east else "ebenfalls in Westdeutschland"
        raise KeyError(feature_key)


def is_east(land_code: str) -> bool:
    """Länder 11–16 (Berlin, Brandenburg, Mecklenburg-Vorpommern, Sachsen, Sachsen-Anhalt, Thüringen)."""
    return str(land_code).zfill(2)[:2] in EAST_LAND_CODES


__all__ = [
    "EAST_LAND_CODES",
    "FEATURES",
    "Feature",
    "Peer",
    "PeerIndex",
    "PeerInput",
    "is_east",
    "robust_center_scale",
]
