"""The Kommunalprofil against figures computed independently from the official source tables.

Expected values: the data README's spot checks and hand arithmetic on the raw Regionaldatenbank
rows (quoted in the comments), not the code's own output.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command

from leuchtfeuer.places.models import AgeGroupCount, Region
from leuchtfeuer.places.profile import build_profile

pytestmark = pytest.mark.usefixtures("official_data")


def malchin():
    return Region.objects.get(level="gemeinde", ags="13071092")


def test_malchin_population_and_series(db):
    profile = build_profile(malchin())
    assert profile.region.population == 7231  # GV 31.12.2023
    by_date = {p.date.isoformat(): p for p in profile.series}
    # Duckow (13071030, 229 inhabitants on 31.12.2015 in 12411-01-01-5) joined Malchin after 2015;
    # the series follows today's territory: 7,614 (Malchin as published) + 229 = 7,843.
    assert by_date["2015-12-31"].total == 7614 + 229
    assert by_date["2015-12-31"].territory == "harmonised"
    # 1990 is the figure as published (data README: 10,375) and marked as a different territory.
    assert by_date["1990-12-31"].total == 10375
    assert by_date["1990-12-31"].territory == "broken"
    assert profile.kreis.name == "Mecklenburgische Seenplatte"
    assert profile.land.name == "Mecklenburg-Vorpommern"


def test_malchin_age_shares_match_hand_calculation(db):
    profile = build_profile(malchin(), with_peers=False, with_map=False)
    # Raw rows of 12411-02-03-5 (31.12.2015), groups 65–75 and 75+ and the total:
    #   13071092 Malchin: 953, 1250, 7614;  13071030 Duckow (now part of Malchin): 24, 19, 229
    share_65 = 100 * (953 + 1250 + 24 + 19) / (7614 + 229)
    assert profile.indicator("share_65_plus").value == pytest.approx(share_65)
    # Ten-year change 31.12.2013 → 31.12.2023 on today's territory, both on the Zensus 2011 basis.
    start = {p.date.isoformat(): p.total for p in profile.series}["2013-12-31"]
    assert profile.indicator("population_change_10y").value == pytest.approx(100 * (7231 - start) / start)


def test_loitz_under_5000_has_a_profile(db):
    loitz = Region.objects.get(level="gemeinde", ags="13075082")
    profile = build_profile(loitz)
    assert profile.region.population == 4254
    assert profile.region.size_class == "Landgemeinde"
    point = {p.date.isoformat(): p for p in profile.series}["2015-12-31"]
    assert (point.total, point.territory) == (4420, "current")  # data README spot check


def test_schmalkalden_has_peers_with_explanations(db):
    region = Region.objects.get(level="gemeinde", ags="16066063")
    profile = build_profile(region)
    assert len(profile.peers) >= 5
    assert all(p.key != "16066063" for p in profile.peers)
    assert all(p.explanation for p in profile.peers)


def test_profile_command_json_and_pdf(db, tmp_path, capsys):
    call_command("profile", "13071092", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["population"] == 7231
    assert data["name"] == "Malchin, Stadt"
    keys = {i["key"] for i in data["indicators"]}
    assert {"share_65_plus", "old_age_ratio", "migration_balance_per_1000"} <= keys
    out = tmp_path / "malchin.pdf"
    call_command("profile", "13071092", "--format", "pdf", "-o", str(out))
    assert out.read_bytes()[:4] == b"%PDF"


def test_profile_page_shows_figures_tables_and_attribution(client, db, django_assert_max_num_queries):
    build_profile(malchin())  # warm the peer index cache like a running server
    with django_assert_max_num_queries(15):
        response = client.get("/orte/13071092/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "7.231" in html
    assert "<svg" in html and "<table" in html
    assert "Datenlizenz Deutschland" in html
    assert "Zensus 2011" in html


def test_profile_exports(client, db):
    csv_text = client.get("/orte/13071092/kommunalprofil.csv").content.decode()
    assert "7231" in csv_text and "Datenlizenz Deutschland" in csv_text
    xlsx = client.get("/orte/13071092/kommunalprofil.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_search_finds_malchin_with_a_typo(client, db):
    html = client.get("/orte/", {"q": "Malchn"}).content.decode()
    assert "Malchin, Stadt" in html
    response = client.get("/orte/", {"q": "13071092"})
    assert response.status_code == 302 and response["Location"] == "/orte/13071092/"


def test_unknown_key_is_404(client, db):
    assert client.get("/orte/99999999/").status_code == 404


def test_api(client, db):
    assert client.get("/api/v1/regions", {"q": "Malchn"}).json()[0]["key"] == "13071092"
    detail = client.get("/api/v1/regions/13071092").json()
    assert detail["population"] == 7231 and detail["size_class"] == "Kleinstadt"
    indicators = client.get("/api/v1/regions/13071092/indicators").json()
    assert any(i["key"] == "share_65_plus" and i["value"] for i in indicators)
    peers = client.get("/api/v1/regions/16066063/peers").json()
    assert len(peers) >= 5
    population = client.get("/api/v1/regions/13071092/population", {"year": 2015}).json()
    assert population["total"] == 7614 + 229  # today's territory incl. Duckow (see above)
    assert sum(b["total"] for b in population["age_groups"]) == 7614 + 229
    assert client.get("/api/v1/regions/99999999").status_code == 404
    assert "/api/v1/regions/{key}/peers" in client.get("/api/openapi.json").json()["paths"]


def _table_row(html: str, label: str) -> str:
    match = re.search(rf'<tr><th scope="row">{re.escape(label)}</th>(.*?)</tr>', html)
    assert match, label
    return match.group(1)


def test_a_value_the_source_withholds_shows_as_keine_angabe(client, db):
    """A Destatis symbol (".", "x", "/") is imported as NULL; the profile says "keine Angabe" —
    not "–", which in official tables means "nichts vorhanden" (zero), and not 0."""
    region = malchin()
    ages = AgeGroupCount.objects.filter(region=region, scheme="regio17", kind="population", age_from=75)
    assert ages.update(male=None) == 1  # as 12411-02-03-5 would give it for "." in men 75+
    moves = AgeGroupCount.objects.filter(region=region, scheme="wanderung6", kind="moves_in", age_from=65)
    assert moves.update(total=None) == 1  # as 12711-01-03-5 would give it for "." in Zuzüge 65+
    html = client.get("/orte/13071092/").content.decode()
    pyramid = _table_row(html, "75 und mehr")
    assert "keine Angabe" in pyramid and "–" not in pyramid
    migration = _table_row(html, "65 und mehr")
    assert migration.count("keine Angabe") == 2  # Zuzüge and Saldo; Fortzüge stays a number
    # The migration balance needs every band: it is not computed from the others.
    balance = re.search(r'<abbr title="[^"]*">Wanderungssaldo</abbr>(.*?)</tr>', html, re.S)
    assert balance and "keine Angabe" in balance.group(1).split("</td>")[0]
