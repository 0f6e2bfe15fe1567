"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

- Schmalkalden: the JugendParlament Schmalkalden (named in seed 004, "Jugend als
  Zukunftsressource") with fictional members, a meeting and motions; a Jugendbudget 2025 that is
  counted and published (fictional proposals and ballots) and a Jugendbudget 2026 whose vote is
  running; it accepts the fixed demo codes DEMO_CODES below (real codes are shown once only, in
  the printed letters).
- Malchin: a Zukunftswerkstatt idea collection (fictional ideas, answers and comments) and a
  Bürgerrat whose quotas come from the official figures and whose pool is fictional.

All amounts, proposals, voters, ideas and pool members are fictional demo content and marked so.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from leuchtfeuer.participation import services
from leuchtfeuer.participation.assembly.selectors import assembly_quota_proposal
from leuchtfeuer.participation.models import (
    Assembly,
    Project,
    VotingCode,
    YouthMeeting,
    YouthMember,
    YouthMotion,
    YouthParliament,
)

DEMO = "(Demo, fiktiv)"
# Fixed demo codes for the running Jugendbudget 2026 in Schmalkalden (for trying the vote).
DEMO_CODES = ["DEMO-2026-0001", "DEMO-2026-0002", "DEMO-2026-0003", "DEMO-2026-0004", "DEMO-2026-0005"]

YOUTH_PROPOSALS = [
    (
        "Überdachter Treffpunkt am Skatepark",
        "Ein Dach mit Bänken, damit man sich auch bei Regen treffen kann.",
        4500,
    ),
    ("Bandproberaum im Jugendhaus", "Schallschutz und Grundausstattung für einen Proberaum.", 3800),
    ("Freies WLAN im Stadtpark", "Zwei Zugangspunkte im Stadtpark.", 2500),
    ("Kinoabende im Sommer", "Vier Open-Air-Kinoabende mit Leinwand und Technik.", 1800),
    ("Bücherschrank mit Comics", "Ein offener Bücherschrank für Comics und Mangas.", 900),
    ("Trinkwasserbrunnen am Sportplatz", "Ein Trinkbrunnen für alle, die Sport machen.", 3200),
]


def _phases(now, pairs):
    return [(kind, now + timedelta(days=a), now + timedelta(days=b)) for kind, a, b in pairs]


def _youth_budget(admin, municipality, slug, title, *, finished: bool) -> None:
    if Project.objects.filter(municipality=municipality, slug=slug).exists():
        return
    now = timezone.now()
    project = services.project_create(
        actor=admin,
        municipality=municipality,
        kind="budget",
        title=title,
        slug=slug,
        summary=(
            "Jugendliche von 12 bis 21 Jahren entscheiden, wofür 10.000 € ausgegeben werden. "
            f"Vorschläge kommen von jungen Leuten, die Stadt prüft, ob sie machbar sind. {DEMO}"
        ),
        description="Vorgeschlagen vom JugendParlament. Alle Vorschläge und Stimmen sind Demo-Inhalte.",
        phases=_phases(now, [("ideas", -60, -31), ("voting", -30, 1 if finished else 14)]),
        is_published=True,
    )
    budget = services.budget_create(
        actor=admin,
        project=project,
        kind="jugend",
        amount=10000,
        eligibility="codes",
        eligibility_note="Alle von 12 bis 21 Jahren, die in Schmalkalden wohnen. Den Code bekommst du per Brief.",
        min_age=12,
        max_age=21,
        rule="approval",
        counting="mes-complete",
        max_cost_per_proposal=5000,
    )
    proposals = []
    for title_, text, cost in YOUTH_PROPOSALS:
        proposal = services.proposal_submit(
            actor=admin, budget=budget, title=f"{title_} {DEMO}", description=text, cost=cost, by_office=True
        )
        services.proposal_check(
            actor=admin, proposal=proposal, feasible=True, reason="Von der Verwaltung geprüft: machbar."
        )
        proposals.append(proposal)
    if not finished:
        for code in DEMO_CODES:
            VotingCode.objects.create(
                budget=budget, code_hash=services.code_hash(budget.pk, code), batch="Demo"
            )
        return
    codes = services.codes_issue(actor=admin, budget=budget, count=60, batch="Demo 2025")
    rng = random.Random(2025)
    popularity = [0.55, 0.4, 0.35, 0.3, 0.25, 0.2]
    for code in codes[:48]:
        chosen, total = {}, 0
        for proposal, p in zip(proposals, popularity, strict=True):
            if rng.random() < p and total + proposal.cost <= budget.amount:
                chosen[proposal.pk] = 1
                total += proposal.cost
        if not chosen:
            chosen[proposals[rng.randrange(len(proposals))].pk] = 1
        services.ballot_cast(budget=budget, choices=chosen, code=code)
    voting = project.phases.get(kind="voting")
    services.phase_set(
        actor=admin,
        project=project,
        kind="voting",
        starts_at=voting.starts_at,
        ends_at=now - timedelta(hours=1),
    )
    services.phase_set(
        actor=admin,
        project=project,
        kind="results",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=300),
    )
    services.budget_count(actor=admin, budget=budget)
    services.budget_result_publish(actor=admin, budget=budget)


