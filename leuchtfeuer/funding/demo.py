"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

* The programme catalogue with only the facts the seeds state (each flagged for the office to
  complete; rules the seeds do not give stay empty).
* The Zukunftswerkstatt call configured from seed 001 (open), and a decided earlier round in
  which Malchin was funded: grant, budget lines and two fictional claims.
* The micro-funding scenario of seed 002 as the call `mikrofoerderung`: 39 clearly fictional
  applicants, 10,000 € budget, scored by the demo reviewer so the selection is meaningful.
Figures that are not official statistics are fictional and say so.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.funding.models import (
    Application,
    BudgetLine,
    Call,
    CallItem,
    Criterion,
    ExpenseClaim,
    Grant,
    Programme,
    Review,
    ReviewerAssignment,
    Score,
)
from leuchtfeuer.funding.selectors import datasheet_prefill
from leuchtfeuer.funding.services import budget_lines_for
from leuchtfeuer.places.models import Region

# Sources as readers know them (never internal file names: they show on the programme pages).
SEED_000 = "Starke Orte Netzwerk: „Wie kleine Kommunen attraktiv bleiben und werden“"
SEED_001 = "Bekanntmachung Modellprojekt „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“"
SEED_002 = "Bericht „Kleinstädte (re-)aktivieren und gemeinsam gestalten“"
SEED_004 = "Thünen-Institut für Regionalentwicklung: „Resiliente Kleinstädte“ (2025)"
OFFICE = "geschaeftsstelle@demo.leuchtfeuer.example"
REVIEWER = "gutachter@demo.leuchtfeuer.example"
COORDINATOR_MALCHIN = "koordination.malchin@demo.leuchtfeuer.example"

