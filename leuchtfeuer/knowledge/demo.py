"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

The Praxisbeispiele and Umsetzungshilfen come from the seeds (`load-examples`, also allowed in
production). Demo-only: network entries for the demo towns (marked as demo data in their text),
a proposed tandem and an upcoming Praxiswerkstatt and online seminar (fictional dates, marked).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leuchtfeuer.knowledge.loader import load_documents, load_examples
from leuchtfeuer.knowledge.models import Event, NetworkContact, NetworkProfile, Tandem
from leuchtfeuer.knowledge.network.selectors import tandem_fit

DEMO_MARK = "(Demo-Eintrag, fiktiv)"


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    load_examples()
    load_documents()
    profiles = {
        "bad-berleburg": {
            "offers_mentoring": True,
            "offers_hospitation": True,
            "topics": ["rueckkehr", "willkommen", "kinderbetreuung"],
            "description": "Stabsstelle für Rückkehr und Zuzug („Einfach Ankommen“). " + DEMO_MARK,
        },
        "spremberg": {
            "offers_mentoring": True,
            "offers_hospitation": True,
            "topics": ["rueckkehr", "identitaet"],
            "description": "Rückkehrkampagne „Heeme Fehlste“. " + DEMO_MARK,
        },
        "goerlitz": {
            "offers_hospitation": True,
            "topics": ["wohnen", "rueckkehr"],
            "description": "Probewohnen. " + DEMO_MARK,
        },
        "malchin": {
            "seeks_mentoring": True,
            "topics": ["rueckkehr", "identitaet", "jugend"],
            "description": "Wir beginnen mit dem Werkstatt-Prozess. " + DEMO_MARK,
        },
        "schmalkalden": {"topics": ["jugend", "beteiligung"], "description": "JugendParlament. " + DEMO_MARK},
    }
    for slug, values in profiles.items():
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        NetworkProfile.objects.get_or_create(municipality=municipality, defaults={"listed": True, **values})
    contacts = [
        ("koordination.malchin@demo.leuchtfeuer.example", "malchin", "Koordination Demografie"),
        ("koordination.spremberg@demo.leuchtfeuer.example", "spremberg", "Koordination"),
        ("mentoring@demo.leuchtfeuer.example", "bad-berleburg", "Stabsstelle Rückkehr und Zuzug"),
    ]
    for email, slug, function in contacts:
        user, municipality = users.get(email), municipalities.get(slug)
        if user and municipality:
            NetworkContact.objects.get_or_create(
                municipality=municipality,
                user=user,
                defaults={"function": function, "consent_at": timezone.now()},
            )
    if "malchin" in municipalities and "bad-berleburg" in municipalities:
        mentor, mentee = municipalities["bad-berleburg"], municipalities["malchin"]
        if not Tandem.objects.filter(mentor=mentor, mentee=mentee).exists():
            fit = tandem_fit(mentor, mentee)
            Tandem.objects.create(mentor=mentor, mentee=mentee, score=fit.score, explanation=fit.explanation)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=30)
    events = [
        (
            "Praxiswerkstatt Rückkehr: Begrüßungspakete und Rückkehrertage " + DEMO_MARK,
            Event.Kind.WORKSHOP,
            "Austausch über Begrüßungspakete, Willkommensveranstaltungen und Rückkehrertage.",
            start,
            "Spremberg, Rathaus (Demo)",
            20,
        ),
        (
            "Online-Seminar: Probewohnen organisieren " + DEMO_MARK,
            Event.Kind.SEMINAR,
            "Wie Probewohnen in Görlitz und Wittenberge funktioniert – und was eine Kleinstadt dafür braucht.",
            start + dt.timedelta(days=14),
            "online (Zugangsdaten nach Anmeldung)",
            50,
        ),
    ]
    for title, kind, description, starts_at, location, capacity in events:
        Event.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "description": description,
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=3),
                "location": location,
                "capacity": capacity,
            },
        )
