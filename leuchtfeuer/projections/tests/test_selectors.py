"""DB-level: the selectors hand the engine the same snapshot as the importer rows, cut at the base."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from leuchtfeuer.places.models import AgeGroupCount, PopulationCount, Region, VitalEvents
from leuchtfeuer.projections.engine.snapshot import snapshot_from_rows
from leuchtfeuer.projections.engine.tests.synthetic import GEMEINDEN, world
from leuchtfeuer.projections.selectors import official_snapshot, population_on


@pytest.fixture
def synthetic_world(db):
    pop, vital, ages = world()
    kreis = Region.objects.create(ars="99001", level=Region.Level.KREIS, name="Testkreis", kreis_code="99001")
    ids = {"99001": kreis}
    for ags in GEMEINDEN:
        ids[ags] = Region.objects.create(
            ars=ags[:5] + "0000" + ags[5:], ags=ags, level=Region.Level.GEMEINDE, name=f"Gemeinde {ags}",
            parent=kreis, land_code="99", kreis_code="99001",
        )  # fmt: skip
    PopulationCount.objects.bulk_create(
        PopulationCount(
            region=ids[r.region], reference_date=r.reference_date, source="test", basis=r.basis,
            territory=r.territory, total=r.total, male=r.male, female=r.female,
        )
        for r in pop
    )  # fmt: skip
    VitalEvents.objects.bulk_create(
        VitalEvents(
            region=ids[r.region], year=r.year, births=r.births, deaths=r.deaths, deaths_male=r.deaths_male,
            deaths_female=r.deaths_female, territory=r.territory, source="test",
        )
        for r in vital
    )  # fmt: skip
    AgeGroupCount.objects.bulk_create(
        AgeGroupCount(
            region=ids[r.region], kind=r.kind, reference_date=r.reference_date, scheme=r.scheme,
            age_from=r.age_from, age_to=r.age_to, total=r.total, male=r.male, female=r.female,
            basis="zensus2011", territory=r.territory, source="test",
        )
        for r in ages
    )  # fmt: skip
    return pop, vital, ages


def test_snapshot_from_db_equals_rows_and_is_cut(synthetic_world):
    snap = official_snapshot(2015)
    expected = snapshot_from_rows(2015, *synthetic_world)
    # Other tests may have committed the official subset; compare only the synthetic Land 99.
    ours = [t for t in snap.totals if t.region.startswith("99")]
    assert sorted(ours, key=lambda t: (t.region, t.year)) == sorted(
        expected.totals, key=lambda t: (t.region, t.year)
    )
    assert max(t.year for t in snap.totals) == 2015
    assert population_on(2023)["99001001"][1] == "current"


def test_backtest_command_prints_json(synthetic_world, monkeypatch):
    # the synthetic Gemeinden are in no real GV vintage: give them unchanged areas
    areas = {y: dict.fromkeys(GEMEINDEN, 10.0) for y in (2013, 2017, 2021, 2023)}
    areas[2017]["99001003"] = 12.0  # one Gemeinde changed its territory → excluded
    monkeypatch.setattr(
        "leuchtfeuer.projections.management.commands.backtest.gv_vintage_areas", lambda: areas
    )
    out = io.StringIO()
    call_command(
        "backtest", "--base-year", "2015", "--target-year", "2023", "--lands", "99", "--json", stdout=out
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["n"] == 2
    assert result["excluded"]["Gebiet laut GV geändert (Fläche ±0,5 % oder AGS neu)"] == 1
    assert {"mape", "malpe", "p90_ape", "coverage80", "coverage95"} <= set(result)
    assert set(result["baselines"]) == {"konstant", "linear", "exponentiell", "kreisanteil"}
    assert result["mape"] >= 0
