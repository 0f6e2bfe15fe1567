"""Knowledge journey as people walk it: a coordinator submits a Praxisbeispiel, the programme office
reviews it (asks for a change, then publishes), and it appears in the public German search."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.knowledge.models import Example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office_user(user_factory):
    user = user_factory(is_programme_office=True, email="redaktion@example.org", name="Gesa Geschäftsstelle")
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


@pytest.fixture
def sign_in(log_in):
    """log_in, but wait for a fresh 30-second TOTP window when the same person signs in again
    (allauth rightly refuses a code that was already used)."""
    last_window: dict[str, int] = {}

    def do(user):
        window = int(time.time()) // 30
        if last_window.get(user.email) == window:
            time.sleep(30 - time.time() % 30 + 0.2)
        log_in(user)
        last_window[user.email] = int(time.time()) // 30

    return do


def log_out(page):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("button", name="Abmelden").click()


def test_coordinator_submits_office_publishes_and_it_is_found(
    page, sign_in, coordinator, municipality, office_user, axe_check
):
    sign_in(coordinator)
    page.goto(f"/wissen/beispiele/neu/?kommune={municipality.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Praxisbeispiel anlegen")
    axe_check("Formular Praxisbeispiel")

    # A first attempt without a description is refused with a clear message and keeps the input.
    page.get_by_label(re.compile(r"^Titel")).fill("Rückkehrertag am zweiten Weihnachtstag")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Beschreibung")
    expect(page.get_by_label(re.compile(r"^Titel"))).to_have_value("Rückkehrertag am zweiten Weihnachtstag")

    page.get_by_label(re.compile(r"^Kurzbeschreibung")).fill(
        "Ein Treffen für alle, die über die Feiertage zu Besuch sind."
    )
    page.get_by_label(re.compile(r"^Beschreibung")).fill(
        "Am zweiten Weihnachtstag lädt die Stadt Rückkehrende und ihre Familien ins Rathaus ein; "
        "Betriebe stellen Stellen vor, die Kita-Leitung informiert über freie Kitaplätze."
    )
    handlungsfelder = page.get_by_role("group", name="Handlungsfelder")
    handlungsfelder.get_by_label("Rückkehr", exact=True).check()
    handlungsfelder.get_by_label("Willkommenskultur").check()
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Entwurf „Rückkehrertag am zweiten Weihnachtstag“ gespeichert"
    )
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#redaktion")).to_contain_text("eingereicht, in Prüfung")
    example = Example.objects.get()
    assert example.state == "eingereicht"

    # Not public yet.
    log_out(page)
    page.goto("/wissen/?q=Rückkehrertag")
    expect(page.get_by_role("status").first).to_contain_text("0 Treffer")

    # The programme office finds it in the editorial queue, asks for a change …
    sign_in(office_user)
    page.goto("/wissen/redaktion/")
    page.get_by_role("link", name="Rückkehrertag am zweiten Weihnachtstag").click()
    review = page.get_by_role("group", name="Prüfung durch die Geschäftsstelle")
    review.get_by_label("Überarbeitung erbitten").check()
    review.get_by_label("Nachricht an die Kommune").fill("Bitte nennen Sie, seit wann es den Tag gibt.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.locator("#redaktion")).to_contain_text("Überarbeitung erbeten")
    log_out(page)

    # … the coordinator adds the year and submits again …
    sign_in(coordinator)
    page.goto(f"/wissen/beispiele/{example.slug}/")
    expect(page.locator("#redaktion")).to_contain_text("Bitte nennen Sie, seit wann es den Tag gibt.")
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("seit (Jahr)").fill("2019")
    page.get_by_role("button", name="Änderungen speichern").click()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    log_out(page)

    # … and the office publishes it.
    sign_in(office_user)
    page.goto(f"/wissen/beispiele/{example.slug}/")
    page.get_by_role("group", name="Prüfung durch die Geschäftsstelle").get_by_label(
        "Veröffentlichen"
    ).check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("ist veröffentlicht")
    log_out(page)

    # Anyone finds it now – "Kita" finds "Kitaplätze", "Rueckkehr" finds "Rückkehrende".
    page.goto("/wissen/")
    page.get_by_label("Suchbegriff").fill("Rueckkehr Kita")
    page.get_by_role("button", name="Suchen").click()
    results = page.locator("#ergebnisse")
    expect(results.get_by_role("status")).to_contain_text("1 Treffer")
    hit = results.get_by_role("link", name=re.compile("Rückkehrertag am zweiten Weihnachtstag"))
    expect(hit).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    axe_check("Suchergebnisse")
    hit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rückkehrertag am zweiten Weihnachtstag")
    expect(page.locator("main")).to_contain_text("seit 2019")
    axe_check("Praxisbeispiel")
    example.refresh_from_db()
    assert (example.state, example.version) == ("veroeffentlicht", 2)


def test_facet_filter_with_htmx(page, office_user, make_example_browser):
    page.goto("/wissen/")
    expect(page.get_by_role("status").first).to_contain_text("2 Praxisbeispiele")
    with page.expect_response(re.compile(r"/wissen/\?")) as info:
        page.get_by_role("group", name="Handlungsfeld").get_by_label(re.compile("^Jugend")).check()
    assert info.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#ergebnisse").get_by_role("status")).to_contain_text("1 Praxisbeispiele")
    expect(page.locator("#ergebnisse")).to_contain_text("JugendParlament")
    # The swapped-in checkboxes work as well: adding a second field widens the result.
    with page.expect_response(re.compile(r"/wissen/\?")):
        page.get_by_role("group", name="Handlungsfeld").get_by_label(re.compile("^Rückkehr")).check()
    expect(page.locator("#ergebnisse").get_by_role("status")).to_contain_text("2 Praxisbeispiele")
    assert "handlungsfeld=jugend" in page.url and "handlungsfeld=rueckkehr" in page.url


@pytest.fixture
def make_example_browser(office_user):
    from leuchtfeuer.knowledge import services

    for title, field in (("JugendParlament", "jugend"), ("Rückkehrportal", "rueckkehr")):
        example = services.example_create(
            actor=office_user,
            municipality=None,
            data={"title": title, "summary": "Kurz.", "description": "Beschreibung."},
            terms={"handlungsfeld": [field]},
        )
        services.example_publish(actor=office_user, example=example)


def test_public_knowledge_pages_are_accessible(page, axe_check, office_user, municipality, role_user):
    import datetime as dt

    from django.utils import timezone

    from leuchtfeuer.accounts.models import Role
    from leuchtfeuer.knowledge import services
    from leuchtfeuer.knowledge.loader import load_documents

    load_documents()
    coordinator = role_user(Role.KOORDINATION, municipality)
    services.network_profile_update(
        actor=coordinator,
        municipality=municipality,
        listed=True,
        topics=["rueckkehr"],
        offers_hospitation=True,
    )
    start = timezone.now() + dt.timedelta(days=5)
    services.event_create(
        actor=office_user,
        title="Praxiswerkstatt Rückkehr",
        kind="praxiswerkstatt",
        description="Austausch.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location="Malchin",
        capacity=10,
    )
    for url, heading in (
        ("/wissen/umsetzungshilfen/", "Umsetzungshilfen"),
        ("/netzwerk/", "Netzwerk der Kommunen"),
        ("/netzwerk/veranstaltungen/", "Praxiswerkstätten und Online-Seminare"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(url)
    page.goto("/wissen/umsetzungshilfen/")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="„Erhebungsbogen für Rückkehrende und Zuziehende“ herunterladen"
        ).click()
    assert download.value.suggested_filename == "Erhebungsbogen-Rueckkehrende.docx"
