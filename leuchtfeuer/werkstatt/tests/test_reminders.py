"""`leuchtfeuer send-reminders`: who gets which reminder, idempotent per day, --dry-run."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.models import Report, Task
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import reminders as report_reminders
from leuchtfeuer.werkstatt.reports import services as report_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def team(role_user, municipality):
    return role_user(Role.TEAM, municipality, email="team@example.org")


def _run(day, **kwargs) -> list:
    return report_reminders.reminders_send(today=day, **kwargs)


def _send(day, capture, **kwargs) -> list:
    with capture(execute=True):
        return _run(day, **kwargs)


def test_task_reminders_once_per_day_then_overdue_then_weekly(
    coordinator, process, team, today, django_capture_on_commit_callbacks
):
    task = process_services.task_create(
        actor=coordinator,
        process=process,
        title="Einladungen verschicken",
        due_date=today + timedelta(days=3),
        assignee=team,
    )
    mail.outbox.clear()  # the assignment e-mail
    process_services.task_create(
        actor=coordinator, process=process, title="später", due_date=today + timedelta(days=30)
    )
    process_services.task_create(actor=coordinator, process=process, title="ohne Datum")

    sent = _send(today, django_capture_on_commit_callbacks, days=7, base_url="https://lf.example")
    assert [r.recipients for r in sent] == [["team@example.org"]]
    (message,) = mail.outbox
    assert "Einladungen verschicken" in message.body and "später" not in message.body
    assert f"https://lf.example/kommunen/{process.municipality.slug}/werkstatt/aufgaben/" in message.body
    task.refresh_from_db()
    assert timezone.localdate(task.reminder_sent_at) == today

    # Second run the same day: nothing.
    assert _send(today, django_capture_on_commit_callbacks, days=7) == []
    # Next day, not yet overdue and already reminded: nothing.
    assert _send(today + timedelta(days=1), django_capture_on_commit_callbacks, days=7) == []
    # The day after the due date: one "overdue" reminder, then nothing for six days …
    (overdue,) = _send(today + timedelta(days=4), django_capture_on_commit_callbacks, days=7)
    assert "überfällig" in overdue.subject
    for offset in range(5, 11):
        assert _send(today + timedelta(days=offset), django_capture_on_commit_callbacks, days=7) == [], offset
    # … and again a week after the last one.
    assert len(_send(today + timedelta(days=11), django_capture_on_commit_callbacks, days=7)) == 1
    assert len(mail.outbox) == 3


def test_unassigned_task_goes_to_the_coordinators_and_done_tasks_are_quiet(
    coordinator, process, today, django_capture_on_commit_callbacks
):
    process_services.task_create(
        actor=coordinator, process=process, title="offen", due_date=today - timedelta(days=1)
    )
    done = process_services.task_create(actor=coordinator, process=process, title="erledigt", due_date=today)
    process_services.task_complete(actor=coordinator, task=done)
    (reminder,) = _send(today, django_capture_on_commit_callbacks)
    assert reminder.recipients == [coordinator.email]
    assert "offen" in reminder.body and "erledigt" not in reminder.body


def test_report_reminders(coordinator, process, today, django_capture_on_commit_callbacks):
    report = report_services.report_for_year(actor=coordinator, process=process, year=today.year)
    Report.objects.filter(pk=report.pk).update(due=today + timedelta(days=5))
    (reminder,) = _send(today, django_capture_on_commit_callbacks, days=7)
    assert reminder.kind == "kurzbericht" and reminder.recipients == [coordinator.email]
    assert f"Kurzbericht {today.year}" in mail.outbox[0].subject
    assert _send(today, django_capture_on_commit_callbacks, days=7) == []
    # Submitted reports are not reminded.
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    report_services.report_submit(actor=coordinator, report=report)
    assert _send(today + timedelta(days=30), django_capture_on_commit_callbacks, days=7) == []


def test_dry_run_sends_and_writes_nothing(coordinator, process, today, django_capture_on_commit_callbacks):
    task = process_services.task_create(actor=coordinator, process=process, title="fällig", due_date=today)
    planned = _send(today, django_capture_on_commit_callbacks, dry_run=True)
    assert len(planned) == 1 and not mail.outbox
    task.refresh_from_db()
    assert task.reminder_sent_at is None


def test_command_is_idempotent(coordinator, process, today, django_capture_on_commit_callbacks):
    process_services.task_create(
        actor=coordinator, process=process, title="fällig", due_date=today + timedelta(days=1)
    )
    out = io.StringIO()
    call_command("send-reminders", "--dry-run", stdout=out)
    assert "würde senden: 1 Aufgabe(n)" in out.getvalue() and not mail.outbox
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-reminders", stdout=out)
    assert "1 Erinnerung(en) verschickt." in out.getvalue()
    assert len(mail.outbox) == 1
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-reminders", stdout=out)
    assert "0 Erinnerung(en) verschickt." in out.getvalue()
    assert len(mail.outbox) == 1
    assert Task.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_command_rejects_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="kein Datum"):
        call_command("send-reminders", "--today", "31.12.2025")
    with pytest.raises(CommandError, match="negativ"):
        call_command("send-reminders", "--days", "-1")


def test_scheduled_command_links_to_the_site_url_setting(
    coordinator, process, team, today, settings, django_capture_on_commit_callbacks
):
    """The worker runs the command without arguments: the links come from SITE_URL (issue 19)."""
    settings.SITE_URL = "https://leuchtfeuer.example.de"
    process_services.task_create(
        actor=coordinator, process=process, title="Saal buchen", due_date=timezone.localdate(), assignee=team
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-reminders", stdout=io.StringIO())
    (message,) = mail.outbox
    assert "Saal buchen" in message.body
    assert (
        f"https://leuchtfeuer.example.de/kommunen/{process.municipality.slug}/werkstatt/aufgaben/"
        in message.body
    )
