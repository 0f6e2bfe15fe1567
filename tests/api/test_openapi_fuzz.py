"""Fuzz every operation of the OpenAPI schema (/api/openapi.json) with schemathesis.

Each operation gets schemathesis' coverage cases (boundaries and deliberately wrong values of every
parameter and body field) and a bounded, derandomized fuzzing run, against the Django application
in-process (WSGI, the test database). Requests carry the session of a coordinator who has logged in
with her second factor, and the CSRF token, so the Werkstatt reads and writes are reached too.

What must hold for every request: no 5xx (`not_a_server_error`), and every documented answer –
data or Problem (404, 422, …) – matches its schema in the OpenAPI document.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.models import Indicator, Measure
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import builders

CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 letters: a valid unmasked CSRF secret
MAX_EXAMPLES = 30  # fuzzing examples per operation, on top of the coverage cases


@pytest.fixture
def keep_db_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction (PostgreSQL); Django's test client does the same as here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(request, keep_db_connection, official_data, role_user, municipality, settings):
    """A coordinator with TOTP (for the Werkstatt operations also her town's process in the
    Werkstattplan with a measure and a custom indicator); official data for Malchin and the
    other test Kreise."""
    settings.ALLOWED_HOSTS = ["*"]  # schemathesis' WSGI client sends Host: localhost
    coordinator = role_user(Role.KOORDINATION, municipality)
    totp.activate(coordinator, totp.generate_totp_secret())
    client = Client()
    client.force_login(coordinator)
    # Real keys, mixed into the generated path parameters so that operations are reached beyond
    # their 404 (ids and slugs drawn at random almost never exist).
    KNOWN_PATH_VALUES.clear()
    KNOWN_PATH_VALUES.update(
        key=["13071092", "16066063", "13071"], slug=[municipality.slug], kommune=[municipality.slug]
    )
    if "/processes" in request.node.name:  # building the process is the slow part: only where used
        process = process_services.process_start(actor=coordinator, municipality=municipality)
        builders.complete_kickoff(coordinator, process)
        process_services.stage_close(actor=coordinator, process=process)
        builders.complete_kommunalprofil(coordinator, process)
        process_services.stage_close(actor=coordinator, process=process)
        builders.complete_zukunftswerkstatt(coordinator, process)
        process_services.stage_close(actor=coordinator, process=process)
        builders.complete_werkstattplan(coordinator, process, adopt=False)
        KNOWN_PATH_VALUES.update(
            process_id=[process.pk],
            measure_id=[Measure.objects.get(process=process).pk],
            indicator_id=[Indicator.objects.get(process=process, kind=Indicator.Kind.CUSTOM).pk],
        )
    yield {"session": client.cookies["sessionid"].value}
    KNOWN_PATH_VALUES.clear()


# The schema is read once, when the tests are collected (one test per operation).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
KNOWN_PATH_VALUES: dict[str, list] = {}  # filled by fuzz_data for the running test


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    choices = [st.just(path_parameters)]
    for name, values in KNOWN_PATH_VALUES.items():
        if name in (path_parameters or {}):
            choices.append(st.sampled_from(values).map(lambda v, n=name: {**path_parameters, n: v}))
    return st.one_of(choices)


@schema.hook
def flatmap_body(context, body):
    # A new measure needs the key of one of the town's Handlungsfelder.
    if isinstance(body, dict) and "handlungsfeld" in body:
        return st.one_of(st.just(body), st.just({**body, "handlungsfeld": "rueckkehr"}))
    return st.just(body)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_answers_match_the_schema(case, fuzz_data):
    case.call_and_validate(
        headers={"X-CSRFToken": CSRF_TOKEN},
        cookies={"sessionid": fuzz_data["session"], "csrftoken": CSRF_TOKEN},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
