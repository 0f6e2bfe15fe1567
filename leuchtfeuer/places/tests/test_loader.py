"""Loader: idempotent writes, one transaction per source, nothing written on a malformed file.

The official subset may already be committed in the test database (session fixture used by other
tests), so these tests use a fictional Gemeinde (Land 99) and their own source codes ("test-…").
"""

from __future__ import annotations

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
    with pytest.raises(CommandError) as error, _settings(OFFICIAL_DATA_DIR=base):
        call_command("import-official", skip_checks=True)
    message = str(error.value)
    assert "nichts aus „Gemeindeverzeichnis 2024-Q4“ übernommen" in message
    assert "Datei gv_gemeinden_2024Q4.csv, Zeile 50, Spalte „ags“" in message
    assert Region.objects.count() == regions_before


def _settings(**kwargs):
    from django.test import override_settings

    return override_settings(**kwargs)
