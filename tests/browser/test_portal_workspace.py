"""WCAG 2.1 AA (axe-core) on the Lotse's workspace pages and the English public pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.models import InquiryStat
from leuchtfeuer.portal.tests.factories import (
    CaseFactory,
    EventFactory,
    OfferFactory,
    PortalFactory,
    TrialApartmentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lotse(municipality, role_user):
    PortalFactory(municipality=municipality)
    OfferFactory(municipality=municipality, title="Pflegefachkraft")
    OfferFactory(municipality=municipality, title="Eingereicht", status="eingereicht")
    EventFactory(municipality=municipality)
    TrialApartmentFactory(municipality=municipality)
    for _ in range(6):
        CaseFactory(inquiry__municipality=municipality)
    user = role_user(Role.LOTSE, municipality, email="lotse@example.org")
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


@pytest.mark.parametrize(
    "path",
    [
        "",
        "angebote/",
        "angebote/neu/",
        "angebote/import/",
        "portal/",
        "geschichten/neu/",
        "veranstaltungen/neu/",
        "probewohnen/",
        "probewohnen/neu/",
        "willkommensbox/",
        "statistik/",
    ],
)
def test_workspace_page_is_accessible(page: Page, lotse, municipality, log_in, axe_check, path):
    log_in(lotse, next_url=f"/kommunen/{municipality.slug}/lotse/{path}")
    expect(page.get_by_role("navigation", name="Lotsenbereich")).to_be_visible()
    axe_check(f"Lotsenbereich {path or 'Fälle'}")
    assert InquiryStat.objects.count() == 6


@pytest.mark.parametrize("path", ["", "angebote/", "erhebungsbogen/", "veranstaltungen/", "probewohnen/"])
def test_english_public_page_is_accessible(page: Page, lotse, municipality, axe_check, path):
    page.goto(f"/ankommen/{municipality.slug}/{path}?lang=en")
    expect(page.locator(".portal")).to_have_attribute("lang", "en")
    axe_check(f"English {path}")
