"""Keyboard use and WCAG 2.1 A/AA checks (axe-core, vendored) on the pages of issue 2.

Every page visited here is also checked by the `page` fixture for requests to other hosts, for
Content-Security-Policy violations reported on the console and for JavaScript errors.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leuchtfeuer.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"),
                    type: el.getAttribute("type"), text: el.textContent.trim(),
                    outline: style.outlineStyle, left: el.getBoundingClientRect().left};
        }"""
    )


def tab_to(page, predicate, limit: int = 25) -> dict:
    """Press Tab until `predicate(focused element)` holds; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"not reached with {limit} × Tab; focus is on {focused(page)}")


@pytest.mark.parametrize("path", ["/", "/konto/login/"])
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, path):
    page.goto(path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert (first["tag"], first["text"]) == ("a", "Zum Inhalt springen")
    # Hidden off-screen until focused, then visible with a focus outline.
    assert first["left"] >= 0
    assert first["outline"] != "none"

    page.keyboard.press("Enter")
    assert (focused(page)["tag"], focused(page)["id"]) == ("main", "inhalt")
    # The next Tab continues after the start of the content, not in the header navigation.
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => {
            const main = document.querySelector("main");
            return main.contains(document.activeElement)
                || Boolean(main.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    ), f"after the skip link, Tab went to {focused(page)}"


def test_login_form_can_be_completed_with_the_keyboard_only(page, user_factory):
    citizen = user_factory(email="buergerin@example.org")
    page.goto("/konto/login/")

    email = tab_to(page, lambda el: el["name"] == "login")
    assert email["outline"] != "none", "the focused field has no visible focus indicator"
    page.keyboard.type(citizen.email)
    tab_to(page, lambda el: el["name"] == "password", limit=1)
    page.keyboard.type("ein-sicheres-passwort-123")
    button = tab_to(page, lambda el: el["tag"] == "button" and el["type"] == "submit", limit=5)
    assert button["text"] == "Anmeldung"
    assert button["outline"] != "none"
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Bereich")
    expect(page.locator("main")).to_contain_text("Angemeldet als buergerin@example.org")


def test_public_pages_have_no_wcag_violations(page, axe_check):
    response = page.goto("/")
    # The CSP is really sent, so "no violation on the console" below means something.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    axe_check("Startseite")

    page.goto("/konto/login/")
    axe_check("Anmeldung")

    page.goto("/konto/signup/")
    axe_check("Registrierung")

    # Error state: a wrong password.
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsches-passwort-123")
    page.locator("main").get_by_role("button", name="Anmeldung").click()
    expect(page.locator("main .errorlist")).to_contain_text("Passwort sind leider falsch")
    axe_check("Anmeldung mit falschem Passwort")

    # Error state: sign-up with passwords that do not match.
    page.goto("/konto/signup/")
    page.get_by_label("E-Mail").fill("neu@example.org")
    page.locator("#id_password1").fill("ein-sicheres-passwort-123")
    page.locator("#id_password2").fill("ein-anderes-passwort-456")
    page.locator("main").get_by_role("button", name="Registrieren").click()
    expect(page.locator("main .errorlist")).to_be_visible()
    axe_check("Registrierung mit Fehlern")


def test_staff_pages_have_no_wcag_violations(
    page, axe_check, coordinator, municipality, other_municipality, totp_code
):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(coordinator.email)
    page.get_by_label("Passwort").fill("ein-sicheres-passwort-123")
    page.locator("main").get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    axe_check("Zwei-Faktor-Code")
    page.get_by_label("Code").fill(totp_code(coordinator.totp_secret))
    page.locator("main").get_by_role("button", name="Anmeldung").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    axe_check("Mein Bereich")

    page.goto(f"/kommunen/{municipality.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(municipality.display_name)
    axe_check("Kommunen-Dashboard")

    # Error state: the Ortsteil form (htmx) sent empty shows an error summary in place.
    form = page.get_by_role("group", name="Ortsteil oder Quartier hinzufügen")
    form.get_by_role("button", name="Hinzufügen").click()
    summary = page.locator("#ortsteile .error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Name: Dieses Feld ist zwingend erforderlich.")
    axe_check("Kommunen-Dashboard, Ortsteil-Formular mit Fehler")

    # The same form without JavaScript's help (its own page) sent empty.
    page.goto(f"/kommunen/{municipality.slug}/ortsteile/neu/")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    axe_check("Ortsteil-Formular mit Fehlerübersicht")

    page.goto(f"/kommunen/{municipality.slug}/protokoll/")
    axe_check("Änderungsprotokoll")

    page.goto(f"/kommunen/{other_municipality.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kein Zugriff")
    axe_check("Kein Zugriff (403)")


def test_totp_set_up_pages_have_no_wcag_violations(page, axe_check, log_in, role_user, municipality):
    log_in(role_user(Role.TEAM, municipality))
    if "/reauthenticate/" in page.url:
        axe_check("Passwort bestätigen")
        page.get_by_label("Passwort").fill("ein-sicheres-passwort-123")
        page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/$"))
    axe_check("Authenticator-App aktivieren")

    # Error state: a wrong code.
    page.get_by_label("Authentifizierungscode").fill("000000")
    page.get_by_role("button", name="Aktivieren").click()
    expect(page.locator("main .errorlist")).to_be_visible()
    axe_check("Authenticator-App aktivieren, falscher Code")


def test_axe_check_reports_violations(page, axe_check):
    """The harness itself: a form field without a label must make the check fail."""
    page.goto("/")
    page.evaluate(
        """() => { const input = document.createElement("input");
                   input.type = "text"; document.querySelector("main").append(input); }"""
    )
    with pytest.raises(AssertionError, match=r"\[critical\] label"):
        axe_check("Startseite mit unbeschriftetem Feld")
