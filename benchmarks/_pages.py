"""Shared by the page benchmarks: time GET requests in-process and count their queries.

Imported by the scripts in this folder (run as `python benchmarks/<name>.py`, so this folder is
on sys.path); needs `django.setup()` to have run.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client


def measure(client: Client, urls: Iterable[str]) -> tuple[list[float], int, int]:
    """GET each URL once (repeat one for several runs): (times in ms, most queries of one request,
    size of the last response in bytes). Every answer must be 200."""
    times, max_queries, size = [], 0, 0
    settings.DEBUG = True  # record queries
    for url in urls:
        reset_queries()
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        max_queries = max(max_queries, len(connection.queries))
        size = len(response.content)
    return times, max_queries, size


def signed_in(user) -> Client:
    """A client of ``user`` whose session proved the second factor, as after the login form with
    the authenticator code (staff pages answer a plain `force_login` with the 2FA redirect)."""
    from leuchtfeuer.accounts.middleware import SECOND_FACTOR_SESSION_KEY

    client = Client()
    if user is not None:
        client.force_login(user)
        session = client.session
        session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)
        session.save()
    return client


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank below) of `values`."""
    values = sorted(values)
    return values[int(q * (len(values) - 1))]
