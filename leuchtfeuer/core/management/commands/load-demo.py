"""leuchtfeuer load-demo: demo municipalities and accounts (dev only), then print the logins."""

from django.core.management.base import BaseCommand

from leuchtfeuer.core.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Legt Demo-Kommunen und Demo-Konten an (nur Entwicklung) und zeigt die Zugangsdaten."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Zugangsdaten nicht ausgeben")

    def handle(self, *args, quiet=False, **options):
        accounts = demo_load()
        if quiet:
            return
        self.stdout.write(f"\nDemo-Zugänge (Passwort für alle: {DEMO_PASSWORD})")
        for account, _user in accounts:
            note = (
                "  (Zwei-Faktor: Code mit `.venv/bin/leuchtfeuer demo-code E-MAIL`)" if account.totp else ""
            )
            self.stdout.write(f"  {account.email:<48} {account.label}{note}")
