"""What every Werkstatt service checks first: permission message, the stage's editable areas,
the audit entry, text and number fields, assignable people, objects of another process."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from leuchtfeuer.accounts.models import Membership, Role
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.process.models import Process

# Roles whose holders can be responsible for a stage or a task.
ASSIGNABLE_ROLES = (Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING)


# ------------------------------------------------------------------------------------ helpers
DENIED = "Dafür fehlt Ihnen die Berechtigung in diesem Werkstatt-Prozess."


def require_area(process: Process, area: str) -> None:
    if area in stage_registry.editable_areas(process.current_stage):
        return
    label = stage_registry.AREA_LABELS.get(area, area)
    current = stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "abgeschlossen"
    allowed = ", ".join(f"„{s.label}“" for s in stage_registry.stages_allowing(area))
    raise ValidationError(
        f"{label} können in der laufenden Stufe „{current}“ nicht bearbeitet werden "
        f"(möglich in der Stufe {allowed})."
    )


def audit(actor, process: Process, action: str, target, summary: str, changes: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"werkstatt.{action}",
        target=target,
        municipality=process.municipality,
        summary=summary,
        changes=changes,
    )


def text_value(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: f"Bitte geben Sie {label} an."})
    if len(text) > max_length:
        raise ValidationError(
            {field: f"{label[0].upper()}{label[1:]} ist zu lang (höchstens {max_length} Zeichen)."}
        )
    return text


def decimal_value(value: Any, *, field: str, label: str, required: bool = False) -> Decimal | None:
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


def assignable_user(process: Process, user, *, field: str):
    if user is None:
        return None
    if not Membership.objects.filter(
        user=user, municipality_id=process.municipality_id, role__in=ASSIGNABLE_ROLES
    ).exists():
        raise ValidationError(
            {field: f"{user} hat keine Rolle in {process.municipality} und kann nicht zuständig sein."}
        )
    return user


def check_own(process: Process, obj, label: str) -> None:
    """Guard against ids of another process (e.g. a Handlungsfeld of another town)."""
    if obj is not None and obj.process_id != process.pk:
        raise ValidationError(f"{label} gehört nicht zu diesem Werkstatt-Prozess.")


def locked(process: Process) -> Process:
    return Process.objects.select_for_update().select_related("municipality").get(pk=process.pk)