# Only what the seeds say. Rules the seeds do not give are left empty (not invented).
PROGRAMMES = [
    {
        "slug": "zukunftswerkstatt-kommunen",
        "name": "Zukunftswerkstatt Kommunen – Attraktiv im Wandel (ZWK)",
        "sponsor": "Modellprojekt des Bundes (Fördersystem für strukturschwache Regionen)",
        "summary": "Begleitung von Kommunen bei Demografiestrategien, die Integration mitdenken: externe Beratung, "
        "fünfstufige Projektsystematik, Mentoring und Austausch.",
        "facts": "Bis zu 40.000 € Förderung pro Jahr pro Kommune (bis zu 30.000 € p. a. externe Beratung, bis zu "
        "10.000 € p. a. Sachmittel).\nKein finanzieller Eigenbeitrag, sondern strukturelle Vorbedingungen.\n"
        "Gefördert werden Kommunen (Quartiere in Großstädten, Städte, Gemeinden, Landkreise).\n"
        "Laufzeit der Bekanntmachung: 2021–2024.\nBau- und Investitionsvorhaben sind nicht förderfähig; Personalkosten, "
        "die bereits aus dem öffentlichen Haushalt gedeckt sind, werden nicht übernommen.\n"
        "Handlungsfelder u. a.: intergenerationelle Kooperation, Teilhabe aller Altersgruppen, Bürgerbeteiligung, "
        "Identität, digitale Konzepte.",
        "source": f"{SEED_001} (Abschnitte 1, 2, 3, 4)",
        "applicant_types": ["kommune"],
        "own_contribution_percent": Decimal("0"),
        "topics": ["generationen", "teilhabe", "beteiligung", "identitaet", "digital"],
        "max_amount": Decimal("40000"),
    },
    {
        "slug": "leader",
        "name": "LEADER",
        "sponsor": "",
        "summary": "Regionales Förderprogramm; Beispiel für einfachere Verfahren.",
        "facts": "Bad Berleburgs Stabsstelle für Rückkehr und Zuzug ist in ein regionales LEADER-Projekt eingebettet"
        ".\nProgramme wie Simul+ (Sachsen) oder LEADER zeigen, dass Förderpolitik einfacher geht.\n"
        "Für regionale Jugendbeteiligung werden u. a. LEADER, Demokratie leben! oder Landessozialfonds genannt.",
        "source": f"{SEED_000}; {SEED_004}",
    },
    {
        "slug": "stark",
        "name": "STARK",
        "sponsor": "",
        "summary": "Förderprogramm, über das die Rückkehrkampagne „Heeme Fehlste“ in Spremberg gefördert wird.",
        "facts": "„Heeme Fehlste“ (Spremberg) wird durch ein Netzwerk aus Verwaltung, Wirtschaft und Kultur getragen "
        "und über das Programm „STARK“ gefördert.",
        "source": SEED_000,
    },
    {
        "slug": "demokratie-leben",
        "name": "Demokratie leben!",
        "sponsor": "",
        "summary": "Genannt als regionales Förderprogramm für Jugendbeteiligung über Gemeindegrenzen hinweg.",
        "facts": "Für interkommunale Jugendarbeit und -beteiligung werden regionale Förderprogramme wie LEADER, "
        "Demokratie leben! oder Landessozialfonds genannt.",
        "source": SEED_004,
    },
    {
        "slug": "grw",
        "name": "GRW – Gemeinschaftsaufgabe „Verbesserung der regionalen Wirtschaftsstruktur“",
        "sponsor": "",
        "summary": "Fördergebiete der GRW; in der Zukunftswerkstatt Kommunen eine förderliche Rahmenbedingung.",
        "facts": "Die Lage in einem GRW-Fördergebiet ist für die Auswahl in der Zukunftswerkstatt Kommunen besonders "
        "förderlich; Kommunen außerhalb können sich ebenfalls bewerben (Bekanntmachung, Abschnitt 5).",
        "source": f"{SEED_001} (Abschnitt 5)",
    },
    {
        "slug": "mikrofoerderung-baukultur-thueringen",
        "name": "Mikroförderung der Stiftung Baukultur Thüringen",
        "sponsor": "Stiftung Baukultur Thüringen",
        "summary": "Unkomplizierte Impulsfinanzierung lokaler und regionaler Baukultur-Aktivitäten.",
        "facts": "Erstmals 2025 ausgelobt. 39 Anträge, zehn Projekte ausgewählt, insgesamt 10.000 Euro.\n"
        "Gefördert u. a.: eine Bauwerkstatt, Workshops, Erzählcafés, eine Ausstellung zum Lebens- und Arbeitsalltag "
        "in einer Gasmaschinenzentrale in Unterwellenborn.\nZiel: Engagement, Experimentierfreude und Baukultur im "
        "Thüringer Alltag fördern.",
        "source": SEED_002,
        "lands": ["16"],
    },
    {
        "slug": "simul-plus",
        "name": "Simul+",
        "sponsor": "Freistaat Sachsen",
        "summary": "Sächsisches Programm, genannt als Beispiel für einfachere Förderverfahren.",
        "facts": "Programme wie Simul+ (Sachsen) oder LEADER zeigen: Es geht auch anders – pauschalisierte Mittelvergabe, "
        "flexible Ko-Finanzierung und Eigenverantwortung der Kommunen.",
        "source": SEED_004,
        "lands": ["14"],
    },
]

