"""Demo content of the matching agency, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

Real towns (the demo municipalities and their official centres), fictional spaces, searches,
owners and a fictional programme — every title says "Demo", every e-mail address is on the demo
domain. Enough pairs that `leuchtfeuer match` shows scored matches with reasons, a shared Kreis
with at least five entries for the public counts, and one proposal at each step of the workflow.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from leuchtfeuer.matching.models import (
    Decision,
    Programme,
    Proposal,
    RegisterStatus,
    Seeker,
    Space,
    TownFacts,
)
from leuchtfeuer.matching.selectors import pair_score
from leuchtfeuer.places.models import Region

DOMAIN = "demo.leuchtfeuer.example"
AGENCY = f"agentur@{DOMAIN}"
CITIZEN = f"buergerin@{DOMAIN}"
COORD_MALCHIN = f"koordination.malchin@{DOMAIN}"

# (town, title, kind, m², condition, rent €/month, price €, days until free, accessibility, features)
SPACES = [
    (
        "malchin",
        "Ladenlokal am Markt",
        "laden",
        85,
        "renovierung",
        450,
        None,
        0,
        "barrierefrei",
        ["schaufenster", "sanitaer"],
    ),
    (
        "malchin",
        "Ehemalige Sparkassenfiliale",
        "buero",
        160,
        "bezugsfertig",
        700,
        None,
        30,
        "barrierefrei",
        ["glasfaser", "sanitaer", "kueche"],
    ),
    ("malchin", "Alte Tischlerei", "halle", 320, "sanierung", 600, None, 60, "nein", ["starkstrom", "lager"]),
    (
        "malchin",
        "Saal im Kulturhaus",
        "dritter_ort",
        180,
        "bezugsfertig",
        250,
        None,
        0,
        "barrierefrei",
        ["kueche", "veranstaltung", "sanitaer"],
    ),
    ("malchin", "Wohnung über dem Bäcker", "wohnung", 72, "bezugsfertig", 420, None, 14, "nein", ["kueche"]),
    (
        "malchin",
        "Bodenfonds-Grundstück an der Peene",
        "bodenfonds",
        2400,
        "unbebaut",
        None,
        60000,
        90,
        "teilweise",
        [],
    ),
    (
        "spremberg",
        "Leerstehende Buchhandlung",
        "laden",
        110,
        "renovierung",
        380,
        None,
        0,
        "teilweise",
        ["schaufenster"],
    ),
    (
        "spremberg",
        "Gewerbehalle am Bahnhof",
        "halle",
        900,
        "bezugsfertig",
        2200,
        None,
        45,
        "barrierefrei",
        ["starkstrom", "parkplaetze", "glasfaser"],
    ),
    (
        "spremberg",
        "Co-Working-Etage",
        "buero",
        140,
        "bezugsfertig",
        560,
        None,
        0,
        "barrierefrei",
        ["glasfaser", "kueche"],
    ),
    (
        "spremberg",
        "Alter Bahnhofssaal",
        "dritter_ort",
        210,
        "renovierung",
        150,
        None,
        20,
        "teilweise",
        ["veranstaltung"],
    ),
    (
        "spremberg",
        "Gewerbefläche Süd",
        "flaeche",
        5000,
        "unbebaut",
        None,
        150000,
        0,
        "barrierefrei",
        ["parkplaetze"],
    ),
    ("goerlitz", "Ladenlokal Altstadt", "laden", 95, "bezugsfertig", 650, None, 10, "nein", ["schaufenster"]),
    (
        "herzberg-elster",
        "Werkhalle Herzberg",
        "halle",
        400,
        "renovierung",
        900,
        None,
        30,
        "barrierefrei",
        ["starkstrom"],
    ),
]

# (title, kind, sector, place AGS, radius km, kinds, m² min, m² max, budget, days from now, accessible, features, rail, motorway, broadband, employees)
SEEKERS = [
    (
        "Theaterwerkstatt sucht Probenraum",
        "projekt",
        "kultur",
        "13071107",
        60,
        ["dritter_ort", "halle"],
        120,
        250,
        400,
        30,
        False,
        [],
        False,
        False,
        False,
        None,
    ),
    (
        "Repair-Café mit Nähstube",
        "projekt",
        "soziales",
        "13071092",
        25,
        ["laden", "dritter_ort"],
        60,
        150,
        500,
        14,
        True,
        [],
        False,
        False,
        False,
        None,
    ),
    (
        "Co-Working für Rückkehrende",
        "projekt",
        "coworking",
        "13071156",
        50,
        ["buero", "laden"],
        100,
        200,
        800,
        45,
        False,
        ["glasfaser"],
        False,
        False,
        False,
        None,
    ),
    (
        "Tischlerei-Gründung",
        "projekt",
        "handwerk",
        "13071092",
        40,
        ["halle"],
        200,
        400,
        700,
        60,
        False,
        ["starkstrom"],
        False,
        False,
        False,
        None,
    ),
    (
        "Unverpackt-Laden",
        "projekt",
        "handel",
        "13071107",
        70,
        ["laden"],
        60,
        120,
        500,
        0,
        False,
        ["schaufenster"],
        False,
        False,
        False,
        None,
    ),
    (
        "Kulturverein sucht Dritten Ort",
        "projekt",
        "kultur",
        "12071372",
        30,
        ["dritter_ort"],
        150,
        300,
        300,
        30,
        True,
        [],
        False,
        False,
        False,
        None,
    ),
    (
        "Softwarefirma sucht Standort",
        "unternehmen",
        "",
        "12071372",
        80,
        ["buero"],
        100,
        250,
        1200,
        30,
        True,
        [],
        False,
        False,
        True,
        12,
    ),
    (
        "Holzverarbeitung sucht Halle",
        "unternehmen",
        "",
        "12071372",
        100,
        ["halle", "flaeche"],
        500,
        6000,
        2500,
        60,
        False,
        [],
        True,
        False,
        False,
        25,
    ),
]


def _region(ags: str) -> Region | None:
    return Region.objects.filter(level=Region.Level.GEMEINDE, ags=ags).first()


@transaction.atomic
def load(*, municipalities, users) -> None:
    from leuchtfeuer.accounts.models import User

    agency = users.get(AGENCY) or User.objects.filter(email=AGENCY).first()
    citizen = users.get(CITIZEN)
    coordinator = users.get(COORD_MALCHIN)
    today = timezone.localdate()
    now = timezone.now()

    TownFacts.objects.get_or_create(
        municipality=municipalities["spremberg"],
        defaults={
            "rail_station": True,
            "motorway_km": 12,
            "gigabit": True,
            "note": "Demo: Angaben der Stadt (fiktiv)",
        },
    )
    TownFacts.objects.get_or_create(
        municipality=municipalities["malchin"],
        defaults={
            "rail_station": True,
            "motorway_km": 25,
            "gigabit": False,
            "note": "Demo: Angaben der Stadt (fiktiv)",
        },
    )

    spaces = {}
    for town, title, kind, area, condition, rent, price, days, access, features in SPACES:
        municipality = municipalities[town]
        full = f"Demo: {title}"
        spaces[title], _ = Space.objects.get_or_create(
            municipality=municipality,
            title=full,
            defaults={
                "kind": kind,
                "description": "Fiktiver Demo-Eintrag – kein echtes Angebot.",
                "area_m2": area,
                "condition": condition,
                "rent_min": Decimal(rent) if rent is not None else None,
                "rent_max": Decimal(rent) if rent is not None else None,
                "price_min": Decimal(price) if price is not None else None,
                "price_max": Decimal(price) if price is not None else None,
                "available_from": today + timedelta(days=days),
                "accessibility": access,
                "features": features,
                "entered_as": Space.EnteredAs.TOWN,
                "owner_name": "Demo-Eigentümer:in (fiktiv)",
                "owner_email": f"eigentuemer.{town}@{DOMAIN}",
                "owner_phone": "0000 000000",
                "owner_consent_at": now,
                "owner_consent_note": "Demo: schriftliche Einwilligung (fiktiv)",
                "visibility": Space.Visibility.REGION,
                "status": RegisterStatus.OPEN,
                "expires_on": today + timedelta(days=365),
                "is_demo": True,
                "created_by": coordinator if town == "malchin" else None,
            },
        )
    # One space without the owner's consent: only Malchin's own staff see it.
    Space.objects.get_or_create(
        municipality=municipalities["malchin"],
        title="Demo: Scheune am Stadtrand (Einwilligung fehlt)",
        defaults={
            "kind": "halle",
            "description": "Fiktiver Demo-Eintrag: die Eigentümer:in hat noch nicht eingewilligt.",
            "area_m2": 250,
            "condition": "sanierung",
            "available_from": today,
            "accessibility": "nein",
            "entered_as": Space.EnteredAs.TOWN,
            "owner_name": "Demo-Eigentümer:in (fiktiv)",
            "visibility": Space.Visibility.TOWN,
            "status": RegisterStatus.OPEN,
            "expires_on": today + timedelta(days=365),
            "is_demo": True,
            "created_by": coordinator,
        },
    )

    seekers = {}
    for (title, kind, sector, ags, radius, kinds, amin, amax, budget, days, needs_access, needed, rail, motorway, broadband, staff) in SEEKERS:  # fmt: skip
        seekers[title], _ = Seeker.objects.get_or_create(
            title=f"Demo: {title}",
            defaults={
                "kind": kind,
                "sector": sector,
                "description": "Fiktiver Demo-Eintrag – keine echte Person.",
                "person": citizen if title == "Repair-Café mit Nähstube" else None,
                "contact_name": "Demo-Ansprechperson (fiktiv)",
                "contact_email": f"suche@{DOMAIN}",
                "space_kinds": kinds,
                "area_min_m2": amin,
                "area_max_m2": amax,
                "budget_max": Decimal(budget),
                "needed_from": today + timedelta(days=days),
                "place": _region(ags),
                "radius_km": radius,
                "needs_accessible": needs_access,
                "required_features": needed,
                "needs_rail": rail,
                "needs_motorway": motorway,
                "needs_broadband": broadband,
                "employees": staff,
                "consent_at": now,
                "status": RegisterStatus.OPEN,
                "expires_on": today + timedelta(days=365),
                "is_demo": True,
            },
        )
    Seeker.objects.get_or_create(
        title="Demo: Malchin sucht Partner für ein gemeinsames Klimaschutzmanagement",
        defaults={
            "kind": Seeker.Kind.VERBUND,
            "municipality": municipalities["malchin"],
            "post": Seeker.Post.CLIMATE,
            "description": "Fiktiver Demo-Eintrag.",
            "person": coordinator,
            "contact_name": "Koordination Malchin (Demo)",
            "contact_email": COORD_MALCHIN,
            "consent_at": now,
            "status": RegisterStatus.OPEN,
            "expires_on": today + timedelta(days=365),
            "is_demo": True,
        },
    )
    Programme.objects.get_or_create(
        name="Demo: Landesprogramm Leerstand beleben (fiktiv)",
        defaults={
            "sponsor": "Demo-Fördergeber (fiktiv)",
            "summary": "Fiktives Programm für die Demo: Zuschüsse für Zwischennutzungen leerstehender Läden.",
            "remaining": Decimal("45000"),
            "deadline": today + timedelta(days=90),
            "is_demo": True,
            "created_by": agency,
        },
    )

    # One proposal waiting for the Bürgerin (the repair café) and one that ended with contact.
    repair, shop = seekers["Repair-Café mit Nähstube"], spaces["Ladenlokal am Markt"]
    if not Proposal.objects.filter(seeker=repair, space=shop).exists():
        score, reasons = pair_score(shop, repair)
        Proposal.objects.create(
            space=shop,
            seeker=repair,
            score=score or 0.0,
            reasons=reasons,
            message="Demo: Wir glauben, das passt gut zusammen.",
            sent_by=agency,
        )
    theatre, hall = seekers["Theaterwerkstatt sucht Probenraum"], spaces["Saal im Kulturhaus"]
    if not Proposal.objects.filter(seeker=theatre, space=hall).exists():
        score, reasons = pair_score(hall, theatre)
        Proposal.objects.create(
            space=hall,
            seeker=theatre,
            score=score or 0.0,
            reasons=reasons,
            status=Proposal.Status.CONTACT,
            space_decision=Decision.ACCEPTED,
            seeker_decision=Decision.ACCEPTED,
            space_decided_at=now,
            seeker_decided_at=now,
            sent_by=agency,
        )
