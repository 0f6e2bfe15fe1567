"""The office orders voting-code letters (issue 19): the order answers at once with "wird
erstellt", a worker builds codes and PDF, the page offers the download with its 24-hour limit, and
the project page lists the order — at 1280 and 390 px, without sideways scrolling, axe WCAG 2.1 AA."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

from leuchtfeuer.participation.models import VotingCode
from tests.browser.phone import no_sideways_scroll, shot
from tests.browser.test_participation_journey import make_budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SHOTS = os.environ.get("SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_office_orders_letters_and_downloads_them(
    page: Page, axe_check, log_in, coordinator, municipality, settings, tmp_path, width
):
    settings.MEDIA_ROOT = tmp_path
    budget = make_budget(coordinator, municipality, running="ideas")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(coordinator)
    manage = f"/kommunen/{municipality.slug}/beteiligung/projekte/{budget.project.slug}/"
    with override_settings(TASKS=DB_TASKS):
        page.goto(manage + "#codes")
        codes = page.locator("#codes")
        expect(codes).to_contain_text("steht danach 24 Stunden zum Herunterladen bereit")
        codes.get_by_label("Anzahl der Briefe").fill("12")
        codes.get_by_label("Bezeichnung des Druckstapels").fill("Schulen Mai")
        codes.get_by_role("button", name="PDF mit Briefen erzeugen").click()
        status = page.get_by_role("status")
        expect(status).to_contain_text("Das Dokument wird erstellt …")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Briefe mit 12 Abstimmungscodes (Stapel Schulen Mai)"
        )
        assert not VotingCode.objects.exists()  # the worker makes the codes
        no_sideways_scroll(page)
        axe_check(f"Briefe werden erstellt ({width} px)")
        shot(page, SHOTS, f"briefe-wartet-{width}")

        call_command("worker", batch=True, verbosity=0)
        expect(status).to_contain_text("Das Dokument ist fertig.", timeout=15_000)
        expect(status).to_contain_text("Zum Herunterladen bereit bis")
        no_sideways_scroll(page)
        axe_check(f"Briefe fertig ({width} px)")
        shot(page, SHOTS, f"briefe-fertig-{width}")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == f"abstimmungscodes-{budget.project.slug}-schulen-mai.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert VotingCode.objects.filter(budget=budget).count() == 12

    page.goto(manage + "#codes")
    listed = page.locator("#codes li")
    expect(listed).to_contain_text("Briefe mit 12 Abstimmungscodes (Stapel Schulen Mai)")
    expect(listed.get_by_role("link", name="herunterladen")).to_be_visible()
    no_sideways_scroll(page)
    if SHOTS:
        page.locator("#codes").screenshot(path=f"{SHOTS}/briefe-liste-{width}.png")