ZWK_PREREQUISITES = [
    ("Bewusstsein für die demografische Herausforderung, einschließlich Integration",
     "Darlegung in der Bewerbung; der Aspekt der Integration von Menschen mit Migrationshintergrund muss thematisiert werden."),
    ("Wille zur Gestaltung des demografischen Wandels, nachgewiesen durch Beschlüsse oder Maßnahmen",
     "z. B. Ratsbeschluss, einschlägige Konferenzen oder Arbeitskreise"),
    ("Erste Ziele und Leitbilder zum demografischen Wandel", "Darlegung der formulierten Ziele und Leitbilder"),
    ("Arbeitsstrukturen, Personalressourcen und eine benannte Ansprechperson",
     "Demografiebeauftragte/r, sonst Stabsstelle oder Hauptamt; Name der Ansprechperson mit themenspezifischen Vorkenntnissen"),
    ("Datenbasis zur vergangenen, gegenwärtigen und künftigen Bevölkerungsentwicklung",
     "mit Bezug auf Kommune, Quartier und Region – z. B. das Kommunalprofil und die Vorausberechnung aus Leuchtfeuer"),
]  # fmt: skip
ZWK_FAVOURABLE = [
    ("Lage in einem GRW-Fördergebiet", "Kommunen außerhalb stellen Besonderheiten der thematischen Fokussierung heraus."),
    ("Offenheit für Prozesse der Bürgerbeteiligung", ""),
    ("Demografie und Integration als Querschnittsaufgabe der Verwaltung", "z. B. Familienfreundlichkeit, Generationengerechtigkeit, Diversity, Leitbildentwicklung"),
    ("Besondere Betroffenheit vom demografischen Wandel", "sehr starke Abwanderungstendenzen, sehr starke Heterogenisierung"),
    ("Intrakommunale Kooperationen und Netzwerke", "zwischen Kommunalpolitik und -verwaltung, Wirtschaft, Trägern, Bürgerschaft"),
    ("Interkommunale Kooperationen", "Arbeitskreise, Stadtnetzwerke, Regionalkonferenzen, Vereinbarungen"),
]  # fmt: skip
# The seed's annex with the guiding questions is not part of the sources; these follow its section 3.
ZWK_QUESTIONS = [
    "Wie zeigt sich der demografische Wandel in Ihrer Kommune, und welche Rolle spielt die Integration von Menschen mit Migrationshintergrund?",
    "Welche Halte- und Anziehungsfaktoren wollen Sie entwickeln, und wie stärken Sie die kommunale Identität?",
    "Welche ersten Ziele und Leitbilder haben Sie formuliert?",
    "Wie beteiligen Sie Bürgerinnen und Bürger aller Altersgruppen, auch Neuzugewanderte?",
    "Wie stellen Sie die Übertragbarkeit Ihrer Ergebnisse sicher (z. B. auf andere Quartiere)?",
]
ZWK_DATASHEET = [
    ("Einwohner:innen", "population", True),
    ("Bevölkerungsentwicklung über 10 Jahre (%)", "population_change_10y", True),
    ("Anteil unter 18-Jähriger (%)", "share_under_18", True),
    ("Anteil ab 65-Jähriger (%)", "share_65_plus", True),
    ("Altenquotient", "old_age_ratio", False),
    ("Wanderungssaldo je 1.000 Einwohner:innen", "migration_balance_per_1000", False),
    ("Größenklasse", "size_class", True),
    ("Landkreis", "kreis", False),
    ("Bundesland", "land", True),
    ("Erwartete Bevölkerungsentwicklung (Vorausberechnung)", "projection", False),
]
ZWK_CRITERIA = [
    ("Voraussetzungen und förderliche Rahmenbedingungen", Decimal("3"), "Erfüllung der unter Punkt 5 genannten Voraussetzungen und Rahmenbedingungen (Bekanntmachung, Abschnitt 6)."),
    ("Übertragbarkeit der Ergebnisse", Decimal("2"), "Wirtschaftliche und demografische Entwicklung sowie Größe der Kommune (Bekanntmachung, Abschnitt 6)."),
    ("Grobkonzept und Antworten auf die Leitfragen", Decimal("1"), "Konfiguration der Demo-Geschäftsstelle."),
]  # fmt: skip
LAND_GROUPS = {
    "Nord": ["01", "02", "03", "04", "13"],
    "Ost": ["11", "12", "14", "15", "16"],
    "Süd": ["08", "09"],
    "West": ["05", "06", "07", "10"],
}
# Thuringian planning regions by Kreis key (used as the micro-funding call's regional groups).
THURINGIA_REGIONS = {
    "Nordthüringen": ["16061", "16062", "16064", "16065"],
    "Mittelthüringen": ["16051", "16055", "16067", "16068", "16070", "16071"],
    "Ostthüringen": ["16052", "16053", "16073", "16074", "16075", "16076", "16077"],
    "Südwestthüringen": ["16054", "16063", "16066", "16069", "16072"],
}
MICRO_CRITERIA = [
    ("Bezug zur Baukultur vor Ort", Decimal("2"), "Konfiguration der Demo-Geschäftsstelle."),
    ("Engagement und Beteiligung", Decimal("2"), "Macht lokales Engagement sichtbar."),
    (
        "Impuls für weitere Entwicklung",
        Decimal("1"),
        "Anstoß für größere Transformationsprozesse.",
    ),
]
# Fictional applicants (names are invented; towns are real Thuringian Gemeinden from the official data).
MICRO_KINDS = [
    ("verein", "Heimatverein {place} e. V. (fiktiv)", "Bauwerkstatt im alten Bahnhof"),
    ("verein", "Förderverein Dorfkirche {place} (fiktiv)", "Erzählcafé zur Geschichte der Dorfkirche"),
    ("person", "Anna Beispiel, {place} (fiktiv)", "Workshop Lehmputz für Nachbar:innen"),
    ("verein", "Initiative Leerstand {place} (fiktiv)", "Ausstellung: Arbeitsalltag im alten Werk"),
    ("verein", "Jugendclub {place} e. V. (fiktiv)", "Jugend baut Sitzmöbel für den Marktplatz"),
    ("person", "Ben Muster, {place} (fiktiv)", "Fotospaziergang zu Bauten der 1920er Jahre"),
    ("verein", "Kulturscheune {place} e. V. (fiktiv)", "Mitmach-Baustelle Scheunentor"),
    ("verein", "Ortsteilrat-Initiative {place} (fiktiv)", "Erzählcafé: Wie wir früher wohnten"),
]
MICRO_KREISE = [
    "16051", "16051", "16051", "16067", "16070", "16055", "16071", "16068",  # Mitte (strong applicants)
    "16053", "16053", "16073", "16074", "16075", "16076", "16077", "16052",  # Ost
    "16066", "16066", "16063", "16069", "16072", "16054",  # Südwest
    "16061", "16062", "16064", "16065",  # Nord
]  # fmt: skip
FAKE_PDF = b"%PDF-1.4\n% Demo-Beleg (fiktiv) - Leuchtfeuer\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _aware(day, hour=23, minute=59):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _programmes() -> dict[str, Programme]:
    result = {}
    for spec in PROGRAMMES:
        spec = dict(spec)
        slug = spec.pop("slug")
        programme, _ = Programme.objects.get_or_create(slug=slug, defaults={**spec, "needs_completion": True})
        result[slug] = programme
    return result


