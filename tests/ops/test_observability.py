"""Operators' view (issue 19): request ids, JSON logs, metrics behind a token, error pages."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings

from leuchtfeuer.core.observability import RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_request_id_is_passed_through_or_made(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-4711").headers["X-Request-ID"] == "proxy-4711"
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz").headers["X-Request-ID"]
    # a header that could forge log lines is replaced
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" level=ERROR\nfake').headers["X-Request-ID"]
    assert forged != 'x" level=ERROR\nfake' and len(forged) == 32


def test_json_log_line_carries_the_request_id(settings):
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    record = logging.LogRecord(
        "leuchtfeuer.test", logging.WARNING, __file__, 1, "Mail %s", ("fehlgeschlagen",), None
    )
    token = request_id_var.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc123"
    assert line["level"] == "WARNING" and line["logger"] == "leuchtfeuer.test"
    assert line["message"] == "Mail fehlgeschlagen"


def test_metrics_off_without_token_and_protected_with_it(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "s3cr3t-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer falsch").status_code == 401
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cr3t-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "leuchtfeuer_tasks_backlog 0.0" in text


@override_settings(DEBUG=False, ROOT_URLCONF="tests.ops.urls_error")
def test_error_page_never_shows_a_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html and "geheimer" not in html and "postgres://" not in html
    assert "RuntimeError" not in html
    missing = client.get("/gibt-es-nicht/")
    assert missing.status_code == 404 and "Traceback" not in missing.content.decode()


def test_logged_4xx_response_carries_the_request_id(client):
    seen: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            seen.append(record.request_id)

    handler = Capture()
    handler.addFilter(RequestIdFilter())  # as on the console handler of settings.LOGGING
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="req-404")
    finally:
        logger.removeHandler(handler)
    assert seen == ["req-404"]
    assert request_id_var.get() == "-"  # cleared once the request finished
