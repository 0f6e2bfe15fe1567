"""The public catalogue, a citizen's short application to a micro-funding call, and the office's
call form – each checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.funding.models import Application
from leuchtfeuer.funding.tests.factories import CallFactory, ProgrammeFactory
from leuchtfeuer.places.tests.factories import RegionFactory

pytestmark = pytest.mark.browser


def test_citizen_applies_with_the_short_form(page: Page, transactional_db, log_in, user_factory, axe_check):
    ProgrammeFactory(name="Mikroförderung Baukultur", lands=["16"], slug="mikro-baukultur")
    RegionFactory(ags="99000001", name="Beispielstadt, Stadt")
    CallFactory(
        slug="mikro", title="Mikroförderung 2027", short_form=True, applicant_types=["verein", "person"],
        budget=Decimal("10000"), max_request=Decimal("1500"), consulting_cap=None, material_cap=None,
    )  # fmt: skip
    page.goto("/foerderung/")
    expect(page.get_by_role("heading", name="Förderkatalog")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Länder: Thüringen")
    axe_check("Förderkatalog")
    page.get_by_role("link", name="Mikroförderung 2027").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mikroförderung 2027")
    axe_check("Aufruf")

    citizen = user_factory(email="buergerin@example.org")
    log_in(citizen, next_url="/foerderung/aufrufe/mikro/")
    page.get_by_role("link", name="Kurzantrag stellen (Verein oder Einzelperson)").click()
    page.get_by_label("Wer beantragt?").select_option("verein")
    page.get_by_label("Name des Vereins / Ihr Name").fill("Heimatverein Beispielstadt")
    page.get_by_label("Ort des Vorhabens").fill("99000001")
    page.get_by_label("Titel des Vorhabens").fill("Erzählcafé im Bahnhof")
    page.get_by_label("Was wollen Sie tun? (kurz)").fill("Ältere erzählen, Jüngere zeichnen auf.")
    page.get_by_label("Beantragte Summe (€)").fill("2.000")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.locator(".error-summary")).to_contain_text("Höchstens 1.500,00 € je Antrag.")
    axe_check("Kurzantrag mit Fehler")
    page.get_by_label("Beantragte Summe (€)").fill("750,00")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Alles da – der Antrag kann eingereicht werden.")).to_be_visible()
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator("main")).to_contain_text("fristgerecht eingereicht")
    application = Application.objects.get(title="Erzählcafé im Bahnhof")
    assert application.status == Application.Status.SUBMITTED and application.requested_amount == Decimal(
        "750.00"
    )
    axe_check("eingereichter Kurzantrag")


def test_office_call_form_is_accessible(page: Page, transactional_db, log_in, user_factory, axe_check):
    office = user_factory(email="gs@example.org", is_programme_office=True)
    office.totp_secret = totp.generate_totp_secret()
    totp.activate(office, office.totp_secret)
    cache.clear()
    log_in(office, next_url="/geschaeftsstelle/foerderung/aufrufe/neu/")
    expect(page.get_by_role("heading", name="Förderaufruf anlegen")).to_be_visible()
    axe_check("Aufruf anlegen")
    page.get_by_label("Titel").fill("Neuer Aufruf")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check("Aufruf anlegen mit Fehlern")
