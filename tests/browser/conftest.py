"""Shared fixtures for the browser tests: one headless Debian Chromium per session, a fresh
browser context per test, and a page that fails the test if it talks to any other host than
the live server or if the browser reports a Content-Security-Policy violation.

Never `playwright install`: Playwright drives /usr/bin/chromium (see SETUP-NOTES.md).
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect, sync_playwright

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Exactly the flags from SETUP-NOTES.md: without the background-networking ones Chromium
# tries to reach outside hosts on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} fehlt: `apt-get install -y chromium` (make setup installiert es)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What one page did: every request URL, requests to other hosts, CSP reports, JS errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if (
            parts.scheme not in ("data", "blob", "about")
            and f"{parts.scheme}://{parts.netloc}" != self.origin
        ):
            self.foreign.append(request.url)

    def on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)


@pytest.fixture
def traffic(live_server) -> Traffic:
    return Traffic(origin=live_server.url)


@pytest.fixture
def page(browser, live_server, traffic, transactional_db) -> Page:
    # Rate-limit counters and used TOTP codes live in the (per-process) cache that the live
    # server thread shares with the test: start every test from a clean slate.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)

    def only_live_server(route):
        # `traffic` records every request; this makes sure none actually leaves the machine.
        if route.request.url.startswith(live_server.url + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_live_server)
    page = context.new_page()
    page.on("request", traffic.on_request)
    page.on("console", traffic.on_console)
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    yield page
    context.close()
    _wait_for_server_requests()
    assert traffic.requests, "the page made no request at all"
    assert not traffic.foreign, f"requests to other hosts than the live server: {traffic.foreign}"
    assert not traffic.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
        traffic.csp_violations
    )
    assert not traffic.page_errors, f"JavaScript errors: {traffic.page_errors}"


def _wait_for_server_requests(timeout: float = 180.0) -> None:
    """Let the live server finish the requests the page started (an htmx section computing a
    projection, a PDF) before the database is emptied: Django's request threads are daemons and
    would otherwise go on writing into the next test's database (on SQLite they lock it)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


def _current_totp(secret: str) -> str:
    # allauth accepts only the current 30-second window: don't compute a code that expires
    # before the form is submitted.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp.current_code(secret)


@pytest.fixture
def totp_code():
    """totp_code(secret) → the six digits an authenticator app shows right now."""
    return _current_totp


@pytest.fixture
def coordinator(role_user, municipality):
    """A coordinator of `municipality` who has set up TOTP; `.totp_secret` holds her secret."""
    user = role_user(
        Role.KOORDINATION, municipality, email="koordinatorin@example.org", name="Kora Koordinatorin"
    )
    user.totp_secret = totp.generate_totp_secret()
    totp.activate(user, user.totp_secret)
    return user


@pytest.fixture
def log_in(page: Page, totp_code):
    """log_in(user) fills the real login form, then the TOTP code if the user has a secret."""

    def log_in(user, password: str = PASSWORD, next_url: str = "") -> None:
        page.goto("/konto/login/" + (f"?next={next_url}" if next_url else ""))
        page.get_by_label("E-Mail").fill(user.email)
        page.get_by_label("Passwort").fill(password)
        page.locator("main").get_by_role("button", name="Anmeldung").click()
        secret = getattr(user, "totp_secret", None)
        if secret:
            page.wait_for_url("**/konto/2fa/authenticate/")
            page.get_by_label("Code").fill(totp_code(secret))
            page.locator("main").get_by_role("button", name="Anmeldung").click()
        expect(page).not_to_have_url(re.compile(r"/konto/(login|2fa/authenticate)/"))

    return log_in


@pytest.fixture
def axe_check(page: Page):
    """axe_check() runs axe-core (vendored) with the WCAG 2.1 A/AA rules on the current page."""

    def axe_check(label: str = "") -> None:
        # Not page.add_script_tag(path=…): that inserts an inline <script>, which our strict
        # CSP rightly blocks (and reports). Evaluating the vendored file through the DevTools
        # protocol keeps the CSP in force for everything the page itself does.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(_axe_source())
        violations = page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target, html: n.html, why: n.failureSummary})),
                }));
            }""",
            WCAG_21_AA_TAGS,
        )
        assert not violations, _format_violations(label or page.url, violations)

    return axe_check


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def _format_violations(where: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} WCAG 2.1 A/AA violation(s) on {where}"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            lines.extend(f"      {why}" for why in (node["why"] or "").splitlines())
    return "\n".join(lines)
