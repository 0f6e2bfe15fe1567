"""The demo: Malchin mid-process, built through the services, idempotent, figures from the data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.home.demo import DEMO_DOMAIN
from leuchtfeuer.places.models import Municipality, PopulationCount, Region
from leuchtfeuer.werkstatt import demo, selectors
from leuchtfeuer.werkstatt.models import Indicator, Process, Stage
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors


@pytest.fixture
def demo_world(official_data, db, role_user, user_factory):
    malchin = Municipality.objects.create(
        region=Region.objects.get(ags="13071092"), slug="malchin", display_name="Malchin"
    )
    users = {}
    for local, role in (
        ("koordination.malchin", Role.KOORDINATION),
        ("team.malchin", Role.TEAM),
        ("beratung", Role.BERATUNG),
        ("mentoring", Role.MENTORING),
    ):
        user = role_user(role, malchin, email=f"{local}@{DEMO_DOMAIN}")
        users[user.email] = user
    return {"malchin": malchin}, users


def test_demo_malchin_is_mid_process_and_idempotent(demo_world):
    municipalities, users = demo_world
    demo.load(municipalities, users)
    demo.load(municipalities, users)
    process = Process.objects.get(municipality=municipalities["malchin"])
    assert process.current_stage == "zwischenbilanz"
    statuses = dict(process.stages.values_list("kind", "status"))
    assert statuses == {
        "kickoff": Stage.Status.CLOSED,
        "kommunalprofil": Stage.Status.CLOSED,
        "zukunftswerkstatt": Stage.Status.CLOSED,
        "werkstattplan": Stage.Status.CLOSED,
        "zwischenbilanz": Stage.Status.OPEN,
    }
    assert process.plan_versions.count() == 1
    assert not plan_selectors.plan_has_unadopted_changes(process)
    assert process.measures.count() == 4
    assert set(selectors.plan_handlungsfelder(municipalities["malchin"])) == {
        "rueckkehr",
        "wohnen",
        "willkommen",
        "arbeit",
        "generationen",
    }
    assert "demografie" in selectors.resilience_weak_spots(municipalities["malchin"])


def test_demo_official_baselines_come_from_the_data(demo_world):
    municipalities, users = demo_world
    demo.load(municipalities, users)
    region = municipalities["malchin"].region
    population = Indicator.objects.get(official_key="population")
    row = PopulationCount.objects.filter(region=region).order_by("-reference_date").first()
    assert population.baseline_value == Decimal(row.total)
    assert population.target_value == population.baseline_value
    # Every custom figure entered in the demo says that it is fictional.
    for indicator in Indicator.objects.filter(kind=Indicator.Kind.CUSTOM):
        for reading in indicator.readings.all():
            assert "fiktiv" in reading.source
