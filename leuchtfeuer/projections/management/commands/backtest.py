"""leuchtfeuer backtest: project from a past base year and compare with what happened."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.projections.engine.evaluate import backtest
from leuchtfeuer.projections.selectors import official_snapshot, population_on, statistics_loaded


class Command(BaseCommand):
    help = "Rückrechnung: Vorausberechnung ab einem Basisjahr, verglichen mit den späteren amtlichen Zahlen."

    def add_arguments(self, parser):
        parser.add_argument("--base-year", type=int, default=2015)
        parser.add_argument("--target-year", type=int, default=2023)
        parser.add_argument("--lands", default="12,13,14,15,16", help="Länderschlüssel, kommagetrennt")
        parser.add_argument("--min-pop", type=int, default=0)
        parser.add_argument("--max-pop", type=int, default=10**9)
        parser.add_argument("--json", action="store_true", help="nur JSON ausgeben (letzte Zeile)")

    def handle(self, *args, **opts):
        if not statistics_loaded():
            raise CommandError(
                "Keine amtlichen Statistiken geladen – bitte zuerst `leuchtfeuer import-official`."
            )
        if opts["target_year"] <= opts["base_year"]:
            raise CommandError("Das Zieljahr muss nach dem Basisjahr liegen.")
        started = time.perf_counter()
        snap = official_snapshot(opts["base_year"])
        targets = population_on(opts["target_year"])
        lands = [code.strip().zfill(2) for code in opts["lands"].split(",") if code.strip()]
        result = backtest(
            snap, targets, opts["target_year"], lands, min_pop=opts["min_pop"], max_pop=opts["max_pop"]
        )
        result["runtime_s"] = round(time.perf_counter() - started, 1)
        if not opts["json"]:
            self.stdout.write(
                f"Rückrechnung {result['base_year']} → {result['target_year']}: n = {result['n']}, "
                f"MAPE {result['mape']:.2f} %, MALPE {result['malpe']:+.2f} %, "
                f"Abdeckung 80 % = {result['coverage80']}, 95 % = {result['coverage95']}"
            )
            for name, figures in result["baselines"].items():
                self.stdout.write(
                    f"  Vergleich {name}: MAPE {figures['mape']:.2f} %, MALPE {figures['malpe']:+.2f} %"
                )
            self.stdout.write(f"  ausgeschlossen: {result['excluded']}")
        self.stdout.write(json.dumps(result, ensure_ascii=False))
