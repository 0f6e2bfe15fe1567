"""leuchtfeuer match [--json] [--top K] [--max-per-town N]: score every open search against every
shared open space; per search the best matches with score and German reasons, then the
assignment that maximises total fit (HiGHS) beside the greedy per-seeker list. Read-only.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from leuchtfeuer.matching.selectors import match_run


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Alle offenen Suchen mit allen offenen Räumen abgleichen (Passung mit Gründen und Zuordnung)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON")
        parser.add_argument("--top", type=int, default=5, help="so viele Treffer je Suche (Standard 5)")
        parser.add_argument(
            "--max-per-town", type=int, default=None, help="höchstens so viele Zuordnungen je Kommune"
        )

    def handle(self, *args, **opts):
        run = match_run(top=max(1, opts["top"]), max_per_town=opts["max_per_town"])
        data: dict[str, Any] = {
            "seekers": [
                {
                    "id": row.seeker.pk,
                    "title": row.seeker.title,
                    "kind": row.seeker.kind,
                    "matches": [
                        {
                            "space_id": m.space.pk,
                            "space": m.space.title,
                            "town": m.space.municipality.display_name,
                            "score": m.score,
                            "reasons": m.reasons,
                            "assigned": m.assigned,
                        }
                        for m in row.matches
                    ],
                }
                for row in run.rows
            ],
            "assignment": {
                "pairs": [
                    {"seeker_id": k.pk, "seeker": k.title, "space_id": s.pk, "space": s.title, "score": v}
                    for k, s, v in run.assigned_pairs
                ],
                "total": round(run.assignment.total, 4) if run.assignment else 0.0,
                "greedy": [
                    {"seeker_id": k.pk, "seeker": k.title, "space_id": s.pk, "space": s.title, "score": v}
                    for k, s, v in run.greedy_pairs
                ],
                "greedy_total": round(run.assignment.greedy_total, 4) if run.assignment else 0.0,
                "differences": run.assignment.differences if run.assignment else [],
            },
        }
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not run.rows:
            self.stdout.write("Keine offenen Suchen.")
        for row in data["seekers"]:
            self.stdout.write(f"\n{row['title']} ({row['kind']})")
            if not row["matches"]:
                self.stdout.write("  kein passender Raum")
            for m in row["matches"]:
                mark = " ← Zuordnung" if m["assigned"] else ""
                self.stdout.write(f"  {m['score'] * 100:5.1f} %  {m['space']} ({m['town']}){mark}")
                for reason in m["reasons"]:
                    self.stdout.write(f"           – {reason}")
        a = data["assignment"]
        self.stdout.write(
            f"\nZuordnung (größte Gesamtpassung): {len(a['pairs'])} Paare, Summe {a['total']:.3f}"
        )
        for p in a["pairs"]:
            self.stdout.write(f"  {p['seeker']} → {p['space']} ({p['score'] * 100:.1f} %)")
        self.stdout.write(f"Einfache Liste (jede:r die eigene erste Wahl): Summe {a['greedy_total']:.3f}")
        for line in a["differences"]:
            self.stdout.write(f"  – {line}")
