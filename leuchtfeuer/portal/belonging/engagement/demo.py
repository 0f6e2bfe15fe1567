"""Demo content of belonging/engagement (fictional, marked as demo); called by portal.belonging.demo.

In every demo town with a portal: a choir (Verein, partner organisation), the volunteer fire
brigade, a repair café (Dritter Ort), one Azubi-WG room and one Wohnen-für-Hilfe room, and a
demo legal note for shared living. Everything carries "(Demo)" and `is_demo`; idempotent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from leuchtfeuer.accounts.models import PartnerOrganisation
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.models import EngagementDetails, Offer, Portal, SharedLivingDetails

DEMO = "(Demo)"
NOTE = (
    "Fiktiver Demo-Hinweis: Bei Wohnen für Hilfe gilt: Die Mithilfe ist keine Pflege und kein "
    "Arbeitsverhältnis. Vereinbaren Sie Miete, Stunden und Aufgaben schriftlich (Mustervertrag bei der "
    "Lotsin). Für Azubi-WGs gilt das Mietrecht; prüfen Sie, ob Berufsausbildungsbeihilfe oder Wohngeld "
    "möglich sind."
)

# title, organisation (or ""), ortsteil (or ""), engagement details
ENGAGEMENT = (
    (
        "Mitsingen im Gemischten Chor",
        "Gemischter Chor Harmonie",
        "Kernstadt",
        {
            "area": "verein",
            "interests": ["musik", "kultur"],
            "hours_per_month": 8,
            "schedule": "dienstags 19:30 bis 21 Uhr",
            "sought": "Stimmen für alle Lagen – Noten lesen ist keine Bedingung.",
            "skills": "Freude am Singen",
        },
    ),
    (
        "Mitmachen bei der Freiwilligen Feuerwehr",
        "",
        "",
        {
            "area": "feuerwehr",
            "interests": ["feuerwehr", "handwerk"],
            "hours_per_month": 10,
            "min_age": 16,
            "schedule": "Übungsabend jeden zweiten Montag, 19 Uhr",
            "sought": "Neue Kameradinnen und Kameraden für den Einsatzdienst und die Jugendfeuerwehr.",
            "skills": "Teamgeist; der Führerschein hilft, ist aber keine Bedingung",
        },
    ),
    (
        "Repair-Café im Bürgertreff",
        "",
        "",
        {
            "area": "dritter-ort",
            "interests": ["handwerk", "digital", "soziales"],
            "hours_per_month": 3,
            "schedule": "erster Samstag im Monat, 10 bis 13 Uhr",
            "sought": "Menschen, die gern reparieren oder einfach Kaffee ausschenken und zuhören.",
        },
    ),
)
LIVING = (
    (
        "Zimmer in der Azubi-WG am Bahnhof",
        "azubi-wg",
        {
            "rooms": 2,
            "room_size_m2": 14,
            "rent_eur": Decimal("290"),
            "for_trainees": True,
            "max_age": 27,
            "host": "Wohnungsgesellschaft mit zwei Ausbildungsbetrieben (fiktiv)",
        },
    ),
    (
        "Zimmer gegen Gartenhilfe",
        "homesharing",
        {
            "rooms": 1,
            "room_size_m2": 18,
            "rent_eur": Decimal("100"),
            "help_hours_per_month": 20,
            "help_tasks": "Garten, Einkaufen, gemeinsam kochen",
            "host": "Seniorin, 79, mit Katze (fiktiv)",
        },
    ),
)


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    now = timezone.now()
    for slug, municipality in municipalities.items():
        portal = Portal.objects.filter(municipality=municipality).first()
        if portal is None:
            continue
        if not portal.shared_living_note:
            Portal.objects.filter(pk=portal.pk).update(shared_living_note=NOTE)
        contact = f"mitmachen@{slug}.demo.leuchtfeuer.example"
        for title, org_name, ortsteil_name, details in ENGAGEMENT:
            organisation = None
            if org_name:
                organisation, _ = PartnerOrganisation.objects.get_or_create(
                    municipality=municipality,
                    name=f"{org_name} {DEMO}",
                    defaults={"kind": PartnerOrganisation.Kind.ASSOCIATION},
                )
            offer, _ = Offer.objects.get_or_create(
                municipality=municipality,
                title=f"{title} {DEMO}",
                defaults={
                    "kind": "engagement",
                    "organisation": organisation,
                    "ortsteil": Ortsteil.objects.filter(municipality=municipality, name=ortsteil_name).first()
                    if ortsteil_name
                    else None,
                    "description": "Fiktives Demo-Angebot zum Ausprobieren des Portals – dieses Angebot gibt es nicht.",
                    "contact_name": "Demo-Kontakt (fiktiv)",
                    "contact_email": contact,
                    "is_demo": True,
                    "status": Offer.Status.PUBLISHED,
                    "published_at": now,
                },
            )
            EngagementDetails.objects.get_or_create(offer=offer, defaults=details)
        for title, kind, details in LIVING:
            offer, _ = Offer.objects.get_or_create(
                municipality=municipality,
                title=f"{title} {DEMO}",
                defaults={
                    "kind": kind,
                    "description": "Fiktives Demo-Angebot zum Ausprobieren des Portals – dieses Angebot gibt es nicht.",
                    "contact_name": "Demo-Kontakt (fiktiv)",
                    "contact_email": contact,
                    "life_phases": ["jugend", "nach-ausbildung"],
                    "is_demo": True,
                    "status": Offer.Status.PUBLISHED,
                    "published_at": now,
                },
            )
            SharedLivingDetails.objects.get_or_create(offer=offer, defaults={"form": kind, **details})
