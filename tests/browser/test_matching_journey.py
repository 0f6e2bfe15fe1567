"""Matching journey: an owner offers a space with consent, a project maker registers a search, the
agency approves both and proposes the pair, both accept – and only then see each other's contact."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.matching.models import Proposal, Seeker, Space
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory
from leuchtfeuer.places.tests.official_subset import load_official_subset

pytestmark = pytest.mark.browser


@pytest.fixture
def official(transactional_db):
    load_official_subset()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("link", name="Anmelden")).to_be_visible()
    cache.clear()


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px breit"


def test_owner_offers_agency_proposes_maker_accepts_contact_exchanged(
    page: Page, official, log_in, user_factory, axe_check
):
    MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin", display_name="Malchin"
    )
    owner = user_factory(email="erika@example.org", name="Erika Eigentümerin")
    maker = user_factory(email="paul@example.org", name="Paul Projekt")
    agent = user_factory(email="agentur@example.org", is_matching_agent=True)
    agent.totp_secret = totp.generate_totp_secret()
    totp.activate(agent, agent.totp_secret)

    # 1. The owner offers her shop; without consent the form says why and stores nothing.
    log_in(owner, next_url="/matching/raum-anbieten/")
    axe_check("Raum anbieten")
    page.get_by_label("Eigentümer:in", exact=True).check()
    page.get_by_role("combobox", name="Kommune").select_option(label="Malchin")
    page.get_by_label("Bezeichnung").fill("Ladenlokal am Markt")
    page.get_by_role("combobox", name="Art").select_option(label="Ladenlokal")
    page.get_by_label("Fläche (m²)").fill("85")
    page.get_by_role("combobox", name="Zustand").select_option(label="bezugsfertig")
    page.get_by_label("Miete ab (€ im Monat)").fill("450")
    page.get_by_label("frei ab").fill("2027-01-01")
    page.get_by_role("combobox", name="Barrierefreiheit").select_option(label="barrierefrei")
    page.get_by_label("Name der Eigentümer:in").fill("Erika Eigentümerin")
    page.get_by_label("E-Mail der Eigentümer:in").fill("erika@example.org")
    page.get_by_role("button", name="Raum eintragen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte willigen Sie ein")
    assert not Space.objects.exists()
    axe_check("Raum anbieten mit Fehler")
    page.get_by_label("Die Eigentümer:in willigt ein").check()
    page.get_by_role("button", name="Raum eintragen").click()
    expect(page.locator("main")).to_contain_text("der Raum ist eingetragen")
    expect(page.locator("main")).to_contain_text("Einwilligung der Eigentümer:in")
    _log_out(page)

    # 2. The project maker registers a search around Malchin.
    log_in(maker, next_url="/matching/suche-eintragen/")
    page.get_by_label("Ihr Vorhaben").fill("Repair-Café")
    page.get_by_label("Ladenlokal").check()
    page.get_by_label("Fläche mindestens (m²)").fill("60")
    page.get_by_label("Fläche höchstens (m²)").fill("150")
    page.get_by_label("Miete höchstens (€ im Monat)").fill("500")
    page.get_by_label("Wunschort (Gemeinde)").fill("Malchin")
    page.get_by_label("Umkreis (km)").fill("25")
    page.get_by_label("Ansprechperson").fill("Paul Projekt")
    page.get_by_role("textbox", name="E-Mail").fill("paul@example.org")
    page.get_by_label("Ich willige ein").check()
    page.get_by_role("button", name="Suche eintragen").click()
    expect(page.locator("main")).to_contain_text("Ihre Suche ist eingetragen")
    assert Seeker.objects.get().place.ags == "13071092"
    _log_out(page)

    # 3. The agency approves both and proposes the pair the engine scored, with its reasons.
    log_in(agent, next_url="/matching/agentur/")
    page.get_by_role("button", name="Freigeben: Ladenlokal am Markt", exact=True).click()
    page.get_by_role("button", name="Freigeben: Repair-Café", exact=True).click()
    expect(page.locator("main")).to_contain_text("passt: 60–150 m² gesucht, 85 m² frei")
    axe_check("Agentur")
    page.get_by_role("button", name="Vorschlagen: Ladenlokal am Markt für Repair-Café").click()
    expect(page.locator("main")).to_contain_text("gesendet")
    _log_out(page)

    # 4. The maker accepts: no contact yet.
    log_in(maker, next_url="/matching/mein-bereich/")
    page.get_by_role("link", name="Ladenlokal am Markt").click()
    expect(page.locator("main")).to_contain_text("Warum es passt")
    axe_check("Vorschlag")
    page.get_by_label("Ja, ich bin interessiert").check()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator("main")).to_contain_text("Danke für Ihre Antwort")
    expect(page.locator("main")).not_to_contain_text("erika@example.org")
    _log_out(page)

    # 5. The owner accepts: both see each other's contact.
    log_in(owner, next_url="/matching/mein-bereich/")
    page.get_by_role("link", name="Ladenlokal am Markt").first.click()
    page.get_by_label("Ja, ich bin interessiert").check()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator("main")).to_contain_text("Beide Seiten sind einverstanden")
    expect(page.locator("main")).to_contain_text("paul@example.org")
    assert Proposal.objects.get().status == Proposal.Status.CONTACT
    _log_out(page)
    log_in(maker, next_url=f"/matching/vorschlaege/{Proposal.objects.get().pk}/")
    expect(page.locator("main")).to_contain_text("erika@example.org")


def test_matching_pages_fit_a_narrow_screen(page: Page, official, log_in, user_factory, axe_check):
    MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin", display_name="Malchin"
    )
    agent = user_factory(email="agentur@example.org", is_matching_agent=True)
    agent.totp_secret = totp.generate_totp_secret()
    totp.activate(agent, agent.totp_secret)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/matching/")
    axe_check("Matching öffentlich")
    _no_horizontal_scroll(page)
    log_in(agent, next_url="/matching/agentur/")
    for url in (
        "/matching/agentur/",
        "/matching/raum-anbieten/",
        "/matching/suche-eintragen/",
        "/matching/mein-bereich/",
    ):
        page.goto(url)
        _no_horizontal_scroll(page)
