"""Issue 7 journeys as people walk them: a returnee finds a job and a flat, sends the
Erhebungsbogen and confirms it from the e-mail; the Lotse sees the case with matched offers and
moves it on; the person exports and then deletes her data — only anonymous counts remain.

E-mails are read from django.core.mail.outbox (locmem backend; the live server runs in this
process). The `page` fixture fails on any foreign request, CSP violation or JavaScript error.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.models import Case, InquiryStat
from leuchtfeuer.portal.tests.factories import OfferFactory, PortalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "rita.rueckkehr@example.org"


@pytest.fixture
def town(municipality, role_user):
    portal = PortalFactory(
        municipality=municipality,
        title="Einfach Ankommen",
        contact_name="Lotte Lotsin",
        contact_phone="02751 123456",
    )
    altstadt = Ortsteil.objects.create(municipality=municipality, name="Altstadt")
    today = timezone.localdate()
    OfferFactory(
        municipality=municipality,
        kind="job",
        job_field="gesundheit",
        title="Pflegefachkraft im Seniorenheim",
        ortsteil=altstadt,
        ends_on=today + timedelta(days=60),
        contact_name="Frau Berg",
    )
    OfferFactory(
        municipality=municipality,
        kind="wohnung",
        job_field="",
        title="3-Zimmer-Wohnung am Stadtpark",
        ortsteil=altstadt,
        starts_on=today + timedelta(days=20),
    )
    OfferFactory(municipality=municipality, kind="job", job_field="it", title="Softwareentwicklerin")
    lotse = role_user(Role.LOTSE, municipality, email="lotsin@example.org", name="Lotte Lotsin")
    lotse.totp_secret = totp.generate_totp_secret()
    totp.activate(lotse, lotse.totp_secret)
    return portal, lotse


def _link(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", body)
    assert match, body
    return match.group(1)


def test_returnee_lotse_and_privacy_journey(page: Page, town, log_in, axe_check, live_server):
    portal, lotse = town
    slug = portal.municipality.slug

    # 1. The returnee arrives on the portal and takes the path for young families.
    page.goto(f"/ankommen/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Einfach Ankommen")
    expect(page.get_by_text("02751 123456")).to_be_visible()
    axe_check("Portal-Startseite")
    page.get_by_role("link", name="Junge Familien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Junge Familien")

    # She finds a job …
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Angebote").click()
    page.get_by_label("Art").select_option(label="Arbeit und Ausbildung")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("status")).to_have_text("2 Angebote")
    page.get_by_role("link", name="Pflegefachkraft im Seniorenheim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pflegefachkraft im Seniorenheim")
    expect(page.locator("main")).to_contain_text("Frau Berg")
    # … and a flat.
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Angebote").click()
    page.get_by_label("Art").select_option(label="Wohnen und Bauen")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="3-Zimmer-Wohnung am Stadtpark").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3-Zimmer-Wohnung am Stadtpark")

    # 2. She sends the Erhebungsbogen: without consent it is refused and nothing is stored.
    page.get_by_role("link", name="Persönliche Begleitung anfragen (Erhebungsbogen)").click()
    axe_check("Erhebungsbogen")
    page.get_by_label("Ihr Name").fill("Rita Rückkehr")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("In welcher Lebensphase sind Sie?").select_option(label="Junge Familien")
    page.get_by_label("Ich habe früher hier gelebt (Rückkehr)").check()
    page.get_by_label("Ich suche Arbeit im Berufsfeld").select_option(label="Gesundheit und Pflege")
    page.get_by_label("Ich suche zum Wohnen").select_option(label="Mietwohnung")
    page.get_by_label("Wir brauchen einen Kita-Platz").check()
    page.get_by_label("Wunsch-Ortsteil (freiwillig)").select_option(label="Altstadt")
    page.get_by_label("Wann möchten Sie kommen?").select_option(label="in den nächsten 3 Monaten")
    page.get_by_label("Wo leben Sie heute?").select_option(label="Berlin")
    page.get_by_role("button", name="Erhebungsbogen senden").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Ohne Ihre Einwilligung können wir die Angaben nicht speichern."
    )
    assert mail.outbox == []
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Erhebungsbogen senden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fast geschafft")
    assert not Case.objects.exists()

    # She confirms from the e-mail (double opt-in).
    assert mail.outbox[-1].to == [EMAIL]
    page.goto(_link(r"/ankommen/bestaetigen/[^/\s]+/"))
    page.get_by_role("button", name="Ja, Anfrage bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke, Ihre Anfrage ist bestätigt")
    case = Case.objects.get()
    assert mail.outbox[-1].to == [lotse.email]

    # 3. The Lotse logs in (two factors), sees the case with matched offers and moves it on.
    page.context.clear_cookies()
    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fälle")
    page.get_by_role("link", name=f"Fall #{case.pk}: Rita Rückkehr").click()
    matches = page.get_by_role("table", name="Passende Angebote mit Begründung")
    expect(matches).to_contain_text("Pflegefachkraft im Seniorenheim")
    expect(matches).to_contain_text("3-Zimmer-Wohnung am Stadtpark")
    expect(matches).to_contain_text("Berufsfeld „Gesundheit und Pflege“ wie gewünscht")
    expect(matches).to_contain_text("im gewünschten Ortsteil Altstadt")
    expect(matches).not_to_contain_text("Softwareentwicklerin")
    axe_check("Fall")
    page.get_by_label("Neuer Stand").select_option(label="im Gespräch")
    page.get_by_label("Notiz dazu (freiwillig)").fill("Erstgespräch am Telefon geführt.")
    page.get_by_role("button", name="Stand speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Stand geändert.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stand: im Gespräch")
    page.get_by_label("Betreff").fill("Ihr Besuch bei uns")
    page.get_by_label("Nachricht").fill("Wann passt Ihnen ein Besuch?")
    page.get_by_role("button", name="E-Mail senden").click()
    expect(page.get_by_role("status")).to_contain_text("E-Mail gesendet.")
    assert mail.outbox[-1].to == [EMAIL] and "Wann passt Ihnen ein Besuch?" in mail.outbox[-1].body
    case.refresh_from_db()
    assert case.stage == "gespraech"

    # 4. The person exports and then deletes her data.
    page.context.clear_cookies()
    page.goto("/meine-daten/")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("status")).to_contain_text("Der Link gilt 24 Stunden.")
    page.goto(_link(r"/meine-daten/[^/\s]+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(EMAIL)
    expect(page.locator("main")).to_contain_text("Erstgespräch am Telefon geführt.")
    axe_check("Meine Daten")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        exported = json.load(handle)
    assert exported["inquiries"][0]["name"] == "Rita Rückkehr"
    assert exported["cases"][0]["emails"][0]["subject"] == "Ihr Besuch bei uns"
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="PDF").click()
    with open(pdf_info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    page.get_by_role("link", name="Alle meine Daten löschen").click()
    page.get_by_role("button", name="Ja, endgültig löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Daten sind gelöscht")

    # Nothing of her remains but the anonymous count.
    for model in apps.get_app_config("portal").get_models():
        for obj in model.objects.all():
            values = " ".join(str(getattr(obj, f.attname, "")) for f in model._meta.concrete_fields)
            assert EMAIL not in values and "Rita" not in values, f"{model.__name__} #{obj.pk}"
    stat = InquiryStat.objects.get()
    assert stat.case is None and stat.life_phase == "junge-familie" and stat.outcome == "gespraech"


def test_portal_in_english_without_javascript(browser, live_server, town):
    portal, _lotse = town
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"/ankommen/{portal.municipality.slug}/")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="What do you need right now?")).to_be_visible()
    expect(page.locator(".portal")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Questionnaire", exact=True).click()
    expect(page.get_by_role("button", name="Send questionnaire")).to_be_visible()
    # Plain HTML forms work without JavaScript: an empty submit shows the English error summary.
    page.get_by_role("button", name="Send questionnaire").click()
    expect(page.get_by_role("heading", name="Please check your entries")).to_be_visible()
    context.close()
