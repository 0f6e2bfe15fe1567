"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent.

Malchin is mid-process: Kick-Off, Kommunalprofil and Zukunftswerkstatt are done, the
Werkstattplan is adopted, the Zwischenbilanz is open. Spremberg has just started (Kick-Off).

Content comes from the seeds: the Handlungsfelder of the call (seed 001) and of "Bleiben,
Zurückkommen, Ankommen" (seed 000), measures modelled on the initiatives seed 000 describes
(return days, trial living as in Görlitz, a contact point as in Bad Berleburg, a return portal as
in the Hochsauerlandkreis, coworking), the Resilienz-Check on the pillars and fields of seed 004.
No invented statistics: official indicators take their baselines and current values from the
official data; targets are marked as the town's targets; budget amounts are planned sums within
the programme's budget (seed 001: up to 10,000 € Sachmittel a year); the self-assessment, team
names and the one custom indicator value are marked as fictional demo content.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leuchtfeuer.projections.models import Scenario
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.kommunalprofil.models import Finding
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.plan.models import Indicator, Measure
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.process.models import Document, Process, Sector, Stage, TeamMember
from leuchtfeuer.werkstatt.reports import demo as report_demo
from leuchtfeuer.werkstatt.zukunftswerkstatt import services as zukunftswerkstatt_services

