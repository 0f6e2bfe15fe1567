"""The current projection (base 2023, estimated age structure, own register data) and its cache.

Reference values: the official total of Malchin on 31.12.2023 (7,231, GV-ISys) and the engine
run directly through the generic `official_snapshot` selector, not through the page's path.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.core.cache import cache

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places import services as place_services
from leuchtfeuer.places.models import Region
from leuchtfeuer.projections import current
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.selectors import official_snapshot

pytestmark = pytest.mark.usefixtures("official_data")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def region(ags="13071092") -> Region:
    return Region.objects.select_related("parent").get(level="gemeinde", ags=ags)


def test_projection_starts_at_the_2023_total_with_estimated_age_structure(db):
    proj = current.region_projection(region())
    assert proj.base_year == 2023
    assert proj.years[0] == 2023 and proj.years[-1] == 2045
    assert round(proj.total[0]) == 7231  # GV 31.12.2023
    # the Gemeinde age table is from 31.12.2015: the 2023 structure is estimated
    assert proj.base_table_year == 2015
    assert proj.base_estimated is True
    # the age structure adds up to the total in every year
    assert proj.population.sum(axis=(1, 2)) == pytest.approx(proj.total, rel=1e-6)
    groups = proj.group_values()
    assert groups["kita"][0] + groups["schule"][0] + groups["erwerb"][0] + (
        groups["65plus"][0] - proj.population[0, :, 65:67].sum()
    ) == pytest.approx(proj.total[0], rel=1e-6)


def test_estimated_structure_matches_the_official_totals_by_sex(db):
    from leuchtfeuer.places.models import PopulationCount

    official = PopulationCount.objects.get(region=region(), reference_date=date(2023, 12, 31))
    proj = current.region_projection(region())
    men, women = proj.population[0].sum(axis=1)
    assert (round(men), round(women)) == (official.male, official.female)


def test_intervals_only_where_calibrated_and_widening(db):
    proj = current.region_projection(region())
    assert set(proj.intervals) == {0.80, 0.95}
    lo80, hi80 = proj.intervals[0.80]
    lo95, hi95 = proj.intervals[0.95]
    assert np.isnan(lo80[0])  # the start year is known, no range
    h = np.arange(1, len(proj.years))
    assert np.all(lo95[h] <= lo80[h]) and np.all(lo80[h] < proj.total[h]) and np.all(proj.total[h] < hi80[h])
    assert np.all(hi80[h] <= hi95[h])
    assert np.all(np.diff(hi80[h] - lo80[h]) >= -1e-9)


def test_totals_equal_the_engine_run_directly(db):
    proj = current.region_projection(region())
    snap = official_snapshot(2023)
    land = sorted(a for a in snap.totals_by_region() if len(a) == 8 and a[:2] == "13")
    fc = forecast(snap, ["13071092"], 22, calibration_regions=land)
    assert proj.total == pytest.approx(fc.ensemble[0], rel=1e-9)
    lo, hi = fc.interval(0.80, 22)
    assert proj.intervals[0.80][0][22] == pytest.approx(lo[0])
    assert proj.intervals[0.80][1][22] == pytest.approx(hi[0])


def test_second_call_is_served_from_the_cache(db, monkeypatch):
    first = current.region_projection(region())

    def boom(*args, **kwargs):
        raise AssertionError("the engine must not run again")

    monkeypatch.setattr(current, "forecast", boom)
    again = current.region_projection(region())
    assert again.total == pytest.approx(first.total)
    # the other Gemeinden of the Kreis were computed in the same run
    neighbour = (
        Region.objects.filter(level="gemeinde", kreis_code="13071")
        .exclude(ags="13071092")
        .order_by("ags")
        .first()
    )
    assert current.region_projection(neighbour).key == neighbour.ags


def test_stored_results_survive_an_empty_cache_and_a_new_engine_recomputes(db, monkeypatch):
    from leuchtfeuer.projections.models import ProjectionResult

    first = current.region_projection(region())
    kreis_size = Region.objects.filter(level="gemeinde", kreis_code="13071").count()
    assert ProjectionResult.objects.filter(region_key__startswith="13071").count() == kreis_size
    cache.clear()

    def boom(*args, **kwargs):
        raise AssertionError("the engine must not run again")

    monkeypatch.setattr(current, "forecast", boom)
    assert current.region_projection(region()).total == pytest.approx(first.total)
    # a changed engine (other fingerprint) must not be served from the old rows
    monkeypatch.undo()
    cache.clear()
    monkeypatch.setattr(current, "engine_version", lambda: "other-engine")
    again = current.region_projection(region())
    assert again.total == pytest.approx(first.total)
    assert set(ProjectionResult.objects.values_list("version", flat=True)) == {
        f"other-engine:{current.data_version()}"
    }


def test_no_projection_for_a_kreis(db):
    assert current.region_projection(Region.objects.get(ars="13071")) is None


def _upload(role_user, municipality, rows, day=date(2023, 12, 31)):
    coordinator = role_user(Role.KOORDINATION, municipality)
    content = "Ortsteil;Alter;Geschlecht;Anzahl\n" + "\n".join(rows)
    return place_services.ortsteil_data_upload(
        actor=coordinator, municipality=municipality, filename="melderegister.csv",
        content=content.encode(), reference_date=day,
    )  # fmt: skip


def test_own_register_upload_replaces_the_estimated_structure(db, role_user, malchin):
    # 7,230 people, all aged 30–34, half women: a structure nobody could mistake for the estimate
    rows = [f"{ot};{age};{sex};{n}" for ot, n in (("Malchin", 423), ("Basedow", 300)) for age in range(30, 35)
            for sex in ("m", "w")]  # fmt: skip
    _upload(role_user, malchin, rows)
    proj = current.region_projection(malchin.region)
    assert proj.own_data["used"] is True
    assert proj.base_estimated is False
    assert round(proj.total[0]) == 7231  # scaled to the official total
    assert proj.population[0, :, 30:35].sum() == pytest.approx(7231, rel=1e-6)
    assert proj.group_values()["kita"][0] == pytest.approx(0.0, abs=1e-6)
    assert "Melderegisterdaten" in proj.sources["Basisbevölkerung"]


def test_partial_upload_is_not_used_and_says_why(db, role_user, malchin):
    _upload(role_user, malchin, ["Basedow;30;m;500", "Basedow;31;w;500"])
    proj = current.region_projection(malchin.region)
    assert proj.own_data["used"] is False
    assert "14 %" in proj.own_data["reason"]
    assert proj.base_estimated is True
