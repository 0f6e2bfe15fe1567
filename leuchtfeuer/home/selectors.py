"""Reads for the start page and the personal dashboard."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, QuerySet

from leuchtfeuer.accounts.models import Membership
from leuchtfeuer.places.models import Municipality


def municipalities_overview() -> QuerySet[Municipality]:
    """All municipalities with their number of roles and last change (programme office)."""
    return (
        Municipality.objects.select_related("region")
        .annotate(
            member_count=Count("memberships", distinct=True), last_change=Max("audit_entries__created_at")
        )
        .order_by("display_name")
    )


def memberships_with_municipality(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("municipality", "organisation")
        .prefetch_related(Prefetch("municipality__region"))
    )
