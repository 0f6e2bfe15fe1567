"""Every change of the Werkstatt process (HOUSE_STYLE: keyword-only `<noun>_<verb>` services).

Each service checks the permission (rules.py) and whether the open stage allows editing that
content area (stages.py), validates with German messages saying what and where, writes inside a
transaction, records an audit entry and defers e-mails with `transaction.on_commit`.
"""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.accounts.models import Membership, Role
from leuchtfeuer.core import taxonomy, uploads
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.models import (
    BudgetLine,
    Comment,
    Document,
    Finding,
    Goal,
    Handlungsfeld,
    Idea,
    Indicator,
    IndicatorReading,
    Measure,
    Phase,
    PlanVersion,
    Process,
    ProfileSnapshot,
    ResilienceAnswer,
    ResilienceCheck,
    Review,
    Sector,
    Stage,
    StageKind,
    Task,
    TeamMember,
    Workshop,
)

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"pdf": uploads.PDF, "odt": uploads.ODT, "docx": uploads.DOCX}
# Roles whose holders can be responsible for a stage or a task.
ASSIGNABLE_ROLES = (Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING)


# ------------------------------------------------------------------------------------ helpers
def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung in diesem Werkstatt-Prozess.")


def _require_area(process: Process, area: str) -> None:
    if area in stage_registry.editable_areas(process.current_stage):
        return
    label = stage_registry.AREA_LABELS.get(area, area)
    current = stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "abgeschlossen"
    allowed = ", ".join(f"„{s.label}“" for s in stage_registry.stages_allowing(area))
    raise ValidationError(
        f"{label} können in der laufenden Stufe „{current}“ nicht bearbeitet werden "
        f"(möglich in der Stufe {allowed})."
    )


def _audit(actor, process: Process, action: str, target, summary: str, changes: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"werkstatt.{action}",
        target=target,
        municipality=process.municipality,
        summary=summary,
        changes=changes,
    )


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: f"Bitte geben Sie {label} an."})
    if len(text) > max_length:
        raise ValidationError(
            {field: f"{label[0].upper()}{label[1:]} ist zu lang (höchstens {max_length} Zeichen)."}
        )
    return text


def _decimal(value: Any, *, field: str, label: str, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"Bitte geben Sie {label} an."})
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: f"{label} ist keine Zahl: „{value}“."}) from exc
    if not number.is_finite():
        raise ValidationError({field: f"{label} ist keine endliche Zahl."})
    return number


def _assignable_user(process: Process, user, *, field: str):
    if user is None:
        return None
    if not Membership.objects.filter(
        user=user, municipality_id=process.municipality_id, role__in=ASSIGNABLE_ROLES
    ).exists():
        raise ValidationError(
            {field: f"{user} hat keine Rolle in {process.municipality} und kann nicht zuständig sein."}
        )
    return user


def _own(process: Process, obj, label: str) -> None:
    """Guard against ids of another process (e.g. a Handlungsfeld of another town)."""
    if obj is not None and obj.process_id != process.pk:
        raise ValidationError(f"{label} gehört nicht zu diesem Werkstatt-Prozess.")


def _locked(process: Process) -> Process:
    return Process.objects.select_for_update().select_related("municipality").get(pk=process.pk)


# --------------------------------------------------------------------------- process and stages
@transaction.atomic
def process_start(*, actor, municipality, started_on: date | None = None, title: str = "") -> Process:
    """Start the Werkstatt process of a municipality: five stages, Kick-Off open."""
    _require(actor, "werkstatt.start_process", municipality)
    if Process.objects.filter(municipality=municipality).exists():
        raise ValidationError(f"{municipality} hat bereits einen Werkstatt-Prozess.")
    now = timezone.now()
    process = Process.objects.create(
        municipality=municipality,
        title=_text(title or "Zukunftswerkstatt", field="title", label="einen Titel", max_length=200),
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
    _audit(actor, process, "process.start", process, f"Werkstatt-Prozess für {municipality} begonnen")
    return process


@transaction.atomic
def stage_close(*, actor, process: Process, kind: str | None = None) -> Stage | None:
    """Close the open stage if its gate passes and open the next one (returned; None at the end)."""
    _require(actor, "werkstatt.advance_stage", process)
    caller, process = process, _locked(process)
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
    current.status, current.closed_at, current.closed_by = Stage.Status.CLOSED, now, actor
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
    _audit(
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
def stage_reopen(*, actor, process: Process) -> Stage:
    """Go back one stage: the last closed stage opens again, the open one returns to pending."""
    _require(actor, "werkstatt.advance_stage", process)
    caller, process = process, _locked(process)
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
    _audit(actor, process, "stage.reopen", reopened, f"Stufe {previous.label} wieder geöffnet")
    caller.current_stage, caller.completed_at = process.current_stage, process.completed_at
    return reopened


@transaction.atomic
def stage_update(
    *,
    actor,
    stage: Stage,
    responsible=None,
    planned_end: date | None = None,
    notes: str = "",
    base_url: str = "",
) -> Stage:
    process = stage.process
    _require(actor, "werkstatt.manage_stage", process)
    data = {
        "responsible": _assignable_user(process, responsible, field="responsible"),
        "planned_end": planned_end,
        "notes": _text(notes, field="notes", label="Notizen", max_length=5000, required=False),
    }
    newly_responsible = data["responsible"] is not None and data["responsible"].pk != stage.responsible_id
    changes = field_changes(stage, data)
    for key, value in data.items():
        setattr(stage, key, value)
    stage.save(update_fields=list(data))
    if changes:
        _audit(actor, process, "stage.update", stage, f"Stufe {stage.get_kind_display()} geändert", changes)
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
def kickoff_update(*, actor, process: Process, objectives: str, expectations: str) -> Process:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "kickoff")
    data = {
        "objectives": _text(objectives, field="objectives", label="Ziele", max_length=10000, required=False),
        "expectations": _text(
            expectations, field="expectations", label="Erwartungen", max_length=10000, required=False
        ),
    }
    changes = field_changes(process, data)
    if changes:
        for key, value in data.items():
            setattr(process, key, value)
        process.save(update_fields=[*data, "updated_at"])
        _audit(actor, process, "kickoff.update", process, "Ziele und Erwartungen geändert", changes)
    return process


@transaction.atomic
def team_member_add(
    *,
    actor,
    process: Process,
    name: str,
    sector: str,
    kind: str = TeamMember.Kind.TEAM,
    function: str = "",
    organisation: str = "",
) -> TeamMember:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "team")
    if sector not in Sector.values:
        raise ValidationError({"sector": "Bitte wählen Sie einen Bereich aus der Liste."})
    if kind not in TeamMember.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie Kernteam oder Partner."})
    name = _text(name, field="name", label="einen Namen", max_length=200)
    organisation = _text(
        organisation, field="organisation", label="Organisation", max_length=200, required=False
    )
    if TeamMember.objects.filter(process=process, kind=kind, name=name, organisation=organisation).exists():
        raise ValidationError({"name": f"„{name}“ ist bereits eingetragen."})
    member = TeamMember.objects.create(
        process=process,
        kind=kind,
        name=name,
        sector=sector,
        function=_text(function, field="function", label="Funktion", max_length=200, required=False),
        organisation=organisation,
    )
    _audit(
        actor,
        process,
        "team.add",
        member,
        f"{member.get_kind_display()}: {name} ({member.get_sector_display()})",
    )
    return member


