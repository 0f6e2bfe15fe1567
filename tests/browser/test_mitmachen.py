"""Issue 21 in the browser: the "Mitmachen" page on a phone, filtered by interest without
JavaScript; a returnee registers for a Rückkehrertag with the opt-in and the Lots:in finds the
new case in her pipeline after the returnee clicked the confirmation link."""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.models import Case, EngagementDetails, Event
from leuchtfeuer.portal.tests.factories import EventFactory, OfferFactory, PortalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
SHOTS = Path(tempfile.gettempdir()) / "gatherings_shots"  # screenshots to look at


@pytest.fixture
def town(municipality, role_user):
    portal = PortalFactory(municipality=municipality, title="Einfach Ankommen", contact_name="Lotte Lotsin")
    nord = Ortsteil.objects.create(municipality=municipality, name="Nordstadt")
    for title, area, interests in (
        ("Gemischter Chor Nordstadt", "verein", ["musik", "kultur"]),
        ("Jugendfeuerwehr", "feuerwehr", ["feuerwehr", "kinder"]),
    ):
        offer = OfferFactory(
            municipality=municipality,
            kind="engagement",
            job_field="",
            title=title,
            ortsteil=nord,
            contact_name="Erika Ehrenamt",
            contact_email="kontakt@example.org",
            description="Wir freuen uns über neue Gesichter – ganz ohne Vorkenntnisse. " * 3,
        )
        EngagementDetails.objects.create(
            offer=offer,
            area=area,
            interests=interests,
            sought="Menschen jeden Alters, die gern mitmachen",
            hours_per_month=8,
            schedule="dienstags ab 19 Uhr im Vereinsheim",
        )
    event = EventFactory(
        municipality=municipality,
        title="Rückkehrertag im Rathaus",
        kind=Event.Kind.RETURNEE_DAY,
        capacity=20,
        repeat="monatlich",
        starts_at=timezone.now() + timedelta(days=9),
    )
    EventFactory(
        municipality=municipality,
        title="Rückkehrertag im Rathaus",
        kind=Event.Kind.RETURNEE_DAY,
        capacity=20,
        series=event,
        starts_at=timezone.now() + timedelta(days=39),
    )
    lotse = role_user(Role.LOTSE, municipality, email="lotsin@example.org", name="Lotte Lotsin")
    lotse.totp_secret = totp.generate_totp_secret()
    totp.activate(lotse, lotse.totp_secret)
    return portal, event, lotse


def _no_sideways_scroll(page: Page) -> None:
    # after the load event: under load a freshly opened page was measured before its stylesheet
    # applied (412 px, once in several runs)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} ist {width} px breit"


def test_mitmachen_on_a_phone_filtered_by_interest(page: Page, town, axe_check):
    portal, _, _ = town
    slug = portal.municipality.slug
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"/ankommen/{slug}/")
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Mitmachen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitmachen in")
    page.screenshot(path=str(SHOTS / "mitmachen-1280.png"), full_page=True)
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.get_by_label("Interesse").select_option("musik")
    page.get_by_role("button", name="Filtern").click()
    expect(page).to_have_url(re.compile(r"/mitmachen/\?interest=musik"))
    expect(page.get_by_role("heading", name="Gemischter Chor Nordstadt")).to_be_visible()
    expect(page.get_by_role("heading", name="Jugendfeuerwehr")).to_have_count(0)
    expect(page.get_by_text("findet monatlich statt")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "mitmachen-390.png"), full_page=True)
    axe_check("Mitmachen, gefiltert, 390 px")
    page.goto(f"/ankommen/{slug}/mitmachen/?sprache=leicht")
    _no_sideways_scroll(page)
    axe_check("Mitmachen in Leichter Sprache")
    page.goto(f"/ankommen/{slug}/mitmachen/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("in")
    _no_sideways_scroll(page)
    axe_check("Mitmachen auf Englisch")


def test_returnee_registers_with_opt_in_and_the_lotsin_finds_the_case(page: Page, town, log_in, axe_check):
    portal, event, lotse = town
    slug = portal.municipality.slug
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(f"/ankommen/{slug}/veranstaltungen/")
    expect(page.get_by_text("findet monatlich statt")).to_be_visible()
    page.get_by_role("link", name="Rückkehrertag im Rathaus").first.click()
    _no_sideways_scroll(page)
    axe_check("Anmeldung zum Rückkehrertag, 390 px")
    page.get_by_label("Ihr Name").fill("Rita Rückkehr")
    page.get_by_label("E-Mail-Adresse").fill("rita@example.org")
    page.get_by_label("Personen").fill("2")
    page.get_by_label("Ja, ich habe früher hier gelebt").check()
    page.get_by_label("Die Lots:in darf mich vor oder nach der Veranstaltung ansprechen").check()
    # Without the three answers the opt-in is refused in German; nothing is stored.
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte wählen Sie Ihre Lebensphase")
    assert not Case.objects.exists()
    page.get_by_label("In welcher Lebensphase sind Sie? (nur bei Ansprache)").select_option("junge-familie")
    page.get_by_label("Wann möchten Sie kommen? (nur bei Ansprache)").select_option("0-3")
    page.get_by_label("Wo leben Sie heute? (nur bei Ansprache)").select_option("11")
    page.get_by_label("Ich willige in die Verarbeitung wie beschrieben ein").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_text("Erst nach Ihrem Klick meldet sich die Lots:in bei Ihnen.")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "registered-390.png"), full_page=True)
    # Double opt-in: no case before the returnee clicks the link in the second e-mail.
    assert not Case.objects.exists()
    confirm = next(m for m in mail.outbox if "Kontaktwunsch" in m.subject)
    assert confirm.to == ["rita@example.org"]
    link = re.search(r"https?://[^/\s]+(/ankommen/\S+)", confirm.body)
    assert link, confirm.body
    page.goto(link.group(1))
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Ja, Anfrage bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("meldet sich bei Ihnen")

    case = Case.objects.get()
    assert case.event_registrations.get().email == "rita@example.org"
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/")
    page.get_by_role("link", name=f"Fall #{case.pk}: Rita Rückkehr").click()
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
    expect(page.get_by_text(f"über Veranstaltung: Rückkehrertag im Rathaus am {when}").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "case-1280.png"), full_page=True)


