"""Importers against the real files (spot checks from the data README) and malformed files."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.base import ImportFormatError
from leuchtfeuer.places.importers.boundaries import read_boundaries
from leuchtfeuer.places.importers.gv import read_gv_history
from leuchtfeuer.places.importers.territory import Crosswalk, CurrentGemeinde, PolygonIndex, Unit
from leuchtfeuer.places.importers.zensus2022 import read_zensus2022

FIXTURES = Path(__file__).parent / "fixtures"
OFFICIAL = Path(settings.OFFICIAL_DATA_DIR)
SMALL = FIXTURES / "12411-01-01-5-klein.csv"


def _variant(tmp_path: Path, replace: tuple[str, str], name: str = "12411-01-01-5-kaputt.csv") -> Path:
    text = SMALL.read_text(encoding="utf-8")
    assert replace[0] in text
    path = tmp_path / name
    path.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return path


# --- spot checks: published figures (data README), parsed from the real files, no database ---


@pytest.fixture(scope="module")
def population_2008_2015() -> dict[tuple[str, date], int | None]:
    counts = rs.read_wide_by_date(OFFICIAL / "regionalstatistik_2015/gemeinden/12411-01-01-5.csv.gz")
    return {(c.code, c.reference): c.total for c in counts}


@pytest.mark.parametrize(
    ("ags", "expected"),
    [("13071092", 7614), ("13075082", 4420), ("16066063", 19291), ("14626110", 55255)],
)
def test_regionalstatistik_population_2015_matches_published(population_2008_2015, ags, expected):
    assert population_2008_2015[(ags, date(2015, 12, 31))] == expected


def test_old_codes_carry_no_values(population_2008_2015):
    # MV before the 2011 Kreisreform: Malchin was 13052050; the 2015 column has "-" there.
    assert population_2008_2015[("13052050", date(2015, 12, 31))] is None
    assert population_2008_2015[("13052050", date(2009, 12, 31))] == 8128


def test_gv_1990_malchin():
    rows = read_gv_history(
        OFFICIAL / "gemeindeverzeichnis/history/gv_gemeinden_31121990.csv.gz", date(1990, 12, 31)
    )
    malchin = [r for r in rows if r.name == "Malchin, Stadt"]
    assert [r.pop_total for r in malchin] == [10375]


def test_gv_2009_coordinates_are_converted_from_packed_degrees():
    rows = read_gv_history(
        OFFICIAL / "gemeindeverzeichnis/history/gv_gemeinden_31122009.csv.gz", date(2009, 12, 31)
    )
    flensburg = next(r for r in rows if r.ags == "01001000")
    # 9.2615 = 9°26'15" → 9.4375; 54.4657 = 54°46'57" → 54.7825 (2013 file: 9.43751, 54.78252)
    assert flensburg.lon == pytest.approx(9.4375, abs=1e-4)
    assert flensburg.lat == pytest.approx(54.7825, abs=1e-4)


def test_age_labels():
    assert rs.parse_age_label("unter 3 Jahre") == (0, 3)
    assert rs.parse_age_label("3 bis unter 6 Jahre") == (3, 6)
    assert rs.parse_age_label("75 Jahre und mehr") == (75, None)
    assert rs.parse_age_label("unter 1 Jahr") == (0, 1)
    assert rs.parse_age_label("Insgesamt") is None


def test_small_file_special_values():
    counts = rs.read_wide_by_date(SMALL)
    loitz = next(c for c in counts if c.code == "13075082" and c.reference == date(2015, 12, 31))
    assert (loitz.total, loitz.male, loitz.female) == (4420, None, None)
    assert any(c.code == "0" and c.name == "Deutschland" for c in counts)  # "DG" → Bund


# --- malformed files: German message naming file, line and column ---


def test_regionalstatistik_non_numeric_value(tmp_path):
    path = _variant(tmp_path, ("7614;3775", "7614;drei"))
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(path)
    message = str(error.value)
    assert "12411-01-01-5-kaputt.csv" in message
    assert "Zeile 12" in message
    assert "Spalte „31.12.2015 / männlich“" in message
    assert "„drei“ ist keine Anzahl" in message


def test_regionalstatistik_wrong_column_count(tmp_path):
    path = _variant(tmp_path, ("4395;2181;2214", "4395;2181"))
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(path)
    assert "Zeile 13" in str(error.value)
    assert "7 Felder, die Kopfzeile 8" in str(error.value)


def test_regionalstatistik_missing_header_column(tmp_path):
    path = _variant(tmp_path, (";männlich;weiblich\n", ";männlich;Frauen\n"))
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(path)
    assert "Zeile 8" in str(error.value)
    assert "Spalte „31.12.2014 / weiblich“" in str(error.value)
    assert "fehlt in der Kopfzeile" in str(error.value)


def test_regionalstatistik_bad_key(tmp_path):
    path = _variant(tmp_path, ("13075082;", "13O75082;"))
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(path)
    assert "Zeile 13" in str(error.value)
    assert "Unerwartete Zeile" in str(error.value)


def test_regionalstatistik_missing_footer(tmp_path):
    path = tmp_path / "ohne-fuss.csv"
    path.write_text(SMALL.read_text(encoding="utf-8").split("__________")[0], encoding="utf-8")
    with pytest.raises(ImportFormatError, match="Fußzeile"):
        rs.read_wide_by_date(path)


GV_HEADER = (
    "ars,ags,land_code,land_name,rb_code,rb_name,kreis_code,kreis_name,kreis_type,gemeindeverband_ars,"
    "gemeindeverband_name,gemeindeverband_type,name,gemeinde_type_code,gemeinde_type,area_km2,pop_total,"
    "pop_male,pop_female,pop_per_km2,plz,lon,lat\n"
)
GV_ROW = (
    '130710092092,13071092,13,Mecklenburg-Vorpommern,130,,13071,"Mecklenburgische Seenplatte",Landkreis,'
    '130710092,"Malchin am Kummerower See",Amt,"Malchin, Stadt",63,Stadt,94.5,{pop},3978,4150,86,17139,12.7621,53.7394\n'
)


def _gv(tmp_path: Path, header: str, row: str) -> Path:
    path = tmp_path / "gv_gemeinden_31122013.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(header + row)
    return path


def test_gv_history_non_numeric_population(tmp_path):
    path = _gv(tmp_path, GV_HEADER, GV_ROW.format(pop="8.128"))
    with pytest.raises(ImportFormatError) as error:
        read_gv_history(path, date(2013, 12, 31))
    assert str(error.value) == (
        "Datei gv_gemeinden_31122013.csv.gz, Zeile 2, Spalte „pop_total“: „8.128“ ist keine ganze Zahl."
    )


def test_gv_history_missing_header_column(tmp_path):
    path = _gv(tmp_path, GV_HEADER.replace("area_km2", "flaeche"), GV_ROW.format(pop="8128"))
    with pytest.raises(ImportFormatError, match=r"Zeile 1, Spalte „area_km2“: Diese Spalte fehlt"):
        read_gv_history(path, date(2013, 12, 31))


def test_gv_history_bad_key(tmp_path):
    path = _gv(tmp_path, GV_HEADER, GV_ROW.format(pop="8128").replace(",13071092,", ",13071093,"))
    with pytest.raises(ImportFormatError, match=r"Zeile 2, Spalte „ags“: AGS 13071093 passt nicht"):
        read_gv_history(path, date(2013, 12, 31))


def test_gv_history_wrong_column_count(tmp_path):
    path = _gv(tmp_path, GV_HEADER, GV_ROW.format(pop="8128").replace("\n", ",x\n"))
    with pytest.raises(
        ImportFormatError, match=r"Zeile 2: Die Zeile hat mehr Felder \(24\) als die Kopfzeile \(23\)"
    ):
        read_gv_history(path, date(2013, 12, 31))


def test_zensus2022_bad_key_and_missing_column(tmp_path):
    header = (
        "ags,ars,name,stichtag,pop_total,male,female,age_u3,age_3_5,age_6_9,age_10_15,age_16_18,"
        "age_19_24,age_25_39,age_40_59,age_60_66,age_67_74,age_75plus\n"
    )
    row = '1307109X,130710092092,"Malchin, Stadt",2022-05-15,6864,3280,3583,1,1,1,1,1,1,1,1,1,1,1211\n'
    path = tmp_path / "zensus.csv"
    path.write_text(header + row, encoding="utf-8")
    with pytest.raises(
        ImportFormatError, match=r"zensus.csv, Zeile 2, Spalte „ags“: „1307109X“ ist kein gültiger"
    ):
        read_zensus2022(path)
    path.write_text(header.replace("age_75plus", "age_75") + row, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"Zeile 1, Spalte „age_75plus“"):
        read_zensus2022(path)


def test_boundaries_bad_key(tmp_path):
    path = tmp_path / "grenzen.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ars":"13071"},'
        '"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}',
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match=r"grenzen.geojson, Zeile 1, Spalte „ars“"):
        read_boundaries(path, "ars", (12,))


# --- territorial crosswalk (pure) ---


def _square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def test_crosswalk_current_harmonised_broken():
    polygons = PolygonIndex()
    polygons.add("13000001", _square(10, 50))
    polygons.add("13000002", _square(12, 50))
    walk = Crosswalk(
        current={
            "13000001": CurrentGemeinde("13000001", "Altstadt, Stadt", "13", 100.0),
            "13000002": CurrentGemeinde("13000002", "Neudorf", "13", 50.0),
            "13000003": CurrentGemeinde("13000003", "Seeblick", "13", 80.0),
        },
        polygons=polygons,
        successor={},
    )
    matches = walk.match(
        [
            Unit("13999001", "Altstadt, Stadt", "13", 60.0),  # recoded, same name
            Unit("13999007", "Vorwerk", "13", 40.0, lon=10.5, lat=50.5),  # merged into Altstadt
            Unit("13000002", "Neudorf", "13", 50.4),  # same key, area within tolerance
            Unit("13000003", "Seeblick", "13", 30.0),  # grew later by parts we cannot place
        ]
    )
    assert (matches["13000001"].status, matches["13000001"].keys) == ("harmonised", ("13999001", "13999007"))
    assert (matches["13000002"].status, matches["13000002"].keys) == ("current", ("13000002",))
    assert (matches["13000003"].status, matches["13000003"].keys) == ("broken", ("13000003",))
