"""Regional reads of the matching agency: compensation shares and Verbund proposals.

Reads the official Gemeinde data of ``places`` (population, Gemeinde centre, simplified
boundaries) and hands plain dataclasses to the pure engine. Nothing here writes.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from openpyxl import Workbook

from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.matching.engine.compensation import (
    DEFAULT_EXPONENT,
    DEFAULT_RADIUS_KM,
    DEFAULT_SCALE_KM,
    CompensationError,
    CompensationResult,
    Place,
    gravity_shares,
)
from leuchtfeuer.matching.engine.verbund import (
    DEFAULT_MAX_DISTANCE_KM,
    DEFAULT_POST_POPULATION,
    Proposal,
    Town,
    propose_verbuende,
)
from leuchtfeuer.matching.selectors import open_seekers
from leuchtfeuer.places.models import Region, RegionBoundary
from leuchtfeuer.places.profile import ATTRIBUTION
from leuchtfeuer.places.selectors import region_by_key, search_regions

KM_PER_DEGREE_LAT = 111.2


class RegionalError(ValueError):
    """German message for the user: which input is wrong and why."""


def resolve_gemeinde(text: str) -> Region:
    """A Gemeinde by its 8-digit AGS or by name (best search hit); German error otherwise."""
    text = (text or "").strip()
    if not text:
        raise RegionalError("Bitte geben Sie eine Gemeinde an (Name oder 8-stelliger Schlüssel).")
    if text.isdigit():
        if len(text) != 8:
            raise RegionalError(f"Der Gemeindeschlüssel (AGS) hat 8 Ziffern; „{text}“ hat {len(text)}.")
        region = region_by_key(text)
        if region is None:
            raise RegionalError(
                f"Unbekannter Gemeindeschlüssel (AGS) „{text}“: Es gibt keine Gemeinde mit "
                "diesem achtstelligen Schlüssel."
            )
        return region
    for entry, _score in search_regions(text, limit=10):
        if entry.level == Region.Level.GEMEINDE:
            region = region_by_key(entry.key)
            if region is not None:
                return region
    raise RegionalError(f"Keine Gemeinde mit dem Namen „{text}“ gefunden.")


def _place(region: Region) -> Place:
    return Place(
        ags=region.ags,
        name=region.name,
        population=int(region.population or 0),
        lat=float(region.lat),
        lon=float(region.lon),
    )


def gemeinden_near(region: Region, radius_km: float) -> list[Region]:
    """Gemeinden (with population and centre) in the bounding box of a circle around ``region``.

    The box is a cheap database prefilter; the engine measures the exact great-circle distance.
    """
    if region.lat is None or region.lon is None:
        raise RegionalError(f"Für {region.name} sind keine Koordinaten hinterlegt.")
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(region.lat)), 0.01))
    return list(
        Region.objects.filter(
            level=Region.Level.GEMEINDE,
            lat__gte=region.lat - dlat,
            lat__lte=region.lat + dlat,
            lon__gte=region.lon - dlon,
            lon__lte=region.lon + dlon,
            population__gt=0,
        )
        .exclude(pk=region.pk)
        .only("id", "ags", "name", "population", "lat", "lon", "kreis_code")
        .order_by("ags")
    )


def compensation_for(
    *,
    ags: str,
    jobs: int,
    radius_km: float = DEFAULT_RADIUS_KM,
    amount: Decimal | None = None,
    decay: str = "power",
    exponent: float = DEFAULT_EXPONENT,
    scale_km: float = DEFAULT_SCALE_KM,
) -> CompensationResult:
    """Gravity-model shares of the neighbours of the Gemeinde ``ags`` (text: AGS or name)."""
    region = resolve_gemeinde(ags)
    if not (radius_km > 0 and math.isfinite(radius_km)) or radius_km > 200:
        raise RegionalError("Der Pendelradius muss zwischen 0 und 200 km liegen.")
    near = gemeinden_near(region, radius_km)
    try:
        return gravity_shares(
            _place(region),
            [_place(r) for r in near],
            jobs=jobs,
            radius_km=radius_km,
            amount=amount,
            decay=decay,
            exponent=exponent,
            scale_km=scale_km,
        )
    except CompensationError as exc:
        raise RegionalError(str(exc)) from exc


COMPENSATION_COLUMNS = [
    "AGS",
    "Gemeinde",
    "Einwohner:innen",
    "Entfernung (km)",
    "Anteil (%)",
    "erwartete Pendler:innen",
    "Ausgleich (€)",
]


def _compensation_rows(result: CompensationResult) -> list[list]:
    return [
        [
            s.ags,
            s.name,
            s.population,
            round(s.distance_km, 1),
            round(s.share * 100, 4),
            s.commuters,
            s.amount,
        ]
        for s in result.shares
    ]


def _compensation_heading(result: CompensationResult) -> str:
    return (
        f"Ausgleich für {result.jobs} Arbeitsplätze in {result.origin.name} ({result.origin.ags}), "
        f"Pendelradius {result.radius_km:g} km, Abnahme "
        + (
            f"Entfernung hoch -{result.exponent:g}"
            if result.decay == "power"
            else f"exp(-d/{result.scale_km:g} km)"
        )
    )


def compensation_csv(result: CompensationResult) -> bytes:
    """The share table as CSV (semicolon, German decimals, UTF-8 with BOM for spreadsheet programs)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow([_compensation_heading(result)])
    writer.writerow(COMPENSATION_COLUMNS)
    for row in _compensation_rows(result):
        row[3] = number_format(row[3], 1)
        row[4] = number_format(row[4], 4)
        row[6] = "" if row[6] is None else number_format(row[6], 2)
        writer.writerow(row)
    writer.writerow(["Quellen: " + "; ".join(ATTRIBUTION)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def compensation_xlsx(result: CompensationResult) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Anteile"
    xlsx_append(sheet, [_compensation_heading(result)])
    xlsx_append(sheet, COMPENSATION_COLUMNS)
    for row in _compensation_rows(result):
        xlsx_append(sheet, row)
    xlsx_append(sheet, ["Quellen: " + "; ".join(ATTRIBUTION)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- Verbünde


def _vertices(geometry: str) -> set[tuple[float, float]]:
    geom = json.loads(geometry)
    coords = geom.get("coordinates", [])
    rings = coords if geom.get("type") == "Polygon" else [r for p in coords for r in p]
    return {(round(x, 5), round(y, 5)) for ring in rings for x, y in ring}


def contiguity_of(regions: list[Region]) -> dict[str, set[str]]:
    """Which of these Gemeinden share a boundary: at least two common outline vertices.

    The simplified BKG outlines keep the shared border lines of neighbours identical, so two
    common vertices mean a common border segment (one alone could be a corner touch).
    """
    rows = RegionBoundary.objects.filter(region__in=regions).values_list("region__ags", "geometry")
    points = {ags: _vertices(geometry) for ags, geometry in rows}
    owners: dict[tuple[float, float], list[str]] = {}
    for ags, pts in points.items():
        for p in pts:
            owners.setdefault(p, []).append(ags)
    common: dict[tuple[str, str], int] = {}
    for who in owners.values():
        for i, a in enumerate(who):
            for b in who[i + 1 :]:
                key = (a, b) if a < b else (b, a)
                common[key] = common.get(key, 0) + 1
    adjacency: dict[str, set[str]] = {ags: set() for ags in points}
    for (a, b), n in common.items():
        if n >= 2:
            adjacency[a].add(b)
            adjacency[b].add(a)
    return adjacency


def posts_sought(regions: list[Region]) -> dict[str, frozenset[str]]:
    """AGS → the shared posts these Gemeinden seek partners for (open, released Verbund searches)."""
    rows = (
        open_seekers()
        .filter(kind="verbund", municipality__region__in=regions)
        .exclude(post="")
        .values_list("municipality__region__ags", "post")
    )
    found: dict[str, set[str]] = {}
    for ags, post in rows:
        found.setdefault(ags, set()).add(post)
    return {ags: frozenset(posts) for ags, posts in found.items()}


@dataclass
class VerbundResult:
    town: Region
    proposals: list[Proposal]
    post_population_min: int
    post_population_max: int
    max_distance_km: float
    contiguity_used: bool
    nearby: dict[str, str]  # AGS → name of every Gemeinde considered (for the map's context)


def verbund_proposals_for(
    *,
    ags: str,
    topic: str | None = None,
    post_population_min: int = DEFAULT_POST_POPULATION[0],
    post_population_max: int = DEFAULT_POST_POPULATION[1],
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
    use_boundaries: bool = True,
    limit: int = 5,
) -> VerbundResult:
    """Proposals of neighbouring Gemeinden that together fit one shared post."""
    region = resolve_gemeinde(ags)
    if not (0 < max_distance_km <= 100):
        raise RegionalError("Die größte Entfernung muss zwischen 0 und 100 km liegen.")
    if post_population_min <= 0 or post_population_max < post_population_min:
        raise RegionalError(
            "Einwohnerband: Die Untergrenze muss größer als 0 und höchstens so groß wie die Obergrenze sein."
        )
    if (region.population or 0) > post_population_max:
        raise RegionalError(
            f"{region.name} hat allein schon mehr als "
            f"{number_format(post_population_max, force_grouping=True)} Einwohner:innen "
            "(Obergrenze des Bands) und braucht keinen Verbund für eine Stelle."
        )
    near = gemeinden_near(region, max_distance_km)
    contiguity = contiguity_of([region, *near]) if use_boundaries else None
    if contiguity is not None and not contiguity.get(region.ags):
        contiguity = None  # no outline for this town: fall back to distance only
    needs = posts_sought([region, *near])
    town = Town(region.ags, region.name, int(region.population or 0), region.lat, region.lon)
    towns = [
        Town(r.ags, r.name, int(r.population or 0), r.lat, r.lon, needs.get(r.ags, frozenset())) for r in near
    ]
    proposals = propose_verbuende(
        town,
        towns,
        post_population_min=post_population_min,
        post_population_max=post_population_max,
        max_distance_km=max_distance_km,
        contiguity=contiguity,
        topic=topic,
        limit=limit,
    )
    return VerbundResult(
        town=region,
        proposals=proposals,
        post_population_min=post_population_min,
        post_population_max=post_population_max,
        max_distance_km=max_distance_km,
        contiguity_used=contiguity is not None,
        nearby={r.ags: r.name for r in near},
    )


# --------------------------------------------------------------------------- maps

# Sequential classes for shares, light to dark. Every shape has a grey outline (≥ 3:1 against the
# page, WCAG 1.4.11), and every value is also in the data table next to the map (WCAG 1.1.1).
SHARE_CLASSES = [
    (0.0, "#fde0c5", "unter 2 %"),
    (0.02, "#f59e5b", "2 bis unter 5 %"),
    (0.05, "#d9661f", "5 bis unter 10 %"),
    (0.10, "#a34100", "10 bis unter 20 %"),
    (0.20, "#5e2400", "20 % und mehr"),
]
ORIGIN_FILL = "#0b4f6c"
OTHER_FILL = "#f4f6f7"


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates", [])
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def _share_fill(share: float) -> str:
    fill = SHARE_CLASSES[0][1]
    for lower, colour, _label in SHARE_CLASSES:
        if share >= lower:
            fill = colour
    return fill


def share_map_svg(
    origin_ags: str,
    fills: dict[str, tuple[str, str]],
    *,
    title: str,
    desc: str,
    ident: str = "karte",
    width: int = 480,
) -> str:
    """Outlines of the given Gemeinden (AGS → (name, fill colour)) as one inline SVG.

    Same projection as the profile maps (equirectangular, x scaled by cos(lat)); no tiles.
    """
    rows = RegionBoundary.objects.filter(
        region__level=Region.Level.GEMEINDE, region__ags__in=list(fills)
    ).values_list("region__ags", "geometry")
    shapes = [(ags, ring) for ags, geometry in rows for ring in _rings(json.loads(geometry))]
    if not shapes:
        return ""
    lons = [p[0] for _, ring in shapes for p in ring]
    lats = [p[1] for _, ring in shapes for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    pad = 8
    scale = (width - 2 * pad) / max((max_lon - min_lon) * k, 1e-9)
    height = int(max(max_lat - min_lat, 1e-9) * scale + 2 * pad)
    paths: dict[str, list[str]] = {}
    for ags, ring in shapes:
        d = "M" + "L".join(
            f"{pad + (lon - min_lon) * k * scale:.1f},{pad + (max_lat - lat) * scale:.1f}"
            for lon, lat in ring
        )
        paths.setdefault(ags, []).append(d + "Z")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart" '
        f'preserveAspectRatio="xMidYMid meet"><title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    ]
    # origin last so its outline is drawn on top
    for ags in sorted(paths, key=lambda a: a == origin_ags):
        name, fill = fills[ags]
        stroke, sw = ("#1b1b1b", 2.0) if ags == origin_ags else ("#6b7780", 0.6)
        parts.append(
            f'<path d="{"".join(paths[ags])}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{sw}" fill-rule="evenodd"><title>{escape(name)}</title></path>'
        )
    parts.append("</svg>")
    return "".join(parts)


def compensation_map(result: CompensationResult) -> str:
    fills = {s.ags: (s.name, _share_fill(s.share)) for s in result.shares}
    fills[result.origin.ags] = (f"{result.origin.name} (Standort)", ORIGIN_FILL)
    return share_map_svg(
        result.origin.ags,
        fills,
        title=f"Anteile am Ausgleich rund um {result.origin.name}",
        desc=(
            f"Karte: {result.origin.name} dunkelblau als Standort, die {len(result.shares)} "
            "Nachbargemeinden im Pendelradius je nach Anteil heller bis dunkler orange. "
            "Alle Werte stehen in der Tabelle."
        ),
        ident="ausgleich-karte",
    )


def verbund_map(result: VerbundResult, proposal: Proposal, index: int) -> str:
    fills = {ags: (name, OTHER_FILL) for ags, name in result.nearby.items()}
    fills.update({c.ags: (c.name, "#f59e5b") for c in proposal.members[1:]})
    fills[result.town.ags] = (f"{result.town.name} (Ihre Gemeinde)", ORIGIN_FILL)
    return share_map_svg(
        result.town.ags,
        fills,
        title=f"Vorschlag {index}: {', '.join(c.name for c in proposal.members)}",
        desc=(
            f"Karte: {result.town.name} dunkelblau, die weiteren Mitglieder des Vorschlags "
            "orange, die übrigen Gemeinden der Umgebung hellgrau. Die Mitglieder stehen auch "
            "in der Tabelle."
        ),
        ident=f"verbund-karte-{index}",
    )