def test_lotsin_creates_a_monthly_series_in_the_event_form(page: Page, town, log_in, axe_check):
    portal, _, lotse = town
    slug = portal.municipality.slug
    log_in(lotse, next_url=f"/kommunen/{slug}/lotse/veranstaltungen/neu/")
    page.goto(f"/kommunen/{slug}/lotse/veranstaltungen/neu/")
    page.get_by_label("Art").select_option("willkommen")
    page.get_by_label("Titel").fill("Willkommensabend")
    page.get_by_label("Beginn").fill("2028-01-31T19:00")
    page.locator("#id_place").fill("Bürgerhaus")
    page.get_by_label("Plätze").fill("40")
    page.get_by_label("Wiederholung").select_option("monatlich")
    page.get_by_label("Anzahl der Termine (mit dem ersten)").fill("30")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Höchstens 24 Termine")
    axe_check("Veranstaltungsformular mit Fehler")
    page.get_by_label("Anzahl der Termine (mit dem ersten)").fill("3")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Veranstaltung gespeichert.")).to_be_visible()
    head = Event.objects.get(title="Willkommensabend", series=None)
    page.goto(f"/kommunen/{slug}/lotse/veranstaltungen/{head.pk}/")
    expect(page.get_by_role("heading", name="Termine der Reihe")).to_be_visible()
    expect(page.get_by_role("link", name="29.02.2028 19:00")).to_be_visible()
    expect(page.get_by_role("link", name="31.03.2028 19:00")).to_be_visible()
    page.set_viewport_size({"width": PHONE, "height": 844})
    _no_sideways_scroll(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "event-form-390.png"), full_page=True)
    axe_check("Veranstaltungsformular einer Reihe")


def test_belonging_answer_pages_in_english_on_a_phone(page: Page, town, axe_check):
    """The buddy sign-up, a pairing link and an engagement suggestion in English: 390 px, axe."""
    from leuchtfeuer.portal.belonging.buddies import pairings
    from leuchtfeuer.portal.belonging.buddies import services as buddy_services
    from leuchtfeuer.portal.belonging.engagement import services as engagement_services
    from leuchtfeuer.portal.models import Consent, Offer
    from leuchtfeuer.portal.tests.factories import CaseFactory

    portal, _, lotse = town
    municipality = portal.municipality
    buddy = buddy_services.buddy_signup(
        municipality=municipality,
        email="paula@example.org",
        data={"name": "Paula Pate", "languages": "Deutsch, Englisch", "capacity": 1, "about": "Chor"},
        consent_given=True,
        base_url="",
    )
    Consent.objects.filter(pk=buddy.consent_id).update(confirmed_at=timezone.now())
    buddy = buddy_services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")
    case = CaseFactory(inquiry__municipality=municipality, inquiry__interests=["musik"], lotse=lotse)
    pairing = pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
    offer = Offer.objects.get(title="Gemischter Chor Nordstadt")
    intro = engagement_services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="")
    SHOTS.mkdir(exist_ok=True)
    pages = (
        (
            "buddy-signup",
            f"/ankommen/{municipality.slug}/willkommenspate/?lang=en",
            "Become a welcome buddy",
        ),
        ("buddy-pairing", f"/ankommen/patenschaft/{pairing.newcomer_token}/?lang=en", "Welcome buddy in"),
        ("engagement-answer", f"/ankommen/mitmachen/vorschlag/{intro.token}/?lang=en", "Suggestion to get"),
    )
    for name, url, heading in pages:
        for width in (1280, PHONE):
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            page.screenshot(path=str(SHOTS / f"{name}-en-{width}.png"), full_page=True)
        _no_sideways_scroll(page)
        axe_check(f"{name} auf Englisch, 390 px")
