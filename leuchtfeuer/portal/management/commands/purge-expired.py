"""leuchtfeuer purge-expired [--dry-run]: delete personal data past its retention period.

Cases (with the Erhebungsbogen, notes, tasks and e-mails), unconfirmed inquiries after 7 days,
trial-living applications, event registrations and welcome-box requests, each after the period
named in the consent the person gave. Anonymous counts (InquiryStat) remain. Idempotent: a
second run finds nothing. Run it daily (cron/systemd timer).
"""

from django.core.management.base import BaseCommand

from leuchtfeuer.portal.services import purge_expired


class Command(BaseCommand):
    help = "Löscht personenbezogene Daten des Portals nach Ablauf der Speicherfrist (--dry-run zeigt nur an)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur anzeigen, was gelöscht würde")

    def handle(self, *args, dry_run=False, **options):
        items = purge_expired(dry_run=dry_run)
        verb = "würde gelöscht" if dry_run else "gelöscht"
        for item in items:
            self.stdout.write(f"{verb}: {item.kind} #{item.pk} ({item.municipality}) – {item.reason}")
        self.stdout.write(
            f"{len(items)} Datensätze {verb}."
            if items
            else "Nichts abgelaufen – keine Datensätze zu löschen."
        )
