"""Typo-tolerant search for regions by name, PLZ or key (pure Python, no Django).

"Malchn" finds Malchin: names are compared by character trigrams (Jaccard similarity) after
folding case, umlauts and punctuation, on top of exact, prefix and substring matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leuchtfeuer.core.engine.german import fold as german_fold


def fold(text: str) -> str:
    """Search key of a place name: folded (core.engine.german.fold), only letters and digits."""
    return re.sub(r"[^a-z0-9]+", " ", german_fold(text)).strip()


def trigrams(text: str) -> frozenset[str]:
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True)
class Entry:
    key: str  # AGS for Gemeinden, ARS otherwise
    name: str  # official name, e.g. "Malchin, Stadt"
    short: str  # "Malchin"
    plz: str
    level: str
    population: int | None

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)


LEVEL_LABELS = {
    "gemeinde": "Gemeinde",
    "kreis": "Kreis",
    "land": "Land",
    "gvb": "Gemeindeverband",
    "rb": "Regierungsbezirk",
}


class SearchIndex:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._folded = [fold(e.short) for e in entries]
        self._folded_full = [fold(e.name) for e in entries]
        self._grams = [trigrams(f) for f in self._folded]

    def search(self, query: str, limit: int = 10) -> list[tuple[Entry, float]]:
        """Best matches first, as (entry, score in 0…1). Larger places win ties."""
        q = query.strip()
        if not q:
            return []
        if q.isdigit():
            hits = [e for e in self.entries if e.key.startswith(q) or e.plz == q]
            hits.sort(key=lambda e: (e.key != q, e.plz != q, len(e.key), -(e.population or 0)))
            return [(e, 1.0) for e in hits[:limit]]
        fq = fold(q)
        if not fq:
            return []
        gq = trigrams(fq)
        scored: list[tuple[float, int, int]] = []
        for i, (name, full, grams) in enumerate(
            zip(self._folded, self._folded_full, self._grams, strict=True)
        ):
            if name == fq:
                score = 1.0
            elif name.startswith(fq):
                score = 0.9
            elif fq in full:
                score = 0.8
            else:
                inter = len(gq & grams)
                if not inter:
                    continue
                score = 0.75 * inter / len(gq | grams)
                if score < 0.2:
                    continue
            scored.append((score, self.entries[i].population or 0, i))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        return [(self.entries[i], score) for score, _, i in scored[:limit]]
