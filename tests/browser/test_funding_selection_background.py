"""The selection of a large call runs in a worker (issue 19): the office clicks, the page says
'Die Auswahl wird berechnet …' at once, notices by itself when the worker is done and shows the
result – at 1280 and 390 px, accessible, without horizontal scrolling."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import ReviewerAssignment
from leuchtfeuer.funding.selection import services as selection_services
from leuchtfeuer.funding.tests.factories import CallFactory, configure
from leuchtfeuer.funding.tests.test_services import _submitted
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.browser

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SHOTS = os.environ.get("SCREENSHOTS")


@pytest.fixture
def scored_call(transactional_db, role_user, user_factory, monkeypatch):
    """Three scored applications; 'large' from one candidate on (a real large call has 60+)."""
    monkeypatch.setattr(selection_services, "BACKGROUND_FROM", 1)
    office = user_factory(email="gs@example.org", is_programme_office=True)
    office.totp_secret = totp.generate_totp_secret()
    totp.activate(office, office.totp_secret)
    reviewer = user_factory()
    call = configure(CallFactory(title="Mikroförderung Testaufruf", slug="mikro-test"))
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    for i, points in enumerate((5, 4, 1)):
        town = MunicipalityFactory(region=RegionFactory(ags=f"9900{i}001", kreis_code=f"9900{i}"))
        application = _submitted(call, town, role_user(Role.KOORDINATION, town))
        services.review_save(
            actor=reviewer, application=application, scores={c.pk: (points, "") for c in call.criteria.all()}
        )
        services.application_check_prerequisites(
            actor=office,
            application=application,
            checks={str(i.pk): {"met": True} for i in call.items.filter(kind="voraussetzung")},
        )
    call.budget = Decimal("160000")
    call.save()
    return call, office


@pytest.mark.parametrize("width", [1280, 390])
def test_selection_runs_in_the_background(page: Page, scored_call, log_in, axe_check, width):
    call, office = scored_call
    page.set_viewport_size({"width": width, "height": 900})
    with override_settings(TASKS=DB_TASKS):
        log_in(office, next_url=f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/auswahl/")
        page.get_by_role("button", name="Auswahl berechnen").click()
        status = page.get_by_role("status").filter(has_text="Die Auswahl wird berechnet …")
        expect(status).to_be_visible()
        expect(page.locator("main")).to_contain_text("wird im Hintergrund berechnet")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        axe_check(f"Auswahl wird berechnet ({width} px)")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/auswahl-wartet-{width}.png", full_page=True)
        call_command("worker", batch=True, verbosity=0)
        expect(page.get_by_text("Die Auswahl ist berechnet.")).to_be_visible(timeout=15_000)
        page.get_by_role("link", name="Ergebnis anzeigen").click()
    optimal = page.locator("section", has=page.get_by_role("heading", name="Optimierte Auswahl"))
    expect(optimal).to_contain_text("160.000,00 €")
    expect(page.get_by_role("button", name="Neu berechnen")).to_be_visible()
