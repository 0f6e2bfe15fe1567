"""leuchtfeuer funding-select --call <slug or id> [--json] [--save]: the selection of a call.

Prints the applications chosen by the integer programme (max. total score under budget and the
call's diversity rules), total cost and score, the binding rules and the greedy ranking beside it.
Read-only unless --save (then the run is stored like one started from the office page).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from leuchtfeuer.accounts.models import User
from leuchtfeuer.funding.models import Call
from leuchtfeuer.funding.services import selection_compute, selection_run


class Command(BaseCommand):
    # Read-only on the database; does not depend on URL configuration or other parts' checks.
    requires_system_checks: list[str] = []
    help = "Auswahl eines Förderaufrufs berechnen (ganzzahlige Optimierung, daneben die einfache Rangfolge)."

    def add_arguments(self, parser):
        parser.add_argument("--call", required=True, help="Kurzname (slug) oder Nummer des Aufrufs")
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON (eine Zeile)")
        parser.add_argument(
            "--save", action="store_true", help="Lauf speichern (als Geschäftsstelle: --by E-MAIL)"
        )
        parser.add_argument("--by", default="", help="E-Mail der Geschäftsstelle, die den Lauf speichert")

    def handle(self, *args, **opts):
        key = opts["call"].strip()
        call = Call.objects.filter(slug=key).first() or (
            Call.objects.filter(pk=int(key)).first() if key.isdigit() else None
        )
        if call is None:
            raise CommandError(f"Keinen Förderaufruf „{key}“ gefunden.")
        if opts["save"]:
            actor = User.objects.filter(email__iexact=opts["by"]).first()
            if actor is None:
                raise CommandError("--save braucht --by mit der E-Mail eines Kontos der Geschäftsstelle.")
            data = selection_run(actor=actor, call=call).result
        else:
            data = selection_compute(call)
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        if not data["feasible"]:
            self.stdout.write(data["message"])
            raise CommandError("Keine zulässige Auswahl.")
        self.stdout.write(
            f"{call.title}: Budget {data['budget']} €, {data['candidates']} Anträge in der Auswahl"
        )
        self.stdout.write(
            f"Optimiert: {len(data['selected'])} Anträge, {data['total_cost']} €, {data['total_score']} Punkte"
        )
        for e in data["selected"]:
            self.stdout.write(f"  {e['score']:6.2f}  {e['cost']:>10} €  {e['name']}")
        g = data["greedy"]
        self.stdout.write(
            f"Rangfolge: {len(g['selected'])} Anträge, {g['total_cost']} €, {g['total_score']} Punkte"
            + (" – verletzt: " + " ".join(g["violations"]) if g["violations"] else "")
        )
        for b in data["binding"]:
            self.stdout.write(f"bindend: {b['label']} (ohne sie {b['score_without']} Punkte)")
        for d in data["differences"]:
            self.stdout.write(f"- {d['name']}: {d['explanation']}")
