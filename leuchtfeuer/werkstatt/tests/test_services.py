"""The Werkstatt process as a coordinator runs it: stages, gates, plan versions, audit, e-mail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.werkstatt import selectors
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.models import Document, Idea, Indicator, Measure, Stage
from leuchtfeuer.werkstatt.plan import indicators as indicator_services
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import builders
from leuchtfeuer.werkstatt.zukunftswerkstatt import services as zukunftswerkstatt_services

pytestmark = pytest.mark.django_db


def _statuses(process):
    return [s.status for s in process.stages.order_by("position")]


def test_start_creates_five_stages_with_kickoff_open(process, coordinator):
    assert [s.kind for s in process.stages.order_by("position")] == [
        "kickoff",
        "kommunalprofil",
        "zukunftswerkstatt",
        "werkstattplan",
        "zwischenbilanz",
    ]
    assert _statuses(process) == ["offen", "ausstehend", "ausstehend", "ausstehend", "ausstehend"]
    assert process.current_stage == "kickoff"
    assert AuditEntry.objects.filter(
        action="werkstatt.process.start", municipality=process.municipality
    ).exists()
    with pytest.raises(ValidationError, match="bereits einen Werkstatt-Prozess"):
        process_services.process_start(actor=coordinator, municipality=process.municipality)


def test_gate_blocks_closing_kickoff_and_names_what_is_missing(process, coordinator):
    with pytest.raises(ValidationError) as exc:
        process_services.stage_close(actor=coordinator, process=process)
    messages = exc.value.messages
    assert messages[0] == "Die Stufe „Kick-Off“ kann noch nicht abgeschlossen werden. Es fehlt:"
    assert "Der Ratsbeschluss oder das Unterstützungsschreiben ist noch nicht hochgeladen." in messages
    assert "Der Resilienz-Check ist noch nicht ausgefüllt." in messages
    assert "Es sind noch keine Themen (Handlungsfelder) ausgewählt." in messages
    process.refresh_from_db()
    assert process.current_stage == "kickoff"
    assert _statuses(process)[0] == "offen"
    assert not AuditEntry.objects.filter(action="werkstatt.stage.close").exists()


def test_gate_lists_only_the_remaining_gap(process, coordinator):
    builders.complete_kickoff(coordinator, process)
    process.documents.all().delete()
    with pytest.raises(ValidationError) as exc:
        process_services.stage_close(actor=coordinator, process=process)
    assert exc.value.messages[1:] == [
        "Der Ratsbeschluss oder das Unterstützungsschreiben ist noch nicht hochgeladen."
    ]


def test_walk_all_five_stages(process, coordinator):
    builders.complete_kickoff(coordinator, process)
    opened = process_services.stage_close(actor=coordinator, process=process, kind="kickoff")
    assert opened.kind == "kommunalprofil"
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_werkstattplan(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    process.refresh_from_db()
    assert process.current_stage == "zwischenbilanz"
    measure = process.measures.get()
    plan_services.measure_update(
        actor=coordinator, measure=measure, status=Measure.Status.RUNNING, progress_note="läuft"
    )
    indicator = process.indicators.get()
    indicator_services.indicator_reading_add(
        actor=coordinator, indicator=indicator, date=date(2025, 10, 1), value="80"
    )
    report_services.review_save(
        actor=coordinator, process=process, narrative="Gut gestartet", lessons_learned="Früh beteiligen"
    )
    assert process_services.stage_close(actor=coordinator, process=process) is None
    process.refresh_from_db()
    assert process.current_stage == ""
    assert process.completed_at is not None
    assert _statuses(process) == ["abgeschlossen"] * 5
    assert AuditEntry.objects.filter(action="werkstatt.stage.close").count() == 5


def test_only_the_open_stage_can_be_closed(process, coordinator):
    builders.complete_kickoff(coordinator, process)
    with pytest.raises(ValidationError, match="Nur die laufende Stufe „Kick-Off“"):
        process_services.stage_close(actor=coordinator, process=process, kind="werkstattplan")


def test_reopen_goes_back_one_stage(process, coordinator):
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    process_services.stage_reopen(actor=coordinator, process=process)
    process.refresh_from_db()
    assert process.current_stage == "kickoff"
    assert _statuses(process)[:2] == ["offen", "ausstehend"]


def test_stage_decides_what_may_be_edited(process, coordinator):
    field = plan_services.topics_set(actor=coordinator, process=process, keys=["wohnen"])[0]
    with pytest.raises(ValidationError, match="Werkstattplan können in der laufenden Stufe „Kick-Off“ nicht"):
        plan_services.measure_create(actor=coordinator, process=process, handlungsfeld=field, title="Zu früh")
    assert not Measure.objects.exists()


def test_team_member_cannot_close_stage_but_edits_content(process, role_user, municipality):
    team = role_user(Role.TEAM, municipality)
    process_services.kickoff_update(actor=team, process=process, objectives="Ziel", expectations="Erwartung")
    with pytest.raises(PermissionDenied):
        process_services.stage_close(actor=team, process=process)


# ----------------------------------------------------------------------------- uploads
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "beschluss.exe",
            b"MZ\x90\x00",
            "„.exe“ sind hier nicht erlaubt – erlaubt sind nur PDF, ODT oder DOCX",
        ),
        ("beschluss.pdf", b"<html>kein pdf</html>", "„beschluss.pdf“ ist keine gültige PDF-Datei"),
        ("beschluss.pdf", b"", "ist leer"),
    ],
)
def test_upload_rejects_wrong_type(process, coordinator, name, content, message):
    with pytest.raises(ValidationError, match=message):
        process_services.document_upload(
            actor=coordinator,
            process=process,
            kind=Document.Kind.COUNCIL_DECISION,
            title="",
            upload=SimpleUploadedFile(name, content),
        )
    assert not Document.objects.exists()


def test_upload_rejects_files_over_10_mb(process, coordinator):
    big = builders.PDF_BYTES + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError, match="höchstens 10 MB"):
        process_services.document_upload(
            actor=coordinator,
            process=process,
            kind="ratsbeschluss",
            title="",
            upload=builders.pdf(content=big),
        )


def test_upload_sanitises_file_name_and_accepts_docx_and_odt(process, coordinator):
    import io
    import zipfile

    doc = process_services.document_upload(
        actor=coordinator,
        process=process,
        kind=Document.Kind.COUNCIL_DECISION,
        title="",
        upload=builders.pdf("../../etc/Beschluss Stadtvertretung Mai 2025 (öffentlich).PDF"),
    )
    assert doc.original_name == "Beschluss-Stadtvertretung-Mai-2025-oeffentlich.pdf"
    assert ".." not in doc.file.name and doc.file.name.startswith(f"werkstatt/{process.municipality_id}/")
    assert doc.content_type == "application/pdf"

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    docx = process_services.document_upload(
        actor=coordinator,
        process=process,
        kind="protokoll",
        title="Protokoll",
        upload=SimpleUploadedFile("p.docx", buffer.getvalue()),
    )
    assert docx.content_type.endswith("wordprocessingml.document")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    odt = process_services.document_upload(
        actor=coordinator,
        process=process,
        kind="protokoll",
        title="ODT",
        upload=SimpleUploadedFile("p.odt", buffer.getvalue()),
    )
    assert odt.content_type == "application/vnd.oasis.opendocument.text"


# --------------------------------------------------------------------------- Resilienz-Check
def test_resilience_check_needs_all_fifteen_scores_in_range(process, coordinator):
    answers = builders.all_answers()
    answers[0]["score"] = 7
    answers.pop()
    with pytest.raises(ValidationError) as exc:
        kommunalprofil_services.resilience_check_save(
            actor=coordinator, process=process, taken_on=date(2025, 1, 1), answers=answers
        )
    text = " ".join(exc.value.messages)
    assert "Selbstgestaltungskräfte aktivieren“: bitte eine Einschätzung von 1" in text
    assert "„Verwaltung und Fördermittel“: die Einschätzung fehlt." in text
    assert not process.resilience_checks.exists()


def test_weak_spots_worst_first(process, coordinator, municipality):
    answers = builders.all_answers(4)
    scores = {
        ("feld", "mobilitaet"): 1,
        ("feld", "wohnen"): 2,
        ("saeule", "finanzen"): 2,
        ("feld", "finanzen"): 1,
    }
    for a in answers:
        a["score"] = scores.get((a["dimension"], a["key"]), 4)
    kommunalprofil_services.resilience_check_save(
        actor=coordinator, process=process, taken_on=date(2025, 1, 1), answers=answers
    )
    # Score 1 first (taxonomy order: finanzen before mobilitaet among challenge fields), then 2s
    # with pillars before challenge fields; "finanzen" appears once.
    assert selectors.resilience_weak_spots(municipality) == ["finanzen", "mobilitaet", "wohnen"]


# ------------------------------------------------------------------------------ ideas
def test_ideas_receive_is_idempotent_and_sorts_by_key(process, coordinator, municipality):
    plan_services.topics_set(actor=coordinator, process=process, keys=["wohnen"])
    ideas = [
        {
            "title": "Probewohnen",
            "description": "",
            "handlungsfeld": "wohnen",
            "source_label": "Beteiligung X",
            "source_url": "/beteiligung/1/",
        },
        {
            "title": "Jugendtreff",
            "description": "",
            "handlungsfeld": "unbekannt",
            "source_label": "Beteiligung X",
            "source_url": "/beteiligung/2/",
        },
    ]
    created = zukunftswerkstatt_services.ideas_receive(
        actor=coordinator, municipality=municipality, ideas=ideas
    )
    assert [i.handlungsfeld.key if i.handlungsfeld else None for i in created] == ["wohnen", None]
    assert (
        zukunftswerkstatt_services.ideas_receive(actor=coordinator, municipality=municipality, ideas=ideas)
        == []
    )
    assert Idea.objects.count() == 2


def test_ideas_receive_rejects_script_links_and_missing_process(
    process, coordinator, municipality, other_municipality, role_user
):
    with pytest.raises(ValidationError, match="keine Web-Adresse"):
        zukunftswerkstatt_services.ideas_receive(
            actor=coordinator,
            municipality=municipality,
            ideas=[{"title": "X", "source_url": "javascript:alert(1)"}],
        )
    other = role_user(Role.KOORDINATION, other_municipality)
    with pytest.raises(ValidationError, match="noch keinen Werkstatt-Prozess"):
        zukunftswerkstatt_services.ideas_receive(
            actor=other, municipality=other_municipality, ideas=[{"title": "X"}]
        )


def test_idea_becomes_measure(process, coordinator):
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    idea = process.ideas.get()
    measure = plan_services.idea_to_measure(actor=coordinator, idea=idea)
    idea.refresh_from_db()
    assert idea.measure == measure
    assert measure.handlungsfeld.key == "rueckkehr"
    with pytest.raises(ValidationError, match="bereits die Maßnahme"):
        plan_services.idea_to_measure(actor=coordinator, idea=idea)


# ------------------------------------------------------------------------- plan versions
def _to_plan_stage(coordinator, process):
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)


def test_adopt_freezes_version_and_change_makes_visible_diff(process, coordinator):
    _to_plan_stage(coordinator, process)
    builders.complete_werkstattplan(coordinator, process)
    v1 = process.plan_versions.get()
    assert v1.number == 1 and v1.snapshot["measures"][0]["title"] == "Rückkehrertag"
    assert not plan_selectors.plan_has_unadopted_changes(process)
    with pytest.raises(ValidationError, match="seit Version 1 unverändert"):
        plan_services.plan_adopt(actor=coordinator, process=process, adopted_on=date(2025, 8, 2))

    measure = process.measures.get()
    plan_services.measure_update(actor=coordinator, measure=measure, end=date(2027, 6, 30))
    plan_services.budget_line_add(
        actor=coordinator, measure=measure, label="Catering", amount="1250.50", year=2026
    )
    field = process.handlungsfelder.get(key="wohnen")
    plan_services.measure_create(actor=coordinator, process=process, handlungsfeld=field, title="Probewohnen")
    assert plan_selectors.plan_has_unadopted_changes(process)
    v2 = plan_services.plan_adopt(actor=coordinator, process=process, adopted_on=date(2025, 9, 1))
    assert v2.number == 2
    diff = plan_selectors.plan_diff(v1.snapshot, v2.snapshot)
    by_name = {(d["section"], d["name"]): d for d in diff}
    assert by_name[("Maßnahme", "Probewohnen")]["change"] == "neu"
    changed = {label: (old, new) for label, old, new in by_name[("Maßnahme", "Rückkehrertag")]["fields"]}
    assert changed["Ende"] == ("31.12.2026", "30.06.2027")
    assert changed["Kosten gesamt (€)"] == ("0.00", "1250.50")
    # The frozen version keeps its old content.
    v1.refresh_from_db()
    assert v1.snapshot["measures"][0]["end"] == "2026-12-31"


def test_budget_amounts_are_exact_decimals(process, coordinator):
    _to_plan_stage(coordinator, process)
    field = process.handlungsfelder.get(key="rueckkehr")
    measure = plan_services.measure_create(actor=coordinator, process=process, handlungsfeld=field, title="M")
    for amount in ("0.10", "0.20", "1000000.01"):
        plan_services.budget_line_add(actor=coordinator, measure=measure, label="x", amount=amount)
    assert plan_selectors.budget_total(process) == Decimal("1000000.31")
    with pytest.raises(ValidationError, match="nicht negativ"):
        plan_services.budget_line_add(actor=coordinator, measure=measure, label="x", amount="-5")
    with pytest.raises(ValidationError, match="volle Cent"):
        plan_services.budget_line_add(actor=coordinator, measure=measure, label="x", amount="1.005")
    with pytest.raises(ValidationError, match="keine Zahl"):
        plan_services.budget_line_add(actor=coordinator, measure=measure, label="x", amount="zwölf")


def test_measure_dates_and_target_groups_validated(process, coordinator):
    _to_plan_stage(coordinator, process)
    field = process.handlungsfelder.get(key="rueckkehr")
    with pytest.raises(ValidationError, match="liegt vor dem Beginn"):
        plan_services.measure_create(
            actor=coordinator,
            process=process,
            handlungsfeld=field,
            title="M",
            start=date(2026, 1, 1),
            end=date(2025, 1, 1),
        )
    with pytest.raises(ValidationError, match="Unbekannte Zielgruppen: aliens"):
        plan_services.measure_create(
            actor=coordinator, process=process, handlungsfeld=field, title="M", target_groups=["aliens"]
        )
    m = plan_services.measure_create(
        actor=coordinator,
        process=process,
        handlungsfeld=field,
        title="M",
        target_groups=["junge-familie", "jugend"],
    )
    assert m.target_groups == ["junge-familie", "jugend"]


def test_werkstattplan_gate_requires_indicators_and_adoption(process, coordinator):
    _to_plan_stage(coordinator, process)
    builders.complete_werkstattplan(coordinator, process, adopt=False)
    field = process.handlungsfelder.get(key="wohnen")
    plan_services.measure_create(actor=coordinator, process=process, handlungsfeld=field, title="Probewohnen")
    with pytest.raises(ValidationError) as exc:
        process_services.stage_close(actor=coordinator, process=process)
    missing = exc.value.messages[1:]
    assert "Handlungsfeld „Wohnen“: Maßnahmen ohne Ziel – bitte ein Ziel formulieren." in missing
    assert (
        "Maßnahme „Probewohnen“: es fehlt Verantwortliche:r, Beginn und Ende, Indikator mit Zielwert."
        in missing
    )
    assert "Der Werkstattplan ist noch nicht beschlossen (Version festhalten)." in missing


# -------------------------------------------------------------------------- indicators
def test_custom_indicator_progress_traffic_light(process, coordinator):
    _to_plan_stage(coordinator, process)
    builders.complete_werkstattplan(coordinator, process)
    indicator = process.indicators.get()
    (p,) = plan_selectors.indicator_progress(process)
    assert (p.current, p.light) == (None, "grau")
    indicator_services.indicator_reading_add(
        actor=coordinator, indicator=indicator, date=date(2025, 10, 1), value=30
    )
    (p,) = plan_selectors.indicator_progress(process)
    # baseline 0, target 150, current 30 → 20 % of the way
    assert p.share == pytest.approx(0.2) and p.light == "gelb"
    indicator_services.indicator_reading_add(
        actor=coordinator, indicator=indicator, date=date(2025, 11, 1), value=90
    )
    (p,) = plan_selectors.indicator_progress(process)
    assert p.current == Decimal("90") and p.light == "gruen" and p.share_percent == 60
    with pytest.raises(ValidationError, match="schon ein Wert eingetragen"):
        indicator_services.indicator_reading_add(
            actor=coordinator, indicator=indicator, date=date(2025, 11, 1), value=91
        )


def test_official_indicator_value_cannot_be_entered(process, coordinator):
    _to_plan_stage(coordinator, process)
    ind = Indicator.objects.create(
        process=process, kind="amtlich", official_key="population", label="Bevölkerung"
    )
    with pytest.raises(ValidationError, match="amtlicher Indikator"):
        indicator_services.indicator_reading_add(
            actor=coordinator, indicator=ind, date=date(2025, 1, 1), value=1
        )


def test_lower_is_better_direction(process, coordinator):
    _to_plan_stage(coordinator, process)
    ind = indicator_services.indicator_create(
        actor=coordinator, process=process, kind="eigen", label="Leerstand", unit="Wohnungen",
        baseline_value=100, baseline_date=date(2025, 1, 1), target_value=60, target_year=2028, direction="sinken",
    )  # fmt: skip
    indicator_services.indicator_reading_add(
        actor=coordinator, indicator=ind, date=date(2025, 6, 1), value=110
    )
    (p,) = plan_selectors.indicator_progress(process)
    assert p.light == "rot" and p.share == pytest.approx(-0.25)


# ------------------------------------------------------------------------------- tasks
def test_task_assignment_sends_mail_after_commit(
    process, coordinator, role_user, municipality, django_capture_on_commit_callbacks
):
    team = role_user(Role.TEAM, municipality, email="team@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        task = process_services.task_create(
            actor=coordinator, process=process, title="Saal buchen", due_date=date(2025, 4, 1), assignee=team,
            base_url="https://leuchtfeuer.example",
        )  # fmt: skip
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["team@example.org"]
    assert "Saal buchen" in mail.outbox[0].subject
    assert "01.04.2025" in mail.outbox[0].body
    assert (
        f"https://leuchtfeuer.example/kommunen/{municipality.slug}/werkstatt/aufgaben/" in mail.outbox[0].body
    )
    assert task.stage == "kickoff"
    process_services.task_complete(actor=coordinator, task=task)
    task.refresh_from_db()
    assert task.done and task.done_at


def test_task_assignee_must_belong_to_the_town(process, coordinator, user_factory):
    stranger = user_factory()
    with pytest.raises(ValidationError, match="hat keine Rolle in"):
        process_services.task_create(actor=coordinator, process=process, title="X", assignee=stranger)


def test_no_mail_when_transaction_rolls_back(
    process, coordinator, role_user, municipality, django_capture_on_commit_callbacks
):
    team = role_user(Role.TEAM, municipality)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        process_services.task_create(actor=coordinator, process=process, title="X", assignee=team)
    assert len(callbacks) == 1 and mail.outbox == []


def test_stage_rows_enforce_one_open_stage(process):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    stage = process.stages.get(kind="werkstattplan")
    stage.status, stage.opened_at = Stage.Status.OPEN, timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        stage.save()


def test_contract_selectors(process, coordinator, municipality):
    assert selectors.plan_handlungsfelder(municipality) == []
    assert selectors.report_status(municipality, 2025) == {"due": None, "submitted": None, "overdue": False}
    _to_plan_stage(coordinator, process)
    builders.complete_werkstattplan(coordinator, process)
    assert selectors.plan_handlungsfelder(municipality) == ["rueckkehr"]
    from leuchtfeuer.werkstatt.models import Report

    Report.objects.create(process=process, year=2025, due=date(2020, 1, 31))
    assert selectors.report_status(municipality, 2025)["overdue"] is True


def test_stage_responsible_gets_mail_and_must_belong_to_town(
    process, coordinator, role_user, municipality, user_factory, django_capture_on_commit_callbacks
):
    team = role_user(Role.TEAM, municipality, email="verantwortlich@example.org")
    stage = process.stages.get(kind="kickoff")
    with django_capture_on_commit_callbacks(execute=True):
        process_services.stage_update(
            actor=coordinator, stage=stage, responsible=team, planned_end=date(2026, 3, 31)
        )
    assert [m.to for m in mail.outbox] == [["verantwortlich@example.org"]]
    assert "Kick-Off" in mail.outbox[0].subject and "31.03.2026" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        process_services.stage_update(
            actor=coordinator, stage=stage, responsible=team, notes="unverändert verantwortlich"
        )
    assert len(mail.outbox) == 1  # same person again: no second mail
    with pytest.raises(ValidationError, match="hat keine Rolle"):
        process_services.stage_update(actor=coordinator, stage=stage, responsible=user_factory())


def test_municipality_with_a_full_plan_can_be_deleted_but_a_used_field_cannot(
    process, coordinator, municipality
):
    from django.db.models import RestrictedError

    from leuchtfeuer.werkstatt.models import Handlungsfeld, Process

    _to_plan_stage(coordinator, process)
    builders.complete_werkstattplan(coordinator, process)
    field = process.handlungsfelder.get(key="rueckkehr")
    with pytest.raises(RestrictedError):
        field.delete()
    with pytest.raises(ValidationError, match="kann nicht gelöscht werden"):
        plan_services.handlungsfeld_delete(actor=coordinator, field=field)
    municipality.delete()
    assert (
        not Process.objects.exists() and not Handlungsfeld.objects.exists() and not Measure.objects.exists()
    )
