"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

Portals for Bad Berleburg ("Einfach Ankommen", seed 000) and Malchin. Everything a person could
mistake for real — offers, apartments, events, portraits, the contact person, the demo case — is
marked fictional ("Demo", `is_demo`/`is_fictional`). No statistic is invented: the key figures on
the start pages come from the official data through the Kommunalprofil.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.belonging import demo as belonging_demo
from leuchtfeuer.portal.models import (
    Case,
    Consent,
    Event,
    Inquiry,
    Offer,
    Portal,
    Stage,
    Story,
    TrialApartment,
)
from leuchtfeuer.portal.shared import add_months

DEMO = "(Demo)"

PORTALS = {
    "bad-berleburg": {
        "title": "Einfach Ankommen",
        "intro": (
            "Willkommen – ob Sie zurückkommen oder neu hierherziehen. Die Stabsstelle für Rückkehr und Zuzug "
            "ist Ihre Lotsin in alle Lebensbereiche: von der Wohnungssuche über Kita-Plätze bis zum "
            "beruflichen Anschluss. Erzählen Sie uns im Erhebungsbogen, was Sie brauchen. "
            "(Demo-Portal: Ansprechperson und Angebote sind erfunden.)"
        ),
        "intro_en": (
            "Welcome – whether you are coming back or moving here for the first time. Our contact point for "
            "returnees and newcomers guides you through every part of life: housing, childcare and work. "
            "Tell us what you need in the questionnaire. (Demo portal: contact person and offers are fictional.)"
        ),
        "contact_name": "Demo-Lotse Bad Berleburg (fiktive Person)",
        "contact_role": "Stabsstelle Rückkehr und Zuzug (Demo)",
        "contact_phone": "00000 000000 (Demo-Nummer)",
        "contact_email": "lotse.bad-berleburg@demo.leuchtfeuer.example",
        "initials": "DL",
        "ortsteile": ["Kernstadt", "Raumland", "Arfeld", "Schwarzenau"],
    },
    "malchin": {
        "title": "Ankommen in Malchin",
        "intro": (
            "Sie möchten nach Malchin zurückkommen oder hier neu anfangen? Unsere Lotsin begleitet Sie "
            "persönlich. (Demo-Portal: Ansprechperson und Angebote sind erfunden.)"
        ),
        "intro_en": (
            "Would you like to come back to Malchin or start anew here? Our guide will help you in person. "
            "(Demo portal: contact person and offers are fictional.)"
        ),
        "contact_name": "Demo-Lotsin Malchin (fiktive Person)",
        "contact_role": "Lotsin für Rückkehrende (Demo)",
        "contact_phone": "00000 000001 (Demo-Nummer)",
        "contact_email": "lotse.malchin@demo.leuchtfeuer.example",
        "initials": "DM",
        "ortsteile": [],
    },
}

