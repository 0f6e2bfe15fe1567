"""Reads shared by the public pages, the API and the commands."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Max

from leuchtfeuer.places.models import Region
from leuchtfeuer.places.search import Entry, SearchIndex

_INDEX: dict[str, SearchIndex] = {}


def region_by_key(key: str) -> Region | None:
    """A Gemeinde by AGS (8 digits) or any region by ARS; None for malformed or unknown keys."""
    key = (key or "").strip()
    if not key.isdigit() or len(key) > 12:
        return None
    qs = Region.objects.select_related("parent")
    if len(key) == 8:
        return qs.filter(level=Region.Level.GEMEINDE, ags=key).first()
    return qs.filter(ars=key).first()


def search_index() -> SearchIndex:
    """All Gemeinden, Kreise and Länder, built once per process and data version."""
    version = cache.get("leuchtfeuer:regions-version")
    if version is None:
        version = str(Region.objects.aggregate(m=Max("id"))["m"])
        cache.set("leuchtfeuer:regions-version", version, 300)
    index = _INDEX.get(version)
    if index is None:
        rows = Region.objects.filter(
            level__in=[Region.Level.GEMEINDE, Region.Level.KREIS, Region.Level.LAND]
        ).values_list("ags", "ars", "name", "plz", "level", "population")
        entries = [
            Entry(
                key=ags or ars,
                name=name,
                short=name.split(",")[0].strip(),
                plz=plz,
                level=level,
                population=pop,
            )
            for ags, ars, name, plz, level, pop in rows
        ]
        _INDEX.clear()
        index = _INDEX[version] = SearchIndex(entries)
    return index


def search_regions(query: str, limit: int = 10) -> list[tuple[Entry, float]]:
    return search_index().search(query, limit=limit)
