"""Without JavaScript the Werkstatt still works: forms post and redirect, the gate answers in German."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leuchtfeuer.accounts.tests.factories import PASSWORD
from leuchtfeuer.werkstatt.models import Process
from leuchtfeuer.werkstatt.process import services as process_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stage_gate_and_forms_without_javascript(browser, live_server, coordinator, municipality, totp_code):
    process_services.process_start(actor=coordinator, municipality=municipality)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="de-DE")
    context.set_default_timeout(5_000)
    page = context.new_page()
    try:
        page.goto("/konto/login/")
        page.get_by_label("E-Mail").fill(coordinator.email)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Anmeldung").click()
        page.get_by_label("Code").fill(totp_code(coordinator.totp_secret))
        page.locator("main").get_by_role("button", name="Anmeldung").click()
        expect(page).not_to_have_url(re.compile(r"/konto/"))

        page.goto(f"/kommunen/{municipality.slug}/werkstatt/")
        page.get_by_role("button", name="Stufe „Kick-Off“ abschließen").click()
        expect(page.get_by_role("alert")).to_contain_text("Der Resilienz-Check ist noch nicht ausgefüllt.")

        page.goto(f"/kommunen/{municipality.slug}/werkstatt/kick-off/")
        page.get_by_label("Ziele des Prozesses", exact=True).fill("Bleiben, Zurückkommen, Ankommen")
        page.get_by_role("button", name="Ziele und Erwartungen speichern").click()
        expect(page).to_have_url(re.compile(r"/werkstatt/kick-off/$"))
        expect(page.get_by_role("status")).to_contain_text("Ziele und Erwartungen gespeichert.")
        assert Process.objects.get(municipality=municipality).objectives == "Bleiben, Zurückkommen, Ankommen"
    finally:
        context.close()