def _configure_zwk(call: Call) -> None:
    for n, (label, evidence) in enumerate(ZWK_PREREQUISITES, 1):
        CallItem.objects.create(
            call=call, kind=CallItem.Kind.PREREQUISITE, label=label, help_text=evidence, order=n
        )
    for n, (label, text) in enumerate(ZWK_FAVOURABLE, 1):
        CallItem.objects.create(
            call=call, kind=CallItem.Kind.FAVOURABLE, label=label, help_text=text, required=False, order=n
        )
    for n, label in enumerate(ZWK_QUESTIONS, 1):
        CallItem.objects.create(call=call, kind=CallItem.Kind.QUESTION, label=label, order=n)
    for n, (label, key, required) in enumerate(ZWK_DATASHEET, 1):
        CallItem.objects.create(
            call=call, kind=CallItem.Kind.DATASHEET, label=label, profile_key=key, required=required, order=n
        )
    CallItem.objects.create(
        call=call, kind=CallItem.Kind.DATASHEET, label="Ansprechperson (Name, Funktion)", order=20
    )
    CallItem.objects.create(
        call=call,
        kind=CallItem.Kind.DATASHEET,
        label="Demografiebeauftragte:r vorhanden",
        field_type=CallItem.FieldType.YESNO,
        order=21,
    )
    CallItem.objects.create(
        call=call,
        kind=CallItem.Kind.ATTACHMENT,
        required=False,
        order=1,
        label="Beschluss politischer Gremien oder Unterstützungsschreiben der Verwaltungsleitung",
    )
    for n, (label, weight, text) in enumerate(ZWK_CRITERIA, 1):
        Criterion.objects.create(call=call, label=label, weight=weight, description=text, order=n)  # fmt: skip


