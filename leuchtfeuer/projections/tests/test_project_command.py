"""`leuchtfeuer project <AGS> --json` and the projection page of Loitz (13075082), a shrinking town:
the current projection starts from the Zensus 2022 and says what drives it.

Independent figures, read here from the raw official files (not through the importer): the
Zensus 2022 row of Loitz (total 4,267; 11 age groups) and the Gemeindeverzeichnis totals
31.12.2021 (4,233) and 31.12.2023 (4,254; 2,135 men, 2,119 women)."""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from leuchtfeuer.places.models import Region
from leuchtfeuer.projections.current import region_projection
from leuchtfeuer.projections.presenters import drivers_sentence

pytestmark = pytest.mark.usefixtures("official_data")
LOITZ = "13075082"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _zensus_row(ags: str) -> dict:
    path = settings.OFFICIAL_DATA_DIR / "zensus2022" / "zensus2022_gemeinden_demografie_tidy.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["ags"] == ags)


def _gv_row(ags: str, name: str = "gv_gemeinden_2024Q4.csv") -> dict:
    folder = settings.OFFICIAL_DATA_DIR / "gemeindeverzeichnis"
    path = folder / name if name.endswith(".csv") else folder / "history" / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["ags"] == ags)


def _project(*args) -> dict:
    out = io.StringIO()
    call_command("project", *args, stdout=out)
    return json.loads([line for line in out.getvalue().splitlines() if line.startswith("{")][-1])


def test_project_json_starts_from_the_zensus_2022_and_explains_every_year(db):
    zensus, gv = _zensus_row(LOITZ), _gv_row(LOITZ)
    data = _project(LOITZ, "--json")
    assert data["ags"] == LOITZ and data["name"] == "Loitz"
    assert data["base_date"] == "2023-12-31" and data["basis"] == "zensus2011"
    assert data["age_structure_date"] == zensus["stichtag"] == "2022-05-15"
    # the Zensus count beside the Fortschreibung interpolated to 15.05.2022 (136 of 730 days)
    before = int(_gv_row(LOITZ, "gv_gemeinden_31122021.csv.gz")["pop_total"])
    assert data["zensus2022"] == {
        "total": int(zensus["pop_total"]),
        "fortschreibung": round(before + 136 / 730 * (int(gv["pop_total"]) - before)),
    }
    years = data["years"]
    assert [y["year"] for y in years] == list(range(2023, 2046))
    assert years[0]["total"] == int(gv["pop_total"]) and years[0]["components"] is None
    for before_row, row in itertools.pairwise(years):
        c = row["components"]
        assert row["total"] == before_row["total"] + c["births"] - c["deaths"] + c["net_migration"]
        assert c["deaths"] > c["births"] > 0  # deaths exceed births by ~11 per 1,000 a year
    assert {"method", "drivers", "range80"} <= set(data) | set(years[1])
    # the start is the Zensus structure, not the 2015 table run forward: the 25–39-year-olds'
    # share (Zensus: 499 of the 4,272 in the groups, 11.7 %; the 2015 table run forward: 14.7 %)
    proj = region_projection(Region.objects.get(level="gemeinde", ags=LOITZ))
    groups = [int(zensus[k]) for k in ("age_u3", "age_3_5", "age_6_9", "age_10_15", "age_16_18", "age_19_24",
                                        "age_25_39", "age_40_59", "age_60_66", "age_67_74", "age_75plus")]  # fmt: skip
    share = proj.population[0, :, 25:40].sum() / proj.population[0].sum()
    assert share == pytest.approx(groups[6] / sum(groups), abs=0.01)
    men, women = proj.population[0].sum(axis=1)
    assert (round(men), round(women)) == (int(gv["pop_male"]), int(gv["pop_female"]))


def test_loitz_no_longer_rises_without_a_reason(db):
    """Deaths exceed births by ~11 per 1,000 a year and its net migration 2013–2023 was small:
    the projection must not rise to 2045 (it did: +3 % from trend methods fitted on 2021→2023)."""
    data = _project(LOITZ, "--json")
    assert data["years"][-1]["total"] < data["years"][0]["total"]
    assert data["drivers"].startswith("Mehr Sterbefälle als Geburten")
    assert data["growth_reason"] is None


