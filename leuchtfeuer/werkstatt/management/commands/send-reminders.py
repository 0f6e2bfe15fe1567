"""leuchtfeuer send-reminders: e-mail reminders of the Werkstatt process (run daily, e.g. by cron).

Tasks due within N days or overdue go to their assignee (or, without one, to the town's
coordinators), one e-mail per person; Kurzberichte due within N days or overdue go to the
coordinators. Each item records `reminder_sent_at`, so a second run the same day sends nothing;
an overdue item is reminded once when it becomes overdue and then weekly.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.werkstatt.reports.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Erinnert per E-Mail an bald fällige oder überfällige Aufgaben und Kurzberichte des "
        "Werkstatt-Prozesses (höchstens einmal am Tag je Aufgabe und Bericht)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="an Aufgaben und Berichte erinnern, die in so vielen Tagen fällig sind",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="nur anzeigen, nichts senden oder speichern"
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Adresse der Plattform für Links in den E-Mails (Standard: Einstellung SITE_URL)",
        )
        parser.add_argument("--today", default="", help="Stichtag JJJJ-MM-TT (zum Testen; sonst heute)")

    def handle(self, *args, days: int, dry_run: bool, base_url: str, today: str, **opts):
        if days < 0:
            raise CommandError("--days darf nicht negativ sein.")
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today „{today}“ ist kein Datum der Form JJJJ-MM-TT.") from exc
        reminders = reminders_send(today=day, days=days, base_url=base_url.rstrip("/"), dry_run=dry_run)
        for reminder in reminders:
            what = f"{len(reminder.task_ids)} Aufgabe(n)" if reminder.kind == "aufgaben" else "Kurzbericht"
            self.stdout.write(
                f"{'würde senden' if dry_run else 'gesendet'}: {what} an {', '.join(reminder.recipients)} – {reminder.subject}"
            )
        verb = "würden verschickt" if dry_run else "verschickt"
        self.stdout.write(f"{len(reminders)} Erinnerung(en) {verb}.")
