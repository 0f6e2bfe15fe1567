"""leuchtfeuer finance-simulate --land 13 --pot 100000000 --weights population=1
--compare population=0.7,area=0.3 [--json]: two weightings of one Land's pot side by side.

--weights is the base scenario (usually the status quo: population=1), --compare the reform.
Amounts are euros as strings with two decimals; both columns sum exactly to the pot.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.finance.simulation import ScenarioError, Spec, money, parse_decimal, parse_weights, run


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Schlüsselzuweisungen eines Landes nach zwei Gewichtungen verteilen und vergleichen."

    def add_arguments(self, parser):
        parser.add_argument("--land", required=True, help="Land: zweistelliger Schlüssel, z. B. 13")
        parser.add_argument("--pot", required=True, help="Topf in Euro, z. B. 100000000")
        parser.add_argument(
            "--weights", default="population=1", help="Gewichte der Basis, z. B. population=1"
        )
        parser.add_argument(
            "--compare", required=True, help="Gewichte der Reform, z. B. population=0.7,area=0.3"
        )
        parser.add_argument(
            "--demography", type=int, default=None, help="Demografiefaktor: Jahre (5 oder 10)"
        )
        parser.add_argument("--max-loss", default=None, help="höchster Verlust je Gemeinde in Prozent")
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    def handle(self, *args, **opts):
        try:
            land = opts["land"].strip().zfill(2)
            pot = parse_decimal(opts["pot"], "Topf")
            base_w = parse_weights(opts["weights"])
            reform_w = parse_weights(opts["compare"])
            loss = parse_decimal(opts["max_loss"], "Höchster Verlust") if opts["max_loss"] else None
            if opts["demography"] is not None and opts["demography"] not in (5, 10):
                raise ScenarioError("Demografiefaktor: 5 oder 10 Jahre.")
            base = run(Spec(land=land, pot=pot, weights=base_w))
            reform = run(
                Spec(
                    land=land,
                    pot=pot,
                    weights=reform_w,
                    demography_years=opts["demography"],
                    max_loss_percent=loss,
                )
            )
        except ScenarioError as exc:
            raise CommandError(str(exc)) from None
        # "base" is the reform column of the --weights scenario (for population=1: the status quo).
        rows = [
            {
                "ags": b.ags,
                "name": b.name,
                "base": money(b.reform),
                "reform": money(r.reform),
                "diff": money(r.reform - b.reform),
            }
            for b, r in zip(base.rows, reform.rows, strict=True)
        ]
        total_base = sum((b.reform for b in base.rows), Decimal(0))
        total_reform = sum((r.reform for r in reform.rows), Decimal(0))
        notes = list(dict.fromkeys(base.notes + reform.notes))
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "land": land,
                        "land_name": base.land_name,
                        "pot": money(pot),
                        "gemeinden": rows,
                        "total_base": money(total_base),
                        "total_reform": money(total_reform),
                        "notes": notes,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(f"{base.land_name}: {len(rows)} Gemeinden, Topf {money(pot)} €")
        for note in notes:
            self.stdout.write(f"Hinweis: {note}")
        self.stdout.write(f"{'AGS':<9} {'Gemeinde':<40} {'Basis':>16} {'Reform':>16} {'Differenz':>14}")
        for row in rows:
            self.stdout.write(
                f"{row['ags']:<9} {row['name'][:40]:<40} {row['base']:>16} {row['reform']:>16} {row['diff']:>14}"
            )
        self.stdout.write(f"{'Summe':<50} {money(total_base):>16} {money(total_reform):>16}")
