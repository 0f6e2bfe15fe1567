"""Probewohnen as people use it: two guests apply for overlapping weeks; the Lotse accepts one,
the other is refused with a clear message and goes onto the waiting list. Also checks the
accessibility of the calendar, the bookings page and the Datenwissen page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.models import TrialApplication, TrialNight
from leuchtfeuer.portal.tests.factories import PortalFactory, TrialApartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(municipality, role_user):
    PortalFactory(municipality=municipality, title="Wohnen auf Probe")
    apartment = TrialApartmentFactory(
        municipality=municipality, name="Wohnung am Markt", min_nights=7, max_nights=31
    )
    lotse = role_user(Role.LOTSE, municipality, email="lotse@example.org", name="Lutz Lotse")
    lotse.totp_secret = totp.generate_totp_secret()
    totp.activate(lotse, lotse.totp_secret)
    return apartment, lotse


def apply(page: Page, slug: str, apartment, name: str, email: str, arrival, departure) -> None:
    page.goto(f"/ankommen/{slug}/probewohnen/")
    page.get_by_role("link", name="Wohnung am Markt").click()
    page.get_by_label("Ihr Name").fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Anreise").fill(arrival.isoformat())
    page.get_by_label("Abreise").fill(departure.isoformat())
    page.get_by_label("Warum möchten Sie zur Probe wohnen?").fill("Wir überlegen, zurückzukommen.")
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Bewerbung senden").click()


def test_two_guests_one_week(page: Page, setup, log_in, axe_check):
    apartment, lotse = setup
    slug = apartment.municipality.slug
    start = timezone.localdate() + timedelta(days=14)

    apply(page, slug, apartment, "Anna", "anna@example.org", start, start + timedelta(days=7))
    expect(page.get_by_role("status")).to_contain_text("Ihre Bewerbung ist eingegangen")
    axe_check("Probewohnung mit Kalender")
    apply(
        page,
        slug,
        apartment,
        "Bernd",
        "bernd@example.org",
        start + timedelta(days=3),
        start + timedelta(days=10),
    )
    expect(page.get_by_role("status")).to_contain_text("Ihre Bewerbung ist eingegangen")

    def row(name: str):
        return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))

    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/probewohnen/{apartment.pk}/belegung/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wohnung am Markt")
    axe_check("Belegung")
    row("Anna").get_by_role("button", name="zusagen").click()
    expect(page.get_by_role("status")).to_contain_text("Zugesagt: Anna")
    booked = page.locator("td.booked")
    expect(booked).to_have_count(7)
    row("Bernd").get_by_role("button", name="zusagen").click()
    expect(page.get_by_role("status")).to_contain_text("bereits vergeben")
    row("Bernd").get_by_role("button", name="Warteliste").click()
    expect(page.get_by_role("list").filter(has_text="Bernd")).to_be_visible()
    assert TrialNight.objects.count() == 7
    assert dict(TrialApplication.objects.values_list("name", "status")) == {
        "Anna": "angenommen",
        "Bernd": "warteliste",
    }

    page.goto(f"/kommunen/{slug}/lotse/statistik/")
    expect(page.get_by_role("table", name="Anfragen nach Lebensphase")).to_be_visible()
    axe_check("Datenwissen")
