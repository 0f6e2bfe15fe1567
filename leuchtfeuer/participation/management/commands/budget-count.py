"""`leuchtfeuer budget-count FILE.pb --rule mes|mes-complete|greedy [--json]`: count a pabulib file."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.participation.engine.counting import RULE_LABELS, RULES, count, euro
from leuchtfeuer.participation.engine.pabulib import PabulibError, read_pb


class Command(BaseCommand):
    help = (
        "Zählt einen Bürgerhaushalt aus einer pabulib-Datei (.pb) mit pabutools: "
        "mes = Equal Shares (Kosten-Nutzen, ohne Vervollständigung), mes-complete = mit add1-Vervollständigung, "
        "greedy = nach Stimmen, überspringt was nicht mehr passt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur .pb-Datei")
        parser.add_argument("--rule", choices=RULES, default="mes-complete")
        parser.add_argument("--json", action="store_true", help="nur JSON ausgeben: winners, total_cost")
        parser.add_argument(
            "--explain", action="store_true", help="mit --json: auch die Begründung je Vorschlag ausgeben"
        )

    def handle(self, *args, **options):
        try:
            election = read_pb(options["file"])
            explain = options["explain"] or not options["json"]
            result = count(election, options["rule"], explain=explain)
        except PabulibError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            data = {
                "rule": result.rule,
                "winners": result.winners,
                "total_cost": _plain(result.total_cost),
                "budget": _plain(result.budget),
                "voters": result.voters,
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
    return int(value) if value.denominator == 1 else float(value)
