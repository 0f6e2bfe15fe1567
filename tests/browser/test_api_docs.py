"""The API documentation (/api/docs) works under the Content-Security-Policy: Swagger UI comes
from this host, not from a CDN, and renders every operation (issue 13, defect 12)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_api_docs_render_every_operation_without_any_other_host(page: Page, traffic):
    spec = Client().get("/api/openapi.json").json()
    operations = sum(len(methods) for methods in spec["paths"].values())
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Leuchtfeuer – Offene Daten")
    expect(page.locator(".opblock")).to_have_count(operations)
    page.locator(".opblock-summary-path", has_text="/api/v1/regions/{key}/population").click()
    expect(page.locator(".parameters .parameter__name", has_text="year")).to_be_visible()
    assert any(url.endswith("/api/openapi.json") for url in traffic.requests)
    # The page fixture fails the test for any request to another host, any CSP violation and
    # any JavaScript error.
