"""`leuchtfeuer budget-count FILE.pb --rule file|<rule> [--json]`: count a pabulib file.

`--rule file` counts with the rule the file's META names (`rule`, and `min_project_score_threshold`
for the greedy rules). In --json mode the last line of stdout is one JSON object with at least
`winners` (project ids as in the file, in selection order), `rule` and `cost`.
"""

from __future__ import annotations

import json
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.participation.engine.counting import RULE_LABELS, RULES, count, euro, rule_from_meta
from leuchtfeuer.participation.engine.pabulib import PabulibError, read_pb


class Command(BaseCommand):
    # counting a file needs neither the database nor the URL configuration
    requires_system_checks: list[str] = []
    help = (
        "Zählt einen Bürgerhaushalt aus einer pabulib-Datei (.pb). --rule file nimmt die Regel, die die Datei "
        "nennt; sonst: mes = Equal Shares ohne Vervollständigung, mes-complete = mit add1-Vervollständigung, "
        "mes-comparison = add1 in ganzen Einheiten mit Vergleichsschritt, greedy = nach Stimmen (überspringt, "
        "was nicht passt), greedy-threshold = mit Mindeststimmenzahl, greedy-no-skip = endet beim ersten "
        "Vorschlag, der nicht passt, greedy-reserve = Poznań-Regel (80 % aus Reservemitteln)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur .pb-Datei")
        parser.add_argument(
            "--rule",
            choices=("file", *RULES),
            default="mes-complete",
            help="file = die Regel aus der Datei (META rule)",
        )
        parser.add_argument(
            "--threshold",
            type=Fraction,
            default=None,
            help="Mindeststimmenzahl für die greedy-Regeln (bei --rule file aus der Datei)",
        )
        parser.add_argument("--json", action="store_true", help="nur JSON ausgeben: winners, rule, cost")
        parser.add_argument(
            "--explain", action="store_true", help="mit --json: auch die Begründung je Vorschlag ausgeben"
        )

    def handle(self, *args, **options):
        try:
            election = read_pb(options["file"])
            threshold = options["threshold"]
            rule = options["rule"]
            named = None
            if rule == "file":
                named = election.meta.get("rule", "")
                rule, from_file = rule_from_meta(election)
                threshold = threshold if threshold is not None else from_file
            explain = options["explain"] or not options["json"]
            result = count(election, rule, explain=explain, threshold=threshold)
        except PabulibError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            data = {
                "rule": result.rule,
                "file_rule": named,
                "winners": result.winners,
                "cost": _plain(result.total_cost),
                "total_cost": _plain(result.total_cost),
                "budget": _plain(result.budget),
                "voters": result.voters,
                "threshold": None if result.threshold is None else _plain(result.threshold),
            }
            if options["explain"]:
                data["outcomes"] = result.as_dict()["outcomes"]
                data["summary"] = result.summary
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(result.summary)
        self.stdout.write(f"Regel: {RULE_LABELS[result.rule]}")
        for outcome in result.outcomes:
            mark = "✔" if outcome.selected else "✘"
            label = f"{outcome.project_id} {outcome.name}".strip()
            self.stdout.write(f"{mark} {label} ({euro(outcome.cost)}): {outcome.explanation}")


def _plain(value):
    value = Fraction(value)
    return int(value) if value.denominator == 1 else float(value)
