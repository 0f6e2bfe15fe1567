"""Reminders of overdue tasks and Kurzberichte (the daily `werkstatt_reminders` command)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.werkstatt.process.models import Task
from leuchtfeuer.werkstatt.reports.formatting import fmt_date
from leuchtfeuer.werkstatt.reports.models import Report
from leuchtfeuer.werkstatt.reports.services import EDITABLE_STATUSES, coordinator_emails

# An overdue task or report is reminded again after this many days.
REPEAT_OVERDUE_DAYS = 7


# ------------------------------------------------------------------------------ reminders
@dataclass
class Reminder:
    kind: str  # "aufgaben" | "kurzbericht"
    recipients: list[str]
    subject: str
    body: str
    task_ids: list[int] = field(default_factory=list)
    report_id: int | None = None


def _due_again(last_sent: datetime | None, due: date, today: date) -> bool:
    """Whether an item due on `due` gets a reminder today, given when the last one went out.

    - never reminded → yes;
    - reminded already today (or later) → no (a second run the same day sends nothing);
    - overdue and the last reminder went out on or before the due date → yes (the "now overdue" notice);
    - overdue and the last reminder is at least REPEAT_OVERDUE_DAYS old → yes (weekly while overdue);
    - otherwise no.
    """
    if last_sent is None:
        return True
    last = timezone.localdate(last_sent)
    if last >= today:
        return False
    if due < today:
        return last <= due or (today - last).days >= REPEAT_OVERDUE_DAYS
    return False


def reminders_due(*, today: date | None = None, days: int = 7, base_url: str = "") -> list[Reminder]:
    """The reminders that are due today (nothing is written or sent)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    reminders: list[Reminder] = []

    tasks = (
        Task.objects.filter(done=False, due_date__isnull=False, due_date__lte=horizon)
        .select_related("assignee", "process__municipality", "measure")
        .order_by("process__municipality__display_name", "due_date", "id")
    )
    coordinators: dict[int, list[str]] = {}
    per_recipient: dict[tuple[str, ...], list[Task]] = defaultdict(list)
    for task in tasks:
        if not _due_again(task.reminder_sent_at, task.due_date, today):
            continue
        if task.assignee_id and task.assignee.email and task.assignee.is_active:
            recipients: tuple[str, ...] = (task.assignee.email,)
        else:
            municipality_id = task.process.municipality_id
            if municipality_id not in coordinators:
                coordinators[municipality_id] = coordinator_emails(municipality_id)
            recipients = tuple(coordinators[municipality_id])
        if recipients:
            per_recipient[recipients].append(task)
    for recipients, items in per_recipient.items():
        lines = []
        for task in items:
            state = (
                f"überfällig seit {fmt_date(task.due_date)}"
                if task.due_date < today
                else f"fällig am {fmt_date(task.due_date)}"
            )
            town = task.process.municipality
            link = f"\n  {base_url}/kommunen/{town.slug}/werkstatt/aufgaben/" if base_url else ""
            lines.append(f"- {task.title} ({town}, {state}){link}")
        overdue = sum(1 for t in items if t.due_date < today)
        reminders.append(
            Reminder(
                kind="aufgaben",
                recipients=list(recipients),
                subject=f"Erinnerung: {len(items)} Aufgabe(n) im Werkstatt-Prozess"
                + (f", davon {overdue} überfällig" if overdue else ""),
                body="Guten Tag,\n\nfolgende Aufgaben im Werkstatt-Prozess sind bald fällig oder überfällig:\n\n"
                + "\n".join(lines)
                + "\n\nBitte erledigen Sie sie oder passen Sie das Fälligkeitsdatum an.\n\nLeuchtfeuer",
                task_ids=[t.pk for t in items],
            )
        )

    reports = (
        Report.objects.filter(status__in=EDITABLE_STATUSES, due__lte=horizon)
        .select_related("process__municipality")
        .order_by("due", "id")
    )
    for report in reports:
        if not _due_again(report.reminder_sent_at, report.due, today):
            continue
        town = report.process.municipality
        recipients = coordinator_emails(town.pk)
        if not recipients:
            continue
        overdue = report.due < today
        when = f"war am {fmt_date(report.due)} fällig" if overdue else f"ist am {fmt_date(report.due)} fällig"
        link = f"{base_url}/kommunen/{town.slug}/werkstatt/kurzbericht/{report.year}/" if base_url else ""
        reminders.append(
            Reminder(
                kind="kurzbericht",
                recipients=recipients,
                subject=f"Erinnerung: Kurzbericht {report.year} {town}" + (" überfällig" if overdue else ""),
                body=f"Guten Tag,\n\nder Kurzbericht {report.year} von {town} für die Geschäftsstelle {when} "
                f"(Status: {report.get_status_display()}).\n"
                + (f"Zum Kurzbericht: {link}\n" if link else "")
                + "\nLeuchtfeuer erstellt den Bericht aus Ihren Prozessdaten; Sie ergänzen die Texte und "
                "reichen ihn ein.\n\nLeuchtfeuer",
                report_id=report.pk,
            )
        )
    return reminders


def reminders_send(*, today: date | None = None, days: int = 7, base_url: str = "", dry_run: bool = False):
    """Send the due reminders and record `reminder_sent_at` (idempotent per day: an item claimed by
    another run is skipped). → the reminders sent (or, with dry_run, those that would be sent)."""
    today = today or timezone.localdate()
    planned = reminders_due(today=today, days=days, base_url=base_url)
    if dry_run:
        return planned
    sent = []
    # Record the reminder on the day it is for (with --today in the past or future, that day).
    now = (
        timezone.now()
        if today == timezone.localdate()
        else timezone.make_aware(datetime.combine(today, time(hour=6)))
    )
    for reminder in planned:
        with transaction.atomic():
            if reminder.kind == "aufgaben":
                # Claim each task: only those whose reminder_sent_at is still what we read.
                claimed = [
                    pk
                    for pk in reminder.task_ids
                    if Task.objects.filter(pk=pk)
                    .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__date__lt=today))
                    .update(reminder_sent_at=now)
                ]
                if not claimed:
                    continue
            else:
                if not (
                    Report.objects.filter(pk=reminder.report_id)
                    .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__date__lt=today))
                    .update(reminder_sent_at=now)
                ):
                    continue
            mail_on_commit(reminder.subject, reminder.body, reminder.recipients, fail_silently=False)
            sent.append(reminder)
    return sent
