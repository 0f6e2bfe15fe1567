"""leuchtfeuer import-official: load the official statistics shipped in data/official/."""

from __future__ import annotations

import csv
import hashlib
import time
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.core.tasks import run_command
from leuchtfeuer.places.importers import official
from leuchtfeuer.places.importers.base import ImportFormatError
from leuchtfeuer.places.importers.gv import read_gemeindeverzeichnis
from leuchtfeuer.places.importers.zensus2022_tables import TABLES
from leuchtfeuer.places.loader import LoadResult, load_regions, load_statistics
from leuchtfeuer.places.models import OfficialImport

# Exceptions that a malformed input file can cause in parsing code (not database errors).
DATA_ERRORS = (
    ValueError, TypeError, AttributeError, KeyError, IndexError, ArithmeticError, EOFError,
    OSError, csv.Error, zlib.error,
)  # fmt: skip
RS_AGE_SOURCES = (
    "12411-02-03-5", "12111-02-01-5", "12711-01-03-5", "12711-01-03-4", "12711-04-02-4",
    "12411-04-02-4", "12411-02-03-4", "12612-02-01-4", "12613-02-02-4",
)  # fmt: skip


def steps(base: Path) -> list[tuple[str, Callable[[], LoadResult]]]:
    """The sources in load order; each step reads its files and writes in one transaction."""
    context: dict[str, official.Context] = {}

    def ctx() -> official.Context:
        if "ctx" not in context:
            context["ctx"] = official.build_context(base)
        return context["ctx"]

    def regionalstatistik() -> LoadResult:
        ages, vital, population = official.build_regionalstatistik(ctx())
        return load_statistics(
            source="Regionalstatistik 2015 (Alter, Geburten, Sterbefälle, Wanderungen, Zensus 2011)",
            ages=ages, age_sources=RS_AGE_SOURCES, vital=vital,
            population=population, population_sources=("12111-02-01-5",),
        )  # fmt: skip

    def zensus2022() -> LoadResult:
        ages, population = official.build_zensus2022(ctx())
        return load_statistics(
            source="Zensus 2022 Gemeinden", ages=ages, age_sources=("zensus2022",),
            population=population, population_sources=("zensus2022",),
        )  # fmt: skip

    def zensus2022_tables() -> LoadResult:
        return load_statistics(
            source="Zensus 2022 Regionaltabellen (Haushalte, Gebäude, Bildung, Erwerbsstatus, Einwanderung)",
            census=official.build_zensus2022_tables(ctx()),
            census_sources=tuple(f"zensus2022-{t.key}" for t in TABLES),
        )

    def kreise_2024() -> LoadResult:
        ages, population = official.build_kreise_2024(ctx())
        return load_statistics(
            source="Kreise 31.12.2024 nach Altersgruppen", ages=ages,
            age_sources=(official.KREISE_2024_SOURCE,), population=population,
            population_sources=(official.KREISE_2024_SOURCE,),
        )  # fmt: skip

    return [
        (
            "Gemeindeverzeichnis 2024-Q4",
            lambda: load_regions(
                read_gemeindeverzeichnis(base / official.GV_CURRENT, date(2023, 12, 31)),
                source="Gemeindeverzeichnis 2024-Q4",
            ),
        ),
        (
            "Bevölkerungsreihen 1990–2023",
            lambda: load_statistics(
                source="Bevölkerungsreihen 1990–2023 (GV, Regionalstatistik 12411-01-01)",
                population=official.build_population_series(ctx()),
                population_sources=("gv", "12411-01-01-5", "12411-01-01-4"),
            ),
        ),
        ("Regionalstatistik 2015", regionalstatistik),
        ("Zensus 2022", zensus2022),
        ("Zensus 2022 Regionaltabellen", zensus2022_tables),
        ("Kreise 31.12.2024", kreise_2024),
        (
            "Gebietsgrenzen",
            lambda: load_statistics(
                source="Gebietsgrenzen (BKG/Zensus 2022)", boundaries=official.build_boundaries(ctx())
            ),
        ),
    ]


def fingerprint(base: Path) -> str:
    """SHA-256 over every shipped data file and the importer/loader code."""
    package = Path(official.__file__).resolve().parents[2]  # places/importers/official/__init__.py
    files = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix != ".md")
    files += [*sorted((package / "importers").rglob("*.py")), package / "loader.py"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Lädt die amtlichen Daten (Gemeindeverzeichnis 1990–2024, Regionalstatistik 2015, "
        "Zensus 2011/2022, Kreise 31.12.2024, Gebietsgrenzen) idempotent in die Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Alle Dateien neu lesen und Zeile für Zeile vergleichen, auch wenn sie unverändert sind.",
        )

    def handle(self, *args, **options):
        base = Path(settings.OFFICIAL_DATA_DIR)
        started = time.perf_counter()
        digest = fingerprint(base)
        done = {i.source: i for i in OfficialImport.objects.all()}
        all_steps = list(steps(base))
        changed = False
        for number, (label, step) in enumerate(all_steps, start=1):
            previous = done.get(label)
            if previous and previous.fingerprint == digest and not options["force"]:
                # Same files, same code: the result would be identical — skip the parsing.
                result = LoadResult(label, unchanged=previous.rows)
                self.stdout.write(f"{result} (Dateien unverändert)")
                continue
            # Progress: a source can take a minute on a fresh machine; say which one is being read.
            self.stdout.write(f"[{number}/{len(all_steps)}] Einlesen: {label} …")
            self.stdout.flush()
            step_started = time.perf_counter()
            try:
                result = step()
            except ImportFormatError as exc:
                raise CommandError(f"Import abgebrochen, nichts aus „{label}“ übernommen. {exc}") from exc
            except DATA_ERRORS as exc:
                # The importers turn every known defect of a file into an ImportFormatError with
                # file, line and column; this is the net for one they do not know yet.
                raise CommandError(
                    f"Import abgebrochen, nichts aus „{label}“ übernommen. Eine Datei in {base} "
                    f"ließ sich nicht verarbeiten ({type(exc).__name__}: {exc}). Mit --traceback "
                    "sehen Sie, wo; bitte melden Sie den Fall."
                ) from exc
            OfficialImport.objects.update_or_create(
                source=label,
                defaults={"fingerprint": digest, "rows": result.created + result.updated + result.unchanged},
            )
            self.stdout.write(f"{result} ({time.perf_counter() - step_started:.1f} s)")
            changed = True
        self.stdout.write(f"Fertig in {time.perf_counter() - started:.1f} s.")
        if changed:
            # new figures: the projections are computed again by a worker (core.tasks), not here
            run_command.enqueue("warm-projections")
            self.stdout.write(
                "Die Vorausberechnungen werden im Hintergrund neu berechnet (leuchtfeuer worker)."
            )
