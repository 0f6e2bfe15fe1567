"""Build a process stage by stage through the services (shared by tests)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.models import Document, Finding, Indicator, Sector, TeamMember
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.zukunftswerkstatt import services as zukunftswerkstatt_services

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "Ratsbeschluss.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def all_answers(score: int = 3) -> list[dict]:
    return [
        {"dimension": d, "key": k, "score": score, "note": ""}
        for d, k, _ in kommunalprofil_services.resilience_items()
    ]


def complete_kickoff(actor, process) -> None:
    process_services.kickoff_update(
        actor=actor, process=process, objectives="Junge Familien halten", expectations="Beratung"
    )
    process_services.team_member_add(
        actor=actor, process=process, name="A. Amt", sector=Sector.ADMINISTRATION
    )
    process_services.team_member_add(actor=actor, process=process, name="J. Jugend", sector=Sector.YOUTH)
    process_services.document_upload(
        actor=actor, process=process, kind=Document.Kind.COUNCIL_DECISION, title="Ratsbeschluss", upload=pdf()
    )
    plan_services.topics_set(actor=actor, process=process, keys=["rueckkehr", "wohnen"])
    kommunalprofil_services.resilience_check_save(
        actor=actor, process=process, taken_on=date(2025, 3, 1), answers=all_answers()
    )


def complete_kommunalprofil(actor, process) -> None:
    kommunalprofil_services.profile_snapshot_take(actor=actor, process=process, with_projection=False)
    for kind in (Finding.Kind.STRENGTH, Finding.Kind.WEAKNESS, Finding.Kind.HALTEFAKTOR):
        kommunalprofil_services.finding_add(actor=actor, process=process, kind=kind, text=f"Befund {kind}")


def complete_zukunftswerkstatt(actor, process) -> None:
    zukunftswerkstatt_services.workshop_save(
        actor=actor,
        process=process,
        title="Zukunftswerkstatt 1",
        date=date(2025, 5, 10),
        place="Rathaus",
        plan_kritik="Kritik sammeln",
        plan_fantasie="Wünsche",
        plan_verwirklichung="Umsetzen",
        held=True,
    )
    field = process.handlungsfelder.get(key="rueckkehr")
    zukunftswerkstatt_services.idea_add(
        actor=actor, process=process, title="Rückkehrertag", handlungsfeld=field
    )


def complete_werkstattplan(actor, process, *, adopt: bool = True) -> None:
    field = process.handlungsfelder.get(key="rueckkehr")
    goal = plan_services.goal_add(
        actor=actor, process=process, handlungsfeld=field, title="Mehr Rückkehrende"
    )
    measure = plan_services.measure_create(
        actor=actor,
        process=process,
        handlungsfeld=field,
        goal=goal,
        title="Rückkehrertag",
        responsible="Stadtmarketing",
        start=date(2025, 9, 1),
        end=date(2026, 12, 31),
    )
    indicator_services.indicator_create(
        actor=actor,
        process=process,
        kind=Indicator.Kind.CUSTOM,
        label="Besuchende am Rückkehrertag",
        unit="Personen",
        measure=measure,
        baseline_value=0,
        baseline_date=date(2025, 1, 1),
        target_value=150,
        target_year=2026,
    )
    if adopt:
        plan_services.plan_adopt(
            actor=actor, process=process, adopted_on=date(2025, 8, 1), decision="Stadtvertretung"
        )


def new_team_member(process) -> TeamMember:
    return TeamMember.objects.filter(process=process).first()
