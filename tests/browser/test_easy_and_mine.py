"""Issue 16 walk: the Leichte-Sprache pages, "Mein Bereich" and the coordinator's town page at 390 px
(no sideways scrolling of the page; wide tables scroll in their own named region), and axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.tests.official_subset import load_official_subset
from leuchtfeuer.portal.tests.factories import PortalFactory
from tests.browser.test_narrow_screens import PHONE, _measure
from tests.browser.test_participation_journey import make_budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(transactional_db):
    load_official_subset()
    region = Region.objects.get(level="gemeinde", ags="13071092")
    return Municipality.objects.create(region=region, slug="malchin", display_name="Malchin")


def test_leichte_sprache_pages_fit_a_phone_and_lead_to_the_real_forms(page: Page, town, role_user, axe_check):
    coordinator = role_user(Role.KOORDINATION, town, email="kora@example.org", name="Kora Koordinatorin")
    PortalFactory(municipality=town, title="Ankommen in Malchin")
    budget = make_budget(coordinator, town)
    project = budget.project
    page.set_viewport_size({"width": PHONE, "height": 844})
    pages = [
        "/?sprache=leicht",
        f"/ankommen/{town.slug}/?sprache=leicht",
        f"/ankommen/{town.slug}/erhebungsbogen/?sprache=leicht",
        f"/beteiligung/{town.slug}/{project.slug}/abstimmen/?sprache=leicht",
    ]
    problems = []
    for path in pages:
        problems += _measure(page, path)
        axe_check(path)
    assert not problems, "\n".join(problems)

    # From the normal vote page to Leichte Sprache and on to the ballot on the same page.
    page.goto(f"/beteiligung/{town.slug}/{project.slug}/abstimmen/")
    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.get_by_role("heading", name="Abstimmen in Leichter Sprache")).to_be_visible()
    expect(page.get_by_role("button", name="Stimme abgeben")).to_be_visible()
    page.get_by_role("link", name="Zurück zur Seite in Alltags-Sprache").click()
    expect(page.get_by_role("link", name="Leichte Sprache")).to_be_visible()


def test_coordinator_town_page_and_mein_bereich_fit_a_phone(page: Page, town, role_user, log_in, axe_check):
    coordinator = role_user(Role.KOORDINATION, town, email="kora@example.org", name="Kora Koordinatorin")
    for role, email in (
        (Role.TEAM, "team.mitglied.mit.langem.namen@example.org"),
        (Role.LOTSE, "lotsin@example.org"),
    ):
        role_user(role, town, email=email, name="Teammitglied mit einem langen Namen")
    coordinator.totp_secret = totp.generate_totp_secret()
    totp.activate(coordinator, coordinator.totp_secret)
    page.set_viewport_size({"width": PHONE, "height": 844})
    log_in(coordinator)
    problems = _measure(page, f"/kommunen/{town.slug}/") + _measure(page, "/dashboard/")
    assert not problems, "\n".join(problems)
    axe_check("Mein Bereich")
