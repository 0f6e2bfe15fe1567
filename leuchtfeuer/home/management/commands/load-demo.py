"""leuchtfeuer load-demo: demo municipalities and accounts (dev only), then print the logins."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from leuchtfeuer.home.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Legt Demo-Kommunen und Demo-Konten an (nur Entwicklung) und zeigt die Zugangsdaten."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true", help="nichts ausgeben (auch keine Demo-E-Mails auf der Konsole)"
        )

    def handle(self, *args, quiet=False, **options):
        if quiet:
            # The demo content answers ideas and opens cases, which sends e-mails; with the
            # console backend of the development settings they would flood the set-up output.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                demo_load()
            return
        accounts = demo_load()
        self.stdout.write(f"\nDemo-Zugänge (Passwort für alle: {DEMO_PASSWORD})")
        for account, _user in accounts:
            note = (
                "  (Zwei-Faktor: Code mit `.venv/bin/leuchtfeuer demo-code E-MAIL`)" if account.totp else ""
            )
            self.stdout.write(f"  {account.email:<48} {account.label}{note}")
