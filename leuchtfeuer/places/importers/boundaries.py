"""Simplified boundaries (BKG VG250 via the Zensus 2022 shapefile, reprojected to WGS84)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from leuchtfeuer.places.importers.base import ImportFormatError, read_text


@dataclass(frozen=True)
class BoundaryRow:
    key: str  # ARS (Gemeinde, 12 digits) / Kreis code (5) / Land code (2)
    name: str
    geometry: dict
    feature: int  # 1-based position in the file, for messages


def read_boundaries(path: Path, key_property: str, key_lengths: tuple[int, ...]) -> list[BoundaryRow]:
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            path, exc.lineno, f"Zeichen {exc.colno}", f"Kein gültiges JSON ({exc.msg})."
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFormatError(path, 1, "type", "Erwartet wird eine GeoJSON-FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFormatError(path, 1, "features", "Die Liste der Objekte („features“) fehlt.")
    rows = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            raise ImportFormatError(
                path, number, "properties", f"Objekt Nr. {number} ist kein GeoJSON-Feature."
            )
        properties = feature.get("properties") or {}
        key = str(properties.get(key_property, "")).strip()
        # GeoJSON has no meaningful lines: the "line" is the feature number.
        if not (key.isdigit() and len(key) in key_lengths):
            raise ImportFormatError(
                path, number, key_property, f"„{key}“ ist kein gültiger Schlüssel (Objekt Nr. {number})."
            )
        geometry = feature.get("geometry") or {}
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
            or not geometry.get("coordinates")
        ):
            raise ImportFormatError(
                path, number, "geometry", f"Objekt Nr. {number} hat keine Flächengeometrie."
            )
        try:
            box = bbox(geometry)
        except (TypeError, IndexError, ValueError):
            box = None
        if box is None or not all(isinstance(v, int | float) for v in box):
            raise ImportFormatError(
                path, number, "coordinates", f"Objekt Nr. {number} hat fehlerhafte Koordinaten."
            )
        rows.append(
            BoundaryRow(
                key, str(properties.get("name") or properties.get("name_gv2021") or ""), geometry, number
            )
        )
    if not rows:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Objekte.")
    return rows


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    xs = [p[0] for polygon in polygons for p in polygon[0]]
    ys = [p[1] for polygon in polygons for p in polygon[0]]
    return min(xs), min(ys), max(xs), max(ys)
