"""A document built by a worker (issue 19): the link opens 'Das Dokument wird erstellt …' at
once, the page notices by itself when the worker is done and offers the download – at 1280 and
390 px, without horizontal scrolling, accessible (axe), under the strict CSP."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
KIT = "/werkstatt/methodenkoffer/moderationsplan-zukunftswerkstatt.pdf"
SHOTS = os.environ.get("SCREENSHOTS")  # a folder: keep screenshots to look at


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_waiting_page_then_download(page: Page, axe_check, settings, tmp_path, width):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": width, "height": 800})
    with override_settings(TASKS=DB_TASKS):
        response = page.goto(KIT)
        assert response.status == 202
        status = page.get_by_role("status")
        expect(status).to_contain_text("Das Dokument wird erstellt …")
        expect(page.get_by_role("heading", level=1)).to_have_text("Moderationsplan Zukunftswerkstatt (PDF)")
        expect(page.get_by_role("link", name="Erneut prüfen")).to_be_visible()
        _fits(page)
        axe_check(f"Dokument wird erstellt ({width} px)")
        _shot(page, f"dokument-wartet-{width}")

        call_command("worker", batch=True, verbosity=0)
        # htmx asks every 2 s; the status region announces the result
        expect(status).to_contain_text("Das Dokument ist fertig.", timeout=15_000)
        _fits(page)
        axe_check(f"Dokument fertig ({width} px)")
        _shot(page, f"dokument-fertig-{width}")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="moderationsplan-zukunftswerkstatt.pdf herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "moderationsplan-zukunftswerkstatt.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_failed_build_offers_to_try_again(page: Page, axe_check, settings, tmp_path, monkeypatch):
    from leuchtfeuer.core import generated

    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": 390, "height": 800})
    real = generated.BUILDERS["werkstatt-doc"]

    def broken(payload):
        raise OSError("Schriftart fehlt")

    monkeypatch.setitem(generated.BUILDERS, "werkstatt-doc", broken)
    response = page.goto(KIT)  # immediate backend: all three attempts fail in the request
    assert response.status == 500
    expect(page.get_by_role("alert")).to_contain_text("Das Dokument konnte nicht erstellt werden.")
    _fits(page)
    axe_check("Dokument nicht erstellt")
    _shot(page, "dokument-fehler-390")
    monkeypatch.setitem(generated.BUILDERS, "werkstatt-doc", real)
    page.get_by_role("link", name="Erneut versuchen").click()
    expect(page.get_by_role("status")).to_contain_text("Das Dokument ist fertig.")


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_page_refreshes_itself(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        with override_settings(TASKS=DB_TASKS):
            page.goto(KIT)
            expect(page.get_by_role("status")).to_contain_text("Das Dokument wird erstellt …")
            call_command("worker", batch=True, verbosity=0)
            # the <noscript> refresh (5 s) asks again and finds it done
            expect(page.get_by_role("status")).to_contain_text("Das Dokument ist fertig.", timeout=15_000)
            with page.expect_download() as download_info:
                page.get_by_role("link", name="moderationsplan-zukunftswerkstatt.pdf herunterladen").click()
        assert download_info.value.suggested_filename == "moderationsplan-zukunftswerkstatt.pdf"
    finally:
        context.close()
