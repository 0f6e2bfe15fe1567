"""The shared database cache counts every attempt, also when several processes count at once
(core/cache.py; benchmarks/load_cache.py measured 369 of 800 with Django's plain DatabaseCache)."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections

from leuchtfeuer.core.ratelimit import throttled

DB_CACHE = {
    "default": {
        "BACKEND": "leuchtfeuer.core.cache.LockingDatabaseCache",
        "LOCATION": "leuchtfeuer_cache",
        "KEY_FUNCTION": "leuchtfeuer.core.ratelimit.cache_key",
    }
}


@pytest.fixture
def db_cache(settings):
    settings.CACHES = DB_CACHE
    call_command("createcachetable", verbosity=0)
    yield cache
    cache.clear()


@pytest.mark.django_db
def test_rate_limit_counts_in_the_database_cache(db_cache):
    assert [throttled("login", "203.0.113.9", limit=3) for _ in range(5)] == [False, False, False, True, True]
    assert throttled("login", "203.0.113.10", limit=3) is False  # another client, its own counter


@pytest.mark.django_db(transaction=True)
def test_concurrent_counting_loses_nothing(db_cache):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks between connections: PostgreSQL (CI runs it); SQLite serialises writers anyway"
        )
    threads, per_thread = 6, 25
    gate = threading.Barrier(threads)

    def hammer():
        try:
            gate.wait()
            for _ in range(per_thread):
                throttled("login", "198.51.100.7", limit=10**6, window=600)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    from leuchtfeuer.core.ratelimit import hashed_key

    assert cache.get(f"leuchtfeuer:rate:login:{hashed_key('198.51.100.7')}") == threads * per_thread
