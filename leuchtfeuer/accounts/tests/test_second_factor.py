"""Security regressions of issue 13: the admin login, sessions without a second factor, the TOTP
tolerance, the lockout status, the client address behind proxies and hashed rate-limit keys."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.tests.factories import PASSWORD
from leuchtfeuer.core.net import client_ip

PROTECTED = ["/verwaltung/", "/geschaeftsstelle/foerderung/", "/api/v1/processes", "/dashboard/"]


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def code_at(secret: str, step_offset: int = 0) -> str:
    return totp.current_code(secret, steps_ahead=step_offset)


@pytest.fixture
def admin_with_totp(user_factory):
    admin = user_factory(is_superuser=True, is_staff=True)
    secret = totp.generate_totp_secret()
    totp.activate(admin, secret)
    admin.totp_secret = secret
    return admin


def test_admin_login_form_does_not_log_in(client, admin_with_totp):
    response = client.post(
        "/verwaltung/login/?next=/verwaltung/",
        {"username": admin_with_totp.email, "password": PASSWORD, "next": "/verwaltung/"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    for path in PROTECTED:
        assert client.get(path).status_code in {302, 401, 403}, path


def test_admin_login_has_no_unlimited_password_guessing(client, admin_with_totp):
    for _ in range(30):
        client.post("/verwaltung/login/", {"username": admin_with_totp.email, "password": "falsch"})
    client.post("/verwaltung/login/", {"username": admin_with_totp.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # The one login there is counts wrong passwords for this account.
    for _ in range(5):
        client.post("/konto/login/", {"login": admin_with_totp.email, "password": "falsch"})
    response = client.post("/konto/login/", {"login": admin_with_totp.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", PROTECTED)
def test_session_without_second_factor_reaches_nothing(client, admin_with_totp, path):
    # A password-only session (here Django's own login, as the admin form made it).
    assert client.login(email=admin_with_totp.email, password=PASSWORD)
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
        assert "zweitem Faktor" in response.json()["detail"]
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/?next=")
    # The session is ended, not just turned away once.
    assert "_auth_user_id" not in client.session


def test_account_pages_are_closed_to_a_session_without_its_second_factor(client, admin_with_totp):
    assert client.login(email=admin_with_totp.email, password=PASSWORD)
    response = client.get("/konto/password/change/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_role_without_second_factor_is_refused_on_the_api(client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    client.force_login(coordinator)  # no TOTP device yet
    response = client.get("/api/v1/processes")
    assert response.status_code == 403
    assert "Zwei-Faktor" in response.json()["detail"]


def test_full_two_factor_login_reaches_the_admin(client, admin_with_totp):
    response = client.post("/konto/login/", {"login": admin_with_totp.email, "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    response = client.post("/konto/2fa/authenticate/", {"code": code_at(admin_with_totp.totp_secret)})
    assert response.status_code == 302
    assert client.get("/verwaltung/").status_code == 200
    assert client.get("/api/v1/processes").status_code == 200


def test_admin_does_not_list_second_factor_devices(client, admin_with_totp):
    client.force_login(admin_with_totp)  # counts as a finished two-factor login (conftest)
    page = client.get("/verwaltung/")
    assert page.status_code == 200
    assert "/verwaltung/mfa/" not in page.content.decode()
    assert client.get("/verwaltung/mfa/authenticator/").status_code == 404


@pytest.mark.django_db(transaction=True)  # allauth signals the new device after commit
def test_setting_up_totp_verifies_the_session(client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    client.post("/konto/login/", {"login": coordinator.email, "password": PASSWORD})
    assert client.get("/dashboard/")["Location"] == "/konto/2fa/totp/activate/"
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    page = client.get("/konto/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/konto/2fa/totp/activate/", {"code": code_at(secret)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert client.get(f"/kommunen/{municipality.slug}/").status_code == 200


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-3, False)])
def test_totp_accepts_the_neighbouring_step(client, admin_with_totp, offset, accepted):
    client.post("/konto/login/", {"login": admin_with_totp.email, "password": PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": code_at(admin_with_totp.totp_secret, offset)})
    assert ("_auth_user_id" in client.session) is accepted


def test_a_used_code_is_refused_the_second_time(client, admin_with_totp):
    code = code_at(admin_with_totp.totp_secret)
    client.post("/konto/login/", {"login": admin_with_totp.email, "password": PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert "_auth_user_id" in client.session
    client.logout()
    client.post("/konto/login/", {"login": admin_with_totp.email, "password": PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert "_auth_user_id" not in client.session


# --- client address behind reverse proxies -------------------------------------------------


def _request(remote: str, xff: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "10.0.0.2"


def test_one_trusted_proxy_takes_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    # A forged entry in front of the proxy's own entry is ignored.
    assert client_ip(_request("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    # Not through the proxy (no header) or garbage in the proxy's entry: the peer address.
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.2", "kein-ip")) == "10.0.0.2"


def test_two_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    xff = "198.51.100.1, 203.0.113.7, 10.0.0.9"
    assert client_ip(_request("10.0.0.2", xff)) == "203.0.113.7"
    assert client_ip(_request("10.0.0.2", "[2001:db8::1]:443, 10.0.0.9")) == "2001:db8::1"


def _wrong_logins(client, n: int, xff: str, user_factory):
    response = None
    for i in range(n):
        email = f"gast{i}-{xff}@example.org"
        response = client.post(
            "/konto/login/", {"login": email, "password": "falsch"}, HTTP_X_FORWARDED_FOR=xff
        )
    return response


@pytest.mark.parametrize(("trusted", "second_client_blocked"), [(1, False), (0, True)])
def test_login_limit_per_client_behind_the_proxy(
    client, settings, user_factory, trusted, second_client_blocked
):
    settings.TRUSTED_PROXY_COUNT = trusted
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted
    # 20 wrong logins per address and minute: the 21st from one client is refused ...
    assert _wrong_logins(client, 20, "203.0.113.7", user_factory).status_code == 200
    assert _wrong_logins(client, 1, "203.0.113.7", user_factory).status_code == 429
    # ... while another visitor behind the same proxy still may try (unless the header is ignored).
    response = _wrong_logins(client, 1, "198.51.100.23", user_factory)
    assert (response.status_code == 429) is second_client_blocked


# --- rate-limit keys hold no personal data ---------------------------------------------------


def test_rate_limit_keys_hold_no_email_or_address(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    email = "ruth.rueckkehr@example.org"
    client.post("/meine-daten/", {"email": email}, HTTP_X_FORWARDED_FOR="203.0.113.77")
    client.post("/konto/login/", {"login": email, "password": "falsch"}, HTTP_X_FORWARDED_FOR="203.0.113.77")
    stored = " ".join(str(key) for key in cache._cache)  # LocMemCache (test settings)
    assert "leuchtfeuer:rate:portal:my_data_email:" in stored
    for secret in (email, "ruth.rueckkehr", "203.0.113.77"):
        assert secret not in stored
