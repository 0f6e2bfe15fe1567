"""GET /api/v1/regions/{key}/projection: shape, values equal to the projection, scenario access."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from django.core.cache import cache

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Region
from leuchtfeuer.projections import services
from leuchtfeuer.projections.current import region_projection
from leuchtfeuer.projections.tests.conftest import RETURNEES

pytestmark = pytest.mark.usefixtures("official_data")
URL = "/api/v1/regions/13071092/projection"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_projection_shape_and_values(db, client):
    data = client.get(URL).json()
    assert data["key"] == "13071092"
    assert data["base_year"] == 2023
    # the age structure is the Zensus 2022 (15.05.2022), brought forward to the 2023 total
    assert data["base_estimated"] is True and data["base_age_table_year"] == 2022
    assert data["age_structure_date"] == "2022-05-15" and data["base_date"] == "2023-12-31"
    assert data["basis"] == "zensus2011"
    assert data["own_register_data"] is False
    assert data["levels_calibrated"] == [80, 95]
    assert isinstance(data["age_group_ranges"], bool)  # true once any group is calibrated
    assert [g["key"] for g in data["age_groups"]] == ["kita", "schule", "erwerb", "65plus", "80plus"]
    years = data["years"]
    assert [y["year"] for y in years] == list(range(2023, 2046))
    assert years[0]["total"] == 7231 and years[0]["range80"] is None
    proj = region_projection(Region.objects.get(level="gemeinde", ags="13071092"))
    for row in years[1:]:
        h = row["year"] - 2023
        assert row["total"] == round(proj.total[h])
        assert row["range80"] == [round(proj.intervals[0.8][0][h]), round(proj.intervals[0.8][1][h])]
        assert (
            row["range95"][0] <= row["range80"][0] <= row["total"] <= row["range80"][1] <= row["range95"][1]
        )
        assert row["age_groups"]["kita"] == round(proj.population[h, :, 0:6].sum())
        assert set(row["age_group_ranges"]) == {"kita", "schule", "erwerb", "65plus", "80plus"}
        assert row["age_group_ranges"]["80plus"] == {"range80": None, "range95": None}
        for key, ranges in row["age_group_ranges"].items():
            for level, name in ((0.8, "range80"), (0.95, "range95")):
                stored = proj.group_intervals.get(key, {}).get(level)
                if ranges[name] is None:
                    assert stored is None or not np.isfinite(stored[0][h] + stored[1][h])
                else:
                    assert ranges[name] == [round(stored[0][h]), round(stored[1][h])]
    assert years[0]["age_group_ranges"]["kita"] == {"range80": None, "range95": None}
    # components explain every year's change exactly
    assert years[0]["components"] is None
    for before, row in itertools.pairwise(years):
        c = row["components"]
        assert row["total"] == before["total"] + c["births"] - c["deaths"] + c["net_migration"]
    assert data["drivers"].endswith(".")
    assert data["age_group_ranges"] is any(proj.group_intervals.values())
    assert "Basisbevölkerung" in data["sources"]
    assert data["scenario"] is None


def test_unknown_or_non_gemeinde_is_404(db, client):
    assert client.get("/api/v1/regions/99999999/projection").status_code == 404
    assert client.get("/api/v1/regions/13071/projection").status_code == 404


def test_scenario_only_for_permitted_users(client, role_user, malchin, other_municipality):
    from leuchtfeuer.accounts import totp

    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    assert client.get(f"{URL}?scenario={scenario.pk}").status_code == 404  # anonymous
    stranger = role_user(Role.KOORDINATION, other_municipality)
    totp.activate(stranger, totp.generate_totp_secret())
    client.force_login(stranger)
    assert client.get(f"{URL}?scenario={scenario.pk}").status_code == 404
    client.logout()
    totp.activate(coordinator, totp.generate_totp_secret())
    client.force_login(coordinator)
    data = client.get(f"{URL}?scenario={scenario.pk}").json()
    assert data["scenario"]["measures"] == ["20 Rückkehrende im Alter 25–40 pro Jahr ab 2026"]
    by_year = {y["year"]: y for y in data["years"]}
    assert by_year[2025]["difference"] == 0
    assert by_year[2026]["difference"] == 20  # added at the end of 2026
    assert 20 < by_year[2027]["difference"] <= 40
    assert by_year[2045]["total"] == by_year[2045]["baseline_total"] + by_year[2045]["difference"]
    # scenario ids of another town are not found under this region
    assert client.get(f"/api/v1/regions/13075082/projection?scenario={scenario.pk}").status_code == 404


def test_openapi_lists_the_projection_endpoint(db, client):
    schema = client.get("/api/openapi.json").json()
    path = schema["paths"]["/api/v1/regions/{key}/projection"]["get"]
    assert any(p["name"] == "scenario" for p in path["parameters"])
