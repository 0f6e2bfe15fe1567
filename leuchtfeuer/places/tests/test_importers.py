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
from leuchtfeuer.places.importers.gv import read_gemeindeverzeichnis, read_gv_history
from leuchtfeuer.places.importers.official import GV_CURRENT
from leuchtfeuer.places.importers.territory import Crosswalk, CurrentGemeinde, PolygonIndex, Unit
from leuchtfeuer.places.importers.zensus2022 import read_zensus2022

FIXTURES = Path(__file__).parent / "fixtures"
OFFICIAL = Path(settings.OFFICIAL_DATA_DIR)
SMALL = FIXTURES / "12411-01-01-5-klein.csv"
RS_GEMEINDEN = "regionalstatistik_2015/gemeinden"


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


# --- broken files (issue 13, defect 9): a German message with file and line, never a traceback ---


def _real_lines(relative: str, count: int | None = None) -> list[str]:
    with gzip.open(OFFICIAL / relative, "rt", encoding="utf-8", newline="") as handle:
        lines = handle.readlines()
    return lines if count is None else lines[:count]


def test_regionalstatistik_latin1_names_line_and_column(tmp_path):
    path = tmp_path / "12411-01-01-5-latin1.csv"
    path.write_bytes(SMALL.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(path)
    # Line 2 "Bevölkerungsstand: …": the "ö" (Latin-1 0xF6) is the first byte that is not UTF-8.
    assert str(error.value).startswith(
        "Datei 12411-01-01-5-latin1.csv, Zeile 2, Spalte „Nr. 1“: Die Datei ist nicht UTF-8-kodiert: "
        "Das Byte 0xF6 ist hier ungültig"
    )


def test_regionalstatistik_truncated_gzip(tmp_path):
    path = tmp_path / "12411-01-01-5.csv.gz"
    data = (OFFICIAL / RS_GEMEINDEN / "12411-01-01-5.csv.gz").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        ImportFormatError, match=r"^Datei 12411-01-01-5.csv.gz, Zeile \d+: Die gzip-Datei ist abgeschnitten"
    ):
        rs.read_wide_by_date(path)


def test_regionalstatistik_empty_cell_and_foreign_digit_are_refused(tmp_path):
    # An empty cell is not part of the Regionaldatenbank format (it marks gaps with symbols).
    with pytest.raises(ImportFormatError) as error:
        rs.read_wide_by_date(_variant(tmp_path, ("7614;3775", ";3775")))
    assert "Zeile 12, Spalte „31.12.2015 / Insgesamt“: Das Feld ist leer" in str(error.value)
    # "²" counts as a digit for str.isdigit() but int() refuses it: was a raw ValueError.
    with pytest.raises(
        ImportFormatError, match=r"Zeile 12, Spalte „31.12.2015 / männlich“: „3775²“ ist keine Anzahl"
    ):
        rs.read_wide_by_date(_variant(tmp_path, ("7614;3775", "7614;3775²")))


def test_regionalstatistik_secret_value_is_read_as_no_value(tmp_path):
    """A "." (Zahlenwert unbekannt oder geheimzuhalten) in the age table — the symbol the
    Regionaldatenbank uses in these files — is imported as "no value", the rest of the row stays."""
    lines = _real_lines(f"{RS_GEMEINDEN}/12411-02-03-5.csv.gz")
    header = lines[: next(i for i, line in enumerate(lines) if line.startswith("DG;"))]
    malchin = next(line for line in lines if line.startswith("13071092;"))
    footer = lines[next(i for i, line in enumerate(lines) if line.startswith("__")) :]
    assert ";473;3775;" in malchin  # men 75+ and all men, 31.12.2015 (published)
    path = tmp_path / "12411-02-03-5.csv"
    path.write_text("".join([*header, malchin.replace(";473;3775;", ";.;3775;"), *footer]), encoding="utf-8")
    counts = {(c.code, c.age_from): c for c in rs.read_wide_by_age(path)}
    assert (counts[("13071092", 75)].total, counts[("13071092", 75)].male) == (1250, None)
    assert counts[("13071092", 65)].male == 423


def test_gv_history_short_row_and_truncated_gzip(tmp_path):
    path = _gv(tmp_path, GV_HEADER, GV_ROW.format(pop="8128").rsplit(",", 3)[0] + "\n")
    with pytest.raises(
        ImportFormatError, match=r"Zeile 2, Spalte „plz“: Die Zeile hat nur 20 Felder, die Kopfzeile 23"
    ):
        read_gv_history(path, date(2013, 12, 31))
    lines = _real_lines("gemeindeverzeichnis/history/gv_gemeinden_31122013.csv.gz", 101)
    # Header and 50 Gemeinden in a first gzip member, the second member cut after its header:
    # the data end with line 51.
    path.write_bytes(
        gzip.compress("".join(lines[:51]).encode()) + gzip.compress("".join(lines[51:]).encode())[:10]
    )
    with pytest.raises(ImportFormatError) as error:
        read_gv_history(path, date(2013, 12, 31))
    assert str(error.value).startswith(
        "Datei gv_gemeinden_31122013.csv.gz, Zeile 51: Die gzip-Datei ist abgeschnitten"
    )