DEMO = "Demo-Inhalt (fiktiv)"


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A small valid one-page PDF (Helvetica) with a title and some lines of text."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT", "/F1 16 Tf", "72 770 Td", f"({esc(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        body += ["0 -18 Td", f"({esc(line)}) Tj"]
    body.append("ET")
    stream = zlib.compress("\n".join(body).encode("cp1252", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _user(users: dict, prefix: str):
    return next((u for email, u in users.items() if email.startswith(prefix)), None)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


# (dimension, key) → score: a fictional self-assessment of the demo town (seed 004 fields).
RESILIENCE = {
    ("saeule", "selbstgestaltung"): (3, "Viele Vereine, aber wenig Beteiligung an Planungen"),
    ("saeule", "innovation"): (2, "Kaum Kooperation mit Betrieben und Hochschulen"),
    ("saeule", "finanzen"): (2, "Haushalt ohne freie Spielräume"),
    ("saeule", "verwaltung"): (3, ""),
    ("saeule", "jugend"): (2, "Junge Menschen gehen nach der Schule weg"),
    ("feld", "finanzen"): (2, ""),
    ("feld", "demografie"): (1, "Alterung und Abwanderung junger Erwachsener"),
    ("feld", "polarisierung"): (3, ""),
    ("feld", "innenstadt"): (2, "Leerstand in der Innenstadt"),
    ("feld", "wohnen"): (3, "Günstige Mieten, wenig moderne Familienwohnungen"),
    ("feld", "mobilitaet"): (2, "Busverbindungen am Abend und am Wochenende fehlen"),
    ("feld", "bildung"): (4, "Kitas und Grundschulen vor Ort"),
    ("feld", "gesundheit"): (3, ""),
    ("feld", "klima"): (3, ""),
    ("feld", "verwaltung"): (3, "Fördermittel binden viel Personal"),
}

TOPICS = ["rueckkehr", "wohnen", "arbeit", "willkommen", "beteiligung", "generationen", "digital"]

TEAM = [
    (
        TeamMember.Kind.TEAM,
        "N. N. (Demografiebeauftragte)",
        "Koordination",
        "Stadtverwaltung",
        Sector.ADMINISTRATION,
    ),
    (TeamMember.Kind.TEAM, "N. N. (Hauptamt)", "Fördermittel", "Stadtverwaltung", Sector.ADMINISTRATION),
    (
        TeamMember.Kind.TEAM,
        "N. N. (Stadtvertretung)",
        "Vorsitz Sozialausschuss",
        "Stadtvertretung",
        Sector.POLITICS,
    ),
    (TeamMember.Kind.PARTNER, "N. N. (Jugendclub)", "Leitung", "Jugendclub", Sector.YOUTH),
    (TeamMember.Kind.PARTNER, "N. N. (Gewerbeverein)", "Vorstand", "Gewerbeverein", Sector.BUSINESS),
    (TeamMember.Kind.PARTNER, "N. N. (Heimatverein)", "Vorstand", "Heimatverein", Sector.ASSOCIATIONS),
]

FINDINGS = [
    (Finding.Kind.STRENGTH, "Kitas und Schulen am Ort; bezahlbarer Wohnraum."),
    (Finding.Kind.STRENGTH, "Lage in der Mecklenburgischen Schweiz, Natur und Seen in der Nähe."),
    (
        Finding.Kind.WEAKNESS,
        "Junge Erwachsene ziehen beim Berufseinstieg fort (siehe Berufseinstiegswanderung im Profil).",
    ),
    (
        Finding.Kind.WEAKNESS,
        "Viele ältere Menschen, wenige junge (siehe Altenquotient und Jugendquotient im Profil).",
    ),
    (Finding.Kind.HALTEFAKTOR, "Starke Vereine und Familienbindung."),
    (Finding.Kind.ANZIEHUNGSFAKTOR, "Ruhe, Natur und bezahlbares Wohnen für Familien und Remote-Arbeitende."),
]

IDEAS = [
    (
        "rueckkehr",
        "Rückkehrertag zwischen den Feiertagen",
        "Treffen für Weggezogene, die über Weihnachten zu Besuch sind.",
        "kritik",
    ),
    (
        "rueckkehr",
        "Geschichten von Rückkehrenden zeigen",
        "Porträts nach dem Vorbild von „Heeme Fehlste“ in Spremberg.",
        "fantasie",
    ),
    (
        "wohnen",
        "Probewohnen in leerstehenden Wohnungen",
        "Nach dem Görlitzer Vorbild „Stadt der Zukunft auf Probe“.",
        "fantasie",
    ),
    (
        "willkommen",
        "Anlaufstelle für Zuziehende",
        "Eine Person, die bei Wohnung, Kita und Job hilft (vgl. „Einfach Ankommen“, Bad Berleburg).",
        "verwirklichung",
    ),
    (
        "arbeit",
        "Coworking im alten Bahnhof",
        "Arbeitsplätze für Pendelnde und Remote-Arbeitende.",
        "fantasie",
    ),
    (
        "generationen",
        "Erzählcafé Jung und Alt",
        "Ältere erzählen, Jugendliche dokumentieren digital.",
        "verwirklichung",
    ),
    (
        "digital",
        "Rückkehrportal mit Jobbörse",
        "Wie „Heimvorteil HSK“: Jobs, Wohnungen, Ansprechpersonen an einem Ort.",
        "verwirklichung",
    ),
]

GOALS = [
    ("rueckkehr", "Weggezogene kennen ihre Möglichkeiten in Malchin und kommen zurück."),
    ("wohnen", "Familien finden passenden Wohnraum und können das Leben vor Ort ausprobieren."),
    ("willkommen", "Zuziehende haben eine feste Ansprechperson."),
    ("arbeit", "Pendelnde und Remote-Arbeitende finden Arbeitsplätze vor Ort."),
    ("generationen", "Jung und Alt begegnen sich regelmäßig."),
]

# (field, title, description, target groups, responsible, partners, start, end, status, budget lines)
MEASURES = [
    (
        "rueckkehr",
        "Rückkehrertag „Heimat auf Zeit“",
        "Jährlich am 27. Dezember: Betriebe, Wohnungsanbieter und Vereine stellen sich Weggezogenen vor.",
        ["nach-ausbildung", "fachkraft", "junge-familie"],
        "Stadtmarketing",
        "Gewerbeverein, Wohnungsgesellschaft, Jugendclub",
        date(2026, 1, 1),
        date(2027, 12, 31),
        Measure.Status.RUNNING,
        [
            ("Raummiete und Technik", 2026, "1500.00"),
            ("Plakate und Social Media", 2026, "2000.00"),
            ("Raummiete und Technik", 2027, "1500.00"),
        ],
    ),
    (
        "wohnen",
        "Probewohnen für Familien",
        "Zwei möblierte Wohnungen für vier Wochen zum Ausprobieren, mit Stadtführung und Kontakten zu Arbeitgebern.",
        ["junge-familie", "digitale-nomaden"],
        "Wohnungsgesellschaft mit Stadtverwaltung",
        "Wohnungsgesellschaft, Kita-Träger",
        date(2026, 4, 1),
        date(2027, 9, 30),
        Measure.Status.RUNNING,
        [("Möblierung", 2026, "4000.00"), ("Begrüßungspakete", 2026, "600.00")],
    ),
    (
        "willkommen",
        "Anlaufstelle Ankommen",
        "Feste Ansprechperson im Rathaus für Wohnungssuche, Kita-Platz und Jobvermittlung.",
        ["zuwanderung", "junge-familie", "fachkraft"],
        "Hauptamt",
        "Jobcenter, Landkreis",
        date(2026, 2, 1),
        date(2028, 12, 31),
        Measure.Status.PLANNED,
        [("Schulung der Ansprechperson", 2026, "800.00")],
    ),
    (
        "arbeit",
        "Coworking-Tage im Bahnhof",
        "Probeweise zwei Tage pro Woche Arbeitsplätze mit WLAN im Bahnhofsgebäude.",
        ["digitale-nomaden", "fachkraft"],
        "Wirtschaftsförderung",
        "Gewerbeverein",
        date(2026, 5, 1),
        date(2026, 12, 31),
        Measure.Status.PAUSED,
        [("Ausstattung", 2026, "1200.00")],
    ),
]


def _malchin(municipality, users: dict) -> None:
    coordinator = _user(users, "koordination.malchin@")
    team = _user(users, "team.malchin@")
    consultant = _user(users, "beratung@")
    mentor = _user(users, "mentoring@")
    if coordinator is None or team is None:
        return
    process = process_services.process_start(
        actor=coordinator,
        municipality=municipality,
        started_on=date(2025, 2, 3),
        title="Zukunftswerkstatt Malchin",
    )
    # --- Kick-Off
    process_services.kickoff_update(
        actor=coordinator,
        process=process,
        objectives=(
            "Malchin soll für junge Familien, Rückkehrende und Fachkräfte attraktiv werden: Menschen halten, "
            "zurückholen und neu gewinnen (Bleiben, Zurückkommen, Ankommen)."
        ),
        expectations=(
            "Externe Beratung für Beteiligungsformate, Austausch mit erfahrenen Kommunen im Mentoring, "
            "ein beschlossener Werkstattplan mit überprüfbaren Zielen."
        ),
    )
    for kind, name, function, organisation, sector in TEAM:
        process_services.team_member_add(
            actor=coordinator,
            process=process,
            kind=kind,
            name=name,
            function=function,
            organisation=organisation,
            sector=sector,
        )
    process_services.document_upload(
        actor=coordinator,
        process=process,
        kind=Document.Kind.COUNCIL_DECISION,
        title="Beschluss der Stadtvertretung zur Teilnahme (Demo)",
        upload=SimpleUploadedFile(
            "Beschluss-Teilnahme-Zukunftswerkstatt.pdf",
            demo_pdf(
                "Beschluss zur Teilnahme an der Zukunftswerkstatt",
                [
                    DEMO + ": Dieses Dokument ist ein Platzhalter fuer den Ratsbeschluss.",
                    "Kein echter Beschluss.",
                ],
            ),
        ),
    )
    plan_services.topics_set(actor=coordinator, process=process, keys=TOPICS)
    kommunalprofil_services.resilience_check_save(
        actor=team,
        process=process,
        taken_on=date(2025, 3, 20),
        note=DEMO + ": Selbsteinschätzung im Kick-Off-Workshop.",
        answers=[{"dimension": d, "key": k, "score": s, "note": n} for (d, k), (s, n) in RESILIENCE.items()],
    )
    process_services.stage_close(actor=coordinator, process=process)
    # --- Kommunalprofil
    kommunalprofil_services.profile_snapshot_take(actor=coordinator, process=process, with_projection=True)
    for kind, text in FINDINGS:
        kommunalprofil_services.finding_add(actor=consultant or team, process=process, kind=kind, text=text)
    process_services.stage_close(actor=coordinator, process=process)
    # --- Zukunftswerkstatt
    workshop = zukunftswerkstatt_services.workshop_save(
        actor=team,
        process=process,
        title="Zukunftswerkstatt „Malchin 2035“",
        date=date(2025, 9, 13),
        place="Rathaussaal Malchin",
        moderation="Externe Beratung (Demo)",
        plan_kritik="Begrüßung, Kartenabfrage „Was fehlt Ihnen in Malchin?“, Clustern nach Themen.",
        plan_fantasie="Zukunftsreise „Malchin 2035“ in Kleingruppen, Ideen ohne Einschränkungen sammeln.",
        plan_verwirklichung="Ideen bewerten, Patenschaften und erste Schritte festlegen.",
        participants=None,
        held=True,
        summary=DEMO + ": Ergebnisse siehe Ideen nach Handlungsfeldern.",
    )
    fields = {f.key: f for f in process.handlungsfelder.all()}
    ideas = {}
    for key, title, description, phase in IDEAS:
        ideas[title] = zukunftswerkstatt_services.idea_add(
            actor=team,
            process=process,
            title=title,
            description=description,
            handlungsfeld=fields[key],
            phase=phase,
            workshop=workshop,
        )
    process_services.stage_close(actor=coordinator, process=process)
    # --- Werkstattplan
    goals = {
        key: plan_services.goal_add(
            actor=coordinator, process=process, handlungsfeld=fields[key], title=title
        )
        for key, title in GOALS
    }
    scenario = Scenario.objects.filter(
        municipality=municipality, name="Rückkehr und Zuzug junger Familien"
    ).first()
    measures = {}
    for key, title, description, groups, responsible, partners, start, end, status, lines in MEASURES:
        measure = plan_services.measure_create(
            actor=coordinator,
            process=process,
            handlungsfeld=fields[key],
            goal=goals[key],
            title=title,
            description=description,
            target_groups=groups,
            responsible=responsible,
            partners=partners,
            start=start,
            end=end,
            status=Measure.Status.PLANNED,
            scenario=scenario if key in ("rueckkehr", "wohnen") else None,
        )
        for label, year, amount in lines:
            plan_services.budget_line_add(
                actor=coordinator,
                measure=measure,
                label=label,
                year=year,
                amount=amount,
                funding_source="ZWK-Sachmittel (bis 10.000 € je Jahr)",
            )
        measures[key] = (measure, status)
    for title, key in (
        ("Rückkehrertag zwischen den Feiertagen", "rueckkehr"),
        ("Probewohnen in leerstehenden Wohnungen", "wohnen"),
    ):
        idea = ideas[title]
        idea.measure = measures[key][0]
        idea.save(update_fields=["measure"])
    target = "Ziel der Stadt (Demo): "
    indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.OFFICIAL,
        official_key="migration_career_start",
        measure=measures["rueckkehr"][0],
        target_value=0,
        target_year=2030,
        note=target + "ausgeglichene Wanderung beim Berufseinstieg.",
    )
    indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.OFFICIAL,
        official_key="migration_family",
        measure=measures["wohnen"][0],
        target_value=15,
        target_year=2030,
        note=target + "mehr Familien ziehen zu.",
    )
    population = indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.OFFICIAL,
        official_key="population",
        target_year=2035,
        note=target + "die Einwohnerzahl des Ausgangsjahres halten.",
    )
    # The target is the baseline itself (hold the population), whatever the data say.
    indicator_services.indicator_update(
        actor=coordinator, indicator=population, target_value=population.baseline_value, target_year=2035
    )
    visitors = indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Besuchende am Rückkehrertag",
        unit="Personen",
        measure=measures["rueckkehr"][0],
        baseline_value=0,
        baseline_date=date(2025, 12, 31),
        baseline_source="Es gab vor 2026 keinen Rückkehrertag.",
        target_value=120,
        target_year=2027,
        note=target + "120 Besuchende.",
    )
    indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Familien im Probewohnen",
        unit="Familien",
        measure=measures["wohnen"][0],
        baseline_value=0,
        baseline_date=date(2026, 3, 31),
        baseline_source="Angebot beginnt im April 2026.",
        target_value=8,
        target_year=2027,
        direction=Indicator.Direction.UP,
    )
    indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Beratungen in der Anlaufstelle",
        unit="Beratungen je Jahr",
        measure=measures["willkommen"][0],
        target_value=40,
        target_year=2027,
    )
    indicator_services.indicator_create(
        actor=coordinator,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Belegte Coworking-Tage",
        unit="Tage",
        measure=measures["arbeit"][0],
        target_value=100,
        target_year=2026,
    )
    plan_services.plan_adopt(
        actor=coordinator,
        process=process,
        adopted_on=date(2025, 12, 11),
        decision="Stadtvertretung (Demo, fiktiv)",
    )
    process_services.stage_close(actor=coordinator, process=process)
    # --- Zwischenbilanz (open): status of the measures, one fictional value
    for measure, status in measures.values():
        if status != Measure.Status.PLANNED:
            plan_services.measure_update(
                actor=team,
                measure=measure,
                status=status,
                progress_note=(
                    "Läuft wie geplant."
                    if status == Measure.Status.RUNNING
                    else "Zurückgestellt: Gebäude nicht verfügbar."
                ),
            )
    indicator_services.indicator_reading_add(
        actor=team,
        indicator=visitors,
        date=date(2026, 1, 5),
        value=45,
        source="fiktiver Demo-Wert (keine echte Zahl)",
    )
    process_services.comment_add(
        actor=consultant or coordinator,
        process=process,
        stage="zwischenbilanz",
        text="Bitte für die Zwischenbilanz auch die Erfahrungen aus dem Probewohnen festhalten.",
    )
    if mentor:
        process_services.comment_add(
            actor=mentor,
            process=process,
            stage="werkstattplan",
            text="In Bad Berleburg hat eine feste Ansprechperson viel bewirkt – gern Erfahrungen austauschen.",
        )
    today = timezone.localdate()
    for title, due, assignee in (
        ("Zwischenbilanz: Stand aller Maßnahmen eintragen", today + timedelta(days=14), team),
        ("Termin Rückkehrertag mit Gewerbeverein abstimmen", today + timedelta(days=30), coordinator),
        ("Fotos und Stimmen vom Probewohnen sammeln", today - timedelta(days=3), team),
    ):
        task = process_services.task_create(actor=coordinator, process=process, title=title, due_date=due)
        task.assignee = assignee  # set after creation: no e-mail from the demo loader
        task.save(update_fields=["assignee"])
    zb = process.stages.get(kind="zwischenbilanz")
    zb.responsible, zb.planned_end = coordinator, today + timedelta(days=60)
    zb.save(update_fields=["responsible", "planned_end"])
    # A realistic timeline instead of "everything happened today" (demo only).
    timeline = {
        "kickoff": (date(2025, 2, 3), date(2025, 4, 10)),
        "kommunalprofil": (date(2025, 4, 10), date(2025, 6, 5)),
        "zukunftswerkstatt": (date(2025, 6, 5), date(2025, 10, 20)),
        "werkstattplan": (date(2025, 10, 20), date(2025, 12, 15)),
    }
    for kind, (opened, closed) in timeline.items():
        Stage.objects.filter(process=process, kind=kind).update(opened_at=_at(opened), closed_at=_at(closed))
    Stage.objects.filter(process=process, kind="zwischenbilanz").update(opened_at=_at(date(2025, 12, 15)))
    process.profile_snapshots.update(taken_at=_at(date(2025, 5, 20)))


def _spremberg(municipality, users: dict) -> None:
    coordinator = _user(users, "koordination.spremberg@")
    if coordinator is None:
        return
    process = process_services.process_start(
        actor=coordinator, municipality=municipality, started_on=timezone.localdate() - timedelta(days=20)
    )
    process_services.kickoff_update(
        actor=coordinator,
        process=process,
        objectives="Die Rückkehrkampagne „Heeme Fehlste“ in eine Gesamtstrategie für Bleiben und Zurückkommen einbetten.",
        expectations="",
    )
    process_services.team_member_add(
        actor=coordinator,
        process=process,
        name="N. N. (Stabsstelle Rückkehr)",
        organisation="Stadtverwaltung",
        sector=Sector.ADMINISTRATION,
    )
    plan_services.topics_set(
        actor=coordinator, process=process, keys=["rueckkehr", "willkommen", "identitaet"]
    )


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
    malchin = municipalities.get("malchin")
    if malchin is not None and not Process.objects.filter(municipality=malchin).exists():
        _malchin(malchin, users)
    spremberg = municipalities.get("spremberg")
    if spremberg is not None and not Process.objects.filter(municipality=spremberg).exists():
        _spremberg(spremberg, users)
    report_demo.load(municipalities, users)
