"""leuchtfeuer demo-code EMAIL: the current one-time code of a demo account (dev only)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand

from leuchtfeuer.core.demo import demo_totp_secret


class Command(BaseCommand):
    help = "Zeigt den aktuellen Einmalcode (TOTP) eines Demo-Kontos."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        secret = demo_totp_secret(email)
        counters = list(yield_hotp_counters_from_time())
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(secret, current)))
