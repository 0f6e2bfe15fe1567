"""API of this part (django-ninja router mounted at /api/v1/; paths here are relative to that)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Query, Router, Schema

from leuchtfeuer.core.api import MAX_ID, RegionKey
from leuchtfeuer.places.selectors import region_by_key
from leuchtfeuer.projections.current import region_projection
from leuchtfeuer.projections.models import Scenario
from leuchtfeuer.projections.presenters import api_payload

router = Router(tags=["Prognose"])


class GroupRangeOut(Schema):
    range80: list[int] | None = None
    range95: list[int] | None = None


class ComponentsOut(Schema):
    """Flows of the year (persons): total = previous total + births − deaths + net_migration."""

    births: int
    deaths: int
    net_migration: int
    ensemble_adjustment: int  # part of net_migration that comes from the trend methods


class ProjectionYearOut(Schema):
    year: int
    total: int
    range80: list[int] | None = None
    range95: list[int] | None = None
    age_groups: dict[str, int | None]
    age_group_ranges: dict[str, GroupRangeOut]
    components: ComponentsOut | None = None  # null in the start year
    baseline_total: int | None = None
    difference: int | None = None


class Zensus2022Out(Schema):
    total: int
    fortschreibung: int


class AgeGroupOut(Schema):
    key: str
    label: str
    age_from: int
    age_to: int | None
    levels_calibrated: list[int]


class ScenarioRefOut(Schema):
    id: int
    name: str
    measures: list[str]


class ProjectionOut(Schema):
    key: str
    ags: str
    name: str
    base_year: int
    base_date: date
    basis: str
    basis_label: str
    age_structure_date: date | None
    zensus2022: Zensus2022Out | None
    method: str
    drivers: str
    growth_reason: str | None
    past_net_migration: int | None
    past_window: list[int] | None
    base_estimated: bool
    base_age_table_year: int | None
    own_register_data: bool
    own_register_data_date: date | None
    age_groups: list[AgeGroupOut]
    levels_calibrated: list[int]
    age_group_ranges: bool
    methods: dict[str, float]
    sources: dict[str, str]
    notes: list[str]
    scenario: ScenarioRefOut | None
    years: list[ProjectionYearOut]


def _visible_scenario(request, region, scenario_id: int) -> Scenario:
    """The scenario if it belongs to the region's municipality and the user may read it.

    Anything else is a 404, so that scenario ids of other towns do not leak.
    """
    municipality = getattr(region, "municipality", None)
    scenario = (
        Scenario.objects.filter(pk=scenario_id, municipality=municipality)
        .prefetch_related("measures")
        .first()
        if municipality is not None
        else None
    )
    if scenario is None or not request.user.has_perm("projections.view_scenario", scenario):
        raise Http404("Kein für Sie sichtbares Szenario mit dieser Nummer für diese Gemeinde.")
    return scenario


@router.get(
    "regions/{key}/projection",
    response=ProjectionOut,
    summary="Bevölkerungsvorausberechnung bis 2045 (optional mit Szenario)",
    description=(
        "Einwohnerzahl je Jahr mit kalibrierten 80-/95-%-Bereichen (nur wo aus Rückrechnungen "
        "kalibriert), Altersgruppen für die Planung mit ihren kalibrierten 80-/95-%-Bereichen "
        "(`age_group_ranges`; null, wo nicht kalibriert, z. B. 80+, und im Startjahr), Kennzeichen für einen geschätzten oder aus "
        "eigenen Melderegisterdaten stammenden Altersaufbau im Startjahr, Quellen. Mit `scenario` "
        "(Nummer eines Szenarios der Kommune; nur für angemeldete Berechtigte) enthält jedes Jahr "
        "zusätzlich den Wert ohne Maßnahmen und den Unterschied. Jedes vorausberechnete Jahr nennt "
        "Geburten, Sterbefälle und Wanderungssaldo (`components`; Einwohnerzahl = Vorjahr + Geburten "
        "− Sterbefälle + Wanderungssaldo, `ensemble_adjustment` = Anteil des Saldos aus den "
        "Trendverfahren), `drivers` sagt in einem Satz, was die Richtung bestimmt; `basis` ist die "
        "Bevölkerungsbasis der Einwohnerzahlen, `age_structure_date` der Stichtag der Altersgruppen."
    ),
)
def region_projection_detail(
    request,
    key: RegionKey,
    scenario: int | None = Query(None, ge=1, le=MAX_ID, description="Nummer eines Szenarios der Kommune"),
):
    region = region_by_key(key)
    if region is None:
        raise Http404(f"Keine Gebietseinheit mit dem Schlüssel {key}.")
    chosen = _visible_scenario(request, region, scenario) if scenario is not None else None
    projection = region_projection(region)
    if projection is None:
        raise Http404(f"Für {key} gibt es keine Vorausberechnung (nur Gemeinden mit amtlichen Altersdaten).")
    return api_payload(projection, chosen)
