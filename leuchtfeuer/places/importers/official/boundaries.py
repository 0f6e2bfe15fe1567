"""Source: the boundaries (BKG/Zensus 2022) of Gemeinden, Kreise and Länder."""

from __future__ import annotations

import json
from collections import defaultdict

from leuchtfeuer.places.importers.boundaries import bbox, read_boundaries
from leuchtfeuer.places.importers.official.context import Context
from leuchtfeuer.places.importers.official.rows import (
    BoundaryModelRow,
)


def build_boundaries(ctx: Context) -> list[BoundaryModelRow]:
    source = "BKG VG250 / Zensus 2022 (vereinfacht)"
    rows: list[BoundaryModelRow] = []
    parts: dict[str, list[dict]] = defaultdict(list)
    for row in read_boundaries(ctx.base / "boundaries/gemeinden_2022_simplified.geojson.gz", "ars", (12,)):
        target = ctx.crosswalk.follow(row.key[:5] + row.key[9:])
        if target:
            parts[target].append(row.geometry)
    for ags, geometries in parts.items():
        if len(geometries) == 1:
            geometry = geometries[0]
        else:
            polygons = []
            for geo in geometries:
                polygons += geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
            geometry = {"type": "MultiPolygon", "coordinates": polygons}
        rows.append(_boundary(ags, geometry, len(geometries) > 1, source))
    for name, prop, lengths, known in (
        ("kreise_2022_dissolved.geojson.gz", "kreis_code", (5,), ctx.kreise),
        ("laender_2022_dissolved.geojson.gz", "land_code", (2,), ctx.laender),
    ):
        for row in read_boundaries(ctx.base / "boundaries" / name, prop, lengths):
            if row.key in known:
                rows.append(_boundary(row.key, row.geometry, False, source))
    return rows


def _boundary(region: str, geometry: dict, composed: bool, source: str) -> BoundaryModelRow:
    x0, y0, x1, y1 = bbox(geometry)
    return BoundaryModelRow(
        region, json.dumps(geometry, separators=(",", ":")), x0, y0, x1, y1, composed, source
    )
