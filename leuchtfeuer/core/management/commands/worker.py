"""leuchtfeuer worker: run background tasks (e-mails, reminders, deletion periods, warm-up)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from leuchtfeuer.core.scheduler import build_scheduler


class Command(BaseCommand):
    help = (
        "Hintergrund-Worker: führt Aufgaben aus der Warteschlange aus (E-Mails, Erinnerungen, "
        "Löschfristen …) und plant die täglichen Aufgaben ein. Beliebig viele Worker dürfen laufen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-scheduler", action="store_true", help="keine täglichen Aufgaben einplanen, nur ausführen"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunden zwischen zwei Abfragen")
        parser.add_argument(
            "--batch", action="store_true", help="alle wartenden Aufgaben ausführen, dann enden"
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="nach so vielen Aufgaben enden")

    def handle(self, *args, no_scheduler=False, interval=1.0, batch=False, max_tasks=None, **options):
        scheduler = None if (no_scheduler or batch) else build_scheduler()
        if scheduler is not None:
            scheduler.start()
        try:
            call_command(
                "db_worker",
                interval=interval,
                batch=batch,
                max_tasks=max_tasks,
                reload=False,
                startup_delay=not batch,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
