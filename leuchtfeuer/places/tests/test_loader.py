"""Loader: idempotent writes, one transaction per source, nothing written on a malformed file.

The official subset may already be committed in the test database (session fixture used by other
tests), so these tests use a fictional Gemeinde (Land 99) and their own source codes ("test-…").
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from leuchtfeuer.places.importers.official import AgeRow, PopulationRow, VitalRow
from leuchtfeuer.places.loader import load_statistics
from leuchtfeuer.places.models import AgeGroupCount, PopulationCount, Region, VitalEvents

pytestmark = pytest.mark.django_db


def _rows(ags: str, total: int) -> dict:
    return {
        "population": [
            PopulationRow(ags, date(1990, 12, 31), "test-gv", "register", "broken", 10375, 4994, 5381),
            PopulationRow(ags, date(2015, 12, 31), "test-12411-01-01-5", "zensus2011", "harmonised", total, None, None),
            PopulationRow("99999999", date(2015, 12, 31), "test-gv", "zensus2011", "current", 1, None, None),
        ],
        "ages": [
            AgeRow(ags, "population", date(2015, 12, 31), "regio17", 0, 3, 173, 95, 78, "zensus2011", "current", "test-12411-02-03-5"),
            AgeRow(ags, "population", date(2015, 12, 31), "regio17", 75, None, 900, 350, 550, "zensus2011", "current", "test-12411-02-03-5"),
        ],
        "vital": [VitalRow(ags, 2015, 52, 30, 22, 110, 55, 55, "current", "12612-01-01-5-B/12613-01-01-5-B")],
    }  # fmt: skip


def _load(rows: dict):
    return load_statistics(
        source="Test",
        population=rows["population"],
        population_sources=("test-gv", "test-12411-01-01-5"),
        ages=rows["ages"],
        age_sources=("test-12411-02-03-5",),
        vital=rows["vital"],
    )


def test_second_run_changes_nothing(region_factory):
    region = region_factory(ags="99071092", ars="990710092092")
    first = _load(_rows(region.ags, 7614))
    assert (first.created, first.updated, first.skipped) == (5, 0, 1)  # unknown region skipped
    second = _load(_rows(region.ags, 7614))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert str(second).startswith("Test: 0 neu, 0 geändert, 5 unverändert")


def test_changed_and_vanished_rows(region_factory):
    region = region_factory(ags="99071092", ars="990710092092")
    _load(_rows(region.ags, 7614))
    rows = _rows(region.ags, 7615)
    rows["ages"] = rows["ages"][:1]
    result = _load(rows)
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    assert PopulationCount.objects.get(region=region, reference_date=date(2015, 12, 31)).total == 7615
    assert AgeGroupCount.objects.filter(region=region).count() == 1


def test_sources_do_not_touch_each_others_rows(region_factory):
    region = region_factory(ags="99071092", ars="990710092092")
    _load(_rows(region.ags, 7614))
    other = load_statistics(
        source="Zensus",
        population=[PopulationRow(region.ags, date(2022, 5, 15), "test-zensus2022", "zensus2022", "current", 6864, 3280, 3583)],
        population_sources=("test-zensus2022",),
    )  # fmt: skip
    assert (other.created, other.deleted) == (1, 0)
    assert PopulationCount.objects.filter(region=region).count() == 3
    assert VitalEvents.objects.filter(region=region).count() == 1


def test_malformed_file_aborts_with_german_message_and_writes_nothing(tmp_path):
    base = tmp_path / "official"
    (base / "gemeindeverzeichnis").mkdir(parents=True)
    source = Path(settings.OFFICIAL_DATA_DIR) / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = lines[1].replace(",", ",x", 1)  # key "x01001000…" now on line 50
    (base / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv").write_text(
        "".join([lines[0], *lines[2:50], broken]), encoding="utf-8"
    )
    shutil.copytree(Path(settings.OFFICIAL_DATA_DIR) / "gebietsaenderungen", base / "gebietsaenderungen")
    regions_before = Region.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError) as error, _settings(OFFICIAL_DATA_DIR=base):
        call_command("import-official", skip_checks=True, stdout=out)
    # progress: the user sees which source is being read before it fails (issue 16)
    assert re.search(r"^\[1/\d+\] Einlesen: Gemeindeverzeichnis 2024-Q4 …$", out.getvalue(), re.M)
    message = str(error.value)
    assert "nichts aus „Gemeindeverzeichnis 2024-Q4“ übernommen" in message
    assert "Datei gv_gemeinden_2024Q4.csv, Zeile 50, Spalte „ags“" in message
    assert Region.objects.count() == regions_before


def _settings(**kwargs):
    from django.test import override_settings

    return override_settings(**kwargs)


# --- import-official with broken files: a German message with file/line/column, nothing imported ---

GV_NAME = "gv_gemeinden_2024Q4.csv"


def _gv_slice(rows: int = 60) -> str:
    """Header and the first `rows` Gemeinden of the real GV (Schleswig-Holstein), as published."""
    source = Path(settings.OFFICIAL_DATA_DIR) / "gemeindeverzeichnis" / GV_NAME
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[: rows + 1])


def _base(tmp_path: Path, gv: bytes) -> Path:
    base = tmp_path / "official"
    (base / "gemeindeverzeichnis").mkdir(parents=True)
    (base / "gemeindeverzeichnis" / GV_NAME).write_bytes(gv)
    return base


def _replace_cell(text: str, line: int, column: str, value: str) -> str:
    lines = text.splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    cells = next(csv.reader([lines[line - 1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    lines[line - 1] = buffer.getvalue()
    return "".join(lines)


def _truncated(text: str) -> bytes:
    return text[: len(text) - 40].encode()  # cut inside the 60th Gemeinde (line 61)


def _short_row(text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    lines[30] = lines[30].rsplit(",", 5)[0] + "\r\n"  # line 31 lost its last five cells
    return "".join(lines).encode()


def _semicolons(text: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(csv.reader(io.StringIO(text, newline="")))
    return buffer.getvalue().encode()


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        # defect 9: each of these ended in a raw traceback (AttributeError, UnicodeDecodeError)
        (_truncated, f"Datei {GV_NAME}, Zeile 61: Die letzte Zeile endet ohne Zeilenumbruch"),
        (
            _short_row,
            f"Datei {GV_NAME}, Zeile 31, Spalte „lat“: Die Zeile hat nur 22 Felder, die Kopfzeile 27",
        ),
        # Line 4 is Lübeck: "ü" in the Kreis name is the first byte that Latin-1 writes differently.
        (
            lambda text: text.encode("latin-1"),
            f"Datei {GV_NAME}, Zeile 4, Spalte „kreis_name“: Die Datei ist nicht UTF-8-kodiert: Das Byte 0xFC",
        ),
        (lambda text: b"", f"Datei {GV_NAME}: Die Datei ist leer."),
        (
            _semicolons,
            f"Datei {GV_NAME}, Zeile 1, Spalte „ars“: Diese Spalte fehlt in der Kopfzeile. Die Felder sind "
            "mit „;“ getrennt, erwartet wird „,“.",
        ),
        # defect 10: a Destatis symbol where the GV always gives a number was read as NULL
        (
            lambda text: _replace_cell(text, 40, "pop_total", ".").encode(),
            f"Datei {GV_NAME}, Zeile 40, Spalte „pop_total“: „.“ (Zahlenwert unbekannt oder geheimzuhalten) "
            "ist in dieser Spalte nicht vorgesehen",
        ),
        (
            lambda text: _replace_cell(text, 12, "pop_female", "-").encode(),
            f"Datei {GV_NAME}, Zeile 12, Spalte „pop_female“: „-“ (nichts vorhanden) ist in dieser Spalte",
        ),
        (
            lambda text: _replace_cell(text, 7, "area_km2", "").encode(),
            f"Datei {GV_NAME}, Zeile 7, Spalte „area_km2“: Hier wird eine Zahl erwartet, das Feld ist leer.",
        ),
    ],
    ids=[
        "truncated",
        "short-row",
        "latin-1",
        "empty",
        "semicolons",
        "dot-pop-total",
        "dash-female",
        "no-area",
    ],
)
def test_broken_gv_aborts_with_german_message_and_imports_nothing(tmp_path, broken, expected):
    base = _base(tmp_path, broken(_gv_slice()))
    regions_before = Region.objects.count()
    with pytest.raises(CommandError) as error, _settings(OFFICIAL_DATA_DIR=base):
        call_command("import-official", skip_checks=True)
    message = str(error.value)
    assert message.startswith("Import abgebrochen, nichts aus „Gemeindeverzeichnis 2024-Q4“ übernommen.")
    assert expected in message
    assert Region.objects.count() == regions_before


def _history_base(tmp_path: Path, vintage_1990: bytes) -> Path:
    """A base whose GV and boundaries are fine and whose first GV vintage (1990) is `vintage_1990`."""
    base = _base(tmp_path, _gv_slice().encode())
    official = Path(settings.OFFICIAL_DATA_DIR)
    shutil.copytree(official / "gebietsaenderungen", base / "gebietsaenderungen")
    (base / "boundaries").mkdir()
    square = '{"type":"Polygon","coordinates":[[[9,54],[9.1,54],[9.1,54.1],[9,54]]]}'
    (base / "boundaries" / "gemeinden_2022_simplified.geojson.gz").write_bytes(
        gzip.compress(
            (
                '{"type":"FeatureCollection","features":[{"type":"Feature",'
                f'"properties":{{"ars":"010010000000"}},"geometry":{square}}}]}}'
            ).encode()
        )
    )
    (base / "gemeindeverzeichnis" / "history").mkdir()
    (base / "gemeindeverzeichnis" / "history" / "gv_gemeinden_31121990.csv.gz").write_bytes(vintage_1990)
    return base


def _vintage_1990_lines(count: int) -> list[bytes]:
    path = Path(settings.OFFICIAL_DATA_DIR) / "gemeindeverzeichnis/history/gv_gemeinden_31121990.csv.gz"
    with gzip.open(path, "rb") as handle:
        return [next(handle) for _ in range(count)]


def _two_members(first: bytes, second: bytes, keep_of_second: int) -> bytes:
    """A gzip file of two members whose second is cut after `keep_of_second` compressed bytes."""
    return gzip.compress(first) + gzip.compress(second)[:keep_of_second]


@pytest.mark.parametrize(
    ("vintage", "expected"),
    [
        # The first member holds header + 20 Gemeinden (lines 1–21); the second is cut right after
        # its gzip header, so the data end with line 21 and nothing of line 22 arrived.
        (
            lambda lines: _two_members(b"".join(lines[:21]), b"".join(lines[21:]), 10),
            "Datei gv_gemeinden_31121990.csv.gz, Zeile 21: Die gzip-Datei ist abgeschnitten",
        ),
        # A damaged byte inside the compressed data of an otherwise complete file.
        (
            lambda lines: (lambda data: data[:200] + bytes([data[200] ^ 0xFF]) + data[201:])(
                gzip.compress(b"".join(lines))
            ),
            "Die gzip-Datei ist beschädigt, lesbar ist sie nur bis etwa zu dieser Zeile",
        ),
        (lambda lines: b"".join(lines), "Die Datei ist keine gzip-Datei"),
    ],
    ids=["truncated-gz", "corrupt-gz", "not-gz"],
)
def test_broken_gzip_aborts_with_german_message_and_imports_nothing(tmp_path, vintage, expected):
    base = _history_base(tmp_path, vintage(_vintage_1990_lines(60)))
    population_before = PopulationCount.objects.count()
    with pytest.raises(CommandError) as error, _settings(OFFICIAL_DATA_DIR=base):
        call_command("import-official", skip_checks=True)
    message = str(error.value)
    assert "nichts aus „Bevölkerungsreihen 1990–2023“ übernommen" in message
    assert expected in message
    assert PopulationCount.objects.count() == population_before


def test_an_unforeseen_file_defect_still_gives_a_german_message(tmp_path, monkeypatch):
    """The net behind the importers' own checks: no traceback, the source named, nothing written."""
    from leuchtfeuer.places.tests.official_subset import _import_command_module

    def broken_reader(path, day):
        raise AttributeError("'NoneType' object has no attribute 'strip'")

    monkeypatch.setattr(_import_command_module(), "read_gemeindeverzeichnis", broken_reader)
    base = _base(tmp_path, _gv_slice().encode())
    regions_before = Region.objects.count()
    with pytest.raises(CommandError) as error, _settings(OFFICIAL_DATA_DIR=base):
        call_command("import-official", skip_checks=True)
    assert str(error.value).startswith(
        "Import abgebrochen, nichts aus „Gemeindeverzeichnis 2024-Q4“ übernommen. Eine Datei in "
    )
    assert "ließ sich nicht verarbeiten (AttributeError: 'NoneType' object" in str(error.value)
    assert Region.objects.count() == regions_before
