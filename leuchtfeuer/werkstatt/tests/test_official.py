"""Kommunalprofil stage and official indicators against the real official data (Malchin)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Municipality, PopulationCount, Region
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import builders


@pytest.fixture
def malchin_process(official_data, db, role_user):
    region = Region.objects.get(ags="13071092")
    town = Municipality.objects.create(region=region, slug="malchin-test", display_name="Malchin")
    coordinator = role_user(Role.KOORDINATION, town)
    process = process_services.process_start(actor=coordinator, municipality=town)
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    return process, coordinator


def _latest_population(region) -> PopulationCount:
    return PopulationCount.objects.filter(region=region).order_by("-reference_date").first()


def test_snapshot_freezes_profile_with_data_version(malchin_process):
    process, coordinator = malchin_process
    snapshot = kommunalprofil_services.profile_snapshot_take(
        actor=coordinator, process=process, with_projection=False
    )
    assert snapshot.region_key == "13071092"
    version = json.loads(snapshot.data_version)
    from leuchtfeuer.places.models import OfficialImport

    assert version["imports"] == {o.source: o.fingerprint[:12] for o in OfficialImport.objects.all()}
    assert version["profile"]
    by_key = {i["key"]: i for i in snapshot.profile["indicators"]}
    # The figure straight from the official table, not from the profile engine.
    row = _latest_population(process.municipality.region)
    assert by_key["population"]["value"] == row.total
    assert by_key["population"]["reference_date"] == row.reference_date.isoformat()
    assert snapshot.projection is None


def test_official_indicator_takes_baseline_from_snapshot_and_updates_itself(malchin_process):
    process, coordinator = malchin_process
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    indicator = indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind="amtlich",
        official_key="population",
        target_value=7300,
        target_year=2030,
    )
    row = _latest_population(process.municipality.region)
    assert indicator.baseline_value == Decimal(row.total)
    assert indicator.baseline_date == row.reference_date
    assert indicator.label == "Bevölkerung" and indicator.unit == "Personen"
    # The snapshot keeps the old figure; the live value follows the data.
    snap = process.profile_snapshots.get()
    for item in snap.profile["indicators"]:
        if item["key"] == "population":
            item["value"] = 7000
    snap.save()
    (progress,) = plan_selectors.indicator_progress(process, [indicator])
    assert progress.current == Decimal(row.total)
    other = indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind="amtlich",
        official_key="population",
        target_value=7300,
        target_year=2030,
    )
    assert other.baseline_value == Decimal("7000")
    with pytest.raises(Exception, match="keine Kennzahl des Kommunalprofils"):
        indicator_services.indicator_create(
            actor=coordinator, process=process, kind="amtlich", official_key="erfunden"
        )


def test_snapshot_with_projection(malchin_process):
    """The snapshot stores what `leuchtfeuer project <AGS> --json` says; if the projection cannot
    be computed, the profile is still frozen (projection None) instead of failing the stage."""
    import io

    from django.core.management import call_command

    process, coordinator = malchin_process
    out = io.StringIO()
    try:
        call_command("project", "13071092", "--json", stdout=out)
        expected = json.loads([line for line in out.getvalue().splitlines() if line.startswith("{")][-1])
    except Exception:  # the projection part decides; the snapshot must cope
        expected = None
    snapshot = kommunalprofil_services.profile_snapshot_take(
        actor=coordinator, process=process, with_projection=True
    )
    assert snapshot.projection == expected
    assert snapshot.profile["indicators"]
    if expected is not None:
        assert snapshot.projection["ags"] == "13071092"
        # the current projection (start 31.12.2023, Zensus 2022 age structure) with components
        assert snapshot.projection["years"][0]["year"] == snapshot.projection["base_year"] == 2023
        assert snapshot.projection["base_date"] == "2023-12-31"
        assert snapshot.projection["years"][1]["components"]["births"] > 0


def test_profile_comparison_start_and_today(malchin_process):
    process, coordinator = malchin_process
    kommunalprofil_services.profile_snapshot_take(actor=coordinator, process=process, with_projection=False)
    snap = process.profile_snapshots.get()
    for item in snap.profile["indicators"]:
        if item["key"] == "population":
            item["value"], item["reference_date"] = 7000, "2020-12-31"  # pretend the start was older
    snap.save()
    rows = {
        r["key"]: r
        for r in kommunalprofil_selectors.profile_comparison(process, keys=["population", "births"])
    }
    assert set(rows) == {"population", "births"}
    row = _latest_population(process.municipality.region)
    assert rows["population"]["current"] == row.total
    assert rows["population"]["change"] == row.total - 7000
    assert rows["births"]["change"] is None  # same reference date: no newer figure yet


def test_frozen_projection_of_old_and_new_snapshots_reads_the_same():
    """Snapshots taken before the current projection hold German keys; both are shown alike."""
    from leuchtfeuer.werkstatt.kommunalprofil.views import _frozen_projection

    new = {"base_year": 2023, "method": "Ensemble", "drivers": "Mehr Sterbefälle als Geburten.",
           "years": [{"year": 2023 + h, "total": 100 - h, "range80": [90, 110] if h else None} for h in range(23)]}  # fmt: skip
    old = {"basisjahr": 2015, "methode": "Ensemble", "hinweis": "Hinweis.",
           "jahre": [{"jahr": 2015 + h, "insgesamt": 100 - h, "bereich80": [90, 110]} for h in range(31)]}  # fmt: skip
    a, b = _frozen_projection(new), _frozen_projection(old)
    assert [r["year"] for r in a["projection_years"]] == [2023, 2028, 2033, 2038, 2043]
    assert a["projection_base_year"] == 2023 and "Mehr Sterbefälle" in a["projection_note"]
    assert b["projection_years"][1] == {"year": 2020, "total": 95, "range80": [90, 110]}
    assert b["projection_base_year"] == 2015 and b["projection_note"] == "Ensemble. Hinweis."
    assert _frozen_projection(None) == {"projection_years": []}
