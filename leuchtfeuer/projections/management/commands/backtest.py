"""leuchtfeuer backtest: project from a past base year and compare with what happened."""

from __future__ import annotations

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.projections.engine.evaluate import backtest, stable_territory
from leuchtfeuer.projections.selectors import (
    age_groups_on,
    gv_vintage_areas,
    official_snapshot,
    population_on,
    statistics_loaded,
)

ZENSUS_2022 = date(2022, 5, 15)
ALL_LANDS = ",".join(f"{i:02d}" for i in range(1, 17))


class Command(BaseCommand):
    help = (
        "Rückrechnung: Vorausberechnung ab einem Basisjahr, verglichen mit den späteren amtlichen Zahlen "
        "(nur Gemeinden mit unverändertem Gebiet; Altersstruktur gegen den Zensus 2022)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-year", type=int, default=2015)
        parser.add_argument("--target-year", type=int, default=2023)
        parser.add_argument(
            "--lands", default="12,13,14,15,16", help=f"Länderschlüssel, kommagetrennt (alle: {ALL_LANDS})"
        )
        parser.add_argument("--min-pop", type=int, default=0)
        parser.add_argument("--max-pop", type=int, default=10**9)
        parser.add_argument("--no-ages", action="store_true", help="ohne Vergleich der Altersgruppen")
        parser.add_argument("--json", action="store_true", help="nur JSON ausgeben (letzte Zeile)")

    def handle(self, *args, **opts):
        if not statistics_loaded():
            raise CommandError(
                "Keine amtlichen Statistiken geladen – bitte zuerst `leuchtfeuer import-official`."
            )
        base_year, target_year = opts["base_year"], opts["target_year"]
        if target_year <= base_year:
            raise CommandError("Das Zieljahr muss nach dem Basisjahr liegen.")
        lands = [code.strip().zfill(2) for code in opts["lands"].split(",") if code.strip()]
        if not lands or any(not code.isdigit() for code in lands):
            raise CommandError(f"--lands: Länderschlüssel wie 12,13 erwartet, nicht „{opts['lands']}“.")
        started = time.perf_counter()
        snap = official_snapshot(base_year)
        targets = population_on(target_year)
        try:
            stable, vintages = stable_territory(gv_vintage_areas(), base_year, target_year)
        except ValueError as exc:
            raise CommandError(f"Gebietsstand nicht prüfbar: {exc}") from exc
        age_targets = age_date = None
        if not opts["no_ages"] and base_year < ZENSUS_2022.year:
            age_targets = age_groups_on("zensus22_11")
            age_date = ZENSUS_2022.year + (ZENSUS_2022.timetuple().tm_yday - 1) / 365.0
        result = backtest(
            snap, targets, target_year, lands, min_pop=opts["min_pop"], max_pop=opts["max_pop"],
            stable=stable, age_targets=age_targets or None, age_date=age_date,
        )  # fmt: skip
        result["territory_rule"] = (
            f"AGS in den GV-Jahrgängen {', '.join(map(str, vintages))} mit Flächenänderung < 0,5 %, "
            f"Trendzeitraum {base_year - 4}–{base_year} und Zieljahr auf heutigem Gebietsstand"
        )
        if "age_groups" in result:
            result["age_groups"]["reference"] = (
                "Zensus 2022 (15.05.2022), Altersstruktur: Vorausberechnung auf die Zensus-Summe skaliert"
            )
        result["runtime_s"] = round(time.perf_counter() - started, 1)
        if not opts["json"]:
            self._human(result)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _human(self, result: dict) -> None:
        def cov(value):
            return "–" if value is None else f"{value:.0%}"

        self.stdout.write(
            f"Rückrechnung {result['base_year']} → {result['target_year']}: n = {result['n']} "
            f"(von {result['candidates']}), MAPE {result['mape']:.2f} %, MALPE {result['malpe']:+.2f} %, "
            f"P90 {result['p90_ape']:.1f} %, Abdeckung 80 % = {cov(result['coverage80'])}, "
            f"95 % = {cov(result['coverage95'])}"
        )
        self.stdout.write(
            f"  Kohortenmodell allein: MAPE {result['kohorten']['mape']:.2f} %, "
            f"MALPE {result['kohorten']['malpe']:+.2f} %"
        )
        for name, figures in result["baselines"].items():
            self.stdout.write(
                f"  Vergleich {name}: MAPE {figures['mape']:.2f} %, MALPE {figures['malpe']:+.2f} %"
            )
        for label, row in result["by_size_class"].items():
            self.stdout.write(
                f"  Größenklasse {label}: n = {row['n']}, MAPE {row['mape']:.2f} %, MALPE {row['malpe']:+.2f} %, "
                f"Abdeckung 80 % = {cov(row.get('coverage80'))}, 95 % = {cov(row.get('coverage95'))}"
            )
        for label, row in result.get("age_groups", {}).get("groups", {}).items():
            self.stdout.write(
                f"  Alter {label}: MAPE {row['mape']:.1f} % (Struktur 2015 konstant: {row['konstant']['mape']:.1f} %)"
            )
        self.stdout.write(f"  ausgeschlossen: {result['excluded']}")
        self.stdout.write(f"  Regel: {result['territory_rule']}")
