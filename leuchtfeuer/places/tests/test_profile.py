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
    assert by_date["2015-12-31"].comparable
    assert by_date["2015-12-31"].territory == "auf heutiges Gebiet umgerechnet"
    # 1990 is the figure as published (data README: 10,375) and marked as a different territory.
    assert by_date["1990-12-31"].total == 10375
    assert not by_date["1990-12-31"].comparable
    assert by_date["1990-12-31"].territory == "anderes Gebiet (nicht vergleichbar)"
    assert profile.kreis.name == "Mecklenburgische Seenplatte"
    assert profile.land.name == "Mecklenburg-Vorpommern"


def test_malchin_age_shares_match_hand_calculation(db):
    profile = build_profile(malchin(), with_peers=False, with_map=False)
    # The 2015 value stays as history. Raw rows of 12411-02-03-5 (31.12.2015), groups 65–75 and
    # 75+ and the total: 13071092 Malchin: 953, 1250, 7614; 13071030 Duckow (now part of
    # Malchin): 24, 19, 229
    share_65 = 100 * (953 + 1250 + 24 + 19) / (7614 + 229)
    (past,) = profile.indicator("share_65_plus").history
    assert (past.reference_date.isoformat(), past.value) == ("2015-12-31", pytest.approx(share_65))
    assert not past.estimated
    # Ten-year change 31.12.2013 → 31.12.2023 on today's territory, both on the Zensus 2011 basis.
    start = {p.date.isoformat(): p.total for p in profile.series}["2013-12-31"]
    assert profile.indicator("population_change_10y").value == pytest.approx(100 * (7231 - start) / start)


def test_loitz_under_5000_has_a_profile(db):
    loitz = Region.objects.get(level="gemeinde", ags="13075082")
    profile = build_profile(loitz)
    assert profile.region.population == 4254
    assert profile.region.size_class == "Landgemeinde"
    point = {p.date.isoformat(): p for p in profile.series}["2015-12-31"]
    assert (point.total, point.territory) == (4420, "heutiges Gebiet")  # data README spot check


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
    # every indicator says its population basis in words; older values come along as history
    by_key = {i["key"]: i for i in indicators}
    assert by_key["population"]["basis"] == "Fortschreibung auf Basis des Zensus 2011"
    assert all(i["basis"] for i in indicators if i["value"] is not None)
    assert any(i["history"] and i["history"][0]["reference_date"] for i in indicators)
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


def test_malchin_age_structure_is_the_zensus_2022_with_its_date_and_basis(db, capsys):
    """Issue 14, done when: `leuchtfeuer profile 13071092 --format json` shows the 75+ share of
    the Zensus 2022 (15.05.2022) and the population basis of every indicator."""
    call_command("profile", "13071092", "--format", "json")
    data = {i["key"]: i for i in json.loads(capsys.readouterr().out)["indicators"]}
    # Regionaltabelle Demografie, Malchin: 1,211 people aged 75+ of 6,864 (data README).
    share = data["share_75_plus"]
    assert share["value"] == pytest.approx(100 * 1211 / 6864)
    assert (share["reference_date"], share["basis"], share["estimated"]) == (
        "2022-05-15",
        "Zensus 2022",
        False,
    )
    # 12411-02-03-5, 31.12.2015: Malchin 1,250 + Duckow 19 of 7,614 + 229 — kept as history.
    assert share["history"][0]["value"] == pytest.approx(100 * (1250 + 19) / (7614 + 229))
    assert all(i["basis"] for i in data.values()), [k for k, i in data.items() if not i["basis"]]
    # 65+ splits the Zensus group 60–66: an estimate that says so; 67+ is exact.
    assert data["share_65_plus"]["estimated"] and any(
        "60 bis 66" in n for n in data["share_65_plus"]["notes"]
    )
    assert data["share_67_plus"]["value"] == pytest.approx(100 * (866 + 1211) / 6864)
    assert not data["share_67_plus"]["estimated"]
    # The Kreis compares on the same date: its own Zensus 2022 row (32,106 aged 75+ of 247,514).
    assert data["share_75_plus"]["comparison"]["kreis"] == pytest.approx(100 * 32106 / 247514)


def test_malchin_households_and_buildings_from_the_zensus_2022(db):
    profile = build_profile(malchin(), with_peers=False, with_map=False)
    # Regionaltabelle Haushalte, Malchin: 3,881 households, 1,928 of one person, 1,389 with
    # only people aged 65+, 528 couples with and 337 single parents with children.
    assert profile.indicator("share_one_person_households").value == pytest.approx(100 * 1928 / 3881)
    assert profile.indicator("share_senior_households").value == pytest.approx(100 * 1389 / 3881)
    assert profile.indicator("share_households_with_children").value == pytest.approx(
        100 * (528 + 337) / 3881
    )
    # Regionaltabelle Gebäude und Wohnungen: 1,866 buildings, 368 before 1919, 290 1919–1949.
    assert profile.indicator("share_buildings_before_1950").value == pytest.approx(100 * (368 + 290) / 1866)
    # Sample tables have no figure for a town of 7,000; the Kreis has one (7,430 of 118,650).
    unemployment = profile.indicator("unemployment_rate")
    assert unemployment.value is None and "Stichprobe" in unemployment.notes[0]
    assert profile.comparison["unemployment_rate"]["kreis"] == pytest.approx(100 * 7430 / 118650)


def test_profile_page_says_basis_and_territory_in_words_and_lists_sources_below(client, db):
    html = client.get("/orte/13071092/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # what a reader sees (attributes dropped)
    assert not re.search(r"\b(zensus2011|zensus2022|register|harmonised|broken|current)\b", text)
    assert (
        "Fortschreibung auf Basis des Zensus 2011" in text and "anderes Gebiet (nicht vergleichbar)" in text
    )
    table = html.split('<table class="indicators">')[1].split("</table>")[0]
    assert '<th scope="col">Quelle' not in table  # no source column: numbered notes below instead
    assert 'id="quelle-1"' in html and "Zensus 2022, Regionaltabelle Haushalte" in html
    # the jump 2008 → 2009 (Malchin without, then with Remplin) is explained under the chart
    assert "31.12.2008 → 31.12.2009" in text and "Das Gebiet hat sich geändert" in text


def test_peers_compare_the_zensus_2022_age_structure(db):
    from leuchtfeuer.places.profile import _peer_input

    data = _peer_input()
    i = data.keys.index("13071092")
    # Regionaltabelle Demografie, Malchin: 60–66 902 (2/7 of it are 65 and 66), 67–74 866, 75+ 1,211
    assert data.share_65_plus[i] == pytest.approx(100 * (902 * 2 / 7 + 866 + 1211) / 6864)
