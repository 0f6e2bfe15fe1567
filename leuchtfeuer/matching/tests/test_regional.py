"""Regional part: compensation shares from the Gemeinde data, the command, the pages, the permission."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.urls import reverse

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.matching.engine.geo import EARTH_RADIUS_KM
from leuchtfeuer.matching.regional import (
    RegionalError,
    compensation_for,
    contiguity_of,
    verbund_proposals_for,
)
from leuchtfeuer.places.models import RegionBoundary

KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180
# The test towns lie in the North Sea: no real Gemeinde (other tests load official data) is near.


def at(km: float) -> float:
    return 56.0 + km / KM_PER_DEG


def square(lat: float, lon: float, half: float = 0.05) -> str:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


@pytest.fixture
def towns(region_factory, municipality_factory):
    origin = region_factory(ags="99001001", name="Standort", population=7000, lat=56.0, lon=4.0)
    a = region_factory(ags="99001002", name="Adorf", population=1000, lat=at(10), lon=4.0)
    b = region_factory(ags="99001003", name="Bedorf", population=4000, lat=at(20), lon=4.0)
    far = region_factory(ags="99001004", name="Fernau", population=90000, lat=at(45), lon=4.0)
    for r in (origin, a, b, far):
        RegionBoundary.objects.create(
            region=r,
            geometry=square(r.lat, r.lon),
            min_lon=r.lon - 0.05,
            max_lon=r.lon + 0.05,
            min_lat=r.lat - 0.05,
            max_lat=r.lat + 0.05,
            source="test",
        )
    return {"origin": origin, "a": a, "b": b, "far": far, "town": municipality_factory(region=origin)}


def test_shares_from_the_gemeinde_data(towns):
    # 1000/10² = 4000/20² → half each; Fernau (45 km) is outside the default 30 km
    result = compensation_for(ags="99001001", jobs=500, amount=Decimal("1000"))
    assert [(s.name, pytest.approx(s.share)) for s in result.shares] == [("Adorf", 0.5), ("Bedorf", 0.5)]
    assert [s.amount for s in result.shares] == [Decimal("500.00"), Decimal("500.00")]
    assert sum(s.commuters for s in result.shares) == 500


def test_town_found_by_name_too(towns):
    assert compensation_for(ags="Standort", jobs=10).origin.ags == "99001001"


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("12345678", "Unbekannter Gemeindeschlüssel (AGS) „12345678“"),
        ("1234", "hat 8 Ziffern; „1234“ hat 4"),
    ],
)
def test_unknown_ags_is_refused_in_german(towns, ags, message):
    with pytest.raises(RegionalError, match=re.escape(message)):
        compensation_for(ags=ags, jobs=10)


def test_command_json_shares_sum_to_one(towns, capsys):
    call_command("compensation", "--ags", "99001001", "--jobs", "500", "--radius-km", "50", "--json")
    data = json.loads(capsys.readouterr().out)
    shares = data["shares"]
    assert {s["ags"] for s in shares} == {"99001002", "99001003", "99001004"}
    assert math.fsum(s["share"] for s in shares) == pytest.approx(1.0, abs=1e-12)
    assert all(set(s) >= {"ags", "name", "distance_km", "share"} for s in shares)
    # 1000/100 : 4000/400 : 90000/2025 = 10 : 10 : 44.44…
    far = next(s for s in shares if s["name"] == "Fernau")
    assert far["share"] == pytest.approx((90000 / 45**2) / (10 + 10 + 90000 / 45**2), rel=1e-9)
    assert far["distance_km"] == pytest.approx(45.0, abs=1e-3)


def test_command_errors_in_german(towns):
    with pytest.raises(CommandError, match="Unbekannter Gemeindeschlüssel"):
        call_command("compensation", "--ags", "99009999", "--jobs", "5")
    with pytest.raises(CommandError, match="Keine Nachbargemeinde"):
        call_command("compensation", "--ags", "99001001", "--jobs", "5", "--radius-km", "2")
    with pytest.raises(CommandError, match="kein Betrag"):
        call_command("compensation", "--ags", "99001001", "--jobs", "5", "--amount", "viel")


def test_contiguity_from_shared_outline_vertices(towns, region_factory):
    o, a = towns["origin"], towns["a"]
    # a neighbour whose square shares the origin's eastern edge (two vertices)
    east = region_factory(ags="99001005", name="Ostdorf", population=6000, lat=56.0, lon=4.1)
    RegionBoundary.objects.create(
        region=east,
        geometry=square(56.0, 4.1),
        min_lon=4.05,
        max_lon=4.15,
        min_lat=55.95,
        max_lat=56.05,
        source="t",
    )
    adjacency = contiguity_of([o, a, east])
    assert adjacency["99001001"] == {"99001005"}
    result = verbund_proposals_for(ags="99001001", post_population_min=10_000, post_population_max=20_000)
    assert result.contiguity_used
    assert [[m.name for m in p.members] for p in result.proposals] == [["Standort", "Ostdorf"]]


# ---- permission matrix and pages


def staff(user):
    totp.activate(user, totp.generate_totp_secret())
    return user


@pytest.fixture
def people(towns, user_factory, role_user):
    town = towns["town"]
    return {
        "anonym": AnonymousUser(),
        "konto": user_factory(),
        "koordination": staff(role_user(Role.KOORDINATION, town)),
        "team": staff(role_user(Role.TEAM, town)),
        "beratung": staff(role_user(Role.BERATUNG, town)),
        "partner": role_user(Role.PARTNER, town),
        "agentur": staff(user_factory(is_matching_agent=True)),
        "admin": staff(user_factory(is_superuser=True, is_staff=True)),
    }


EXPECTED = {
    "anonym": False,
    "konto": False,
    "koordination": True,
    "team": True,
    "beratung": False,
    "partner": False,
    "agentur": True,
    "admin": True,
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_role_matrix_use_regional(people, who):
    assert people[who].has_perm("matching.use_regional") is EXPECTED[who]


@pytest.mark.parametrize("name", ["regional-compensation", "regional-verbund"])
def test_pages_refuse_who_may_not(client, people, name):
    url = reverse(f"matching:{name}")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(people["konto"])
    assert client.get(url).status_code == 403


def test_compensation_page_shows_table_map_and_sources(client, people, django_assert_max_num_queries):
    client.force_login(people["koordination"])
    url = reverse("matching:regional-compensation")
    with django_assert_max_num_queries(12):  # independent of the number of neighbours
        page = client.get(
            url, {"gemeinde": "99001001", "jobs": "500", "radius_km": "30", "amount": "1.000,00"}
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Adorf" in html and "Bedorf" in html and "Fernau" not in html
    assert "50,00&nbsp;%" in html
    assert "500,00&nbsp;€" in html
    assert 'role="img"' in html and "<path" in html
    assert "dl-de/by-2-0" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"gemeinde": "99009999", "jobs": "5"}, "Unbekannter Gemeindeschlüssel"),
        ({"gemeinde": "Standort", "jobs": "0"}, "Neue Arbeitsplätze"),
        ({"gemeinde": "Standort", "jobs": "5", "radius_km": "2"}, "Keine Nachbargemeinde"),
    ],
)
def test_compensation_bad_input_in_german(client, people, params, message):
    client.force_login(people["agentur"])
    page = client.get(reverse("matching:regional-compensation"), params)
    assert page.status_code == 422
    assert message in page.content.decode()


def test_verbund_page_lists_proposals(client, people):
    client.force_login(people["agentur"])
    page = client.get(
        reverse("matching:regional-verbund"),
        {"gemeinde": "99001002", "topic": "klimaschutz", "population_min": "5000", "population_max": "9000"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    # Adorf (1000) with Bedorf (4000) and Standort (7000): 5000–9000 → Adorf + Standort (8000) or + Bedorf (5000)
    assert "Vorschlag 1" in html
    assert "8.000 Einwohner:innen" in html or "5.000 Einwohner:innen" in html


def test_verbund_band_upside_down_is_refused(client, people):
    client.force_login(people["agentur"])
    page = client.get(
        reverse("matching:regional-verbund"),
        {"gemeinde": "Adorf", "topic": "klimaschutz", "population_min": "9000", "population_max": "5000"},
    )
    assert page.status_code == 422
    assert "Obergrenze" in page.content.decode()


def test_compensation_table_downloads(client, people):
    client.force_login(people["team"])
    params = {"gemeinde": "99001001", "jobs": "500", "amount": "1.000,00"}
    csv = client.get(reverse("matching:regional-compensation"), {**params, "format": "csv"})
    assert csv.status_code == 200
    assert csv["Content-Disposition"] == 'attachment; filename="ausgleich-99001001-500.csv"'
    text = csv.content.decode("utf-8-sig")
    assert "99001002;Adorf;1000;10,0;50,0000;250;500,00" in text
    assert "dl-de/by-2-0" in text
    xlsx = client.get(reverse("matching:regional-compensation"), {**params, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_neighbours_seeking_the_same_post_come_first(towns, municipality_factory):
    from datetime import timedelta

    from django.utils import timezone

    from leuchtfeuer.matching.models import RegisterStatus, Seeker

    bedorf = municipality_factory(region=towns["b"])
    Seeker.objects.create(
        kind="verbund",
        title="Klimaschutz gemeinsam",
        contact_name="Bürgermeisterin Bedorf",
        municipality=bedorf,
        post="klimaschutz",
        consent_at=timezone.now(),
        status=RegisterStatus.OPEN,
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    # Standort (7000) + Adorf (1000) = 8000 and + Bedorf (4000) = 11000 both fit 8,000–12,000;
    # Bedorf seeks a Klimaschutz post too, so its proposal comes first.
    result = verbund_proposals_for(
        ags="99001001",
        topic="klimaschutz",
        post_population_min=8000,
        post_population_max=12000,
        use_boundaries=False,
    )
    first = result.proposals[0]
    assert [m.name for m in first.members] == ["Standort", "Bedorf"]
    assert "1 von 1 Nachbargemeinden suchen ebenfalls Klimaschutz" in first.reasons


def test_compensation_api(client, people):
    url = "/api/v1/matching/compensation"
    params = {"ags": "99001001", "jobs": 500, "radius_km": 50, "amount": "999.99"}
    assert client.get(url, params).status_code == 401
    client.force_login(people["konto"])
    assert client.get(url, params).status_code == 403
    client.force_login(people["agentur"])
    data = client.get(url, params).json()
    assert [s["name"] for s in data["shares"]] == ["Fernau", "Adorf", "Bedorf"]
    assert math.fsum(s["share"] for s in data["shares"]) == pytest.approx(1.0, abs=1e-12)
    assert sum(Decimal(s["amount"]) for s in data["shares"]) == Decimal("999.99")
    bad = client.get(url, {"ags": "99009999", "jobs": 5})
    assert bad.status_code == 422
    assert "Unbekannter Gemeindeschlüssel" in bad.json()["detail"]