@transaction.atomic
def team_member_remove(*, actor, member: TeamMember) -> None:
    process = member.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "team")
    _audit(actor, process, "team.remove", member, f"{member.name} aus Team/Partnern entfernt")
    member.delete()


@transaction.atomic
def document_upload(*, actor, process: Process, kind: str, title: str, upload) -> Document:
    """Store an uploaded deliverable after checking type (by content) and size."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "documents")
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie die Art des Dokuments aus der Liste."})
    file_type, clean = uploads.check_upload(
        upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="upload"
    )
    title = _text(title or clean, field="title", label="einen Titel", max_length=200)
    stage = process.current_stage or StageKind.ZWISCHENBILANZ
    document = Document(
        process=process,
        stage=stage,
        kind=kind,
        title=title,
        original_name=clean,
        content_type=file_type.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(f"{uuid.uuid4().hex[:12]}-{clean}", upload, save=False)
    document.save()
    _audit(
        actor,
        process,
        "document.upload",
        document,
        f"Dokument „{title}“ ({document.get_kind_display()}) hochgeladen",
    )
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    process = document.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "documents")
    _audit(actor, process, "document.delete", document, f"Dokument „{document.title}“ gelöscht")
    uploads.delete_after_commit(document.file)
    document.delete()


# -------------------------------------------------------------------------------- Handlungsfelder
def _taxonomy_positions() -> dict[str, int]:
    return {term.key: index for index, term in enumerate(taxonomy.HANDLUNGSFELDER, start=1)}


def _field_in_use(field: Handlungsfeld) -> bool:
    return field.goals.exists() or field.measures.exists() or field.ideas.exists()


@transaction.atomic
def topics_set(*, actor, process: Process, keys: list[str]) -> list[Handlungsfeld]:
    """Choose the programme's Handlungsfelder for this town (own fields stay untouched)."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "topics")
    known = {term.key: term for term in taxonomy.HANDLUNGSFELDER}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationError({"keys": f"Unbekannte Handlungsfelder: {', '.join(unknown)}."})
    positions = _taxonomy_positions()
    current = {f.key: f for f in process.handlungsfelder.filter(from_taxonomy=True)}
    added, removed = [], []
    for key in keys:
        if key not in current:
            term = known[key]
            Handlungsfeld.objects.create(
                process=process,
                key=key,
                label=term.label,
                description=term.description,
                from_taxonomy=True,
                position=positions[key],
            )
            added.append(term.label)
    for key, field in current.items():
        if key not in keys:
            if _field_in_use(field):
                raise ValidationError(
                    {
                        "keys": f"„{field.label}“ hat schon Ziele, Maßnahmen oder Ideen und kann nicht abgewählt werden."
                    }
                )
            removed.append(field.label)
            field.delete()
    if added or removed:
        _audit(
            actor,
            process,
            "topics.set",
            process,
            "Handlungsfelder gewählt",
            {"hinzugefügt": added, "entfernt": removed},
        )
    return list(process.handlungsfelder.all())


@transaction.atomic
def handlungsfeld_add(*, actor, process: Process, label: str, description: str = "") -> Handlungsfeld:
    """An own Handlungsfeld of the town (Themenfreiheit)."""
    _require(actor, "werkstatt.edit_content", process)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        _require_area(process, "plan")
    label = _text(label, field="label", label="eine Bezeichnung", max_length=200)
    key = slugify(label.replace("ß", "ss"))[:50] or "feld"
    candidate, n = key, 2
    while Handlungsfeld.objects.filter(process=process, key=candidate).exists():
        candidate, n = f"{key}-{n}", n + 1
    if process.handlungsfelder.filter(label__iexact=label).exists():
        raise ValidationError({"label": f"Das Handlungsfeld „{label}“ gibt es schon."})
    position = (process.handlungsfelder.aggregate(m=Max("position"))["m"] or 0) + 1
    field = Handlungsfeld.objects.create(
        process=process,
        key=candidate,
        label=label,
        description=_text(
            description, field="description", label="Beschreibung", max_length=2000, required=False
        ),
        position=max(position, len(taxonomy.HANDLUNGSFELDER) + 1),
    )
    _audit(actor, process, "handlungsfeld.add", field, f"Eigenes Handlungsfeld „{label}“ angelegt")
    return field


