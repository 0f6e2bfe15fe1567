"""leuchtfeuer project <AGS>: population projection of one Gemeinde with calibrated intervals.

Without `--base-year`: the current projection the pages and the API show (start 31.12. of the
latest official total, age structure of the Zensus 2022, components per year), as JSON with the
API's English keys. With `--base-year`: a historical projection from that year's data only
(the backtests' view; German keys as before)."""

from __future__ import annotations

import json

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.places.models import Region
from leuchtfeuer.projections.current import END_YEAR, region_projection
from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.presenters import api_payload
from leuchtfeuer.projections.selectors import official_snapshot, statistics_loaded

PLANNING_GROUPS = {"Kita 0–5": (0, 6), "Schule 6–17": (6, 18), "Erwerbsalter 18–64": (18, 65), "65+": (65, AGES),
                   "80+": (80, AGES)}  # fmt: skip


# planning groups with a calibrated range (engine.model.AGE_GROUPS); 80+ has none (the 2015
# Gemeinde table ends with 75+, so its errors cannot be measured)
GROUP_KEYS = {"Kita 0–5": "0–5", "Schule 6–17": "6–17", "Erwerbsalter 18–64": "18–64", "65+": "65+"}


def _round(value: float) -> int | None:
    """A range bound in persons; None = open (the calibrated relative error reaches 100 %)."""
    return round(float(value)) if np.isfinite(value) else None


class Command(BaseCommand):
    help = "Bevölkerungsvorausberechnung für eine Gemeinde (AGS), mit kalibrierten Unsicherheitsbereichen."

    def add_arguments(self, parser):
        parser.add_argument("ags")
        parser.add_argument(
            "--base-year", type=int, default=None,
            help="historische Vorausberechnung aus den Daten bis zu diesem Jahr (ohne: die aktuelle)",
        )  # fmt: skip
        parser.add_argument(
            "--until", type=int, default=None, help="Endjahr (höchstens 2045 für die aktuelle)"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        if not statistics_loaded():
            raise CommandError(
                "Keine amtlichen Statistiken geladen – bitte zuerst `leuchtfeuer import-official`."
            )
        if opts["base_year"] is None:
            return self._current(opts)
        opts["until"] = 2045 if opts["until"] is None else opts["until"]
        ags, base_year = opts["ags"], opts["base_year"]
        horizon = opts["until"] - base_year
        if horizon < 1:
            raise CommandError("Das Endjahr muss nach dem Basisjahr liegen.")
        snap = official_snapshot(base_year)
        land = ags[:2]
        calibration = [a for a in snap.totals_by_region() if len(a) == 8 and a[:2] == land]
        fc = forecast(snap, [ags], horizon, calibration_regions=calibration)
        if not fc.regions:
            raise CommandError(
                f"Für {ags} fehlen Bevölkerungsstand oder Altersstruktur im Basisjahr {base_year}."
            )
        years = []
        for h in range(horizon + 1):
            row = {"jahr": base_year + h, "insgesamt": round(float(fc.ensemble[0, h]))}
            for level, key in ((0.80, "bereich80"), (0.95, "bereich95")):
                if h and fc.calibration.has(level):
                    lo, hi = fc.interval(level, h)
                    row[key] = [_round(lo[0]), _round(hi[0])]
            pop = fc.projection.population[h, 0] if fc.projection is not None else np.zeros((2, AGES))
            # age structure of the cohort model, scaled to the ensemble total of that year
            pop = pop * (fc.ensemble[0, h] / max(float(pop.sum()), 1e-9))
            row["altersgruppen"] = {
                k: round(float(pop[:, a:b].sum())) for k, (a, b) in PLANNING_GROUPS.items()
            }
            ranges = {}
            for label, group in GROUP_KEYS.items():
                for level, key in ((0.80, "bereich80"), (0.95, "bereich95")):
                    lo, hi = fc.group_interval(group, level, h) if h else (np.array([np.nan]),) * 2
                    if not np.isnan(lo[0]):  # only calibrated ranges are shown
                        ranges.setdefault(label, {})[key] = [_round(lo[0]), _round(hi[0])]
            if ranges:
                row["altersgruppen_bereiche"] = ranges
            years.append(row)
        result = {
            "ags": ags,
            "basisjahr": base_year,
            "methode": "Ensemble aus Kohorten-Komponenten-Modell und Trendverfahren",
            "gewichte": {k: round(v, 2) for k, v in fc.region_weights()[0].items()},
            "wanderungsdaempfung": fc.damping,
            "hinweis": "Altersstruktur aus dem Kohorten-Komponenten-Modell, auf die Ensemble-Summe skaliert; Gewichte der Größenklasse und "
            "Bereiche nur, wo aus eigenen Rückrechnungsfehlern (Basisjahre vor dem Basisjahr) kalibriert "
            "(Horizonte über 4 Jahre mit h^a hochgerechnet).",
            "quellen": fc.inputs.sources if fc.inputs else {},
            "jahre": years,
        }
        if not opts["json"]:
            for row in years[:: max(1, horizon // 6)]:
                self.stdout.write(f"{row['jahr']}: {row['insgesamt']}  {row.get('bereich80', '')}")
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _current(self, opts) -> None:
        ags = opts["ags"]
        region = Region.objects.filter(level=Region.Level.GEMEINDE, ags=ags).first()
        if region is None:
            raise CommandError(f"Keine Gemeinde mit dem Schlüssel {ags} (achtstelliger AGS).")
        projection = region_projection(region)
        if projection is None:
            raise CommandError(f"Für {ags} fehlen Bevölkerungsstand oder Altersstruktur.")
        until = END_YEAR if opts["until"] is None else opts["until"]
        if not projection.base_year < until <= END_YEAR:
            raise CommandError(
                f"Das Endjahr muss nach dem Startjahr {projection.base_year} liegen und höchstens {END_YEAR} sein."
            )
        result = api_payload(projection)
        result["years"] = [row for row in result["years"] if row["year"] <= until]
        if not opts["json"]:
            step = max(1, len(result["years"]) // 6)
            for row in result["years"][::step]:
                c = row["components"] or {}
                self.stdout.write(
                    f"{row['year']}: {row['total']}  {row.get('range80') or ''}  "
                    + (
                        f"Geburten {c['births']}, Sterbefälle {c['deaths']}, Wanderung {c['net_migration']}"
                        if c
                        else ""
                    )
                )
            self.stdout.write(result["drivers"])
        self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
