"""leuchtfeuer import-official: load the official statistics shipped in data/official/."""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.places.importers.base import ImportFormatError
from leuchtfeuer.places.importers.gv import read_gemeindeverzeichnis
from leuchtfeuer.places.loader import load_regions


class Command(BaseCommand):
    help = "Lädt die amtlichen Daten (Gemeindeverzeichnis …) idempotent in die Datenbank."

    def handle(self, *args, **options):
        base = settings.OFFICIAL_DATA_DIR
        started = time.perf_counter()
        steps = [
            (
                "Gemeindeverzeichnis 2024-Q4",
                lambda: load_regions(
                    read_gemeindeverzeichnis(
                        base / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv", date(2023, 12, 31)
                    ),
                    source="Gemeindeverzeichnis 2024-Q4",
                ),
            ),
        ]
        for label, step in steps:
            try:
                result = step()
            except ImportFormatError as exc:
                raise CommandError(f"Import abgebrochen, nichts aus „{label}“ übernommen. {exc}") from exc
            self.stdout.write(str(result))
        self.stdout.write(f"Fertig in {time.perf_counter() - started:.1f} s.")