@transaction.atomic
def handlungsfeld_update(*, actor, field: Handlungsfeld, label: str, description: str = "") -> Handlungsfeld:
    process = field.process
    _require(actor, "werkstatt.edit_content", process)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        _require_area(process, "plan")
    data = {
        "label": _text(label, field="label", label="eine Bezeichnung", max_length=200),
        "description": _text(
            description, field="description", label="Beschreibung", max_length=2000, required=False
        ),
    }
    changes = field_changes(field, data)
    if changes:
        for key, value in data.items():
            setattr(field, key, value)
        field.save(update_fields=list(data))
        _audit(
            actor, process, "handlungsfeld.update", field, f"Handlungsfeld „{field.label}“ geändert", changes
        )
    return field


@transaction.atomic
def handlungsfeld_delete(*, actor, field: Handlungsfeld) -> None:
    process = field.process
    _require(actor, "werkstatt.edit_content", process)
    if "topics" not in stage_registry.editable_areas(process.current_stage):
        _require_area(process, "plan")
    if _field_in_use(field):
        raise ValidationError(
            f"„{field.label}“ hat schon Ziele, Maßnahmen oder Ideen und kann nicht gelöscht werden."
        )
    _audit(actor, process, "handlungsfeld.delete", field, f"Handlungsfeld „{field.label}“ gelöscht")
    field.delete()


# ----------------------------------------------------------------------------- Resilienz-Check
def resilience_items() -> list[tuple[str, str, str]]:
    """[(dimension, key, label)] of the Resilienz-Check: five pillars, then ten challenge fields."""
    return [(ResilienceAnswer.Dimension.PILLAR, t.key, t.label) for t in taxonomy.RESILIENCE_PILLARS] + [
        (ResilienceAnswer.Dimension.CHALLENGE, t.key, t.label) for t in taxonomy.CHALLENGE_FIELDS
    ]


@transaction.atomic
def resilience_check_save(
    *, actor, process: Process, taken_on: date, answers: list[dict], note: str = ""
) -> ResilienceCheck:
    """Store a complete self-assessment: answers = [{dimension, key, score 1–5, note}] for all 15."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "resilience")
    items = {(d, k): label for d, k, label in resilience_items()}
    given: dict[tuple[str, str], dict] = {}
    errors: dict[str, list[str]] = {}
    for answer in answers:
        ident = (answer.get("dimension"), answer.get("key"))
        if ident not in items:
            errors.setdefault("__all__", []).append(f"Unbekannter Punkt im Resilienz-Check: {ident[1]}.")
            continue
        score = answer.get("score")
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = None
        if score is None or not 1 <= score <= 5:
            errors.setdefault(f"{ident[0]}-{ident[1]}", []).append(
                f"„{items[ident]}“: bitte eine Einschätzung von 1 (sehr schwach) bis 5 (sehr stark) wählen."
            )
            continue
        given[ident] = {"score": score, "note": (answer.get("note") or "").strip()[:500]}
    for ident, label in items.items():
        if ident not in given and f"{ident[0]}-{ident[1]}" not in errors:
            errors.setdefault(f"{ident[0]}-{ident[1]}", []).append(f"„{label}“: die Einschätzung fehlt.")
    if errors:
        raise ValidationError(errors)
    if taken_on is None:
        raise ValidationError({"taken_on": "Bitte geben Sie das Datum des Resilienz-Checks an."})
    check = ResilienceCheck.objects.create(
        process=process,
        taken_on=taken_on,
        note=_text(note, field="note", label="Anmerkung", max_length=5000, required=False),
        created_by=actor,
    )
    ResilienceAnswer.objects.bulk_create(
        ResilienceAnswer(check_run=check, dimension=d, key=k, score=v["score"], note=v["note"])
        for (d, k), v in given.items()
    )
    _audit(
        actor,
        process,
        "resilience.save",
        check,
        f"Resilienz-Check vom {taken_on:%d.%m.%Y} gespeichert",
        {f"{d}:{k}": v["score"] for (d, k), v in given.items()},
    )
    return check


# ------------------------------------------------------------------------------ Kommunalprofil
def data_version() -> str:
    """The version of the official data: fingerprints of every import plus the profile key."""
    from leuchtfeuer.places.models import OfficialImport
    from leuchtfeuer.places.profile import data_version

    imports = {
        source: fingerprint[:12]
        for source, fingerprint in OfficialImport.objects.order_by("source").values_list(
            "source", "fingerprint"
        )
    }
    return json.dumps({"imports": imports, "profile": data_version()}, ensure_ascii=False, sort_keys=True)[
        :300
    ]


def _profile_dict(region) -> dict:
    from leuchtfeuer.places.profile import build_profile

    profile = build_profile(region, with_map=False, with_peers=False)
    return {
        "region": {"key": region.key, "name": region.name, "level": region.level},
        "indicators": [
            dict(indicator.to_dict(), comparison=profile.comparison.get(indicator.key, {}))
            for indicator in profile.indicators
        ],
        "series": [
            {"date": p.date.isoformat(), "total": p.total, "basis": p.basis, "source": p.source}
            for p in profile.series
        ],
        "age_2015": profile.age_2015,
    }


def _projection_dict(region) -> dict | None:
    """The projection as `leuchtfeuer project <AGS> --json` computes it; None if not possible."""
    if not region.ags or len(region.ags) != 8:
        return None
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("project", region.ags, "--json", stdout=out)
    except Exception as exc:  # any failure there must not block freezing the profile
        logger.warning("projection for %s failed: %s", region.ags, exc)
        return None
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


@transaction.atomic
def profile_snapshot_take(*, actor, process: Process, with_projection: bool = True) -> ProfileSnapshot:
    """Freeze the Kommunalprofil (and the projection) with the data version into the process."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "profile")
    region = process.municipality.region
    snapshot = ProfileSnapshot.objects.create(
        process=process,
        region_key=region.key,
        data_version=data_version(),
        profile=_profile_dict(region),
        projection=_projection_dict(region) if with_projection else None,
        taken_by=actor,
    )
    _audit(
        actor,
        process,
        "profile.snapshot",
        snapshot,
        f"Stand des Kommunalprofils {region.name} gesichert"
        + (" (mit Vorausberechnung)" if snapshot.projection else " (ohne Vorausberechnung)"),
    )
    return snapshot


