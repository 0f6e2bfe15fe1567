"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

Two scenarios for Malchin. Their measures are the town's own *assumptions* for the demo
(fictional targets inspired by the return and stay ideas of the Starke-Orte network: return days,
trial living, a contact point for newcomers, shared flats for apprentices) — not statistics. The
descriptions say so, and the figures are deliberately round.
"""

from __future__ import annotations

from leuchtfeuer.projections import services
from leuchtfeuer.projections.models import Scenario

COORDINATOR = "koordination.malchin@"

SCENARIOS = [
    {
        "name": "Rückkehr und Zuzug junger Familien",
        "description": (
            "Demo – Annahme der Stadt, keine Statistik: Rückkehrtage, Probewohnen und eine "
            "Anlaufstelle für Zuziehende sollen ab 2026 jedes Jahr 15 Rückkehrende im Alter 25–40 "
            "und ab 2027 fünf Familien nach Malchin bringen. Die Zahlen sind ein Ziel der "
            "Koordination, kein Ergebnis."
        ),
        "measures": [
            {"kind": "returnees", "count": 15, "age_from": 25, "age_to": 40, "start_year": 2026},
            {"kind": "families", "count": 5, "start_year": 2027},
        ],
    },
    {
        "name": "Bleiben nach der Ausbildung",
        "description": (
            "Demo – Annahme der Stadt, keine Statistik: Azubi-WGs, eine Jobbörse mit den Betrieben "
            "vor Ort und ein Stammtisch für junge Leute sollen die Fortzüge der 18–24-Jährigen ab "
            "2026 um ein Fünftel senken."
        ),
        "measures": [
            {"kind": "fewer_out_moves", "percent": "20", "age_from": 18, "age_to": 24, "start_year": 2026},
        ],
    },
]


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    malchin = municipalities.get("malchin")
    actor = next((u for email, u in users.items() if email.startswith(COORDINATOR)), None)
    if malchin is None or actor is None:
        return
    for spec in SCENARIOS:
        if Scenario.objects.filter(municipality=malchin, name=spec["name"]).exists():
            continue
        services.scenario_create(actor=actor, municipality=malchin, **spec)
