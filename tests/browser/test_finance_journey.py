"""Finance simulator journey: a person from a Land ministry builds a reform scenario for
Mecklenburg-Vorpommern (official test subset), sees the map and the town table, filters it, exports
the table, saves the scenario and opens a town's own page — at 1280 px and on a 390 px phone."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.finance import selectors
from leuchtfeuer.places.tests.official_subset import load_official_subset

pytestmark = pytest.mark.browser

PHONE = 390
# Set FINANCE_SCREENSHOTS=/some/dir to keep screenshots of every step for a look by eye.
SHOTS = os.environ.get("FINANCE_SCREENSHOTS", "")


@pytest.fixture
def official(transactional_db):
    load_official_subset()
    selectors._CACHE.clear()
    selectors._VERSION[:] = [0.0, ""]


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    # after a click the heading may be found before the stylesheet has loaded (under load the
    # page then measured 1106 px without its CSS): measure the page as it is shown
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url}: {width} px breit"
    unnamed = page.evaluate(
        """() => [...document.body.querySelectorAll('*')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
        .filter(e => e.getAttribute('tabindex') !== '0' || !e.getAttribute('aria-label'))
        .map(e => e.outerHTML.slice(0, 100))"""
    )
    assert not unnamed, unnamed


def test_build_reform_see_map_and_table_export_and_save(
    page: Page, official, log_in, user_factory, axe_check
):
    officer = user_factory(email="referat@finanzen.example", name="Fina Referentin")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(officer, next_url="/finanzen/")
    _shot(page, "01-start")
    axe_check("Finanz-Simulator, Start")
    page.get_by_role("link", name="Mecklenburg-Vorpommern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finanz-Simulator: Mecklenburg-Vorpommern")

    # A mistyped pot: a German message at the field, nothing computed.
    page.get_by_label("Topf in Euro").fill("hundert Millionen")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.get_by_role("alert")).to_contain_text("„hundert Millionen“ ist keine Zahl")
    expect(page.get_by_role("heading", name="Karte der Veränderung")).to_have_count(0)

    page.get_by_label("Topf in Euro").fill("100.000.000")
    page.get_by_label("Gewicht Einwohner:innen", exact=True).fill("70")
    page.get_by_label("Gewicht Fläche", exact=True).fill("30")
    page.get_by_label("Höchster Verlust je Gemeinde in %").fill("5")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.get_by_role("heading", name="Ergebnis für Mecklenburg-Vorpommern")).to_be_visible()
    summary = page.get_by_role("table", name="Kennzahlen von Status quo und Reform")
    expect(summary.get_by_role("row", name="Summe aller Zuweisungen")).to_contain_text("100.000.000,00 €")

    # The map of the change, with its legend; the table is its text alternative.
    karte = page.locator("figure svg[role=img]")
    expect(karte).to_be_visible()
    assert karte.locator("path").count() > 100
    expect(page.get_by_label("Legende der Karte")).to_contain_text("Zuwachs 10 % und mehr")
    _shot(page, "02-ergebnis-1280")
    axe_check("Finanz-Simulator, Ergebnis")

    # The town table: find the largest-area Gemeinde of the test subset and check it gains.
    page.get_by_label("Gemeinde suchen").fill("Feldberger")
    page.get_by_role("button", name="Anzeigen").click()
    row = page.get_by_role("region", name="Alle Gemeinden, seitlich scrollbar").locator(
        "tbody tr", has_text="Feldberger Seenlandschaft"
    )
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(3)).to_contain_text("+")  # difference in € is positive
    expect(row).to_contain_text("Fläche (hebt)")

    # Export the table: the CSV's reform column sums to the pot to the cent.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tabelle als CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows = [line for line in lines if line and line[0].isdigit() and len(line) > 6]
    assert sum(Decimal(line[6].replace(",", ".")) for line in rows) == Decimal("100000000")
    assert sum(Decimal(line[5].replace(",", ".")) for line in rows) == Decimal("100000000")

    # Save it under a name, then open a town's own page.
    page.get_by_label("Name des Szenarios").fill("Fläche 30 %, höchstens 5 % Verlust")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("ist gespeichert")
    page.goto("/finanzen/gemeinden/13071033/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feldberger Seenlandschaft")
    expect(page.locator("main table")).to_contain_text("Fläche 30 %, höchstens 5 % Verlust")
    axe_check("Was es für uns bedeutet")

    # The same pages on a phone: nothing scrolls sideways but the named tables.
    page.set_viewport_size({"width": PHONE, "height": 844})
    for path in ("/finanzen/", page.url):
        page.goto(path)
        _fits(page)
    page.goto("/finanzen/")
    page.get_by_role("link", name="Fläche 30 %, höchstens 5 % Verlust").click()
    expect(page.get_by_role("heading", name="Karte der Veränderung")).to_be_visible()
    expect(page.get_by_role("note").first).to_contain_text("Gespeichertes Szenario")
    _fits(page)
    _shot(page, "03-ergebnis-390")
