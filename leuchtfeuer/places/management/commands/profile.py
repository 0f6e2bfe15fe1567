"""leuchtfeuer profile <AGS> --format json|csv|xlsx|pdf [-o FILE]: the Kommunalprofil of a region."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.places import exports
from leuchtfeuer.places.profile import build_profile
from leuchtfeuer.places.public_views import profile_pdf_bytes
from leuchtfeuer.places.selectors import region_by_key


class Command(BaseCommand):
    help = "Gibt das Kommunalprofil einer Gemeinde (AGS) oder eines Kreises/Landes (ARS) aus."

    def add_arguments(self, parser):
        parser.add_argument("key", help="AGS (8 Ziffern) oder ARS")
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument(
            "-o", "--output", help="Datei (Standard: Ausgabe auf dem Bildschirm; für xlsx/pdf nötig)"
        )

    def handle(self, *args, key, format, output=None, **options):
        region = region_by_key(key)
        if region is None:
            raise CommandError(
                f"Keine Gebietseinheit mit dem Schlüssel „{key}“ (erwartet: AGS mit 8 oder ARS mit 2–12 Ziffern)."
            )
        if format in ("xlsx", "pdf") and not output:
            raise CommandError(f"Für --format {format} bitte mit -o eine Zieldatei angeben.")
        if format == "pdf":
            data: bytes | str = profile_pdf_bytes(region)
        else:
            profile = build_profile(region, with_map=False)
            if format == "json":
                data = json.dumps(exports.profile_json(profile), ensure_ascii=False, indent=2, default=str)
            elif format == "csv":
                data = exports.profile_csv(profile)
            else:
                data = exports.profile_xlsx(profile)
        if output:
            path = Path(output)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
            self.stderr.write(f"Geschrieben: {path} ({path.stat().st_size} Bytes)")
        else:
            sys.stdout.write(data if isinstance(data, str) else "")
            sys.stdout.write("\n")
