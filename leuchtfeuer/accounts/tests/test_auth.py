"""Login, sign-up with e-mail verification, password reset, TOTP and the login rate limit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role, User
from leuchtfeuer.accounts.tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def current_code(secret: str) -> str:
    return totp.current_code(secret)


def login(client, email, password=PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def test_signup_needs_email_verification(client, db):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "lange-geheime-phrase-42",
            "password2": "lange-geheime-phrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert len(mail.outbox) == 1
    assert "/konto/confirm-email/" in mail.outbox[0].body
    # Logging in before confirming only leads back to the verification notice.
    client.logout()
    response = login(client, "neu@example.org", "lange-geheime-phrase-42")
    assert response["Location"] == "/konto/confirm-email/"
    assert client.get("/dashboard/").status_code == 302


def test_signup_with_missing_fields_shows_german_errors(client, db):
    response = client.post("/konto/signup/", {"email": "", "password1": "", "password2": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not User.objects.exists()


def test_password_reset_sends_mail(client, user_factory):
    user = user_factory(email="vergessen@example.org")
    response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_citizen_logs_in_with_email_and_password(client, user_factory):
    user = user_factory()
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    page = client.get("/dashboard/")
    assert "Sie sind als Bürger:in registriert" in page.content.decode()


def test_wrong_logins_are_rate_limited(client, user_factory):
    user = user_factory()
    for _ in range(5):
        response = login(client, user.email, "falsch")
        assert response.status_code == 200
    # Even the right password is refused while the limit holds, with a German message.
    response = login(client, user.email)
    assert response.status_code == 429
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_login_asks_for_totp_code(client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    secret = totp.generate_totp_secret()
    totp.activate(coordinator, secret)
    response = login(client, coordinator.email)
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    page = client.get(f"/kommunen/{municipality.slug}/")
    assert page.status_code == 200


def test_staff_without_totp_must_set_it_up_first(client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    login(client, coordinator.email)
    response = client.get(f"/kommunen/{municipality.slug}/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
    # Setting up a second factor asks for the password once more, then shows the QR code.
    response = client.get("/konto/2fa/totp/activate/")
    assert response["Location"].startswith("/konto/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/konto/2fa/totp/activate/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()


@pytest.mark.parametrize("kind", ["office", "admin", "team", "consultant", "mentor"])
def test_every_staff_role_needs_totp(client, user_factory, membership_factory, municipality, kind):
    roles = {"team": Role.TEAM, "consultant": Role.BERATUNG, "mentor": Role.MENTORING}
    user = user_factory(is_programme_office=kind == "office", is_superuser=kind == "admin")
    if kind in roles:
        membership_factory(user=user, municipality=municipality, role=roles[kind])
    client.force_login(user)
    assert client.get("/dashboard/")["Location"] == "/konto/2fa/totp/activate/"


def test_partner_and_citizen_do_not_need_totp(client, user_factory, membership_factory, municipality):
    partner = user_factory()
    membership_factory(user=partner, municipality=municipality, role=Role.PARTNER)
    client.force_login(partner)
    assert client.get("/dashboard/").status_code == 200


def test_account_pages_address_adults_formally(client, db):
    import re

    informal = re.compile(r"\b([Dd]u|[Dd]ein\w*|[Dd]ich|[Dd]ir)\b|\bBitte (versuche|wähle|gib|melde)\b")
    for path in ("/konto/login/", "/konto/signup/", "/konto/password/reset/"):
        html = client.get(path).content.decode()
        main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
        assert not informal.search(main), (path, informal.search(main))
    assert "Sie haben noch kein Konto?" in client.get("/konto/login/").content.decode()