@transaction.atomic
def finding_add(*, actor, process: Process, kind: str, text: str) -> Finding:
    _require(actor, "werkstatt.edit_findings", process)
    _require_area(process, "findings")
    if kind not in Finding.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie Stärke, Schwäche, Halte- oder Anziehungsfaktor."})
    finding = Finding.objects.create(
        process=process,
        kind=kind,
        text=_text(text, field="text", label="den Befund", max_length=2000),
        created_by=actor,
    )
    _audit(actor, process, "finding.add", finding, f"{finding.get_kind_display()}: {finding.text}")
    return finding


@transaction.atomic
def finding_delete(*, actor, finding: Finding) -> None:
    process = finding.process
    _require(actor, "werkstatt.edit_findings", process)
    _require_area(process, "findings")
    _audit(
        actor, process, "finding.delete", finding, f"{finding.get_kind_display()} gelöscht: {finding.text}"
    )
    finding.delete()


# ---------------------------------------------------------------------------- Zukunftswerkstatt
WORKSHOP_FIELDS = (
    "title",
    "date",
    "place",
    "moderation",
    "plan_kritik",
    "plan_fantasie",
    "plan_verwirklichung",
    "participants",
    "held",
    "summary",
)


@transaction.atomic
def workshop_save(*, actor, process: Process, workshop: Workshop | None = None, **data) -> Workshop:
    """Create or change a Zukunftswerkstatt event with its three phases."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "workshops")
    _own(process, workshop, "Der Termin")
    unknown = set(data) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"unknown workshop fields: {unknown}")
    clean = {
        "title": _text(data.get("title"), field="title", label="einen Titel", max_length=200),
        "place": _text(data.get("place"), field="place", label="den Ort", max_length=200),
        "moderation": _text(
            data.get("moderation"), field="moderation", label="Moderation", max_length=200, required=False
        ),
        "plan_kritik": (data.get("plan_kritik") or "").strip(),
        "plan_fantasie": (data.get("plan_fantasie") or "").strip(),
        "plan_verwirklichung": (data.get("plan_verwirklichung") or "").strip(),
        "participants": data.get("participants"),
        "held": bool(data.get("held")),
        "summary": (data.get("summary") or "").strip(),
    }
    if not data.get("date"):
        raise ValidationError({"date": "Bitte geben Sie das Datum der Zukunftswerkstatt an."})
    clean["date"] = data["date"]
    if clean["held"] and clean["date"] > timezone.localdate():
        raise ValidationError(
            {"held": "Eine Zukunftswerkstatt in der Zukunft kann noch nicht stattgefunden haben."}
        )
    if clean["participants"] is not None and clean["participants"] < 0:
        raise ValidationError({"participants": "Die Zahl der Teilnehmenden kann nicht negativ sein."})
    if workshop is None:
        workshop = Workshop.objects.create(process=process, **clean)
        _audit(actor, process, "workshop.create", workshop, f"Zukunftswerkstatt „{workshop.title}“ geplant")
    else:
        changes = field_changes(workshop, clean)
        for key, value in clean.items():
            setattr(workshop, key, value)
        workshop.save()
        if changes:
            _audit(
                actor,
                process,
                "workshop.update",
                workshop,
                f"Zukunftswerkstatt „{workshop.title}“ geändert",
                changes,
            )
    return workshop


def _field_by_key(process: Process, key: str) -> Handlungsfeld | None:
    if not key:
        return None
    return Handlungsfeld.objects.filter(process=process, key=key).first()


@transaction.atomic
def idea_add(
    *,
    actor,
    process: Process,
    title: str,
    description: str = "",
    handlungsfeld: Handlungsfeld | None = None,
    phase: str = "",
    workshop: Workshop | None = None,
) -> Idea:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "ideas")
    _own(process, handlungsfeld, "Das Handlungsfeld")
    _own(process, workshop, "Der Termin")
    if phase and phase not in Phase.values:
        raise ValidationError({"phase": "Bitte wählen Sie eine der drei Phasen."})
    idea = Idea.objects.create(
        process=process,
        title=_text(title, field="title", label="einen Titel", max_length=200),
        description=_text(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        handlungsfeld=handlungsfeld,
        phase=phase,
        workshop=workshop,
        source_label=workshop.title if workshop else "",
        created_by=actor,
    )
    _audit(actor, process, "idea.add", idea, f"Idee „{idea.title}“ eingetragen")
    return idea


@transaction.atomic
def idea_assign(*, actor, idea: Idea, handlungsfeld: Handlungsfeld | None) -> Idea:
    """Sort an idea into a Handlungsfeld (or take it out again with None)."""
    process = idea.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "ideas")
    _own(process, handlungsfeld, "Das Handlungsfeld")
    old = idea.handlungsfeld.label if idea.handlungsfeld else "–"
    idea.handlungsfeld = handlungsfeld
    idea.save(update_fields=["handlungsfeld"])
    _audit(
        actor,
        process,
        "idea.assign",
        idea,
        f"Idee „{idea.title}“ zugeordnet: {handlungsfeld.label if handlungsfeld else 'ohne Handlungsfeld'}",
        {"handlungsfeld": [old, handlungsfeld.label if handlungsfeld else "–"]},
    )
    return idea


@transaction.atomic
def ideas_receive(*, actor, municipality, ideas: list[dict]) -> list[Idea]:
    """Take ideas from a participation project into the Zukunftswerkstatt results.

    Each dict: title, description, handlungsfeld (a key of the town's fields or ''), source_label,
    source_url. Re-sending the same idea (same source_url and title) changes nothing; unknown
    Handlungsfeld keys leave the idea unsorted for the team. Works in every stage: ideas may
    arrive while the plan is already being written. Returns the newly created ideas.
    """
    process = Process.objects.filter(municipality=municipality).first()
    if process is None:
        raise ValidationError(f"{municipality} hat noch keinen Werkstatt-Prozess, der Ideen aufnehmen kann.")
    _require(actor, "werkstatt.receive_ideas", process)
    fields = {f.key: f for f in process.handlungsfelder.all()}
    created: list[Idea] = []
    for index, raw in enumerate(ideas, start=1):
        title = (raw.get("title") or "").strip()
        if not title:
            raise ValidationError(f"Idee Nr. {index}: der Titel fehlt.")
        if len(title) > 200:
            raise ValidationError(f"Idee Nr. {index}: der Titel ist zu lang (höchstens 200 Zeichen).")
        source_url = (raw.get("source_url") or "").strip()[:500]
        if source_url and not (
            source_url.startswith(("https://", "http://")) or re.match(r"^/(?!/)", source_url)
        ):
            raise ValidationError(f"Idee Nr. {index}: der Link „{source_url}“ ist keine Web-Adresse.")
        if source_url and Idea.objects.filter(process=process, source_url=source_url, title=title).exists():
            continue
        idea = Idea.objects.create(
            process=process,
            title=title,
            description=(raw.get("description") or "").strip(),
            handlungsfeld=fields.get((raw.get("handlungsfeld") or "").strip()),
            source_label=(raw.get("source_label") or "Beteiligung").strip()[:200],
            source_url=source_url,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        created.append(idea)
    if created:
        _audit(
            actor,
            process,
            "ideas.receive",
            process,
            f"{len(created)} Idee(n) aus der Beteiligung übernommen",
            {"ideen": [i.title for i in created]},
        )
    return created


# --------------------------------------------------------------------------------- Werkstattplan
@transaction.atomic
def goal_add(
    *, actor, process: Process, handlungsfeld: Handlungsfeld, title: str, description: str = ""
) -> Goal:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    if handlungsfeld is None:
        raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
    _own(process, handlungsfeld, "Das Handlungsfeld")
    position = (Goal.objects.filter(handlungsfeld=handlungsfeld).aggregate(m=Max("position"))["m"] or 0) + 1
    goal = Goal.objects.create(
        process=process,
        handlungsfeld=handlungsfeld,
        title=_text(title, field="title", label="das Ziel", max_length=300),
        description=_text(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        position=position,
    )
    _audit(actor, process, "goal.add", goal, f"Ziel „{goal.title}“ im Handlungsfeld {handlungsfeld.label}")
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, title: str, description: str = "") -> Goal:
    process = goal.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    data = {
        "title": _text(title, field="title", label="das Ziel", max_length=300),
        "description": _text(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
    }
    changes = field_changes(goal, data)
    if changes:
        for key, value in data.items():
            setattr(goal, key, value)
        goal.save(update_fields=list(data))
        _audit(actor, process, "goal.update", goal, f"Ziel „{goal.title}“ geändert", changes)
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    process = goal.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    _audit(actor, process, "goal.delete", goal, f"Ziel „{goal.title}“ gelöscht")
    goal.delete()


MEASURE_FIELDS = (
    "handlungsfeld",
    "goal",
    "title",
    "description",
    "target_groups",
    "responsible",
    "responsible_user",
    "partners",
    "start",
    "end",
    "status",
    "progress_note",
    "scenario",
)


def _clean_measure(process: Process, data: dict) -> dict:
    unknown = set(data) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {unknown}")
    clean = dict(data)
    if "handlungsfeld" in clean:
        if clean["handlungsfeld"] is None:
            raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
        _own(process, clean["handlungsfeld"], "Das Handlungsfeld")
    if clean.get("goal") is not None:
        _own(process, clean["goal"], "Das Ziel")
        field = clean.get("handlungsfeld")
        if field is not None and clean["goal"].handlungsfeld_id != field.pk:
            raise ValidationError({"goal": "Das Ziel gehört zu einem anderen Handlungsfeld."})
    if "title" in clean:
        clean["title"] = _text(clean["title"], field="title", label="einen Titel", max_length=200)
    for key, label, limit in (
        ("description", "Beschreibung", 10000),
        ("responsible", "Verantwortliche:r", 200),
        ("partners", "Partner", 2000),
        ("progress_note", "Stand der Umsetzung", 10000),
    ):
        if key in clean:
            clean[key] = _text(clean[key], field=key, label=label, max_length=limit, required=False)
    if "target_groups" in clean:
        groups = list(dict.fromkeys(clean["target_groups"] or []))
        known = {t.key for t in taxonomy.LIFE_PHASES}
        wrong = [g for g in groups if g not in known]
        if wrong:
            raise ValidationError({"target_groups": f"Unbekannte Zielgruppen: {', '.join(wrong)}."})
        clean["target_groups"] = groups
    if "status" in clean and clean["status"] not in Measure.Status.values:
        raise ValidationError({"status": "Bitte wählen Sie einen Status aus der Liste."})
    if "responsible_user" in clean:
        clean["responsible_user"] = _assignable_user(
            process, clean["responsible_user"], field="responsible_user"
        )
    if clean.get("scenario") is not None and clean["scenario"].municipality_id != process.municipality_id:
        raise ValidationError({"scenario": "Das Szenario gehört zu einer anderen Kommune."})
    return clean


def _check_dates(start, end) -> None:
    if start and end and end < start:
        raise ValidationError({"end": f"Das Ende ({end:%d.%m.%Y}) liegt vor dem Beginn ({start:%d.%m.%Y})."})


@transaction.atomic
def measure_create(*, actor, process: Process, **data) -> Measure:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    clean = _clean_measure(process, data)
    if "handlungsfeld" not in clean:
        raise ValidationError({"handlungsfeld": "Bitte wählen Sie ein Handlungsfeld."})
    if "title" not in clean:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    _check_dates(clean.get("start"), clean.get("end"))
    clean["position"] = (
        Measure.objects.filter(handlungsfeld=clean["handlungsfeld"]).aggregate(m=Max("position"))["m"] or 0
    ) + 1
    measure = Measure.objects.create(process=process, **clean)
    _audit(actor, process, "measure.create", measure, f"Maßnahme „{measure.title}“ angelegt")
    return measure


@transaction.atomic
def measure_update(*, actor, measure: Measure, **data) -> Measure:
    """Change a measure. Status and progress may be changed in the Zwischenbilanz too."""
    process = measure.process
    _require(actor, "werkstatt.edit_content", process)
    progress_only = set(data) <= {"status", "progress_note"}
    if not (progress_only and "progress" in stage_registry.editable_areas(process.current_stage)):
        _require_area(process, "plan")
    clean = _clean_measure(process, data)
    goal = clean.get("goal")
    if (
        goal is not None
        and "handlungsfeld" not in clean
        and goal.handlungsfeld_id != measure.handlungsfeld_id
    ):
        raise ValidationError({"goal": "Das Ziel gehört zu einem anderen Handlungsfeld."})
    _check_dates(clean.get("start", measure.start), clean.get("end", measure.end))
    changes = field_changes(measure, clean)
    for key, value in clean.items():
        setattr(measure, key, value)
    measure.save()
    if changes:
        _audit(actor, process, "measure.update", measure, f"Maßnahme „{measure.title}“ geändert", changes)
    return measure


@transaction.atomic
def measure_delete(*, actor, measure: Measure) -> None:
    process = measure.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    _audit(actor, process, "measure.delete", measure, f"Maßnahme „{measure.title}“ gelöscht")
    measure.delete()


@transaction.atomic
def idea_to_measure(*, actor, idea: Idea, handlungsfeld: Handlungsfeld | None = None) -> Measure:
    """Turn a Zukunftswerkstatt idea into a measure of the Werkstattplan (linked both ways)."""
    process = idea.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    if idea.measure_id:
        raise ValidationError(
            f"Aus der Idee „{idea.title}“ ist bereits die Maßnahme „{idea.measure}“ geworden."
        )
    field = handlungsfeld or idea.handlungsfeld
    if field is None:
        raise ValidationError(
            {"handlungsfeld": f"Bitte ordnen Sie die Idee „{idea.title}“ zuerst einem Handlungsfeld zu."}
        )
    source = f"Aus der Idee „{idea.title}“" + (f" ({idea.source_label})" if idea.source_label else "")
    measure = measure_create(
        actor=actor,
        process=process,
        handlungsfeld=field,
        title=idea.title,
        description=(idea.description + "\n\n" if idea.description else "") + source + ".",
    )
    idea.measure = measure
    idea.save(update_fields=["measure"])
    _audit(actor, process, "idea.to_measure", idea, f"Idee „{idea.title}“ wurde Maßnahme")
    return measure


@transaction.atomic
def budget_line_add(
    *, actor, measure: Measure, label: str, amount, year: int | None = None, funding_source: str = ""
) -> BudgetLine:
    process = measure.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    value = _decimal(amount, field="amount", label="den Betrag", required=True)
    if value < 0:
        raise ValidationError({"amount": "Der Betrag darf nicht negativ sein."})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "Bitte geben Sie den Betrag auf volle Cent an."})
    if value >= Decimal("10000000000"):
        raise ValidationError({"amount": "Der Betrag ist zu groß."})
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": f"{year} ist kein plausibles Jahr."})
    line = BudgetLine.objects.create(
        measure=measure,
        label=_text(label, field="label", label="den Posten", max_length=200),
        amount=value,
        year=year,
        funding_source=_text(
            funding_source, field="funding_source", label="Finanzierung", max_length=200, required=False
        ),
    )
    _audit(actor, process, "budget.add", line, f"Kostenposten „{line.label}“ {value} € bei „{measure.title}“")
    return line


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine) -> None:
    process = line.measure.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    _audit(actor, process, "budget.delete", line, f"Kostenposten „{line.label}“ gelöscht")
    line.delete()


def official_indicator_value(process: Process, key: str) -> dict | None:
    """{value, unit, label, date, source} of an official indicator from the live Kommunalprofil."""
    from leuchtfeuer.werkstatt.selectors import live_profile_indicators

    return live_profile_indicators(process).get(key)


@transaction.atomic
def indicator_create(
    *,
    actor,
    process: Process,
    kind: str,
    label: str = "",
    official_key: str = "",
    measure: Measure | None = None,
    goal: Goal | None = None,
    unit: str = "",
    direction: str = Indicator.Direction.UP,
    baseline_value=None,
    baseline_date: date | None = None,
    baseline_source: str = "",
    target_value=None,
    target_year: int | None = None,
    note: str = "",
) -> Indicator:
    """An official indicator takes label, unit and baseline from the data (the snapshot taken in
    the Kommunalprofil stage, else the live profile); a custom one takes what the town enters."""
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    _own(process, measure, "Die Maßnahme")
    _own(process, goal, "Das Ziel")
    if kind not in Indicator.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie amtlicher oder eigener Indikator."})
    if direction not in Indicator.Direction.values:
        raise ValidationError({"direction": "Bitte wählen Sie, ob höhere oder niedrigere Werte besser sind."})
    target = _decimal(target_value, field="target_value", label="Der Zielwert")
    if target_year is not None and not 2000 <= target_year <= 2100:
        raise ValidationError({"target_year": f"{target_year} ist kein plausibles Zieljahr."})
    if kind == Indicator.Kind.OFFICIAL:
        from leuchtfeuer.werkstatt.selectors import snapshot_indicator

        official_key = (official_key or "").strip()
        live = official_indicator_value(process, official_key)
        if live is None:
            raise ValidationError(
                {"official_key": f"„{official_key}“ ist keine Kennzahl des Kommunalprofils."}
            )
        base = snapshot_indicator(process, official_key) or live
        value = base["value"]
        data = {
            "label": label.strip() or live["label"],
            "unit": live["unit"],
            "baseline_value": None if value is None else Decimal(str(round(value, 3))),
            "baseline_date": base["date"],
            "baseline_source": base["source"][:300],
        }
    else:
        official_key = ""
        baseline = _decimal(baseline_value, field="baseline_value", label="Der Ausgangswert")
        data = {
            "label": _text(label, field="label", label="eine Bezeichnung", max_length=200),
            "unit": _text(unit, field="unit", label="Einheit", max_length=60, required=False),
            "baseline_value": baseline,
            "baseline_date": baseline_date,
            "baseline_source": _text(
                baseline_source, field="baseline_source", label="Quelle", max_length=300, required=False
            )
            or "eigene Erhebung der Kommune",
        }
        if baseline is not None and baseline_date is None:
            raise ValidationError(
                {"baseline_date": "Bitte geben Sie an, auf welches Datum sich der Ausgangswert bezieht."}
            )
    indicator = Indicator.objects.create(
        process=process,
        kind=kind,
        official_key=official_key,
        measure=measure,
        goal=goal,
        direction=direction,
        target_value=target,
        target_year=target_year,
        note=_text(note, field="note", label="Anmerkung", max_length=2000, required=False),
        **data,
    )
    _audit(
        actor,
        process,
        "indicator.create",
        indicator,
        f"Indikator „{indicator.label}“ ({indicator.get_kind_display()}) angelegt",
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor,
    indicator: Indicator,
    target_value=None,
    target_year: int | None = None,
    direction: str | None = None,
    note: str | None = None,
    label: str | None = None,
) -> Indicator:
    """Change target and description; an official indicator's baseline stays what the data said."""
    process = indicator.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    data: dict[str, Any] = {
        "target_value": _decimal(target_value, field="target_value", label="Der Zielwert"),
        "target_year": target_year,
    }
    if target_year is not None and not 2000 <= target_year <= 2100:
        raise ValidationError({"target_year": f"{target_year} ist kein plausibles Zieljahr."})
    if direction is not None:
        if direction not in Indicator.Direction.values:
            raise ValidationError({"direction": "Bitte wählen Sie eine Richtung aus der Liste."})
        data["direction"] = direction
    if note is not None:
        data["note"] = _text(note, field="note", label="Anmerkung", max_length=2000, required=False)
    if label is not None:
        data["label"] = _text(label, field="label", label="eine Bezeichnung", max_length=200)
    changes = field_changes(indicator, data)
    if changes:
        for key, value in data.items():
            setattr(indicator, key, value)
        indicator.save(update_fields=list(data))
        _audit(
            actor, process, "indicator.update", indicator, f"Indikator „{indicator.label}“ geändert", changes
        )
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    process = indicator.process
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "plan")
    _audit(actor, process, "indicator.delete", indicator, f"Indikator „{indicator.label}“ gelöscht")
    indicator.delete()


