"""allauth's login limits hold across app processes (issue 19): with the shared database cache, six
clients guessing one account's password at the same moment get exactly the five attempts
`ACCOUNT_RATE_LIMITS["login_failed"]` allows ("5/5m/key"), not five each.

allauth (65.x) guards each counter with a lock taken by `cache.add`, which the database cache makes
atomic through the key's primary key; the counter itself is a read and a write inside that lock.
"""

from __future__ import annotations

import threading

import pytest
from allauth.core import ratelimit
from django.db import connection, connections
from django.test import RequestFactory

from tests.ops.test_cache import db_cache  # noqa: F401  (fixture)


@pytest.mark.django_db(transaction=True)
def test_failed_logins_for_one_account_are_limited_across_concurrent_clients(db_cache):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL (CI runs it); SQLite serialises writers anyway")
    clients, attempts = 6, 5
    gate = threading.Barrier(clients)
    allowed: list[bool] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        # each client its own address, so only the per-account limit (5 in 5 minutes) applies
        request = RequestFactory().post("/konto/login/", REMOTE_ADDR=f"198.51.100.{number + 1}")
        try:
            gate.wait()
            for _ in range(attempts):
                result = ratelimit.consume(request, action="login_failed", key="buergermeisterin@example.org")
                with lock:
                    allowed.append(result)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=guess, args=(n,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(allowed) == clients * attempts
    assert allowed.count(True) == 5