def _zwk_call(
    slug: str, title: str, programme: Programme, *, deadline, status: str, years: tuple[int, int]
) -> tuple[Call, bool]:
    call, created = Call.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": programme, "title": title, "status": status, "applicant_types": ["kommune"],
            "description": "Demo-Konfiguration nach der Bekanntmachung „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“: "
            "Voraussetzungen, Rahmenbedingungen, Datenblatt und Auswahlkriterien aus der Bekanntmachung; "
            "Gesamtbudget, Frist und Vielfaltsregeln sind Annahmen der Demo-Geschäftsstelle.",
            "budget": Decimal("800000"), "max_request": Decimal("80000"), "deadline": deadline,
            "consulting_cap": Decimal("30000"), "material_cap": Decimal("10000"),
            "first_year": years[0], "last_year": years[1], "land_groups": LAND_GROUPS, "min_per_land_group": 1,
            "min_grw_share": Decimal("50"), "max_per_kreis": 1, "min_per_size_class": 1,
        },
    )  # fmt: skip
    if created:
        _configure_zwk(call)
    return call, created


def _fill_application(application: Application, call: Call) -> None:
    """Demo answers for Malchin's funded application (clearly marked as demo text)."""
    items = list(call.items.all())
    application.prerequisites = {
        str(i.pk): {"fulfilled": True, "evidence": "Demo-Angabe: Nachweis liegt der Geschäftsstelle vor."}
        for i in items if i.kind == CallItem.Kind.PREREQUISITE
    }  # fmt: skip
    application.prerequisite_check = {
        str(i.pk): {"met": True, "note": "Demo", "by": OFFICE}
        for i in items
        if i.kind == CallItem.Kind.PREREQUISITE
    }
    application.answers = {
        str(i.pk): "Demo-Antwort (fiktiver Text für die Vorführung)."
        for i in items
        if i.kind == CallItem.Kind.QUESTION
    }
    for i in items:
        if i.kind == CallItem.Kind.DATASHEET and not i.profile_key:
            value = (
                "ja"
                if i.field_type == CallItem.FieldType.YESNO
                else "Demo-Ansprechperson (fiktiv), Stabsstelle Demografie"
            )
            application.datasheet[str(i.pk)] = {
                "value": value,
                "source": "Angabe der Antragstellenden",
                "prefilled": False,
            }


