"""Writing the audit log. Called by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from leuchtfeuer.core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    summary: str,
    municipality: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        municipality=municipality,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        summary=summary[:300],
        changes=changes or {},
    )


def field_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields in `data` whose value differs (as strings for JSON)."""
    result: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            result[field] = [None if old is None else str(old), None if new is None else str(new)]
    return result
