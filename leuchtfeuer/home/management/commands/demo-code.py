"""leuchtfeuer demo-code EMAIL: the current one-time code of a demo account (dev only)."""

import time

from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.accounts import totp
from leuchtfeuer.home.demo import demo_totp_secret


class Command(BaseCommand):
    help = "Zeigt den aktuellen Einmalcode (TOTP) eines Demo-Kontos."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            secret = demo_totp_secret(email.strip().lower())
        except ImproperlyConfigured as error:
            raise CommandError(f"{email}: {error}") from None
        except Authenticator.DoesNotExist:
            raise CommandError(
                f"{email}: Dieses Konto gibt es nicht oder es meldet sich ohne zweiten Faktor an "
                "(Bürger:innen- und Partner-Konten brauchen keinen Code)."
            ) from None
        left = 30 - int(time.time()) % 30
        self.stdout.write(totp.current_code(secret))
        if options.get("verbosity", 1) > 1:
            self.stderr.write(f"gültig noch {left} s (und 30 s danach); jeder Code gilt nur einmal")