def test_boundaries_broken_files(tmp_path):
    path = tmp_path / "grenzen.geojson.gz"
    data = (OFFICIAL / "boundaries/laender_2022_dissolved.geojson.gz").read_bytes()
    path.write_bytes(data[:-100])
    with pytest.raises(
        ImportFormatError, match=r"grenzen.geojson.gz, Zeile 1: Die gzip-Datei ist abgeschnitten"
    ):
        read_boundaries(path, "land_code", (2,))
    path = tmp_path / "grenzen.geojson"
    path.write_text('{"type":"FeatureCollection","features":[1]}', encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"Zeile 1, Spalte „properties“: Objekt Nr. 1 ist kein"):
        read_boundaries(path, "ars", (12,))  # was AttributeError: 'int' object has no attribute 'get'
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ars":"130710092092"},'
        '"geometry":{"type":"Polygon","coordinates":[[[12.7,"53,7"],[12.8,53.7],[12.7,53.8]]]}}]}',
        encoding="utf-8",
    )
    with pytest.raises(
        ImportFormatError, match=r"Zeile 1, Spalte „coordinates“: Objekt Nr. 1 hat fehlerhafte"
    ):
        read_boundaries(path, "ars", (12,))  # was a TypeError later, in the import step


def _xlsx_with_cut_sheet(path: Path) -> Path:
    import zipfile

    source = OFFICIAL / "gebietsaenderungen/destatis_gebietsaenderungen_2023.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            zout.writestr(info, data)
    return path


def test_gebietsaenderungen_damaged_workbook(tmp_path):
    from leuchtfeuer.places.importers.gebietsaenderungen import read_gebietsaenderungen

    path = _xlsx_with_cut_sheet(tmp_path / "aenderungen.xlsx")
    # read-only openpyxl parses the sheet lazily: this was a raw xml ParseError
    with pytest.raises(
        ImportFormatError,
        match=r"^Datei aenderungen.xlsx: Das Tabellenblatt „Gebietsaenderungen“ ist beschädigt",
    ):
        read_gebietsaenderungen(path)
    path.write_bytes(
        (OFFICIAL / "gebietsaenderungen/destatis_gebietsaenderungen_2023.xlsx").read_bytes()[:30_000]
    )
    with pytest.raises(
        ImportFormatError, match=r"^Datei aenderungen.xlsx: Die Arbeitsmappe lässt sich nicht lesen"
    ):
        read_gebietsaenderungen(path)


# --- missing-value symbols (issue 13, defect 10): only where the source uses them ---


def test_gv_history_symbol_in_population_is_refused(tmp_path):
    # Was read as None and then dropped like an uninhabited Gebiet: its Kreis and Land lost it.
    path = _gv(tmp_path, GV_HEADER, GV_ROW.format(pop="."))
    with pytest.raises(ImportFormatError) as error:
        read_gv_history(path, date(2013, 12, 31))
    assert str(error.value) == (
        "Datei gv_gemeinden_31122013.csv.gz, Zeile 2, Spalte „pop_total“: „.“ (Zahlenwert unbekannt oder "
        "geheimzuhalten) ist in dieser Spalte nicht vorgesehen: Die Quelle gibt hier stets eine Zahl an."
    )


ZENSUS_HEADER = (
    "ags,ars,name,stichtag,pop_total,male,female,age_u3,age_3_5,age_6_9,age_10_15,age_16_18,"
    "age_19_24,age_25_39,age_40_59,age_60_66,age_67_74,age_75plus\n"
)


def test_zensus2022_empty_cell_is_no_value_but_symbols_are_refused(tmp_path):
    path = tmp_path / "zensus.csv"
    row = '13071092,130710092092,"Malchin, Stadt",2022-05-15,6864,3280,3583,{u3},1,1,1,1,1,1,1,1,1,1211\n'
    # The tidy extract wrote the Zensus "." as an empty cell (data README): no value.
    path.write_text(ZENSUS_HEADER + row.format(u3=""), encoding="utf-8")
    (malchin,) = read_zensus2022(path)
    assert malchin.ages[0] is None and malchin.total == 6864
    # A raw symbol means an unconverted or damaged file.
    path.write_text(ZENSUS_HEADER + row.format(u3="."), encoding="utf-8")
    with pytest.raises(
        ImportFormatError, match=r"zensus.csv, Zeile 2, Spalte „age_u3“: „.“ \(Zahlenwert unbekannt"
    ):
        read_zensus2022(path)
    path.write_text(ZENSUS_HEADER + row.format(u3="1").replace(",6864,", ",.,"), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"Spalte „pop_total“: „.“ \(Zahlenwert unbekannt"):
        read_zensus2022(path)


