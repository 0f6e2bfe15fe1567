"""leuchtfeuer funding-remind: e-mail reminders for the yearly Kurzbericht (run daily, e.g. by cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leuchtfeuer.funding.services import report_reminders_send


class Command(BaseCommand):
    help = "Erinnert geförderte Kommunen an den jährlichen Kurzbericht (14 Tage vorher und nach der Frist)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=14)

    def handle(self, *args, days_before: int, **opts):
        sent = report_reminders_send(days_before=days_before)
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
