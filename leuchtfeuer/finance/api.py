"""API of the finance simulator (django-ninja router mounted at /api/v1/).

Same permissions as the pages: any signed-in person (session) may compute scenarios on the
official data; saved scenarios are visible to their owner (and to everyone signed in if shared).
Amounts are strings in euros with two decimals, exact to the cent.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from leuchtfeuer.finance import selectors, services
from leuchtfeuer.finance.catalogue import CRITERIA
from leuchtfeuer.finance.models import Scenario
from leuchtfeuer.finance.simulation import (
    Outcome,
    ScenarioError,
    Spec,
    money,
    parse_decimal,
    parse_weights,
    run,
)
from leuchtfeuer.places.profile import ATTRIBUTION

router = Router(tags=["Finanz-Simulator"])


class FinanceCriterionOut(Schema):
    key: str
    label: str
    unit: str
    definition: str
    official: bool
    upload_column: str


class FinanceGemeindeOut(Schema):
    ags: str
    name: str
    kreis: str
    size_class: str
    population: int
    base: str
    reform: str
    diff: str
    diff_percent: str | None
    base_per_head: str | None
    reform_per_head: str | None
    rank_reform: int
    mover: str


class FinanceWeightOut(Schema):
    key: str
    label: str
    weight: float


class FinanceSimulationOut(Schema):
    land: str
    land_name: str
    pot: str
    total_base: str
    total_reform: str
    gini_base: float
    gini_reform: float
    criteria: list[FinanceWeightOut]
    notes: list[str]
    gemeinden: list[FinanceGemeindeOut]
    attribution: list[str]


class FinanceScenarioOut(Schema):
    id: int
    name: str
    land: str
    pot: str
    weights: dict[str, str]
    demography_years: int | None
    max_loss_percent: str | None
    max_gain_percent: str | None
    shared: bool
    own: bool


def _user(request):
    if not request.user.has_perm("finance.use_simulator"):
        raise HttpError(401, "Bitte melden Sie sich an.")
    return request.user


def _out(outcome: Outcome) -> dict:
    def opt(value):
        return None if value is None else str(value)

    return {
        "land": outcome.spec.land,
        "land_name": outcome.land_name,
        "pot": money(outcome.spec.pot),
        "total_base": money(outcome.total_base),
        "total_reform": money(outcome.total_reform),
        "gini_base": round(outcome.gini_base, 6),
        "gini_reform": round(outcome.gini_reform, 6),
        "criteria": [{"key": k, "label": label, "weight": round(w, 6)} for k, label, w in outcome.criteria],
        "notes": outcome.notes,
        "gemeinden": [
            {
                "ags": r.ags,
                "name": r.name,
                "kreis": r.kreis_name,
                "size_class": r.size_class,
                "population": r.population,
                "base": money(r.base),
                "reform": money(r.reform),
                "diff": money(r.diff),
                "diff_percent": opt(r.diff_percent),
                "base_per_head": opt(r.base_per_head),
                "reform_per_head": opt(r.reform_per_head),
                "rank_reform": r.rank_reform,
                "mover": r.mover,
            }
            for r in outcome.rows
        ],
        "attribution": ATTRIBUTION,
    }


@router.get(
    "/finance/criteria", response=list[FinanceCriterionOut], summary="Kriterien des Finanz-Simulators"
)
def criteria(request):
    return [
        {
            "key": c.key,
            "label": c.label,
            "unit": c.unit,
            "definition": c.definition,
            "official": c.official,
            "upload_column": c.upload_column,
        }
        for c in CRITERIA
    ]


@router.get(
    "/finance/lands/{land}/simulation",
    response=FinanceSimulationOut,
    summary="Status quo und Reform eines Landes (Beträge in Euro, auf den Cent)",
)
def simulation(
    request,
    land: str,
    pot: str = Query(..., description="Topf in Euro, z. B. 100000000"),
    weights: str = Query(..., description="Gewichte der Reform, z. B. population=0.7,area=0.3"),
    demography: int | None = Query(None, description="Demografiefaktor: 5 oder 10 Jahre"),
    max_loss: str | None = Query(None, description="höchster Verlust je Gemeinde in %"),
    max_gain: str | None = Query(None, description="höchster Zuwachs je Gemeinde in %"),
):
    _user(request)
    try:
        if demography is not None and demography not in (5, 10):
            raise ScenarioError("Demografiefaktor: 5 oder 10 Jahre.")
        spec = Spec(
            land=land,
            pot=parse_decimal(pot, "Topf"),
            weights=parse_weights(weights),
            demography_years=demography,
            max_loss_percent=parse_decimal(max_loss, "Höchster Verlust") if max_loss else None,
            max_gain_percent=parse_decimal(max_gain, "Höchster Zuwachs") if max_gain else None,
        )
        return _out(run(spec))
    except ScenarioError as exc:
        raise HttpError(422, str(exc)) from None


def _scenario_out(s: Scenario, user) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "land": s.land_code,
        "pot": money(s.pot),
        "weights": s.weights,
        "demography_years": s.demography_years,
        "max_loss_percent": None if s.max_loss_percent is None else str(s.max_loss_percent),
        "max_gain_percent": None if s.max_gain_percent is None else str(s.max_gain_percent),
        "shared": s.shared,
        "own": s.owner_id == user.pk,
    }


@router.get("/finance/scenarios", response=list[FinanceScenarioOut], summary="Eigene und geteilte Szenarien")
def scenarios(request):
    user = _user(request)
    return [_scenario_out(s, user) for s in selectors.visible_scenarios(user)]


@router.get(
    "/finance/scenarios/{scenario_id}",
    response=FinanceSimulationOut,
    summary="Ergebnis eines gespeicherten Szenarios",
)
def scenario_result(request, scenario_id: int):
    user = _user(request)
    scenario = get_object_or_404(Scenario, pk=scenario_id)
    if not user.has_perm("finance.view_scenario", scenario):
        raise HttpError(404, "Kein solches Szenario.")
    try:
        return _out(run(services.scenario_spec(scenario)))
    except ScenarioError as exc:
        raise HttpError(422, str(exc)) from None
