"""Issue 21 journey: a resident signs up as Willkommenspat:in and confirms her e-mail, the Lots:in
confirms her, proposes her on a case, the buddy and the newcomer accept through their personal
links, the contact details appear only then; four weeks later the reminder command opens the
check-in task and the Lots:in records how it goes. Accessible (axe) and usable at 390 px.

E-mails are read from django.core.mail.outbox (locmem backend; the live server runs in this
process). Set BUDDY_SCREENSHOTS=/some/dir to keep screenshots of each step.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing
from leuchtfeuer.portal.models import CaseTask
from leuchtfeuer.portal.tests.factories import CaseFactory, PortalFactory
from tests.browser.phone import fits_phone, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDDY_EMAIL = "paula.pate@example.org"
NEWCOMER_EMAIL = "nora.neu@example.org"
SHOTS = os.environ.get("BUDDY_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    shot(page, SHOTS, name)


def _fits_phone(page: Page, name: str) -> None:
    fits_phone(page, SHOTS, name)


def _link(pattern: str, to: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [to] and re.search(pattern, m.body))
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def town(municipality, role_user):
    portal = PortalFactory(municipality=municipality, title="Einfach Ankommen")
    raumland = Ortsteil.objects.create(municipality=municipality, name="Raumland")
    lotse = role_user(Role.LOTSE, municipality, email="lotsin@example.org", name="Lotte Lotsin")
    lotse.totp_secret = totp.generate_totp_secret()
    totp.activate(lotse, lotse.totp_secret)
    case = CaseFactory(
        inquiry__municipality=municipality,
        inquiry__name="Nora Neu",
        inquiry__email=NEWCOMER_EMAIL,
        inquiry__ortsteil=raumland,
        inquiry__interests=["sport"],
        lotse=lotse,
    )
    return portal, lotse, case


def test_buddy_from_signup_to_checkin(page: Page, town, log_in, axe_check):
    portal, lotse, case = town
    slug = portal.municipality.slug
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. A resident signs up on the town's portal (no login) and confirms her e-mail address.
    page.goto(f"/ankommen/{slug}/")
    page.get_by_role("link", name=re.compile("Werden Sie Willkommenspat:in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommenspat:in werden")
    axe_check("Anmeldung Pat:in")
    _fits_phone(page, "01-anmeldung")
    page.get_by_label("Ihr Name").fill("Paula Pate")
    page.get_by_label("E-Mail").fill(BUDDY_EMAIL)
    page.get_by_label("Telefon (freiwillig)").fill("0151 2345678")
    page.get_by_label("Sprachen, die Sie sprechen").fill("Deutsch, Englisch")
    page.get_by_label("Ihr Ortsteil (freiwillig)").select_option(label="Raumland")
    page.get_by_label("Sport und Bewegung").check()
    page.get_by_label("Wie viele neue Menschen").fill("9")
    page.get_by_role("button", name="Als Willkommenspat:in anmelden").click()
    # Refused in German, naming the fields; nothing stored.
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("1 bis 5")
    expect(summary).to_contain_text("Ohne Ihre Einwilligung")
    axe_check("Anmeldung mit Fehlern")
    assert not Buddy.objects.exists()
    page.get_by_label("Wie viele neue Menschen").fill("2")
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Als Willkommenspat:in anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bitte bestätigen Sie")
    page.goto(_link(r"/ankommen/pate-bestaetigen/[^/\s]+/", BUDDY_EMAIL))
    page.get_by_role("button", name="Ja, Anmeldung bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("bestätigt Ihre Anmeldung")

    # 2. The Lots:in confirms her in the list of buddies.
    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/willkommenspaten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommenspat:innen")
    axe_check("Liste der Pat:innen")
    _fits_phone(page, "02-liste")
    page.get_by_role("button", name=re.compile(r"^bestätigen\W+Paula Pate")).click()
    expect(page.get_by_role("status")).to_contain_text("Paula Pate: ist jetzt aktiv")
    expect(page.locator("main")).to_contain_text("2 freie Plätze")

    # 3. On the case page she is suggested with reasons; the Lots:in proposes her.
    page.goto(f"/kommunen/{slug}/lotse/faelle/{case.pk}/")
    section = page.locator("#paten-bereich")
    expect(section).to_contain_text("wohnt im gewünschten Ortsteil Raumland")
    expect(section).to_contain_text("gemeinsame Interessen: Sport und Bewegung")
    axe_check("Fall mit Vorschlägen")
    _fits_phone(page, "03-fall-vorschlaege")
    mail.outbox.clear()
    section.get_by_role("button", name=re.compile(r"^Pat:in vorschlagen\W+Paula Pate")).click()
    expect(page.get_by_role("status")).to_contain_text("Paula Pate ist vorgeschlagen")
    expect(page.locator("#paten-bereich")).to_contain_text("Kontaktdaten werden erst ausgetauscht")
    assert sorted(m.to[0] for m in mail.outbox) == [NEWCOMER_EMAIL, BUDDY_EMAIL]

    # 4. The newcomer sees the buddy's profile without contact details and accepts.
    page.goto(_link(r"/ankommen/patenschaft/[^/\s]+/", NEWCOMER_EMAIL))
    main = page.locator("main")
    expect(main).to_contain_text("Paula")
    expect(main).not_to_contain_text(BUDDY_EMAIL)
    expect(main).not_to_contain_text("0151")
    axe_check("Vorschlag an die neue Person")
    _fits_phone(page, "04-vorschlag-person")
    page.get_by_role("button", name="Zusagen").click()
    expect(page.get_by_role("status")).to_contain_text("Sie haben zugesagt")

    # 5. The buddy accepts; now both receive each other's contact details.
    mail.outbox.clear()
    pairing = BuddyPairing.objects.get()
    page.goto(f"/ankommen/patenschaft/{pairing.buddy_token}/")
    expect(page.locator("main")).to_contain_text("Nora")
    expect(page.locator("main")).not_to_contain_text(NEWCOMER_EMAIL)
    _fits_phone(page, "05-vorschlag-pate")
    page.get_by_role("button", name="Zusagen").click()
    expect(page.get_by_role("status")).to_contain_text("Beide haben zugestimmt")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert NEWCOMER_EMAIL in bodies[BUDDY_EMAIL] and BUDDY_EMAIL in bodies[NEWCOMER_EMAIL]

    # 6. The case page shows the contact; four weeks later the check-in task appears.
    pairing.refresh_from_db()
    assert pairing.status == "aktiv"
    call_command("portal-reminders", "--date", pairing.checkin_due_on.isoformat())
    assert CaseTask.objects.filter(case=case, title="Nachfrage Patenschaft").count() == 1
    page.goto(f"/kommunen/{slug}/lotse/faelle/{case.pk}/")
    expect(page.locator("#paten-bereich")).to_contain_text(BUDDY_EMAIL)
    expect(page.locator("main")).to_contain_text("Nachfrage Patenschaft")
    axe_check("Fall mit laufender Patenschaft")
    _fits_phone(page, "06-fall-aktiv")

    # 7. The Lots:in records the check-in (an empty note is refused in German first).
    section = page.locator("#paten-bereich")
    section.get_by_role("button", name="Nachfrage festhalten").click()
    expect(page.locator(".error-summary")).to_contain_text("Bitte schreiben Sie kurz auf, wie es läuft.")
    page.locator("#paten-bereich").get_by_label("Wie läuft es?").fill("Treffen sich jede Woche beim Sport.")
    page.locator("#paten-bereich").get_by_role("button", name="Nachfrage festhalten").click()
    expect(page.get_by_role("status")).to_contain_text("Die Nachfrage ist festgehalten")
    expect(page.locator("#paten-bereich")).to_contain_text("Treffen sich jede Woche beim Sport.")
    pairing.refresh_from_db()
    assert pairing.checkin_done_at is not None
    assert CaseTask.objects.get(case=case, title="Nachfrage Patenschaft").done_at is not None
