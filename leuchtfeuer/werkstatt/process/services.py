"""Changes of the process itself: start, stages, Kick-Off (goals, team, documents), tasks and
comments (HOUSE_STYLE: keyword-only `<noun>_<verb>` services; each checks the permission and the
open stage, validates with German messages, writes in a transaction, records an audit entry and
defers e-mails with `transaction.on_commit`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import uploads
from leuchtfeuer.core.audit import field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.process.guards import (
    DENIED,
    assignable_user,
    audit,
    check_own,
    locked,
    require_area,
    text_value,
)
from leuchtfeuer.werkstatt.process.models import (
    Comment,
    Document,
    Process,
    Sector,
    Stage,
    StageKind,
    Task,
    TeamMember,
)

if TYPE_CHECKING:  # annotations only: the plan builds on the process, not the reverse
    from leuchtfeuer.werkstatt.plan.models import Measure

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"pdf": uploads.PDF, "odt": uploads.ODT, "docx": uploads.DOCX}


# --------------------------------------------------------------------------- process and stages
@transaction.atomic
def process_start(
    *, actor: Actor, municipality: Municipality, started_on: date | None = None, title: str = ""
) -> Process:
    """Start the Werkstatt process of a municipality: five stages, Kick-Off open."""
    require(actor, "werkstatt.start_process", municipality, message=DENIED)
    if Process.objects.filter(municipality=municipality).exists():
        raise ValidationError(f"{municipality} hat bereits einen Werkstatt-Prozess.")
    now = timezone.now()
    process = Process.objects.create(
        municipality=municipality,
        title=text_value(title or "Zukunftswerkstatt", field="title", label="einen Titel", max_length=200),
        started_on=started_on or timezone.localdate(),
        current_stage=stage_registry.STAGES[0].key,
        created_by=actor if actor.is_authenticated else None,
    )
    for stage_def in stage_registry.STAGES:
        first = stage_def.position == 1
        Stage.objects.create(
            process=process,
            kind=stage_def.key,
            position=stage_def.position,
            status=Stage.Status.OPEN if first else Stage.Status.PENDING,
            opened_at=now if first else None,
        )
    audit(actor, process, "process.start", process, f"Werkstatt-Prozess für {municipality} begonnen")
    return process


@transaction.atomic
def stage_close(*, actor: Actor, process: Process, kind: str | None = None) -> Stage | None:
    """Close the open stage if its gate passes and open the next one (returned; None at the end)."""
    require(actor, "werkstatt.advance_stage", process, message=DENIED)
    caller, process = process, locked(process)
    if not process.current_stage:
        raise ValidationError("Alle Stufen dieses Prozesses sind bereits abgeschlossen.")
    if kind and kind != process.current_stage:
        current_label = stage_registry.BY_KEY[process.current_stage].label
        raise ValidationError(f"Nur die laufende Stufe „{current_label}“ kann abgeschlossen werden.")
    stage_def = stage_registry.BY_KEY[process.current_stage]
    missing = stage_def.missing(process)
    if missing:
        raise ValidationError(
            [
                ValidationError(
                    f"Die Stufe „{stage_def.label}“ kann noch nicht abgeschlossen werden. Es fehlt:"
                )
            ]
            + [ValidationError(item) for item in missing],
            code="gate",
        )
    now = timezone.now()
    current = Stage.objects.select_for_update().get(process=process, kind=stage_def.key)
    closed_by = cast(User, actor)  # safe: only signed-in users hold werkstatt.advance_stage (require above)
    current.status, current.closed_at, current.closed_by = Stage.Status.CLOSED, now, closed_by
    current.save(update_fields=["status", "closed_at", "closed_by"])
    nxt = stage_registry.next_stage(stage_def.key)
    opened = None
    if nxt is not None:
        opened = Stage.objects.select_for_update().get(process=process, kind=nxt.key)
        opened.status, opened.opened_at, opened.closed_at = Stage.Status.OPEN, now, None
        opened.save(update_fields=["status", "opened_at", "closed_at"])
        process.current_stage = nxt.key
    else:
        process.current_stage = ""
        process.completed_at = now
    process.save(update_fields=["current_stage", "completed_at", "updated_at"])
    audit(
        actor,
        process,
        "stage.close",
        current,
        f"Stufe {stage_def.label} abgeschlossen" + (f", Stufe {nxt.label} begonnen" if nxt else ""),
        {"stage": [stage_def.key, nxt.key if nxt else ""]},
    )
    caller.current_stage, caller.completed_at = process.current_stage, process.completed_at
    return opened


@transaction.atomic
def stage_reopen(*, actor: Actor, process: Process) -> Stage:
    """Go back one stage: the last closed stage opens again, the open one returns to pending."""
    require(actor, "werkstatt.advance_stage", process, message=DENIED)
    caller, process = process, locked(process)
    stages = {s.kind: s for s in Stage.objects.select_for_update().filter(process=process)}
    if process.current_stage:
        position = stage_registry.BY_KEY[process.current_stage].position
        if position == 1:
            raise ValidationError("Der Kick-Off ist die erste Stufe; davor gibt es keine.")
        previous = stage_registry.STAGES[position - 2]
        current = stages[process.current_stage]
        current.status, current.opened_at = Stage.Status.PENDING, None
        current.save(update_fields=["status", "opened_at"])
    else:
        previous = stage_registry.STAGES[-1]
    reopened = stages[previous.key]
    reopened.status, reopened.closed_at, reopened.closed_by = Stage.Status.OPEN, None, None
    reopened.save(update_fields=["status", "closed_at", "closed_by"])
    process.current_stage, process.completed_at = previous.key, None
    process.save(update_fields=["current_stage", "completed_at", "updated_at"])
    audit(actor, process, "stage.reopen", reopened, f"Stufe {previous.label} wieder geöffnet")
    caller.current_stage, caller.completed_at = process.current_stage, process.completed_at
    return reopened


@transaction.atomic
def stage_update(
    *,
    actor: Actor,
    stage: Stage,
    responsible: User | None = None,
    planned_end: date | None = None,
    notes: str = "",
    base_url: str = "",
) -> Stage:
    process = stage.process
    require(actor, "werkstatt.manage_stage", process, message=DENIED)
    data = {
        "responsible": assignable_user(process, responsible, field="responsible"),
        "planned_end": planned_end,
        "notes": text_value(notes, field="notes", label="Notizen", max_length=5000, required=False),
    }
    newly_responsible = data["responsible"] is not None and data["responsible"].pk != stage.responsible_id
    changes = field_changes(stage, data)
    for key, value in data.items():
        setattr(stage, key, value)
    stage.save(update_fields=list(data))
    if changes:
        audit(actor, process, "stage.update", stage, f"Stufe {stage.get_kind_display()} geändert", changes)
    if newly_responsible and stage.responsible_id != actor.pk:
        transaction.on_commit(lambda: _send_stage_mail(stage.pk, base_url))
    return stage


def _send_stage_mail(stage_id: int, base_url: str) -> None:
    stage = Stage.objects.select_related("responsible", "process__municipality").get(pk=stage_id)
    if stage.responsible is None or not stage.responsible.email:
        return
    town = stage.process.municipality
    end = f"Geplantes Ende: {stage.planned_end:%d.%m.%Y}\n" if stage.planned_end else ""
    link = f"{base_url}/kommunen/{town.slug}/werkstatt/" if base_url else ""
    send_mail(
        subject=f"Sie sind verantwortlich für die Stufe {stage.get_kind_display()} ({town})",
        message=(
            f"Guten Tag,\n\nSie sind jetzt verantwortlich für die Stufe {stage.get_kind_display()} im "
            f"Werkstatt-Prozess von {town}.\n{end}"
            + (f"\nZum Prozess: {link}\n" if link else "")
            + "\nViele Grüße\nLeuchtfeuer"
        ),
        from_email=None,
        recipient_list=[stage.responsible.email],
    )


# ------------------------------------------------------------------------------------- Kick-Off
@transaction.atomic
def kickoff_update(*, actor: Actor, process: Process, objectives: str, expectations: str) -> Process:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "kickoff")
    data = {
        "objectives": text_value(
            objectives, field="objectives", label="Ziele", max_length=10000, required=False
        ),
        "expectations": text_value(
            expectations, field="expectations", label="Erwartungen", max_length=10000, required=False
        ),
    }
    changes = field_changes(process, data)
    if changes:
        for key, value in data.items():
            setattr(process, key, value)
        process.save(update_fields=[*data, "updated_at"])
        audit(actor, process, "kickoff.update", process, "Ziele und Erwartungen geändert", changes)
    return process


@transaction.atomic
def team_member_add(
    *,
    actor: Actor,
    process: Process,
    name: str,
    sector: str,
    kind: str = TeamMember.Kind.TEAM,
    function: str = "",
    organisation: str = "",
) -> TeamMember:
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "team")
    if sector not in Sector.values:
        raise ValidationError({"sector": "Bitte wählen Sie einen Bereich aus der Liste."})
    if kind not in TeamMember.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie Kernteam oder Partner."})
    name = text_value(name, field="name", label="einen Namen", max_length=200)
    organisation = text_value(
        organisation, field="organisation", label="Organisation", max_length=200, required=False
    )
    if TeamMember.objects.filter(process=process, kind=kind, name=name, organisation=organisation).exists():
        raise ValidationError({"name": f"„{name}“ ist bereits eingetragen."})
    member = TeamMember.objects.create(
        process=process,
        kind=kind,
        name=name,
        sector=sector,
        function=text_value(function, field="function", label="Funktion", max_length=200, required=False),
        organisation=organisation,
    )
    audit(
        actor,
        process,
        "team.add",
        member,
        f"{member.get_kind_display()}: {name} ({member.get_sector_display()})",
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: Actor, member: TeamMember) -> None:
    process = member.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "team")
    audit(actor, process, "team.remove", member, f"{member.name} aus Team/Partnern entfernt")
    member.delete()


@transaction.atomic
def document_upload(
    *, actor: Actor, process: Process, kind: str, title: str, upload: UploadedFile
) -> Document:
    """Store an uploaded deliverable after checking type (by content) and size."""
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "documents")
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie die Art des Dokuments aus der Liste."})
    file_type, clean = uploads.check_upload(
        upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="upload"
    )
    title = text_value(title or clean, field="title", label="einen Titel", max_length=200)
    stage = process.current_stage or StageKind.ZWISCHENBILANZ
    document = Document(
        process=process,
        stage=stage,
        kind=kind,
        title=title,
        original_name=clean,
        content_type=file_type.content_type,
        size=cast(int, upload.size),  # an uploaded file always has its size
        uploaded_by=cast(
            User, actor
        ),  # safe: only signed-in users hold werkstatt.edit_content (require above)
    )
    document.file.save(f"{uuid.uuid4().hex[:12]}-{clean}", upload, save=False)
    document.save()
    audit(
        actor,
        process,
        "document.upload",
        document,
        f"Dokument „{title}“ ({document.get_kind_display()}) hochgeladen",
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: Document) -> None:
    process = document.process
    require(actor, "werkstatt.edit_content", process, message=DENIED)
    require_area(process, "documents")
    audit(actor, process, "document.delete", document, f"Dokument „{document.title}“ gelöscht")
    uploads.delete_after_commit(document.file)
    document.delete()


# ---------------------------------------------------------------------------- tasks and comments
def _send_task_mail(task_id: int, base_url: str) -> None:
    task = Task.objects.select_related("assignee", "process__municipality").get(pk=task_id)
    if task.assignee is None or not task.assignee.email:
        return
    due = f"Fällig am: {task.due_date:%d.%m.%Y}\n" if task.due_date else ""
    link = f"{base_url}/kommunen/{task.process.municipality.slug}/werkstatt/aufgaben/" if base_url else ""
    send_mail(
        subject=f"Neue Aufgabe im Werkstatt-Prozess {task.process.municipality}: {task.title}",
        message=(
            f"Guten Tag,\n\nIhnen wurde im Werkstatt-Prozess von {task.process.municipality} eine Aufgabe "
            f"zugewiesen:\n\n{task.title}\n{task.description}\n\n{due}"
            + (f"\nZur Aufgabenliste: {link}\n" if link else "")
            + "\nViele Grüße\nLeuchtfeuer"
        ),
        from_email=None,
        recipient_list=[task.assignee.email],
    )


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    process: Process,
    title: str,
    description: str = "",
    due_date: date | None = None,
    assignee: User | None = None,
    stage: str = "",
    measure: Measure | None = None,
    base_url: str = "",
) -> Task:
    require(actor, "werkstatt.manage_tasks", process, message=DENIED)
    check_own(process, measure, "Die Maßnahme")
    if stage and stage not in StageKind.values:
        raise ValidationError({"stage": "Bitte wählen Sie eine Stufe aus der Liste."})
    task = Task.objects.create(
        process=process,
        title=text_value(title, field="title", label="die Aufgabe", max_length=200),
        description=text_value(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        due_date=due_date,
        assignee=assignable_user(process, assignee, field="assignee"),
        stage=stage or process.current_stage,
        measure=measure,
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold werkstatt.manage_tasks (require above)
    )
    audit(
        actor,
        process,
        "task.create",
        task,
        f"Aufgabe „{task.title}“" + (f" für {task.assignee}" if task.assignee else "") + " angelegt",
    )
    if task.assignee_id and task.assignee_id != actor.pk:
        transaction.on_commit(lambda: _send_task_mail(task.pk, base_url))
    return task


@transaction.atomic
def task_update(
    *,
    actor: Actor,
    task: Task,
    title: str,
    description: str = "",
    due_date: date | None = None,
    assignee: User | None = None,
    base_url: str = "",
) -> Task:
    process = task.process
    require(actor, "werkstatt.manage_tasks", process, message=DENIED)
    data = {
        "title": text_value(title, field="title", label="die Aufgabe", max_length=200),
        "description": text_value(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        "due_date": due_date,
        "assignee": assignable_user(process, assignee, field="assignee"),
    }
    reassigned = data["assignee"] is not None and data["assignee"].pk != task.assignee_id
    changes = field_changes(task, data)
    for key, value in data.items():
        setattr(task, key, value)
    if reassigned or "due_date" in changes:
        task.reminder_sent_at = None
    task.save()
    if changes:
        audit(actor, process, "task.update", task, f"Aufgabe „{task.title}“ geändert", changes)
    if reassigned and task.assignee_id != actor.pk:
        transaction.on_commit(lambda: _send_task_mail(task.pk, base_url))
    return task


@transaction.atomic
def task_complete(*, actor: Actor, task: Task, done: bool = True) -> Task:
    process = task.process
    require(actor, "werkstatt.manage_tasks", process, message=DENIED)
    if task.done == done:
        return task
    task.done, task.done_at = done, (timezone.now() if done else None)
    task.save(update_fields=["done", "done_at"])
    audit(
        actor,
        process,
        "task.done" if done else "task.reopen",
        task,
        f"Aufgabe „{task.title}“ {'erledigt' if done else 'wieder offen'}",
    )
    return task


@transaction.atomic
def comment_add(*, actor: Actor, process: Process, stage: str, text: str) -> Comment:
    require(actor, "werkstatt.comment", process, message=DENIED)
    if stage not in StageKind.values:
        raise ValidationError({"stage": "Unbekannte Stufe."})
    comment = Comment.objects.create(
        process=process,
        stage=stage,
        text=text_value(text, field="text", label="einen Text", max_length=5000),
        author=cast(User, actor),  # safe: only signed-in users hold werkstatt.comment (require above)
    )
    audit(actor, process, "comment.add", comment, f"Anmerkung zur Stufe {comment.get_stage_display()}")
    return comment