def _malchin_grant(call: Call, municipalities: dict, users: dict) -> None:
    malchin = municipalities.get("malchin")
    if malchin is None or Application.objects.filter(call=call, municipality=malchin).exists():
        return
    coordinator = users.get(COORDINATOR_MALCHIN)
    reviewer = users.get(REVIEWER)
    office = users.get(OFFICE)
    application = Application.objects.create(
        call=call, applicant_type="kommune", municipality=malchin, region=malchin.region,
        applicant_name=malchin.display_name, contact_email=COORDINATOR_MALCHIN,
        title="Malchin bleibt – Zukunftswerkstatt für alle Generationen (Demo)",
        summary="Demo-Antrag: Malchin will mit einer Zukunftswerkstatt, Bürgerdialogen in den Ortsteilen und einem "
        "Werkstattplan Halte- und Anziehungsfaktoren entwickeln (fiktiver Text).",
        requested_amount=Decimal("80000"), grw_area=True, created_by=coordinator,
        datasheet=datasheet_prefill(call, malchin.region), status=Application.Status.SELECTED,
        submitted_at=call.deadline - timedelta(days=3),
    )  # fmt: skip
    _fill_application(application, call)
    application.save()
    if reviewer is not None:
        review = Review.objects.create(
            application=application, reviewer=reviewer, comment="Demo-Bewertung (fiktiv)."
        )
        for criterion, points in zip(call.criteria.all(), (5, 4, 4), strict=False):
            Score.objects.create(review=review, criterion=criterion, points=points, comment="Demo")
    grant = Grant.objects.create(
        application=application,
        call=call,
        municipality=malchin,
        recipient_name=malchin.display_name,
        created_by=office,
    )
    lines = {}
    for year, category, amount in budget_lines_for(call, application.requested_amount):
        lines[(year, category)] = BudgetLine.objects.create(
            grant=grant, year=year, category=category, amount=amount
        )
    first = call.first_year
    consulting = lines[(first, BudgetLine.Category.CONSULTING)]
    material = lines[(first, BudgetLine.Category.MATERIAL)]
    today = timezone.localdate()
    spent = min(today, today.replace(year=first, month=6, day=15)) if today.year >= first else today
    approved = ExpenseClaim(
        budget_line=consulting, amount=Decimal("4800.00"), cost_type=ExpenseClaim.CostType.CONSULTING,
        description="Moderation der Zukunftswerkstatt (Demo-Beleg, fiktiv)", spent_on=spent,
        receipt_name="demo-rechnung-moderation.pdf", receipt_type="application/pdf", receipt_size=len(FAKE_PDF),
        submitted_by=coordinator, status=ExpenseClaim.Status.APPROVED, decided_by=office, decided_at=timezone.now(),
    )  # fmt: skip
    approved.receipt.save("demo-moderation.pdf", ContentFile(FAKE_PDF), save=False)
    approved.save()
    pending = ExpenseClaim(
        budget_line=material, amount=Decimal("1250.00"), cost_type=ExpenseClaim.CostType.PUBLICITY,
        description="Druck der Plakate zum Bürgerdialog (Demo-Beleg, fiktiv)", spent_on=spent,
        receipt_name="demo-rechnung-druck.pdf", receipt_type="application/pdf", receipt_size=len(FAKE_PDF),
        submitted_by=coordinator,
    )  # fmt: skip
    pending.receipt.save("demo-druck.pdf", ContentFile(FAKE_PDF), save=False)
    pending.save()