def _youth_parliament(admin, municipality) -> None:
    parliament, created = YouthParliament.objects.get_or_create(
        municipality=municipality,
        slug="jugendparlament",
        defaults={
            "name": "JugendParlament Schmalkalden",
            "summary": (
                "Im JugendParlament reden junge Menschen mit, wenn es um ihre Stadt geht: Treffpunkte, Busse, "
                "Freizeit. Es stellt Anträge an den Stadtrat, und der Stadtrat antwortet. Mitglieder, Sitzungen "
                f"und Anträge auf dieser Seite sind Demo-Inhalte {DEMO}."
            ),
            "contact": "jugendparlament@schmalkalden.example (Demo-Adresse)",
        },
    )
    if not created:
        return
    for name, role in (
        ("Mia (Demo)", "Sprecherin"),
        ("Jonas (Demo)", "Schriftführer"),
        ("Lea (Demo)", ""),
        ("Can (Demo)", ""),
    ):
        YouthMember.objects.create(
            parliament=parliament, display_name=name, role=role, since=date(2025, 9, 1), consent_given=True
        )
    YouthMeeting.objects.create(
        parliament=parliament,
        date=timezone.now() + timedelta(days=10),
        place="Rathaus, Sitzungssaal (Demo)",
        agenda="1. Jugendbudget 2026\n2. Busverbindung am Abend\n3. Verschiedenes",
    )
    YouthMotion.objects.create(
        parliament=parliament,
        title=f"Späterer Bus am Freitag {DEMO}",
        text="Der letzte Bus nach den Ortsteilen fährt zu früh. Wir beantragen eine Fahrt um 22 Uhr.",
        submitted_on=date(2026, 3, 2),
    )
    motion = YouthMotion.objects.create(
        parliament=parliament,
        title=f"Jugendbudget jedes Jahr {DEMO}",
        text="Wir beantragen, dass es jedes Jahr ein Jugendbudget gibt.",
        submitted_on=date(2025, 10, 6),
        status=YouthMotion.Status.IN_COUNCIL,
    )
    services.motion_answer(
        actor=admin,
        motion=motion,
        answer="Der Stadtrat hat zugestimmt: Das Jugendbudget wird in den Haushalt aufgenommen (Demo-Antwort).",
    )


MALCHIN_IDEAS = [
    (
        "Treffpunkt für Jung und Alt am Markt",
        "Ein Café mit Tauschregal, in dem Ältere und Jüngere sich treffen.",
        "generationen",
        "wird_geprueft",
        "Wir prüfen, ob das leere Ladenlokal am Markt dafür genutzt werden kann.",
    ),
    (
        "Rückkehr-Stammtisch zu Weihnachten",
        "Ein Treffen für alle, die zurückkommen wollen oder zu Besuch sind.",
        "beteiligung",
        "angenommen",
        "Machen wir: Der erste Stammtisch ist am 27. Dezember im Rathaus.",
    ),
    (
        "Radweg zum Kummerower See",
        "Ein sicherer Radweg von der Stadt zum See.",
        "teilhabe",
        "eingereicht",
        "",
    ),
    ("Werkstatt für Reparaturen", "Ein Repair-Café einmal im Monat.", "identitaet", "eingereicht", ""),
]


