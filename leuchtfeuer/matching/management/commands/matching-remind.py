"""leuchtfeuer matching-remind: e-mail reminders for proposals nobody answered for 14 days (run daily, e.g. by cron)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leuchtfeuer.matching.services_proposals import proposals_remind


class Command(BaseCommand):
    help = "Erinnert an Vorschläge der Matching-Agentur, auf die seit 14 Tagen niemand geantwortet hat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Adresse der Plattform für Links in den E-Mails (Standard: Einstellung SITE_URL)",
        )

    def handle(self, *args, base_url: str, **opts):
        sent = proposals_remind(base_url=base_url.rstrip("/"))
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
