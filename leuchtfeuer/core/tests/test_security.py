"""Security baseline: CSP, no third-party hosts, production deploy check, demo only in dev."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from leuchtfeuer.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]


def test_start_page_explains_platform_and_sets_strict_csp(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bleiben, Zurückkommen, Ankommen" in html
    # the window title reads as words ("WillkommenLeuchtfeuer" before), other pages end in "– Leuchtfeuer"
    assert "<title>Leuchtfeuer – Orientierung für Kommunen im demografischen Wandel</title>" in html
    login = client.get("/konto/login/").content.decode()
    assert re.search(r"<title>\s*Anmeldung\s+– Leuchtfeuer</title>", login)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_pages_reference_no_other_host(client, db):
    """Every src/href on public pages is relative (vendored assets, no CDN, no fonts elsewhere)."""
    for url in ["/", "/konto/login/", "/konto/signup/", "/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href|action)="((?:https?:)?//[^"]+)"', html)
        assert external == [], (url, external)
        assert "<script>" not in html  # no inline script (CSP would block it anyway)


def test_htmx_is_vendored():
    assert (ROOT / "leuchtfeuer/static/vendor/htmx-2.0.11.min.js").stat().st_size > 40_000


def test_forms_are_csrf_protected(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403


def _run(args, **env):
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright in conftest, never in prod
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "leuchtfeuer.manage", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_for_production_settings():
    result = _run(
        ["check", "--deploy", "--settings=config.settings.prod", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="leuchtfeuer.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _run(["check", "--settings=config.settings.prod"], DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@override_settings(DEMO_CONTENT_ALLOWED=False)
def test_demo_accounts_are_never_created_in_production(db):
    from leuchtfeuer.home.demo import demo_load

    with pytest.raises(ImproperlyConfigured):
        demo_load()
    assert not User.objects.exists()