def _micro_call(programme: Programme, users: dict) -> None:
    if Call.objects.filter(slug="mikrofoerderung").exists():
        return
    today = timezone.localdate()
    call = Call.objects.create(
        slug="mikrofoerderung", programme=programme, status=Call.Status.PUBLISHED,
        title="Mikroförderung Baukultur (Demo nach dem Vorbild der Stiftung Baukultur Thüringen)",
        description="Nachgestellt nach dem Bericht über die Mikroförderung der Stiftung Baukultur Thüringen: "
        "39 Anträge, 10.000 Euro, zehn Projekte. Alle Antragstellenden und Bewertungen sind fiktiv; Höchstbetrag je "
        "Antrag und Vielfaltsregeln sind Annahmen der Demo-Geschäftsstelle.",
        applicant_types=["verein", "person"], short_form=True, budget=Decimal("10000"), max_request=Decimal("1500"),
        deadline=_aware(today - timedelta(days=30)), first_year=today.year, last_year=today.year,
        report_required=False, land_groups=THURINGIA_REGIONS, min_per_land_group=1, max_per_kreis=2, max_selected=10,
    )  # fmt: skip
    criteria = [
        Criterion.objects.create(call=call, label=label, weight=weight, description=text, order=n)
        for n, (label, weight, text) in enumerate(MICRO_CRITERIA, 1)
    ]
    reviewer = users.get(REVIEWER)
    if reviewer is not None:
        ReviewerAssignment.objects.create(call=call, reviewer=reviewer, assigned_by=users.get(OFFICE))
    places_by_kreis: dict[str, list] = {}
    for region in Region.objects.filter(
        level=Region.Level.GEMEINDE, land_code="16", population__gt=0
    ).order_by("-population"):
        places_by_kreis.setdefault(region.kreis_code, []).append(region)
    if not places_by_kreis:
        return
    kreise = [k for k in MICRO_KREISE if k in places_by_kreis] or sorted(places_by_kreis)
    rng = random.Random(2025)
    used: dict[str, int] = {}
    for n in range(39):
        kreis = kreise[n % len(kreise)]
        towns = places_by_kreis[kreis]
        region = towns[used.get(kreis, 0) % len(towns)]
        used[kreis] = used.get(kreis, 0) + 1
        kind, name, title = MICRO_KINDS[n % len(MICRO_KINDS)]
        place = region.short_name
        application = Application.objects.create(
            call=call, applicant_type=kind, region=region, applicant_name=name.format(place=place),
            contact_email=f"antrag{n + 1:02d}@beispiel.invalid", title=f"{title} ({place})",
            summary="Fiktiver Demo-Antrag nach dem Vorbild der im Bericht genannten Vorhaben.",
            requested_amount=Decimal(rng.randrange(400, 1501, 50)), status=Application.Status.SUBMITTED,
            submitted_at=call.deadline - timedelta(days=rng.randrange(1, 40)), created_by=users.get(OFFICE),
        )  # fmt: skip
        if reviewer is None:
            continue
        # Applicants from the big Mittelthüringen towns score high, so the plain ranking crowds one
        # Kreis and leaves a region out – the case where the diversity rules change the result.
        boost = 1 if kreis in ("16051", "16053") else 0
        review = Review.objects.create(
            application=application, reviewer=reviewer, comment="Fiktive Demo-Bewertung."
        )
        for criterion in criteria:
            points = min(criterion.max_points, rng.randrange(1, 6) + boost)
            Score.objects.create(review=review, criterion=criterion, points=points)


@transaction.atomic
def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    programmes = _programmes()
    zwk = programmes["zukunftswerkstatt-kommunen"]
    today = timezone.localdate()
    open_call, created = _zwk_call(
        "zukunftswerkstatt-kommunen", "Zukunftswerkstatt Kommunen – Aufruf für neue Kommunen (Demo)", zwk,
        deadline=_aware(today + timedelta(days=120)), status=Call.Status.PUBLISHED, years=(today.year + 1, today.year + 2),
    )  # fmt: skip
    reviewer = users.get(REVIEWER)
    if created and reviewer is not None:
        ReviewerAssignment.objects.get_or_create(
            call=open_call, reviewer=reviewer, defaults={"assigned_by": users.get(OFFICE)}
        )
    decided, created = _zwk_call(
        "zukunftswerkstatt-kommunen-runde-1", "Zukunftswerkstatt Kommunen – erste Auswahlrunde (Demo)", zwk,
        deadline=_aware(today.replace(month=1, day=31)) if today.month > 1 else _aware(today - timedelta(days=60)),
        status=Call.Status.DECIDED, years=(today.year, today.year + 1),
    )  # fmt: skip
    if created and reviewer is not None:
        ReviewerAssignment.objects.get_or_create(
            call=decided, reviewer=reviewer, defaults={"assigned_by": users.get(OFFICE)}
        )
    _malchin_grant(decided, municipalities, users)
    _micro_call(programmes["mikrofoerderung-baukultur-thueringen"], users)
