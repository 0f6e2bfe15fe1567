"""leuchtfeuer compensation --ags <AGS> --jobs N [--radius-km R] [--amount EUR] [--json]

Each neighbouring Gemeinde's share of the expected commuters (and of a compensation amount) for a
settlement of N jobs in the Gemeinde AGS: the gravity model of ``matching.engine.compensation``
(population × distance decay within the commuting radius). Shares sum to 1. Read-only.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format

from leuchtfeuer.matching.engine.compensation import (
    DECAYS,
    DEFAULT_EXPONENT,
    DEFAULT_RADIUS_KM,
    DEFAULT_SCALE_KM,
)
from leuchtfeuer.matching.regional import RegionalError, compensation_for
from leuchtfeuer.places.profile import ATTRIBUTION


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Ausgleich für eine große Ansiedlung: Anteile der Nachbargemeinden an den erwarteten "
        "Pendler:innen (Gravitationsmodell), Summe 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ags", required=True, help="Gemeindeschlüssel (8 Ziffern) oder Name")
        parser.add_argument("--jobs", required=True, type=int, help="Zahl der Arbeitsplätze")
        parser.add_argument("--radius-km", type=float, default=DEFAULT_RADIUS_KM, help="Pendelradius in km")
        parser.add_argument("--amount", default=None, help="Ausgleichsbetrag in Euro (optional)")
        parser.add_argument("--decay", choices=DECAYS, default="power")
        parser.add_argument("--exponent", type=float, default=DEFAULT_EXPONENT)
        parser.add_argument("--scale-km", type=float, default=DEFAULT_SCALE_KM)
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    def handle(self, *args, **opts):
        amount = None
        if opts["amount"] is not None:
            try:
                amount = Decimal(opts["amount"].replace(",", "."))
            except InvalidOperation:
                raise CommandError(f"--amount: „{opts['amount']}“ ist kein Betrag in Euro.") from None
        try:
            result = compensation_for(
                ags=opts["ags"],
                jobs=opts["jobs"],
                radius_km=opts["radius_km"],
                amount=amount,
                decay=opts["decay"],
                exponent=opts["exponent"],
                scale_km=opts["scale_km"],
            )
        except RegionalError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            data = {
                "origin": {"ags": result.origin.ags, "name": result.origin.name},
                "jobs": result.jobs,
                "radius_km": result.radius_km,
                "decay": result.decay,
                "exponent": result.exponent if result.decay == "power" else None,
                "scale_km": result.scale_km if result.decay == "exponential" else None,
                "amount": None if result.amount is None else str(result.amount),
                "shares": [
                    {
                        "ags": s.ags,
                        "name": s.name,
                        "population": s.population,
                        "distance_km": round(s.distance_km, 3),
                        "share": s.share,
                        "commuters": s.commuters,
                        "amount": None if s.amount is None else str(s.amount),
                    }
                    for s in result.shares
                ],
                "attribution": ATTRIBUTION,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        o = result.origin
        self.stdout.write(
            f"{o.name} ({o.ags}): {number_format(result.jobs, force_grouping=True)} Arbeitsplätze, "
            f"{len(result.shares)} Nachbargemeinden im Umkreis von "
            f"{number_format(round(result.radius_km), 0)} km"
        )
        for s in result.shares:
            line = (
                f"  {number_format(round(s.share * 100, 2), 2):>6} %  {number_format(round(s.distance_km, 1), 1):>5} km"
                f"  {s.commuters:>6} Pendler:innen  {s.name} ({s.ags})"
            )
            if s.amount is not None:
                line += f"  {number_format(s.amount, 2, force_grouping=True)} €"
            self.stdout.write(line)
        self.stdout.write("Quellen: " + "; ".join(ATTRIBUTION))
