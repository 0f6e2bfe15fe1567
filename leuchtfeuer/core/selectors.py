"""Reads on the platform's own records (audit log, memberships of a town)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from leuchtfeuer.core.models import AuditEntry


def municipality_members(municipality: Any) -> QuerySet[Any]:
    """The memberships of a town (places.Municipality) with person and organisation."""
    return municipality.memberships.select_related("user", "organisation").order_by("role", "user__email")


def audit_entries(municipality: Any, limit: int = 50) -> QuerySet[AuditEntry]:
    return municipality.audit_entries.select_related("actor")[:limit]
