"""German reasons for one (seeker, space) pair: failed hard filters first, then what fits.

Built only for the pairs someone looks at (``ScoreResult.reasons``), never in the vectorised path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from leuchtfeuer.core.engine.german import format_number as number_de

from .geo import haversine_km

if TYPE_CHECKING:
    from .scoring import Seeker, Space

FEATURE_LABELS = {
    "bahn": "Bahnanschluss",
    "autobahn": "Autobahnanschluss",
    "breitband": "Breitband",
}


def _m2(value: float) -> str:
    return f"{number_de(value)} m²"


def _eur(value: float) -> str:
    return f"{number_de(value)} €"


def _date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _features(keys: frozenset[str] | set[str]) -> str:
    return ", ".join(FEATURE_LABELS.get(k, k) for k in sorted(keys))


def explain(seeker: Seeker, space: Space, *, kind_labels: Mapping[str, str] | None = None) -> list[str]:
    """German reasons for one pair: failed hard filters first, then what fits."""
    labels = kind_labels or {}
    failed: list[str] = []
    fits: list[str] = []
    kind = labels.get(space.kind, space.kind)
    if seeker.space_kinds and space.kind not in seeker.space_kinds:
        wanted = ", ".join(labels.get(k, k) for k in sorted(seeker.space_kinds))
        failed.append(f"Art passt nicht: {kind} angeboten, gesucht {wanted}")
    elif seeker.space_kinds:
        fits.append(f"Art passt: {kind}")

    area = space.area_m2
    if area is None:
        if seeker.area_min_m2 is not None or seeker.area_max_m2 is not None:
            fits.append("Fläche nicht angegeben")
    elif seeker.area_min_m2 is not None and area < seeker.area_min_m2:
        failed.append(f"Fläche zu klein: mindestens {_m2(seeker.area_min_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_max_m2 is not None and area > seeker.area_max_m2:
        failed.append(f"Fläche zu groß: höchstens {_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_min_m2 is not None and seeker.area_max_m2 is not None:
        fits.append(
            f"passt: {number_de(seeker.area_min_m2)}–{_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei"
        )
    elif seeker.area_min_m2 is not None:
        fits.append(f"passt: {_m2(seeker.area_min_m2)} gesucht, {_m2(area)} frei")
    elif seeker.area_max_m2 is not None:
        fits.append(f"passt: höchstens {_m2(seeker.area_max_m2)} gesucht, {_m2(area)} frei")

    budget, rent = seeker.budget_max_eur_month, space.rent_eur_month
    if budget is not None and rent is not None:
        if rent > budget:
            failed.append(f"Miete zu hoch: {_eur(rent)} im Monat, Ihr Budget höchstens {_eur(budget)}")
        else:
            fits.append(f"Miete {_eur(rent)} im Monat, Ihr Budget höchstens {_eur(budget)}")
    elif budget is not None and rent is None and space.price_eur is None:
        fits.append("Miete nicht angegeben")
    buy, price = seeker.budget_max_eur, space.price_eur
    if buy is not None and price is not None:
        if price > buy:
            failed.append(f"Preis zu hoch: {_eur(price)}, Ihr Budget höchstens {_eur(buy)}")
        else:
            fits.append(f"Preis {_eur(price)}, Ihr Budget höchstens {_eur(buy)}")

    _explain_time(seeker, space, failed, fits)
    _explain_region(seeker, space, failed, fits)

    if seeker.needs_accessible:
        if space.accessible:
            fits.append("barrierefrei")
        else:
            failed.append("nicht barrierefrei, Sie brauchen Barrierefreiheit")
    if seeker.required_features:
        missing = set(seeker.required_features) - set(space.features)
        if missing:
            failed.append(f"fehlt: {_features(missing)}")
        else:
            fits.append(f"vorhanden: {_features(seeker.required_features)}")
    return failed + fits


def _explain_time(seeker: Seeker, space: Space, failed: list[str], fits: list[str]) -> None:
    nf, nu = seeker.needed_from, seeker.needed_until
    af, au = space.available_from, space.available_until
    if nu is not None and af is not None and af > nu:
        failed.append(f"zu spät frei: ab {_date(af)}, gebraucht bis {_date(nu)}")
        return
    if nf is not None and au is not None and au < nf:
        failed.append(f"nicht mehr frei: nur bis {_date(au)}, gebraucht ab {_date(nf)}")
        return
    if nf is None:
        return
    if af is None or af <= nf:
        fits.append(f"frei zum gewünschten Termin ({_date(nf)})")
    else:
        days = (af - nf).days
        fits.append(f"frei ab {_date(af)}, {days} Tage nach Ihrem Wunschtermin")
    if nu is not None and au is not None and au < nu:
        fits.append(f"nur bis {_date(au)} frei, gebraucht bis {_date(nu)}")


def _explain_region(seeker: Seeker, space: Space, failed: list[str], fits: list[str]) -> None:
    d = None
    if seeker.lat is not None and seeker.lon is not None:
        d = float(haversine_km(seeker.lat, seeker.lon, space.lat, space.lon))
    in_kreis = bool(seeker.kreise) and space.kreis_ags in seeker.kreise
    radius = seeker.radius_km if seeker.radius_km and d is not None else None
    in_radius = radius is not None and d is not None and d <= radius
    if (radius is not None or seeker.kreise) and not (in_radius or in_kreis):
        parts = []
        if radius is not None and d is not None and math.isnan(d):
            parts.append("Lage des Angebots nicht angegeben")
        elif radius is not None and d is not None:
            parts.append(f"{number_de(d)} km von Ihrem Wunschort, Umkreis {number_de(radius)} km")
        if seeker.kreise:
            parts.append("nicht in Ihren gewünschten Kreisen")
        failed.append("zu weit: " + "; ".join(parts))
        return
    if d is not None and not math.isnan(d):
        fits.append(f"{number_de(d)} km von Ihrem Wunschort")
    if in_kreis:
        fits.append("im gewünschten Kreis")
