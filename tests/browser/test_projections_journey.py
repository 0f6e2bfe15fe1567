"""Projections in the browser: the public fan chart with its table, and a coordinator who builds a
scenario and reads the difference to the baseline (plain forms, works without JavaScript too)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.tests.official_subset import load_official_subset

pytestmark = pytest.mark.browser


@pytest.fixture
def official(transactional_db):
    load_official_subset()


@pytest.fixture
def malchin_coordinator(official, role_user):
    region = Region.objects.get(level="gemeinde", ags="13071092")
    malchin = Municipality.objects.create(region=region, slug="malchin", display_name="Malchin")
    user = role_user(Role.KOORDINATION, malchin, email="kora@example.org", name="Kora Koordinatorin")
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


def test_profile_loads_a_missing_projection_after_the_page(page: Page, official):
    page.goto("/orte/13071092/")
    # the page is there at once; the projection follows when the engine has computed it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Malchin")
    section = page.locator("section.projection")
    expect(section.get_by_role("heading", name="Bevölkerungsvorausberechnung bis 2045")).to_be_visible(
        timeout=30_000
    )


def test_public_profile_shows_fan_chart_with_its_table(page: Page, official, axe_check):
    from leuchtfeuer.projections.current import warm

    warm(["13"])  # as `leuchtfeuer warm-projections` does after an import
    page.goto("/orte/13071092/")
    section = page.locator("section.projection")
    expect(section.get_by_role("heading", name="Bevölkerungsvorausberechnung bis 2045")).to_be_visible()
    expect(section.locator("svg[aria-labelledby^='prognose-faecher']")).to_be_visible()
    expect(section).to_contain_text("Altersaufbau aus dem Zensus 2022 (Stichtag 15.05.2022")
    # what drives the direction, in one sentence, and the components of every year
    expect(section.get_by_role("heading", name="Was die Entwicklung bestimmt")).to_be_visible()
    expect(section.locator(".projection-drivers")).to_contain_text("Sterbefälle")
    section.get_by_text("Datentabelle Vorausberechnung").click()
    table = section.get_by_role("table", name="Vorausberechnete Einwohnerzahl Malchin (gerundet)")
    expect(table).to_be_visible()
    expect(
        table.get_by_role("row", name=re.compile(r"^2023 \(amtlich, Alter geschätzt\) 7\.231"))
    ).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(r"^2045 "))).to_be_visible()
    expect(table.get_by_role("columnheader", name="Geburten")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Sterbefälle")).to_be_visible()
    expect(
        section.get_by_role("table", name="Personen je Altersgruppe am 31.12. (gerundet)")
    ).to_contain_text("Kita-Alter 0–5")
    axe_check("Kommunalprofil mit Vorausberechnung")


def test_coordinator_creates_scenario_and_sees_the_difference(
    page: Page, malchin_coordinator, log_in, axe_check
):
    log_in(malchin_coordinator)
    page.goto("/kommunen/malchin/")
    page.get_by_role("link", name="Zu den Szenarien").click()
    page.get_by_role("link", name="Neues Szenario anlegen").click()
    axe_check("Szenario-Editor")
    page.get_by_label("Name des Szenarios").fill("Rückkehrtage")
    first = page.get_by_role("group", name="Maßnahme 1")
    first.get_by_label("Art der Maßnahme").select_option("returnees")
    first.get_by_label("Anzahl pro Jahr").fill("20")
    first.get_by_label("Alter von").fill("25")
    first.get_by_label("Alter bis").fill("40")
    first.get_by_label("ab Jahr").fill("2026")
    second = page.get_by_role("group", name="Maßnahme 2")
    second.get_by_label("Art der Maßnahme").select_option("families")
    # only the fields a family measure uses stay visible
    expect(second.get_by_label("Alter von")).to_be_hidden()
    second.get_by_label("Anzahl pro Jahr").fill("5")
    second.get_by_label("ab Jahr").fill("2027")
    page.get_by_role("button", name="Speichern und Unterschied berechnen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Szenario „Rückkehrtage“")
    expect(page.get_by_role("main")).to_contain_text("20 Rückkehrende im Alter 25–40 pro Jahr ab 2026")
    expect(page.get_by_role("main")).to_contain_text("5 zuziehende Familien pro Jahr ab 2027")
    table = page.get_by_role("table", name="Einwohner:innen am 31.12. mit und ohne Maßnahmen (gerundet)")
    expect(table.get_by_role("row", name=re.compile(r"^2025 "))).to_contain_text("0")
    expect(table.get_by_role("row", name=re.compile(r"^2030 "))).to_contain_text("+")
    groups = page.get_by_role("table", name=re.compile("Personen je Altersgruppe am 31.12.: ohne Maßnahmen"))
    expect(groups).to_contain_text("Kita-Alter 0–5")
    # total, difference by group, and one chart per planning group (with its range where calibrated)
    assert page.locator("figure svg").count() == 7
    expect(page.get_by_role("img", name=re.compile("Kita-Alter 0–5 mit und ohne Maßnahmen"))).to_be_visible()
    axe_check("Szenario mit Unterschied")


def test_invalid_measure_gets_a_german_message(page: Page, malchin_coordinator, log_in):
    log_in(malchin_coordinator)
    page.goto("/kommunen/malchin/szenarien/neu/")
    page.get_by_label("Name des Szenarios").fill("Falsch")
    first = page.get_by_role("group", name="Maßnahme 1")
    first.get_by_label("Art der Maßnahme").select_option("returnees")
    first.get_by_label("Anzahl pro Jahr").fill("10")
    first.get_by_label("Alter von").fill("40")
    first.get_by_label("Alter bis").fill("20")
    first.get_by_label("ab Jahr").fill("2026")
    page.get_by_role("button", name="Speichern und Unterschied berechnen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Maßnahme 1: Das Alter „von“ (40) liegt über dem Alter „bis“ (20)."
    )