OFFERS = [
    # (slug, kind, title, job_field, ortsteil, starts in days, visible for days, life phases, conditions)
    (
        "bad-berleburg",
        "job",
        "Pflegefachkraft (m/w/d) im ambulanten Dienst",
        "gesundheit",
        "Kernstadt",
        30,
        120,
        ["fachkraft", "nach-ausbildung"],
        "Vollzeit oder Teilzeit, unbefristet",
    ),
    (
        "bad-berleburg",
        "ausbildung",
        "Ausbildung Tischler:in",
        "handwerk",
        "Raumland",
        200,
        240,
        ["jugend", "nach-ausbildung"],
        "Beginn 1. August, Führerschein hilfreich",
    ),
    (
        "bad-berleburg",
        "job",
        "IT-Administrator:in, auch teilweise mobil",
        "it",
        "Kernstadt",
        0,
        90,
        ["fachkraft", "digitale-nomaden"],
        "mobiles Arbeiten an 2 Tagen pro Woche",
    ),
    (
        "bad-berleburg",
        "wohnung",
        "3-Zimmer-Wohnung mit Balkon, 78 m²",
        "",
        "Kernstadt",
        45,
        60,
        ["junge-familie"],
        "Kaltmiete nach Absprache, Haustiere erlaubt",
    ),
    (
        "bad-berleburg",
        "haus",
        "Einfamilienhaus mit Garten zur Miete",
        "",
        "Arfeld",
        60,
        90,
        ["junge-familie"],
        "",
    ),
    (
        "bad-berleburg",
        "bauplatz",
        "Baugrundstück im Neubaugebiet, ca. 650 m²",
        "",
        "Schwarzenau",
        0,
        365,
        ["junge-familie"],
        "",
    ),
    (
        "bad-berleburg",
        "kita",
        "Kita-Plätze: Anmeldung und freie Plätze",
        "",
        "Kernstadt",
        None,
        None,
        ["junge-familie"],
        "Anmeldung über die Stadt; die Lotsin hilft",
    ),
    (
        "bad-berleburg",
        "coworking",
        "Coworking-Platz mit Glasfaser",
        "",
        "Kernstadt",
        0,
        365,
        ["digitale-nomaden"],
        "Tages- und Monatstarife",
    ),
    (
        "malchin",
        "job",
        "Erzieher:in für die Kita",
        "bildung",
        "",
        30,
        90,
        ["fachkraft", "junge-familie"],
        "Teilzeit möglich",
    ),
    (
        "malchin",
        "job",
        "Elektroniker:in für Energie- und Gebäudetechnik",
        "handwerk",
        "",
        0,
        120,
        ["fachkraft"],
        "",
    ),
    (
        "malchin",
        "wohnung",
        "2-Zimmer-Wohnung in der Altstadt",
        "",
        "",
        30,
        60,
        ["nach-ausbildung", "ruhestand"],
        "",
    ),
    (
        "malchin",
        "schule",
        "Schulen in Malchin: Kontakt und Anmeldung",
        "",
        "",
        None,
        None,
        ["junge-familie"],
        "",
    ),
]


