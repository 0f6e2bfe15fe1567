"""The first journeys of issue 2 as a person walks them: log in with two factors, work in the
own municipality, and be kept out of everything else.

The `page` fixture also fails each test on any request to another host, any CSP violation
the browser reports and any JavaScript error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.tests.factories import PASSWORD
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.places.models import Ortsteil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dashboard_url(municipality) -> str:
    return f"/kommunen/{municipality.slug}/"


def test_coordinator_logs_in_with_totp_and_adds_an_ortsteil(page, log_in, coordinator, municipality):
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/konto/login/$"))

    log_in(coordinator)
    # After password and code she lands on her own area, which links to her municipality.
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.get_by_role("link", name=municipality.display_name).click()

    expect(page).to_have_url(re.compile(re.escape(dashboard_url(municipality)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(municipality.display_name)
    expect(page.locator("#ortsteile")).to_contain_text("Noch keine Ortsteile eingetragen.")

    form = page.get_by_role("group", name="Ortsteil oder Quartier hinzufügen")
    form.get_by_label("Name").fill("Altstadt")
    form.get_by_label("Art").select_option(label="Quartier")
    with page.expect_response(re.compile(r"/ortsteile/neu/$")) as response_info:
        form.get_by_role("button", name="Hinzufügen").click()
    response = response_info.value
    # htmx swapped the list in place: no page load, the request carried the htmx header.
    assert response.request.headers.get("hx-request") == "true"
    assert response.status == 200
    expect(page).to_have_url(re.compile(re.escape(dashboard_url(municipality)) + "$"))

    ortsteile = page.locator("#ortsteile")
    expect(ortsteile.get_by_role("status")).to_contain_text("Ortsteil „Altstadt“ angelegt.")
    expect(ortsteile.get_by_role("listitem")).to_have_count(1)
    expect(ortsteile.get_by_role("listitem")).to_contain_text("Altstadt (Quartier)")
    # The form is empty again for the next entry.
    expect(form.get_by_label("Name")).to_have_value("")
    assert list(Ortsteil.objects.filter(municipality=municipality).values_list("name", "kind")) == [
        ("Altstadt", "quartier")
    ]

    page.get_by_role("link", name="Änderungsprotokoll ansehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Änderungsprotokoll")
    row = page.get_by_role("row").filter(has_text="Ortsteil Altstadt angelegt")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(coordinator.email)
    assert AuditEntry.objects.filter(municipality=municipality, action="ortsteil.create").count() == 1


def test_anonymous_visitor_is_sent_to_the_login_page(page, municipality):
    page.goto(dashboard_url(municipality))

    expect(page).to_have_url(re.compile(r"/konto/login/\?next=" + re.escape(dashboard_url(municipality))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung")
    expect(page.locator("main")).not_to_contain_text(municipality.display_name)


def test_coordinator_of_another_municipality_gets_no_access(
    page, log_in, coordinator, municipality, other_municipality
):
    # `coordinator` works for `municipality`; open the other one's dashboard.
    log_in(coordinator)
    response = page.goto(dashboard_url(other_municipality))

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Kein Zugriff")
    expect(page.locator("main")).to_contain_text("Sie haben keinen Zugriff auf diese Kommune.")
    expect(page.locator("main")).not_to_contain_text(other_municipality.display_name)


def test_staff_without_totp_must_set_it_up_before_any_municipality_page(
    page, log_in, role_user, municipality, totp_code
):
    coordinator = role_user(Role.KOORDINATION, municipality, email="ohne-totp@example.org")
    # The TOTP set-up page, or allauth's password confirmation in front of it (allauth asks for
    # the password again before any change to the second factor, even right after the login).
    forced_to_set_up = re.compile(
        r"/konto/(2fa/totp/activate/|reauthenticate/\?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F)$"
    )

    log_in(coordinator)
    expect(page).to_have_url(forced_to_set_up)
    expect(page.get_by_role("status")).to_contain_text("Bitte richten Sie zuerst die Zwei-Faktor-Anmeldung")

    # Typing the municipality's address, or her own area's, does not get past the set-up.
    page.goto(dashboard_url(municipality))
    expect(page).to_have_url(forced_to_set_up)
    page.goto("/dashboard/")
    expect(page).to_have_url(forced_to_set_up)
    expect(page.locator("main")).not_to_contain_text(municipality.display_name)

    if "/reauthenticate/" in page.url:
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Authenticator-App aktivieren")

    # She sets up her authenticator app with the secret shown on the page …
    secret = page.get_by_label("Authentifizierungsgeheimnis").input_value()
    page.get_by_label("Authentifizierungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Aktivieren").click()
    expect(page).not_to_have_url(re.compile(r"/konto/2fa/totp/activate/$"))
    assert coordinator.authenticator_set.filter(type="totp").exists()

    # … and from now on may open her municipality.
    page.goto(dashboard_url(municipality))
    expect(page.get_by_role("heading", level=1)).to_contain_text(municipality.display_name)
