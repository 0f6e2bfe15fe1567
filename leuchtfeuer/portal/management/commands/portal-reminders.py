"""leuchtfeuer portal-reminders: e-mail each Lotse her case tasks due today or earlier (once per task)."""

from django.core.management.base import BaseCommand

from leuchtfeuer.portal.services import send_due_reminders


class Command(BaseCommand):
    help = "Schickt Erinnerungen zu fälligen Aufgaben in Fällen des Lotsenbereichs (einmal je Aufgabe)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} Erinnerungen verschickt.")
