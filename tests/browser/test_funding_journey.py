"""Funding journey: a coordinator applies with a data sheet pre-filled from the Kommunalprofil, a
reviewer scores, the office runs the selection and adopts it, and the town sees its grant and budget."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding.models import Application, Grant, ReviewerAssignment
from leuchtfeuer.funding.tests.factories import CallFactory, configure
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory
from leuchtfeuer.places.tests.official_subset import load_official_subset

pytestmark = pytest.mark.browser


@pytest.fixture
def official(transactional_db):
    load_official_subset()


def _with_totp(user):
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("link", name="Anmelden")).to_be_visible()
    cache.clear()  # used one-time codes: the next person logs in within the same 30 s window


def test_apply_review_select_and_see_the_grant(
    page: Page, official, log_in, role_user, user_factory, axe_check
):
    malchin = MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin", display_name="Malchin"
    )
    coordinator = _with_totp(role_user(Role.KOORDINATION, malchin, email="koordination@malchin.example"))
    reviewer = _with_totp(user_factory(email="gutachterin@example.org", name="Gutachterin"))
    office = _with_totp(user_factory(email="gs@example.org", is_programme_office=True))
    call = configure(CallFactory(title="Zukunftswerkstatt Testaufruf", slug="zwk-test"))
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)

    # 1. The coordinator starts an application: the data sheet is already filled in.
    log_in(coordinator, next_url="/foerderung/aufrufe/zwk-test/")
    page.get_by_role("button", name="Antrag für Malchin beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Antrag")
    expect(page.get_by_label("Einwohner:innen")).to_have_value("7.231")
    expect(page.locator("main")).to_contain_text("Quelle: Kommunalprofil")
    expect(page.get_by_text("Titel des Vorhabens fehlt.")).to_be_visible()
    axe_check("Antragsformular")
    page.get_by_label("Titel des Vorhabens").fill("Malchin bleibt")
    page.get_by_label("Kurzbeschreibung (Grobkonzept)").fill("Zukunftswerkstatt mit allen Generationen.")
    page.get_by_label("Beantragte Fördersumme insgesamt (€)").fill("80.000,00")
    page.get_by_label("Ratsbeschluss – erfüllt").check()
    page.get_by_label("Nachweis: Ratsbeschluss").fill("Beschluss der Stadtvertretung vom 12.03.")
    page.get_by_label("Wie zeigt sich der Wandel?").fill("Abwanderung junger Menschen, Alterung.")
    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page.locator("main")).to_contain_text("fristgerecht eingereicht")
    application = Application.objects.get(call=call, municipality=malchin)
    assert application.status == Application.Status.SUBMITTED
    _log_out(page)

    # 2. The reviewer scores every criterion.
    log_in(reviewer, next_url="/foerderung/begutachtung/")
    page.get_by_role("link", name=re.compile("jetzt bewerten")).click()
    page.get_by_label("Voraussetzungen (Gewicht 3): Punkte").select_option("5")
    page.get_by_label("Begründung: Voraussetzungen").fill("Beschluss liegt vor.")
    page.get_by_label("Übertragbarkeit (Gewicht 1): Punkte").select_option("4")
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.locator("main")).to_contain_text("Bewertung für „Malchin“ gespeichert")
    _log_out(page)

    # 3. The office runs the selection and adopts it.
    log_in(office, next_url="/geschaeftsstelle/foerderung/aufrufe/zwk-test/auswahl/")
    page.get_by_role("button", name="Auswahl berechnen").click()
    optimal = page.locator("section", has=page.get_by_role("heading", name="Optimierte Auswahl"))
    expect(optimal).to_contain_text("Malchin")
    expect(optimal).to_contain_text("80.000,00 €")
    axe_check("Auswahl")
    page.get_by_role("button", name="Diese Auswahl als Förderentscheidung übernehmen").click()
    expect(page.locator("main")).to_contain_text("1 Zuwendungen angelegt")
    _log_out(page)

    # 4. The town sees its grant and budget from its dashboard.
    log_in(coordinator, next_url="/kommunen/malchin/")
    expect(page.get_by_role("heading", name="Diese Programme passen zu Ihnen")).to_be_visible()
    page.get_by_role("link", name="Zukunftswerkstatt Testaufruf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuwendung")
    budget = page.get_by_role("table", name="Budget je Jahr und Posten")
    expect(budget).to_contain_text("30.000,00 €")
    expect(budget).to_contain_text("10.000,00 €")
    expect(page.locator(".facts")).to_contain_text("80.000,00 €")
    axe_check("Zuwendung")
    assert Grant.objects.get(municipality=malchin).budget_lines.count() == 4
