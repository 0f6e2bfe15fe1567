"""`leuchtfeuer sortition --pool FILE --quotas FILE --panel N [--seed S] [--algorithm A] [--json]`."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.participation.engine.sortition import (
    ALGORITHM_LABELS,
    ALGORITHMS,
    FALLBACKS,
    SortitionError,
    read_pool_csv,
    read_quotas_csv,
    select_panel,
)


class Command(BaseCommand):
    help = (
        "Wählt einen Bürgerrat per geschichtetem Losverfahren aus Dateien: Pool (CSV, eine Zeile je Person) "
        "und Quoten (CSV: Merkmal;Ausprägung;Min;Max). Mit demselben Seed und denselben Dateien kommt "
        "dasselbe Ergebnis heraus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pool", required=True)
        parser.add_argument("--quotas", required=True)
        parser.add_argument("--panel", required=True, type=int, help="Anzahl der Plätze")
        parser.add_argument("--seed", type=int, default=0, help="Startwert; 0 = neuen zufällig wählen")
        parser.add_argument("--algorithm", choices=ALGORITHMS, default="leximin")
        parser.add_argument("--fallback", choices=FALLBACKS, default="maximin")
        parser.add_argument("--households", action="store_true", help="höchstens eine Person je Haushalt")
        parser.add_argument("--time-limit", type=float, default=120.0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        seed = options["seed"] or secrets.randbelow(2**31 - 2) + 1
        try:
            quotas = read_quotas_csv(_read(options["quotas"]))
            pool = read_pool_csv(_read(options["pool"]), quotas)
            draw = select_panel(
                pool,
                quotas,
                options["panel"],
                seed=seed,
                algorithm=options["algorithm"],
                fallback=options["fallback"],
                check_households=options["households"],
                time_limit=options["time_limit"],
            )
        except SortitionError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            data = draw.audit()
            data["probabilities"] = {k: round(v, 6) for k, v in sorted(draw.probabilities.items())}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"Verfahren: {ALGORITHM_LABELS[draw.algorithm_used]}")
        if draw.fallback_reason:
            self.stdout.write(f"Ersatzverfahren, weil: {draw.fallback_reason}")
        self.stdout.write(f"Seed: {draw.seed} · Eingaben (SHA-256): {draw.inputs_sha256}")
        exact = "" if draw.probabilities_exact else " (geschätzt)"
        self.stdout.write(f"Kleinste Auswahlwahrscheinlichkeit{exact}: {draw.min_probability:.2%}")
        self.stdout.write("Ausgewählt: " + ", ".join(draw.selected))


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"Die Datei {path} gibt es nicht.") from None
    except UnicodeDecodeError:
        raise CommandError(
            f"Die Datei {path} ist nicht UTF-8-kodiert (bitte als CSV UTF-8 speichern)."
        ) from None
