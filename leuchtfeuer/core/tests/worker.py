"""Run `leuchtfeuer worker --batch` inside a test (tests with the database queue, core.generated)."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """Work off the queue once, inside the test's transaction.

    The worker checks for dropped connections before each task (`close_old_connections`); inside a
    test's transaction that closes the test's own connection on PostgreSQL (SQLite's in-memory test
    database ignores it), so the check is left out here — everything else runs as in production.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("worker", batch=True, verbosity=0)
