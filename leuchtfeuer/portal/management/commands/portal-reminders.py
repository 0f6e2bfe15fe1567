"""leuchtfeuer portal-reminders [--date YYYY-MM-DD]: e-mail each Lotse her case tasks due today or
earlier (once per task), and open the four-week check-in of each welcome-buddy pairing that is due
(a task "Nachfrage Patenschaft" and one e-mail, once per pairing)."""

from datetime import date

from django.core.management.base import BaseCommand

from leuchtfeuer.portal.belonging.buddies.pairings import send_checkin_reminders
from leuchtfeuer.portal.services import send_due_reminders


class Command(BaseCommand):
    help = "Schickt Erinnerungen zu fälligen Aufgaben in Fällen des Lotsenbereichs (einmal je Aufgabe)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Stichtag statt heute (JJJJ-MM-TT)"
        )

    def handle(self, *args, date=None, **options):
        checkins = send_checkin_reminders(today=date)
        sent = send_due_reminders(today=date)
        self.stdout.write(f"{checkins} Nachfragen zu Patenschaften angelegt, {sent} Erinnerungen verschickt.")