def test_historical_projection_with_base_year_as_before(db):
    data = _project(LOITZ, "--base-year", "2015", "--until", "2023", "--json")
    assert data["basisjahr"] == 2015 and data["jahre"][0]["insgesamt"] == 4420  # 31.12.2015
    assert data["jahre"][-1]["jahr"] == 2023


def test_project_refuses_an_unknown_gemeinde_in_german(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Keine Gemeinde mit dem Schlüssel 99999999"):
        _project("99999999", "--json")


def test_page_of_a_shrinking_town_says_what_drives_it(db, client):
    body = client.get(f"/orte/{LOITZ}/vorausberechnung/").content.decode()
    proj = region_projection(Region.objects.get(level="gemeinde", ags=LOITZ))
    sentence = drivers_sentence(proj)
    assert sentence.startswith("Mehr Sterbefälle als Geburten")
    assert "Was die Entwicklung bestimmt" in body and sentence in body
    assert "Altersaufbau aus dem Zensus 2022</strong> (Stichtag 15.05.2022" in body
    assert "Basis des Zensus 2011" in body
    assert '<th scope="col" class="num">Geburten</th>' in body
    assert "Wanderungssaldo 2013–2023" in body  # the past, for comparison


def test_kreis_trend_is_not_the_two_years_of_the_2022_arrivals(db):
    """Why Loitz rose: its Kreis share followed a Kreis line through 31.12.2021 and 31.12.2023
    only (+866 a year, the arrivals from Ukraine in 2022) for 22 years. The trend window now
    reaches back to three totals (2017, 2021, 2023): the least-squares line through them."""
    import numpy as np

    from leuchtfeuer.places.models import PopulationCount
    from leuchtfeuer.projections.current import land_snapshot
    from leuchtfeuer.projections.engine.baselines import trend_slopes

    kreis = Region.objects.get(ars="13075")
    totals = dict(
        PopulationCount.objects.filter(
            region=kreis, reference_date__year__in=(2017, 2021, 2023), reference_date__month=12
        ).values_list("reference_date__year", "total")
    )
    assert totals[2023] > totals[2021]  # the Kreis grew 2021→2023 …
    slope = np.polyfit([2017, 2021, 2023], [totals[2017], totals[2021], totals[2023]], 1)[0]
    assert slope < 0  # … but not over the three last totals
    _, lin, _ = trend_slopes(land_snapshot(2023, "13"), ["13075"])
    assert lin[0] == pytest.approx(slope)


def test_components_add_up_with_a_scenario_too(db):
    """With a scenario the API's total is the scenario's; its components still explain every
    year, and 20 returnees a year from 2026 show up as net migration — a little less than 20 by
    2030, because the returnees of the years before move on at the town's out-migration rates —
    and as births."""
    from types import SimpleNamespace

    from leuchtfeuer.projections.presenters import api_payload

    proj = region_projection(Region.objects.get(level="gemeinde", ags=LOITZ))
    measure = SimpleNamespace(kind="returnees", start_year=2026, end_year=None, count=20, percent=0,
                              age_from=25, age_to=40, label="20 Rückkehrende im Alter 25–40")  # fmt: skip
    scenario = SimpleNamespace(pk=1, name="Rückkehr", measures=SimpleNamespace(all=lambda: [measure]))
    with_measures, without = api_payload(proj, scenario)["years"], api_payload(proj)["years"]
    for before_row, row in itertools.pairwise(with_measures):
        c = row["components"]
        assert row["total"] == before_row["total"] + c["births"] - c["deaths"] + c["net_migration"]
    y2030 = {r["year"]: r for r in with_measures}[2030]["components"]
    base2030 = {r["year"]: r for r in without}[2030]["components"]
    assert 10 <= y2030["net_migration"] - base2030["net_migration"] <= 20
    assert y2030["births"] >= base2030["births"]
