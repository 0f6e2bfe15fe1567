"""Every Werkstatt page passes axe-core's WCAG 2.1 A/AA rules with realistic content, for the
coordinator (all forms) and the mentor (read-only)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("", "begonnen am"),
    ("kick-off/", "Kick-Off"),
    ("resilienz-check/", "Resilienz-Check"),
    ("kommunalprofil/", "Kommunalprofil"),
    ("zukunftswerkstatt/", "Zukunftswerkstatt"),
    ("zukunftswerkstatt/termine/neu/", "Zukunftswerkstatt planen"),
    ("plan/", "Werkstattplan"),
    ("plan/versionen/1/?mit=aktuell", "Werkstattplan Version 1"),
    ("plan/massnahmen/neu/", "Neue Maßnahme"),
    ("plan/indikatoren/neu/", "Neuer Indikator"),
    ("zwischenbilanz/", "Zwischenbilanz"),
    ("aufgaben/", "Aufgaben"),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def full_process(coordinator, municipality):
    process = process_services.process_start(actor=coordinator, municipality=municipality)
    for complete in (
        builders.complete_kickoff,
        builders.complete_kommunalprofil,
        builders.complete_zukunftswerkstatt,
    ):
        complete(coordinator, process)
        process_services.stage_close(actor=coordinator, process=process)
    builders.complete_werkstattplan(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    measure = process.measures.get()
    plan_services.measure_update(actor=coordinator, measure=measure, title="Rückkehrertag jährlich")
    indicator_services.indicator_reading_add(
        actor=coordinator, indicator=process.indicators.get(), date=date(2025, 11, 1), value=60
    )
    process_services.task_create(
        actor=coordinator, process=process, title="Saal buchen", due_date=date(2025, 1, 1)
    )
    process_services.comment_add(
        actor=coordinator, process=process, stage="zwischenbilanz", text="Bitte Fotos sammeln"
    )
    return process


def test_every_page_is_accessible_for_the_coordinator(
    page, log_in, coordinator, municipality, full_process, axe_check
):
    log_in(coordinator)
    base = f"/kommunen/{municipality.slug}/werkstatt/"
    measure = full_process.measures.get()
    indicator = full_process.indicators.get()
    for path, heading in [
        *PAGES,
        (f"plan/massnahmen/{measure.pk}/", "Rückkehrertag jährlich"),
        (f"plan/indikatoren/{indicator.pk}/", "Besuchende am Rückkehrertag"),
    ]:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        axe_check(path or "Übersicht")


def test_mentor_reads_everything_without_edit_forms(
    page, log_in, role_user, municipality, full_process, axe_check, totp_code
):
    from leuchtfeuer.accounts import totp

    mentor = role_user(Role.MENTORING, municipality, email="mentor@example.org")
    mentor.totp_secret = totp.generate_totp_secret()
    totp.activate(mentor, mentor.totp_secret)
    log_in(mentor)
    base = f"/kommunen/{municipality.slug}/werkstatt/"
    page.goto(base + "plan/")
    expect(page.get_by_role("button", name="Werkstattplan beschließen")).to_have_count(0)
    expect(page.get_by_role("link", name="Maßnahme anlegen")).to_have_count(0)
    axe_check("Werkstattplan (Mentor)")
    page.goto(base)
    expect(page.get_by_role("button", name="Stufe „Zwischenbilanz“ abschließen")).to_have_count(0)
    page.goto(base + "zwischenbilanz/")
    page.get_by_role("textbox", name="Anmerkung (Pflichtfeld)").fill(
        "Gute Idee aus Bad Berleburg: feste Ansprechperson."
    )
    page.get_by_role("button", name="Anmerkung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Anmerkung gespeichert.")
    expect(page.locator(".comment").last).to_contain_text("feste Ansprechperson")
