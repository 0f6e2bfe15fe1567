"""Background tasks (issue 19): e-mail through the queue, retries with backoff, a real database
worker, the periodic jobs enqueued once per slot, and the failed tasks in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.accounts import totp
from leuchtfeuer.core import scheduler
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.core.tasks import backoff_delay, retrying, run_command

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

CALLS: list[int] = []


@task(takes_context=True)
@retrying(attempts=3, backoff=30)
def flaky(fail_times: int) -> str:
    """Fails `fail_times` times, then succeeds (module level: workers import tasks by path)."""
    CALLS.append(1)
    if len(CALLS) <= fail_times:
        raise ConnectionError("Mailserver nicht erreichbar")
    return "ok"


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


def test_backoff_doubles_and_is_capped():
    assert [backoff_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_delay(20) == timedelta(hours=1)


def test_immediate_backend_retries_until_success(db):
    result = flaky.enqueue(2)
    assert len(CALLS) == 3  # two failures, third attempt succeeds
    assert result.status == "FAILED"  # the first attempt's record; the later ones are new tasks


def test_immediate_backend_gives_up_after_the_last_attempt(db):
    flaky.enqueue(10)
    assert len(CALLS) == 3


@pytest.mark.django_db(transaction=True)
def test_mail_goes_through_the_database_queue_and_a_real_worker():
    with override_settings(TASKS=DB_TASKS):
        mail_on_commit("Erinnerung", "Bitte Bericht abgeben.", ["a@example.org", "a@example.org"])
        assert mail.outbox == []  # only queued
        row = DBTaskResult.objects.get()
        assert row.status == "READY" and row.task_path == "leuchtfeuer.core.tasks.send_mail_task"
        call_command("worker", batch=True, verbosity=0)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_failed_attempt_is_recorded_and_retried_after_backoff():
    with override_settings(TASKS=DB_TASKS):
        flaky.enqueue(1)
        before = timezone.now()
        call_command("worker", batch=True, verbosity=0)
        failed = DBTaskResult.objects.get(status="FAILED")
        assert "Mailserver nicht erreichbar" in failed.traceback
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
        wait = (retry.run_after - before).total_seconds()
        assert 29 <= wait <= 40  # 30 s backoff: the worker did not run it yet
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        call_command("worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert len(CALLS) == 2


def test_periodic_slot_is_enqueued_once_for_several_schedulers(db):
    with override_settings(TASKS=DUMMY_TASKS):
        backend = task_backends["default"]
        now = timezone.now().replace(second=0, microsecond=0)
        assert scheduler.enqueue_due("purge-expired", now=now) is True
        # a second worker's scheduler fires 3 s later for the same slot
        assert scheduler.enqueue_due("purge-expired", now=now + timedelta(seconds=3)) is False
        assert scheduler.enqueue_due("purge-expired", now=now + timedelta(days=1)) is True
        assert [r.args for r in backend.results] == [["purge-expired"], ["purge-expired"]]


def test_scheduler_has_one_job_per_configured_command(settings):
    jobs = scheduler.build_scheduler().get_jobs()
    assert sorted(job.id for job in jobs) == sorted(settings.PERIODIC_COMMANDS)
    assert {"purge-expired", "send-reminders", "portal-reminders"} <= {job.id for job in jobs}


def test_run_command_runs_only_configured_commands(db):
    result = run_command.enqueue("flush")
    assert result.status == "FAILED"
    assert "not allowed" in result.errors[0].traceback
    assert run_command.enqueue("purge-expired").status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_platform_admin_sees_failed_tasks(client, user_factory):
    admin = user_factory(is_superuser=True, is_staff=True)
    totp.activate(admin, totp.generate_totp_secret())
    client.force_login(admin)
    with override_settings(TASKS=DB_TASKS):
        flaky.enqueue(5)
        call_command("worker", batch=True, verbosity=0)
        response = client.get("/verwaltung/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert response.status_code == 200
    html = response.content.decode()
    # the failed attempt is listed (the retry waits for its backoff)
    assert html.count('<td class="field-task_name">flaky</td>') == 1


def test_import_hands_warm_projections_to_a_worker_only_when_something_was_read(db, monkeypatch):
    import importlib
    import io

    from leuchtfeuer.places.loader import LoadResult

    command = importlib.import_module("leuchtfeuer.places.management.commands.import-official")
    monkeypatch.setattr(
        command, "steps", lambda base: [("Testquelle", lambda: LoadResult("Testquelle", created=3))]
    )
    monkeypatch.setattr(command, "fingerprint", lambda base: "dateien-v1")
    with override_settings(TASKS=DUMMY_TASKS):
        backend = task_backends["default"]
        out = io.StringIO()
        call_command("import-official", stdout=out)
        assert [(r.task.name, r.args) for r in backend.results] == [("run_command", ["warm-projections"])]
        assert "im Hintergrund neu berechnet" in out.getvalue()
        call_command("import-official", stdout=io.StringIO())  # same files: nothing read, nothing queued
        assert len(backend.results) == 1