# --- aggregates (issue 13, defect 10): no Kreis or Land total may silently lose a member ---


def test_kreis_area_includes_uninhabited_gemeindefreie_gebiete():
    regions = {r.ars: r for r in read_gemeindeverzeichnis(OFFICIAL / GV_CURRENT, date(2023, 12, 31))}
    # Destatis, "Kreisfreie Städte und Landkreise nach Fläche …", 31.12.2021: Goslar 966.71 km²,
    # Herzogtum Lauenburg 1,263.06 km². Their Harz forests and the Sachsenwald are uninhabited
    # gemeindefreie Gebiete (372.39 and 58.49 km²), which the Kreis sums used to drop.
    assert float(regions["03153"].area_km2) == pytest.approx(966.71, abs=0.05)
    assert float(regions["01053"].area_km2) == pytest.approx(1263.06, abs=0.05)
    # data README: the sum of pop_total over all Gemeinden is 84,669,326
    assert regions["0"].population == 84_669_326


def test_harmonised_kreis_with_a_secret_member_gets_no_value_not_a_smaller_one():
    """Göttingen 03159 = 03152 + 03156 (merged 2016): a "." in one part leaves no figure for the
    merged Kreis instead of the other part's figure alone."""
    from leuchtfeuer.places.importers.official.regionalstatistik_2015 import _age_rows_kreise

    class Ctx:  # the Kreis crosswalk adds 03159 itself; no other Kreise, no Länder
        laender: set[str] = set()

        def kreis_walk(self, day):
            return {}

    def rows(goettingen_75_plus: int | None):
        counts = [
            rs.RsCount(
                "03152", "Göttingen", 10, date(2015, 12, 31), 75, None, goettingen_75_plus, None, None
            ),
            rs.RsCount("03156", "Osterode am Harz", 11, date(2015, 12, 31), 75, None, 9321, None, None),
        ]
        return _age_rows_kreise(Ctx(), counts, kind="population", scheme="regio17", source="test")

    assert [(r.region, r.total) for r in rows(26000)] == [("03159", 26000 + 9321)]
    assert rows(None) == []


def test_withheld_total_is_told_apart_from_nothing_there(tmp_path):
    counts = rs.read_wide_by_date(_variant(tmp_path, ("Loitz, Stadt;4420;", "Loitz, Stadt;.;")))
    by_key = {(c.code, c.reference): c for c in counts}
    loitz = by_key[("13075082", date(2015, 12, 31))]
    assert (loitz.total, loitz.withheld) == (None, True)  # "." the region has a figure, not given
    old_malchin = by_key[("13052050", date(2015, 12, 31))]
    assert (old_malchin.total, old_malchin.withheld) == (None, False)  # "-" code not valid in 2015


def test_merged_gemeinde_with_a_withheld_part_gets_no_figure_not_a_smaller_one():
    """Altstadt (100 km² today) = Altstadt (98 km²) + Vorwerk (2 km²) of 2015. Vorwerk is small
    enough that Altstadt alone passes the ±3 % area check — with Vorwerk's "." dropped, Altstadt's
    figure would silently lack Vorwerk."""
    from leuchtfeuer.places.importers.gv import GvHistoryRow
    from leuchtfeuer.places.importers.official import Context
    from leuchtfeuer.places.importers.official.regionalstatistik_2015 import _age_rows_gemeinden

    polygons = PolygonIndex()
    polygons.add("13000001", _square(10, 50))
    walk = Crosswalk(
        current={"13000001": CurrentGemeinde("13000001", "Altstadt, Stadt", "13", 100.0)},
        polygons=polygons,
        successor={},
    )
    day = date(2015, 12, 31)
    vintage = [
        GvHistoryRow("13999001", "Altstadt, Stadt", "13", "13999", 98.0, 5000, None, None, None, None, 2),
        GvHistoryRow("13999007", "Vorwerk", "13", "13999", 2.0, 40, None, None, 10.5, 50.5, 3),
    ]
    ctx = Context(Path("."), [], walk, {day: vintage})

    def altstadt_75_plus(vorwerk: int | None, withheld: bool):
        counts = [
            rs.RsCount("13999001", "Altstadt, Stadt", 10, day, 75, None, 900, None, None),
            rs.RsCount("13999007", "Vorwerk", 11, day, 75, None, vorwerk, None, None, withheld=withheld),
        ]
        (row,) = _age_rows_gemeinden(ctx, counts, kind="population", scheme="regio17", source="test")
        return row.region, row.territory, row.total

    assert altstadt_75_plus(6, withheld=False) == ("13000001", "harmonised", 906)
    assert altstadt_75_plus(None, withheld=True) == ("13000001", "harmonised", None)