def _avatar(initials: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (240, 240), (11, 79, 108))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), outline=(255, 191, 71), width=8)
    draw.text((120, 120), initials, fill=(255, 255, 255), font=ImageFont.load_default(size=84), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    today = timezone.localdate()
    now = timezone.now()
    for slug, spec in PORTALS.items():
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        for name in spec["ortsteile"]:
            Ortsteil.objects.get_or_create(municipality=municipality, name=name)
        portal, created = Portal.objects.get_or_create(
            municipality=municipality,
            defaults={
                k: spec[k]
                for k in (
                    "title",
                    "intro",
                    "intro_en",
                    "contact_name",
                    "contact_role",
                    "contact_phone",
                    "contact_email",
                )
            }
            | {"is_published": True},
        )
        if created or not portal.contact_photo:
            portal.contact_photo.save(f"demo-{slug}.png", ContentFile(_avatar(spec["initials"])), save=False)
            portal.contact_photo_alt = f"Platzhalterbild (Demo): Initialen {spec['initials']} in einem Kreis"
            portal.save()
    ortsteile = {
        (o.municipality_id, o.name): o for o in Ortsteil.objects.filter(municipality__slug__in=list(PORTALS))
    }
    for slug, kind, title, job_field, ortsteil, start, days, phases, conditions in OFFERS:
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        Offer.objects.get_or_create(
            municipality=municipality,
            title=f"{title} {DEMO}",
            defaults={
                "kind": kind,
                "job_field": job_field,
                "ortsteil": ortsteils_get(ortsteile, municipality, ortsteil) if ortsteil else None,
                "description": "Fiktives Demo-Angebot zum Ausprobieren des Portals – dieses Angebot gibt es nicht.",
                "conditions": conditions,
                "starts_on": today + timedelta(days=start) if start is not None else None,
                "ends_on": today + timedelta(days=days) if days is not None else None,
                "contact_name": "Demo-Kontakt (fiktiv)",
                "contact_email": f"angebote@{slug}.demo.leuchtfeuer.example",
                "life_phases": phases,
                "is_demo": True,
                "status": Offer.Status.PUBLISHED,
                "published_at": now,
            },
        )
    for slug in PORTALS:
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        apartment, _ = TrialApartment.objects.get_or_create(
            municipality=municipality,
            name=f"Probewohnung {DEMO}",
            defaults={
                "description": "Möblierte Wohnung zum Probewohnen für eine Woche bis einen Monat (fiktive Demo-Wohnung).",
                "min_nights": 7,
                "max_nights": 31,
                "is_demo": True,
                "conditions": "Kostenfrei; Bedingung ist ein Gespräch mit der Lotsin oder dem Lotsen.",
            },
        )
        Offer.objects.get_or_create(
            municipality=municipality,
            title=f"Zur Probe wohnen {DEMO}",
            defaults={
                "kind": "probewohnen",
                "apartment": apartment,
                "is_demo": True,
                "status": Offer.Status.PUBLISHED,
                "published_at": now,
                "description": "Fiktives Demo-Angebot.",
                "life_phases": ["digitale-nomaden", "ruhestand"],
            },
        )
        Event.objects.get_or_create(
            municipality=municipality,
            title=f"Rückkehrertag {DEMO}",
            defaults={
                "kind": Event.Kind.RETURNEE_DAY,
                "place": "Rathaus (Demo)",
                "capacity": 30,
                "is_demo": True,
                "starts_at": now.replace(hour=15, minute=0, second=0, microsecond=0) + timedelta(days=40),
                "description": "Fiktive Demo-Veranstaltung: Betriebe, Vereine und die Lotsin stellen sich vor.",
            },
        )
        Event.objects.get_or_create(
            municipality=municipality,
            title=f"Stadtführung für Neue {DEMO}",
            defaults={
                "kind": Event.Kind.TOUR,
                "place": "Marktplatz (Demo)",
                "capacity": 15,
                "is_demo": True,
                "starts_at": now.replace(hour=11, minute=0, second=0, microsecond=0) + timedelta(days=20),
            },
        )
        Story.objects.get_or_create(
            municipality=municipality,
            title=f"Zurückgekommen – fiktives Demo-Porträt {DEMO}",
            defaults={
                "person_name": "Fiktive Person (Demo)",
                "is_fictional": True,
                "is_published": True,
                "quote": "Hier kenne ich die Leute, und die Leute kennen mich.",
                "body": (
                    "Dieses Porträt ist erfunden und zeigt nur, wie Geschichten von Rückkehrenden im Portal "
                    "erscheinen. Echte Porträts veröffentlicht die Kommune nur mit schriftlicher "
                    "Einwilligung der Person."
                ),
                "source_note": "fiktives Demo-Porträt",
            },
        )
    _demo_case(municipalities.get("bad-berleburg"), users, now)
    belonging_demo.load(municipalities, users)


def ortsteils_get(ortsteile: dict, municipality, name: str):
    return ortsteile.get((municipality.pk, name))


def _demo_case(municipality, users: dict, now) -> None:
    if municipality is None:
        return
    email = "fiktive.person@demo.leuchtfeuer.example"
    if Inquiry.objects.filter(email=email, municipality=municipality).exists():
        return
    consent = Consent.objects.create(
        email=email,
        purpose="inquiry",
        version=consent_texts.INQUIRY.version,
        text=consent_texts.german_text(consent_texts.INQUIRY),
        retention_months=consent_texts.INQUIRY.retention_months,
        confirmed_at=now,
    )
    inquiry = Inquiry.objects.create(
        municipality=municipality,
        name="Fiktive Person (Demo)",
        email=email,
        life_phase="junge-familie",
        is_returnee=True,
        job_field="gesundheit",
        housing_type="wohnung",
        needs_kita=True,
        timeframe="3-6",
        origin="05",
        origin_place="Köln (Demo)",
        message="Demo-Anfrage zum Ausprobieren.",
        consent=consent,
        confirmed_at=now,
    )
    lotse = users.get("lotse.bad-berleburg@demo.leuchtfeuer.example")
    case = Case.objects.create(
        municipality=municipality,
        inquiry=inquiry,
        lotse=lotse,
        stage=Stage.NEW,
        opened_at=now,
        stage_changed_at=now,
        last_activity_at=now,
        retain_until=add_months(now, consent.retention_months),
    )
    # No InquiryStat for the fictional person: the anonymous statistics count real inquiries only.
    del case
