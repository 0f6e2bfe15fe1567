"""Reads shared by the dashboards."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, QuerySet

from leuchtfeuer.accounts.models import Membership
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.places.models import Municipality


def municipalities_for_user(user) -> QuerySet[Municipality]:
    """The municipalities a person has a role in (any role), with the region joined."""
    return (
        Municipality.objects.filter(memberships__user=user)
        .select_related("region", "region__parent")
        .distinct()
        .order_by("display_name")
    )


def municipalities_overview() -> QuerySet[Municipality]:
    """All municipalities with their number of roles and last change (programme office)."""
    return (
        Municipality.objects.select_related("region")
        .annotate(
            member_count=Count("memberships", distinct=True), last_change=Max("audit_entries__created_at")
        )
        .order_by("display_name")
    )


def municipality_members(municipality: Municipality) -> QuerySet[Membership]:
    return municipality.memberships.select_related("user", "organisation").order_by("role", "user__email")


def audit_entries(municipality: Municipality, limit: int = 50) -> QuerySet[AuditEntry]:
    return municipality.audit_entries.select_related("actor")[:limit]


def memberships_with_municipality(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("municipality", "organisation")
        .prefetch_related(Prefetch("municipality__region"))
    )
