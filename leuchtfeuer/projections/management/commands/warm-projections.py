"""leuchtfeuer warm-projections: compute and cache the current projection of every Gemeinde.

Run after `import-official` (or from cron once a night): the Kommunalprofil then never waits for
the engine. Without it, the first profile of a Kreis computes that Kreis (about a second).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.projections.current import warm
from leuchtfeuer.projections.selectors import statistics_loaded


class Command(BaseCommand):
    help = "Vorausberechnungen aller Gemeinden (bis 2045) berechnen und im Cache ablegen."

    def add_arguments(self, parser):
        parser.add_argument("--lands", default="", help="nur diese Länder, z. B. 12,13,14 (Schlüssel)")

    def handle(self, *args, **opts):
        if not statistics_loaded():
            raise CommandError(
                "Keine amtlichen Statistiken geladen – bitte zuerst `leuchtfeuer import-official`."
            )
        lands = [x.strip() for x in opts["lands"].split(",") if x.strip()] or None
        started = time.perf_counter()
        n = warm(lands, log=self.stdout.write)
        self.stdout.write(
            f"{n} Gemeinden berechnet und zwischengespeichert in {time.perf_counter() - started:.1f} s."
        )
