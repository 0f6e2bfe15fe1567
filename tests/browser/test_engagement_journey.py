"""Issue 21 journey: a Verein publishes an engagement offer (the town approves it), a newcomer
with matching interests sends the Erhebungsbogen, the Lots:in sees the offer on her case page and
suggests it, the newcomer agrees through the link in her e-mail, and only then does the Verein's
contact person receive her name and e-mail. Accessible (axe) and usable at 390 px.

E-mails are read from django.core.mail.outbox (locmem backend; the live server runs in this
process). Set ENGAGEMENT_SCREENSHOTS=/some/dir to keep screenshots of each step.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.models import Case, EngagementIntroduction, Offer
from leuchtfeuer.portal.tests.factories import PortalFactory
from tests.browser.phone import PHONE, fits_phone, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nora.neu@example.org"
CONTACT = "kontakt@chor-harmonie.example.org"
SHOTS = os.environ.get("ENGAGEMENT_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    shot(page, SHOTS, name)


def _fits_phone(page: Page, name: str) -> None:
    fits_phone(page, SHOTS, name)


def _link(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def town(municipality, role_user):
    portal = PortalFactory(municipality=municipality, title="Einfach Ankommen", contact_name="Lotte Lotsin")
    Ortsteil.objects.create(municipality=municipality, name="Nord")
    lotse = role_user(Role.LOTSE, municipality, email="lotsin@example.org", name="Lotte Lotsin")
    lotse.totp_secret = totp.generate_totp_secret()
    totp.activate(lotse, lotse.totp_secret)
    verein = role_user(
        Role.PARTNER, municipality, email="vorstand@chor-harmonie.example.org", name="Vera Vorstand"
    )
    return portal, lotse, verein


def test_verein_offer_to_consented_contact(page: Page, town, log_in, axe_check):
    portal, lotse, verein = town
    slug = portal.municipality.slug
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The Verein (a partner of the town) describes its offer.
    log_in(verein, next_url=f"/kommunen/{slug}/lotse/angebote/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Angebot")
    axe_check("Angebotsformular")
    _fits_phone(page, "01-angebot-formular")
    page.locator("#id_kind").select_option(label="Mitmachen und Ehrenamt")
    page.get_by_label("Titel").fill("Mitsingen im Gemischten Chor")
    page.get_by_label("Ortsteil").select_option(label="Nord")
    page.get_by_label("Kontaktperson").fill("Clara Chor")
    page.get_by_label("Kontakt-E-Mail").fill(CONTACT)
    page.locator("#id_area").select_option(label="Verein")
    page.get_by_label("Musik und Gesang").check()
    page.get_by_label("Zeit pro Monat (Stunden)").fill("4")
    page.locator("#id_schedule").fill("dienstags ab 19 Uhr")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("zur Prüfung eingereicht")
    offer = Offer.objects.get()
    assert offer.status == Offer.Status.SUBMITTED and offer.organisation is not None

    # 2. The town's Lots:in approves it; it appears on the public offer page in words.
    page.context.clear_cookies()
    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/angebote/")
    page.get_by_label("Entscheidung zu Mitsingen im Gemischten Chor").select_option(label="veröffentlichen")
    page.locator("tr", has_text="Mitsingen im Gemischten Chor").get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("veröffentlicht")
    page.goto(f"/ankommen/{slug}/angebote/{offer.pk}/")
    facts = page.locator("main")
    expect(facts).to_contain_text("ca. 4 Stunden im Monat")
    expect(facts).to_contain_text("dienstags ab 19 Uhr")
    expect(facts).to_contain_text("Musik und Gesang")
    axe_check("Engagement-Angebot")
    _fits_phone(page, "02-angebot")

    # 3. A newcomer who likes music sends the Erhebungsbogen and confirms it. (The public pages
    # need no login; the Lots:in's session stays in this browser because a second TOTP login
    # within the same 30-second window is refused as a replayed code.)
    page.goto(f"/ankommen/{slug}/erhebungsbogen/")
    page.get_by_label("Ihr Name").fill("Nora Neu")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("In welcher Lebensphase sind Sie?").select_option(label="Fachkräfte")
    page.get_by_label("Musik und Gesang").check()
    page.get_by_label("Wunsch-Ortsteil (freiwillig)").select_option(label="Nord")
    page.get_by_label("Wann möchten Sie kommen?").select_option(label="in den nächsten 3 Monaten")
    page.get_by_label("Wo leben Sie heute?").select_option(label="Berlin")
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Erhebungsbogen senden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fast geschafft")
    page.goto(_link(r"/ankommen/bestaetigen/[^/\s]+/"))
    page.get_by_role("button", name="Ja, Anfrage bestätigen").click()
    case = Case.objects.get()
    assert case.inquiry.interests == ["musik"]

    # 4. The Lots:in sees the offer on the case page, with reasons, and suggests it.
    page.goto(f"/kommunen/{slug}/lotse/faelle/{case.pk}/")
    section = page.locator("#mitmachen-bereich")
    expect(section.get_by_role("heading", level=2)).to_have_text("Mitmachen: passende Engagement-Angebote")
    expect(section).to_contain_text("passt zu Ihren Interessen: Musik und Gesang")
    expect(section).to_contain_text("im Wunsch-Ortsteil Nord")
    expect(section).to_contain_text("ca. 4 Stunden im Monat")
    axe_check("Fall mit Mitmachen")
    _fits_phone(page, "03-fall")
    mail.outbox.clear()
    section.get_by_role("button", name=re.compile("^vorschlagen")).click()
    expect(page.get_by_role("status")).to_contain_text("vorgeschlagen")
    expect(page.locator("#mitmachen-bereich")).to_contain_text("Antwort offen")
    [suggestion] = mail.outbox
    assert suggestion.to == [EMAIL] and suggestion.reply_to == [lotse.email]
    assert CONTACT not in suggestion.body

    # 5. The newcomer opens the link and agrees; only now does the Verein get her contact.
    page.goto(_link(r"/ankommen/mitmachen/vorschlag/[^/\s]+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitsingen im Gemischten Chor")
    axe_check("Vorschlag an die Person")
    _fits_phone(page, "04-vorschlag")
    assert len(mail.outbox) == 1
    page.get_by_role("button", name="Ja, Kontakt herstellen").click()
    expect(page.get_by_role("status")).to_contain_text("an die Kontaktperson weitergegeben")
    to_verein = mail.outbox[-1]
    assert to_verein.to == [CONTACT] and to_verein.reply_to == [EMAIL]
    assert "Nora Neu" in to_verein.body and EMAIL in to_verein.body
    assert EngagementIntroduction.objects.get().contact_sent_at is not None

    # 6. The case page shows the state.
    page.goto(f"/kommunen/{slug}/lotse/faelle/{case.pk}/")
    expect(page.locator("#mitmachen-bereich")).to_contain_text("Kontakt hergestellt")


@pytest.mark.parametrize("width", [1280, PHONE])
def test_shared_living_offer_shows_its_terms_and_the_towns_legal_note(page: Page, town, axe_check, width):
    from decimal import Decimal

    from leuchtfeuer.portal.models import Portal, SharedLivingDetails
    from leuchtfeuer.portal.tests.factories import OfferFactory

    portal, _lotse, _verein = town
    note = "Wohnen für Hilfe ist kein Arbeitsverhältnis; bitte vereinbaren Sie alles schriftlich."
    Portal.objects.filter(pk=portal.pk).update(shared_living_note=note)
    offer = OfferFactory(
        municipality=portal.municipality, kind="homesharing", job_field="", title="Zimmer gegen Gartenhilfe"
    )
    SharedLivingDetails.objects.create(
        offer=offer,
        form="homesharing",
        rent_eur=Decimal("100"),
        help_hours_per_month=20,
        help_tasks="Garten, Einkaufen",
        host="Seniorin, 79, mit Katze",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/ankommen/{portal.municipality.slug}/angebote/")
    expect(page.locator("main")).to_contain_text("100,00 € im Monat, warm")
    page.get_by_role("link", name="Zimmer gegen Gartenhilfe").click()
    main = page.locator("main")
    expect(main).to_contain_text("ca. 20 Stunden im Monat: Garten, Einkaufen")
    expect(main).to_contain_text("Seniorin, 79, mit Katze")
    expect(page.get_by_role("region", name="Rechtlicher Hinweis der Kommune")).to_contain_text(note)
    axe_check(f"Wohnen für Hilfe, {width} px")
    _shot(page, f"05-wohnen-fuer-hilfe-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
