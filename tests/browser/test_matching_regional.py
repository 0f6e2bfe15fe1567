"""Matching-Agentur, regional tools: a coordinator works out the compensation for a company
settlement (form → share table and map) and looks for a Resilienz-Verbund — with the real Malchin
and its neighbours from the official data, checked with axe and at 390 px width."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.tests.official_subset import load_official_subset
from tests.browser.test_narrow_screens import CULPRITS, PHONE, SCROLLERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LEUCHTFEUER_SCREENSHOTS", "")  # a folder: save screenshots there


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _fits_phone(page: Page) -> None:
    page.set_viewport_size({"width": PHONE, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, page.evaluate(CULPRITS, PHONE)
    for scroller in page.evaluate(SCROLLERS):
        assert scroller["tabindex"] == "0" and scroller["name"], scroller


@pytest.fixture
def coordinator(transactional_db, role_user):
    load_official_subset()
    malchin = Municipality.objects.create(
        region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin", display_name="Malchin"
    )
    user = role_user(Role.KOORDINATION, malchin, email="koordination@malchin.example")
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


def test_company_settlement_compensation_table(page: Page, coordinator, log_in, axe_check):
    log_in(coordinator, next_url="/matching/region/ausgleich/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Regionaler Ausgleich bei einer großen Ansiedlung"
    )
    page.get_by_label("Gemeinde der Ansiedlung").fill("Malchin")
    page.get_by_label("Neue Arbeitsplätze").fill("0")
    page.get_by_role("button", name="Anteile berechnen").click()
    expect(page.get_by_role("alert")).to_contain_text("Neue Arbeitsplätze")
    page.get_by_label("Neue Arbeitsplätze").fill("500")
    page.get_by_label("Ausgleichsbetrag in Euro (freiwillig)").fill("100.000")
    page.get_by_role("button", name="Anteile berechnen").click()
    table = page.locator("table#anteile")
    expect(table).to_contain_text("Teterow, Bergringstadt")
    expect(table).to_contain_text("Stavenhagen, Reuterstadt, Stadt")
    expect(page.locator("main")).to_contain_text(
        "Die Anteile ergeben zusammen 100 %, die Beträge zusammen 100.000,00 €"
    )
    expect(page.locator("figure.map svg path").first).to_be_attached()
    axe_check("Ausgleich")
    page.set_viewport_size({"width": 1280, "height": 900})
    _shot(page, "ausgleich-1280")
    _fits_phone(page)
    _shot(page, "ausgleich-390")


def test_verbund_proposals_for_a_town(page: Page, coordinator, log_in, axe_check):
    log_in(coordinator, next_url="/matching/region/verbund/")
    page.get_by_label("Ihre Gemeinde").fill("13071092")
    page.get_by_label("Gemeinsame Stelle für").select_option("klimaschutz")
    page.get_by_role("button", name="Verbünde vorschlagen").click()
    expect(
        page.get_by_role("heading", name="Vorschläge für Malchin, Stadt: gemeinsame Stelle für Klimaschutz")
    ).to_be_visible()
    expect(page.locator(".proposal-list > li").first).to_contain_text("Einwohner:innen")
    axe_check("Verbund")
    page.set_viewport_size({"width": 1280, "height": 900})
    _shot(page, "verbund-1280")
    _fits_phone(page)
    _shot(page, "verbund-390")