@transaction.atomic
def indicator_reading_add(
    *, actor, indicator: Indicator, date: date, value, source: str = ""
) -> IndicatorReading:
    """Enter the current value of a custom indicator (official ones update themselves)."""
    process = indicator.process
    _require(actor, "werkstatt.edit_content", process)
    areas = stage_registry.editable_areas(process.current_stage)
    if not areas & {"progress", "plan"}:
        _require_area(process, "progress")
    if indicator.kind == Indicator.Kind.OFFICIAL:
        raise ValidationError(
            f"„{indicator.label}“ ist ein amtlicher Indikator; sein Wert kommt aus den amtlichen Daten."
        )
    if date is None:
        raise ValidationError({"date": "Bitte geben Sie das Datum des Werts an."})
    if date > timezone.localdate():
        raise ValidationError({"date": "Ein Messwert kann nicht in der Zukunft liegen."})
    number = _decimal(value, field="value", label="Der Wert", required=True)
    try:
        with transaction.atomic():
            reading = IndicatorReading.objects.create(
                indicator=indicator,
                date=date,
                value=number,
                source=_text(source, field="source", label="Quelle", max_length=300, required=False),
                entered_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError({"date": f"Für den {date:%d.%m.%Y} ist schon ein Wert eingetragen."}) from exc
    _audit(
        actor,
        process,
        "indicator.reading",
        reading,
        f"Wert {number} für „{indicator.label}“ zum {date:%d.%m.%Y} eingetragen",
    )
    return reading


@transaction.atomic
def plan_adopt(*, actor, process: Process, adopted_on: date, decision: str = "") -> PlanVersion:
    """Freeze the current Werkstattplan as the next version (the adopted plan)."""
    from leuchtfeuer.werkstatt.selectors import plan_snapshot

    _require(actor, "werkstatt.adopt_plan", process)
    _require_area(process, "plan")
    process = _locked(process)
    snapshot = plan_snapshot(process)
    if not snapshot["measures"]:
        raise ValidationError("Ein Werkstattplan ohne Maßnahmen kann nicht beschlossen werden.")
    if adopted_on is None:
        raise ValidationError({"adopted_on": "Bitte geben Sie das Datum des Beschlusses an."})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": "Das Beschlussdatum kann nicht in der Zukunft liegen."})
    latest = process.plan_versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        raise ValidationError(f"Der Werkstattplan ist seit Version {latest.number} unverändert.")
    if latest is not None and adopted_on < latest.adopted_on:
        raise ValidationError(
            {"adopted_on": f"Version {latest.number} wurde erst am {latest.adopted_on:%d.%m.%Y} beschlossen."}
        )
    version = PlanVersion.objects.create(
        process=process,
        number=(latest.number + 1) if latest else 1,
        adopted_on=adopted_on,
        adopted_by=actor,
        decision=_text(decision, field="decision", label="Beschluss", max_length=300, required=False),
        snapshot=snapshot,
    )
    _audit(
        actor,
        process,
        "plan.adopt",
        version,
        f"Werkstattplan Version {version.number} beschlossen am {adopted_on:%d.%m.%Y}",
        {"massnahmen": len(snapshot["measures"])},
    )
    return version


# ------------------------------------------------------------------------------- Zwischenbilanz
@transaction.atomic
def review_save(*, actor, process: Process, narrative: str, lessons_learned: str) -> Review:
    _require(actor, "werkstatt.edit_content", process)
    _require_area(process, "review")
    review, _ = Review.objects.get_or_create(process=process)
    data = {
        "narrative": _text(narrative, field="narrative", label="Bilanz", max_length=20000, required=False),
        "lessons_learned": _text(
            lessons_learned, field="lessons_learned", label="Lehren", max_length=20000, required=False
        ),
    }
    changes = field_changes(review, data)
    for key, value in data.items():
        setattr(review, key, value)
    review.updated_by = actor
    review.save()
    if changes:
        _audit(actor, process, "review.save", review, "Zwischenbilanz geändert", changes)
    return review


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
    actor,
    process: Process,
    title: str,
    description: str = "",
    due_date: date | None = None,
    assignee=None,
    stage: str = "",
    measure: Measure | None = None,
    base_url: str = "",
) -> Task:
    _require(actor, "werkstatt.manage_tasks", process)
    _own(process, measure, "Die Maßnahme")
    if stage and stage not in StageKind.values:
        raise ValidationError({"stage": "Bitte wählen Sie eine Stufe aus der Liste."})
    task = Task.objects.create(
        process=process,
        title=_text(title, field="title", label="die Aufgabe", max_length=200),
        description=_text(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        due_date=due_date,
        assignee=_assignable_user(process, assignee, field="assignee"),
        stage=stage or process.current_stage,
        measure=measure,
        created_by=actor,
    )
    _audit(
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
    actor,
    task: Task,
    title: str,
    description: str = "",
    due_date: date | None = None,
    assignee=None,
    base_url: str = "",
) -> Task:
    process = task.process
    _require(actor, "werkstatt.manage_tasks", process)
    data = {
        "title": _text(title, field="title", label="die Aufgabe", max_length=200),
        "description": _text(
            description, field="description", label="Beschreibung", max_length=5000, required=False
        ),
        "due_date": due_date,
        "assignee": _assignable_user(process, assignee, field="assignee"),
    }
    reassigned = data["assignee"] is not None and data["assignee"].pk != task.assignee_id
    changes = field_changes(task, data)
    for key, value in data.items():
        setattr(task, key, value)
    if reassigned or "due_date" in changes:
        task.reminder_sent_at = None
    task.save()
    if changes:
        _audit(actor, process, "task.update", task, f"Aufgabe „{task.title}“ geändert", changes)
    if reassigned and task.assignee_id != actor.pk:
        transaction.on_commit(lambda: _send_task_mail(task.pk, base_url))
    return task


@transaction.atomic
def task_complete(*, actor, task: Task, done: bool = True) -> Task:
    process = task.process
    _require(actor, "werkstatt.manage_tasks", process)
    if task.done == done:
        return task
    task.done, task.done_at = done, (timezone.now() if done else None)
    task.save(update_fields=["done", "done_at"])
    _audit(
        actor,
        process,
        "task.done" if done else "task.reopen",
        task,
        f"Aufgabe „{task.title}“ {'erledigt' if done else 'wieder offen'}",
    )
    return task


@transaction.atomic
def comment_add(*, actor, process: Process, stage: str, text: str) -> Comment:
    _require(actor, "werkstatt.comment", process)
    if stage not in StageKind.values:
        raise ValidationError({"stage": "Unbekannte Stufe."})
    comment = Comment.objects.create(
        process=process,
        stage=stage,
        text=_text(text, field="text", label="einen Text", max_length=5000),
        author=actor,
    )
    _audit(actor, process, "comment.add", comment, f"Anmerkung zur Stufe {comment.get_stage_display()}")
    return comment
