"""Engine output against figures taken by hand from the raw official tables.

Expected values are computed here with explicit arithmetic on cells addressed by their header
labels (tests/rawdata.py, csv module) — a separate code path from the engine's band weights — or
are figures the statistical offices publish themselves (Jugend-/Altenquotient 12411-08-01-4,
Durchschnittsalter 12411-07-01-5).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.indicators import (
    AgeSexStructure,
    AnnualCounts,
    Basis,
    MigrationFlows,
    PopulationPoint,
    RegionData,
    compute_indicators,
    fortschreibung_basis,
    indicators_by_key,
)

from .rawdata import (
    DATA,
    REGIO_GEMEINDEN,
    REGIO_KREISE,
    all_rows,
    cell,
    german_float,
    long_rows,
    needs_data,
    read_dict_csv,
    wide_row,
)

pytestmark = needs_data

TOWNS = {"13071092": "Malchin", "13075082": "Loitz", "16066063": "Schmalkalden"}
AGE_LABELS_17 = (
    "unter 3 Jahre",
    "3 bis unter 6 Jahre",
    "6 bis unter 10 Jahre",
    "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre",
    "18 bis unter 20 Jahre",
    "20 bis unter 25 Jahre",
    "25 bis unter 30 Jahre",
    "30 bis unter 35 Jahre",
    "35 bis unter 40 Jahre",
    "40 bis unter 45 Jahre",
    "45 bis unter 50 Jahre",
    "50 bis unter 55 Jahre",
    "55 bis unter 60 Jahre",
    "60 bis unter 65 Jahre",
    "65 bis unter 75 Jahre",
    "75 Jahre und mehr",
)
SRC_AGE = "Regionaldatenbank 12411-02-03-5, 31.12.2015"
ZU = "Zuzüge über die Gemeindegrenzen"
FORT = "Fortzüge über die Gemeindegrenzen"


def _age_row(ags: str) -> dict:
    return wide_row(REGIO_GEMEINDEN / "12411-02-03-5.csv.gz", ags)


def _structure(ags: str) -> AgeSexStructure:
    row = _age_row(ags)
    return AgeSexStructure(
        scheme=ag.REGIO_17,
        total=np.array([cell(row, "Insgesamt", lab) for lab in AGE_LABELS_17], dtype=float),
        male=np.array([cell(row, "männlich", lab) for lab in AGE_LABELS_17], dtype=float),
        female=np.array([cell(row, "weiblich", lab) for lab in AGE_LABELS_17], dtype=float),
        reference_date=date(2015, 12, 31),
        basis=Basis.ZENSUS_2011,
        source=SRC_AGE,
    )


def _population_points(ags: str) -> list[PopulationPoint]:
    row = wide_row(REGIO_GEMEINDEN / "12411-01-01-5.csv.gz", ags)
    points = []
    for year in range(2008, 2016):
        value = cell(row, f"31.12.{year}", "Insgesamt")
        d = date(year, 12, 31)
        points.append(PopulationPoint(d, value, fortschreibung_basis(d), "Regionaldatenbank 12411-01-01-5"))
    return points


def _migration(ags: str) -> MigrationFlows:
    row = wide_row(REGIO_GEMEINDEN / "12711-01-03-5.csv.gz", ags)
    bands = (
        "unter 18 Jahre",
        "18 bis unter 25 Jahre",
        "25 bis unter 30 Jahre",
        "30 bis unter 50 Jahre",
        "50 bis unter 65 Jahre",
        "65 Jahre und mehr",
    )
    zu = [cell(row, ZU, "Insgesamt", b) for b in bands]
    fort = [cell(row, FORT, "Insgesamt", b) for b in bands]
    return MigrationFlows(
        year=2015,
        inflow=np.array(zu, dtype=float),
        outflow=np.array(fort, dtype=float),
        source="Regionaldatenbank 12711-01-03-5",
        inflow_total=cell(row, ZU, "Insgesamt", "Insgesamt"),
        outflow_total=cell(row, FORT, "Insgesamt", "Insgesamt"),
    )


def _births_deaths(ags: str) -> tuple[AnnualCounts, AnnualCounts]:
    brow = wide_row(REGIO_GEMEINDEN / "12612-01-01-5-B.csv.gz", ags)
    births = {y: cell(brow, str(y), "Insgesamt") for y in range(2008, 2016)}
    deaths = {}
    for r in long_rows(REGIO_GEMEINDEN / "12613-01-01-5-B.csv.gz", ags):
        deaths[int(r[0])] = None if r[3] in {"-", ".", "x"} else int(r[3])
    return AnnualCounts(births, "Regionaldatenbank 12612-01-01-5-B"), AnnualCounts(
        deaths, "Regionaldatenbank 12613-01-01-5-B"
    )


def _region(ags: str) -> RegionData:
    births, deaths = _births_deaths(ags)
    return RegionData(
        key=ags,
        name=TOWNS[ags],
        population=_population_points(ags),
        age_structure=_structure(ags),
        births=births,
        deaths=deaths,
        migration=_migration(ags),
    )


def test_malchin_published_population_2015() -> None:
    # README spot check / table 12411-01-01-5: Malchin had 7,614 inhabitants on 31.12.2015.
    res = indicators_by_key(compute_indicators(_region("13071092")))
    assert res["population"].value == 7614
    assert res["population"].reference_date == date(2015, 12, 31)
    # The 17 age bands of the other table add up to the same published total.
    assert ag.total(_structure("13071092").total) == 7614


def test_malchin_literal_arithmetic() -> None:
    # Raw line of 12411-02-03-5 for 13071092 (Insgesamt block):
    # 173;172;240;276;164;93;238;399;355;326;359;569;684;692;671;953;1250;7614
    res = indicators_by_key(compute_indicators(_region("13071092")))
    working = 238 + 399 + 355 + 326 + 359 + 569 + 684 + 692 + 671
    assert res["share_65_plus"].value == pytest.approx(100 * (953 + 1250) / 7614)
    assert res["youth_ratio"].value == pytest.approx(100 * (173 + 172 + 240 + 276 + 164 + 93) / working)
    assert res["old_age_ratio"].value == pytest.approx(100 * (953 + 1250) / working)
    # männlich 20–40: 131;225;198;167, weiblich: 107;174;157;159
    assert res["sex_ratio_20_39"].value == pytest.approx(
        100 * (107 + 174 + 157 + 159) / (131 + 225 + 198 + 167)
    )


@pytest.mark.parametrize("ags", sorted(TOWNS))
def test_age_indicators_against_hand_arithmetic(ags: str) -> None:
    row = _age_row(ags)

    def tot(label: str, sex: str = "Insgesamt") -> int:
        value = cell(row, sex, label)
        assert value is not None
        return value

    everyone = cell(row, "Insgesamt", "Insgesamt")
    under_18 = sum(tot(lab) for lab in AGE_LABELS_17[:5])
    under_20 = under_18 + tot("18 bis unter 20 Jahre")
    aged_20_64 = sum(tot(lab) for lab in AGE_LABELS_17[6:15])
    over_75 = tot("75 Jahre und mehr")
    over_65 = tot("65 bis unter 75 Jahre") + over_75
    women_20_39 = sum(tot(lab, "weiblich") for lab in AGE_LABELS_17[6:10])
    men_20_39 = sum(tot(lab, "männlich") for lab in AGE_LABELS_17[6:10])

    res = indicators_by_key(compute_indicators(_region(ags)))
    assert res["share_under_18"].value == pytest.approx(100 * under_18 / everyone)
    assert res["share_65_plus"].value == pytest.approx(100 * over_65 / everyone)
    assert res["share_75_plus"].value == pytest.approx(100 * over_75 / everyone)
    assert res["youth_ratio"].value == pytest.approx(100 * under_20 / aged_20_64)
    assert res["old_age_ratio"].value == pytest.approx(100 * over_65 / aged_20_64)
    assert res["sex_ratio_20_39"].value == pytest.approx(100 * women_20_39 / men_20_39)
    for key in ("share_under_18", "share_65_plus", "youth_ratio", "old_age_ratio", "sex_ratio_20_39"):
        assert not res[key].estimated, key  # 17 bands have boundaries at 18, 20, 40, 65, 75
        assert res[key].source == SRC_AGE
        assert res[key].reference_date == date(2015, 12, 31)
    assert res["mean_age"].estimated and res["median_age"].estimated


@pytest.mark.parametrize("ags", sorted(TOWNS))
def test_rates_against_hand_arithmetic(ags: str) -> None:
    pop = wide_row(REGIO_GEMEINDEN / "12411-01-01-5.csv.gz", ags)
    mean_2015 = (cell(pop, "31.12.2014", "Insgesamt") + cell(pop, "31.12.2015", "Insgesamt")) / 2
    births = cell(wide_row(REGIO_GEMEINDEN / "12612-01-01-5-B.csv.gz", ags), "2015", "Insgesamt")
    (death_row,) = [r for r in long_rows(REGIO_GEMEINDEN / "12613-01-01-5-B.csv.gz", ags) if r[0] == "2015"]
    deaths = int(death_row[3])
    mig = wide_row(REGIO_GEMEINDEN / "12711-01-03-5.csv.gz", ags)
    net = cell(mig, ZU, "Insgesamt", "Insgesamt") - cell(mig, FORT, "Insgesamt", "Insgesamt")

    res = indicators_by_key(compute_indicators(_region(ags)))
    assert res["births"].value == births
    assert res["birth_rate"].value == pytest.approx(1000 * births / mean_2015)
    assert res["death_rate"].value == pytest.approx(1000 * deaths / mean_2015)
    assert res["natural_balance"].value == births - deaths
    assert res["natural_balance_per_1000"].value == pytest.approx(1000 * (births - deaths) / mean_2015)
    assert res["migration_balance"].value == net
    assert res["migration_balance_per_1000"].value == pytest.approx(1000 * net / mean_2015)
    assert res["birth_rate"].reference_start == date(2015, 1, 1)


@pytest.mark.parametrize("ags", sorted(TOWNS))
def test_migration_by_life_phase_against_hand_arithmetic(ags: str) -> None:
    mig = wide_row(REGIO_GEMEINDEN / "12711-01-03-5.csv.gz", ags)
    age = _age_row(ags)

    def net(band: str) -> int:
        return cell(mig, ZU, "Insgesamt", band) - cell(mig, FORT, "Insgesamt", band)

    def pop(*labels: str) -> int:
        return sum(cell(age, "Insgesamt", lab) for lab in labels)

    res = indicators_by_key(compute_indicators(_region(ags)))
    assert res["migration_education"].value == pytest.approx(
        1000 * net("18 bis unter 25 Jahre") / pop("18 bis unter 20 Jahre", "20 bis unter 25 Jahre")
    )
    assert res["migration_career_start"].value == pytest.approx(
        1000 * net("25 bis unter 30 Jahre") / pop("25 bis unter 30 Jahre")
    )
    family_net = net("unter 18 Jahre") + net("30 bis unter 50 Jahre")
    family_pop = pop(*AGE_LABELS_17[:5]) + pop(*AGE_LABELS_17[8:12])
    assert res["migration_family"].value == pytest.approx(1000 * family_net / family_pop)
    assert res["migration_50_64"].value == pytest.approx(
        1000 * net("50 bis unter 65 Jahre") / pop(*AGE_LABELS_17[12:15])
    )
    assert res["migration_retirement"].value == pytest.approx(
        1000 * net("65 Jahre und mehr") / pop("65 bis unter 75 Jahre", "75 Jahre und mehr")
    )


def test_quotients_match_published_kreis_figures() -> None:
    """Jugend- and Altenquotient published per Kreis/Land/Bund (12411-08-01-4, one decimal) are
    reproduced by the engine from the 17 age bands of 12411-02-03-4, for every region."""
    bands: dict[str, list[int]] = {}
    for r in all_rows(REGIO_KREISE / "12411-02-03-4.csv.gz"):
        if len(r) >= 5 and r[0] == "31.12.2015" and r[3] != "Insgesamt" and r[4].isdigit():
            bands.setdefault(r[1], []).append(int(r[4]))
    published = {
        r[1]: (german_float(r[3]), german_float(r[6]))
        for r in all_rows(REGIO_KREISE / "12411-08-01-4.csv.gz")
        if len(r) >= 7 and r[0] == "31.12.2015" and r[3] not in {"-", "."}
    }
    codes = sorted(c for c in published if len(bands.get(c, [])) == 17)
    assert len(codes) > 400  # all Kreise with data, the Länder and Deutschland
    counts = np.array([bands[c] for c in codes], dtype=float)
    youth = ag.youth_ratio(counts, ag.REGIO_17)  # vectorised over all regions at once
    old = ag.old_age_ratio(counts, ag.REGIO_17)
    expected = np.array([published[c] for c in codes])
    assert np.abs(youth - expected[:, 0]).max() <= 0.05 + 1e-9
    assert np.abs(old - expected[:, 1]).max() <= 0.05 + 1e-9
    i = codes.index("13071")  # Landkreis Mecklenburgische Seenplatte: 26,5 / 39,3
    assert round(float(youth[i]), 1) == 26.5
    assert round(float(old[i]), 1) == 39.3


def test_estimated_mean_age_close_to_published_durchschnittsalter() -> None:
    """The grouped-data estimate of the mean age against the official Durchschnittsalter
    (12411-07-01-5, exact ages) for every Gemeinde that has both."""
    published = {
        r[1]: german_float(r[3])
        for r in all_rows(REGIO_GEMEINDEN / "12411-07-01-5.csv.gz")
        if len(r) >= 4 and len(r[1]) == 8 and r[3] not in {"-", ".", "x"}
    }
    counts = {}
    for r in all_rows(REGIO_GEMEINDEN / "12411-02-03-5.csv.gz"):
        if r and r[0] in published and all(x.isdigit() for x in r[2:19]):
            counts[r[0]] = [int(x) for x in r[2:19]]
    codes = sorted(c for c in counts if sum(counts[c]) > 0)
    est = ag.mean_age(np.array([counts[c] for c in codes], dtype=float), ag.REGIO_17)
    err = np.abs(est - np.array([published[c] for c in codes]))
    assert len(codes) > 8000
    assert np.median(err) < 0.15
    assert np.percentile(err, 95) < 0.35
    for ags in TOWNS:
        res = indicators_by_key(compute_indicators(_region(ags)))
        assert res["mean_age"].value == pytest.approx(published[ags], abs=0.2)
        assert res["mean_age"].estimated


def test_zensus_2022_structure_marks_estimates_and_keeps_exact_shares() -> None:
    rows = {
        r["ags"]: r
        for r in read_dict_csv(
            DATA / "zensus2022_regionaltabellen" / "zensus2022_gemeinden_demografie_tidy.csv"
        )
    }
    m = rows["13071092"]
    cols = [
        "age_u3",
        "age_3_5",
        "age_6_9",
        "age_10_15",
        "age_16_18",
        "age_19_24",
        "age_25_39",
        "age_40_59",
        "age_60_66",
        "age_67_74",
        "age_75plus",
    ]
    groups = [int(m[c]) for c in cols]
    assert int(m["pop_total"]) == 6864 and int(m["age_75plus"]) == 1211  # README spot check
    s = AgeSexStructure(
        scheme=ag.ZENSUS22_11,
        total=np.array(groups, dtype=float),
        reference_date=date(2022, 5, 15),
        basis=Basis.ZENSUS_2022,
        source="Zensus 2022, Regionaltabelle Demografie",
    )
    res = indicators_by_key(compute_indicators(RegionData(key="13071092", name="Malchin", age_structure=s)))
    # 75+ is a band boundary: exact, over the sum of the (perturbed) bands.
    assert res["share_75_plus"].value == pytest.approx(100 * 1211 / sum(groups))
    assert not res["share_75_plus"].estimated
    # 65 and 18 and 20 fall inside bands (60–66, 16–18, 19–24): estimates, bracketed by the bands.
    share_65 = res["share_65_plus"]
    assert share_65.estimated and share_65.notes
    low = 100 * (int(m["age_67_74"]) + 1211) / sum(groups)
    high = 100 * (int(m["age_60_66"]) + int(m["age_67_74"]) + 1211) / sum(groups)
    assert low < share_65.value < high
    assert res["youth_ratio"].estimated and res["share_under_18"].estimated
    # Age × sex is not cross-tabulated in the Zensus 2022 Gemeinde tables.
    assert res["sex_ratio_20_39"].value is None


def test_population_change_schmalkalden_with_gv_2023() -> None:
    """10-year change 31.12.2013 → 31.12.2023, both on the Zensus 2011 basis."""
    gv = {r["ags"]: r for r in read_dict_csv(DATA / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv")}
    pop_2023 = int(gv["16066063"]["pop_total"])
    assert pop_2023 == 19984  # README spot check
    points = [
        *_population_points("16066063"),
        PopulationPoint(date(2023, 12, 31), pop_2023, Basis.ZENSUS_2011, "Gemeindeverzeichnis 31.12.2023"),
    ]
    res = indicators_by_key(
        compute_indicators(RegionData(key="16066063", name="Schmalkalden", population=points))
    )
    p2013 = cell(wide_row(REGIO_GEMEINDEN / "12411-01-01-5.csv.gz", "16066063"), "31.12.2013", "Insgesamt")
    assert res["population"].value == 19984
    assert res["population_change_10y"].value == pytest.approx(100 * (19984 - p2013) / p2013)
    assert res["population_change_10y"].reference_start == date(2013, 12, 31)
    assert not res["population_change_10y"].series_break
    # Long run from 31.12.2008 crosses the Zensus 2011 break and says so.
    long = res["population_change_long"]
    assert long.series_break and long.reference_start == date(2008, 12, 31)
    assert any("Zählungsbasis" in n for n in long.notes)
    # Same-basis change starts at the first Zensus-2011-based figure, 31.12.2011.
    assert res["population_change_same_basis"].reference_start == date(2011, 12, 31)
    assert not res["population_change_same_basis"].series_break