def _malchin_workshop(coordinator, resident, municipality) -> None:
    if Project.objects.filter(municipality=municipality, slug="zukunftswerkstatt-2030").exists():
        return
    now = timezone.now()
    project = services.project_create(
        actor=coordinator,
        municipality=municipality,
        kind="zukunftswerkstatt",
        title="Zukunftswerkstatt Malchin: Ideen für 2030",
        slug="zukunftswerkstatt-2030",
        summary=(
            "Was soll Malchin bis 2030 besser machen, damit Menschen bleiben, zurückkommen und ankommen? "
            f"Schreiben Sie Ihre Idee auf. Die Ideen fließen in den Werkstattplan. Die Ideen hier sind Demo-Inhalte {DEMO}."
        ),
        phases=_phases(now, [("information", -20, -10), ("ideas", -10, 20), ("commenting", 20, 40)]),
        is_published=True,
    )
    for title, text, field, status, answer in MALCHIN_IDEAS:
        idea = services.idea_submit(
            actor=resident, project=project, title=f"{title} {DEMO}", text=text, handlungsfeld=field
        )
        if answer:
            services.idea_answer(actor=coordinator, idea=idea, status=status, answer=answer)
        services.comment_add(actor=coordinator, idea=idea, text="Danke für die Idee! (Demo-Kommentar)")


def _malchin_assembly(coordinator, municipality) -> None:
    if Assembly.objects.filter(municipality=municipality, slug="buergerrat-zukunft").exists():
        return
    assembly = services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Zukunft Malchin (Demo)",
        slug="buergerrat-zukunft",
        summary=(
            "20 zufällig geloste Menschen aus Malchin beraten, wie die Stadt für alle Generationen lebenswert bleibt. "
            f"Der Pool der Zusagen ist erfunden {DEMO}."
        ),
        panel_size=20,
    )
    quotas, source, _ = assembly_quota_proposal(municipality, 20)
    if not quotas:
        return
    services.assembly_set_quotas(actor=coordinator, assembly=assembly, quotas=quotas, source=source)
    rng = random.Random(20)
    lines = ["Kennung;" + ";".join(quotas)]
    # a fictional pool of 150 replies, skewed towards older people as real reply pools are
    for i in range(150):
        values = []
        for category, options in quotas.items():
            keys = list(options)
            weights = [1.0 + (0.6 * k if category == "Alter" else 0) for k in range(len(keys))]
            if category == "Geschlecht":
                weights = [1.0 if key != "divers" else 0.02 for key in keys]
            values.append(rng.choices(keys, weights=weights)[0])
        lines.append(f"M{i + 1:03d};" + ";".join(values))
    services.pool_import(actor=coordinator, assembly=assembly, text="\n".join(lines), consent_confirmed=True)
    try:
        services.assembly_draw(actor=coordinator, assembly=assembly, seed=20261123)
    except Exception:
        return


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    admin = next((u for u in users.values() if u.is_superuser), None)
    schmalkalden = municipalities.get("schmalkalden")
    if admin is not None and schmalkalden is not None:
        _youth_parliament(admin, schmalkalden)
        _youth_budget(
            admin, schmalkalden, "jugendbudget-2025", "Jugendbudget Schmalkalden 2025 (Demo)", finished=True
        )
        _youth_budget(
            admin, schmalkalden, "jugendbudget-2026", "Jugendbudget Schmalkalden 2026 (Demo)", finished=False
        )
    malchin = municipalities.get("malchin")
    coordinator = next((u for e, u in users.items() if e.startswith("koordination.malchin@")), None)
    resident = next((u for e, u in users.items() if e.startswith("buergerin@")), None)
    if malchin is not None and coordinator is not None and resident is not None:
        _malchin_workshop(coordinator, resident, malchin)
        _malchin_assembly(coordinator, malchin)
