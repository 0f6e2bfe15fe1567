"""Demo content of belonging/buddies (fictional, marked as demo); called by portal.belonging.demo.

Three fictional Willkommenspat:innen in Bad Berleburg, "(Demo)" in their names and demo e-mail
addresses, and one proposed pairing on the demo case (nobody has accepted yet, so no contact
details are shared and nothing enters the anonymous statistics). Idempotent.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone

from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing
from leuchtfeuer.portal.models import Case, Consent

TOWN = "bad-berleburg"
DEMO_CASE_EMAIL = "fiktive.person@demo.leuchtfeuer.example"

BUDDIES = [
    # (name, e-mail, languages, life phase, Ortsteil, interests, capacity, about)
    (
        "Hanna Demo-Pat:in (Demo)",
        "hanna.pate@demo.leuchtfeuer.example",
        "Deutsch, Englisch",
        "junge-familie",
        "Raumland",
        ["kinder", "natur", "sport"],
        2,
        "Zwei Kinder, Kita Raumland, gern draußen. Ich zeige Spielplätze und den Elterntreff. (Demo)",
    ),
    (
        "Yusuf Demo-Pate (Demo)",
        "yusuf.pate@demo.leuchtfeuer.example",
        "Deutsch, Türkisch, Arabisch",
        "fachkraft",
        "Kernstadt",
        ["sport", "feuerwehr", "digital"],
        3,
        "Freiwillige Feuerwehr und Fußball. Ich nehme Neue gern zum Training mit. (Demo)",
    ),
    (
        "Gisela Demo-Patin (Demo)",
        "gisela.pate@demo.leuchtfeuer.example",
        "Deutsch, Polnisch",
        "ruhestand",
        "Arfeld",
        ["musik", "heimat", "kochen"],
        1,
        "Kirchenchor und Heimatverein; ich kenne jede Ecke. (Demo)",
    ),
]


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    municipality = municipalities.get(TOWN)
    if municipality is None:
        return
    now = timezone.now()
    lotse = users.get(f"lotse.{TOWN}@demo.leuchtfeuer.example")
    made = []
    for name, email, languages, phase, ortsteil_name, interests, capacity, about in BUDDIES:
        buddy = Buddy.objects.filter(municipality=municipality, email=email).first()
        if buddy is None:
            consent = Consent.objects.create(
                email=email,
                purpose=consent_texts.BUDDY.purpose,
                version=consent_texts.BUDDY.version,
                text=consent_texts.german_text(consent_texts.BUDDY),
                retention_months=consent_texts.BUDDY.retention_months,
                confirmed_at=now,
            )
            buddy = Buddy.objects.create(
                municipality=municipality,
                name=name,
                email=email,
                languages=languages,
                life_phase=phase,
                ortsteil=Ortsteil.objects.filter(municipality=municipality, name=ortsteil_name).first(),
                interests=interests,
                capacity=capacity,
                about=about,
                consent=consent,
                status=Buddy.Status.ACTIVE,
                approved_by=lotse,
                approved_at=now,
            )
        made.append(buddy)
    case = Case.objects.filter(municipality=municipality, inquiry__email=DEMO_CASE_EMAIL).first()
    if case is not None and not BuddyPairing.objects.filter(case=case).exists():
        BuddyPairing.objects.create(
            case=case,
            buddy=made[0],
            proposed_by=lotse,
            message="Demo-Vorschlag: Hanna hat auch Kinder in der Kita. (Demo)",
            buddy_token=secrets.token_urlsafe(32),
            newcomer_token=secrets.token_urlsafe(32),
        )
