"""Permissions of the funding part (django-rules).

Objects: Municipality (or anything with `municipality_id`) for town-side permissions, Application
for reading and reviewing, Grant for budgets and claims. Office-wide permissions take no object.
"""

from __future__ import annotations

import rules

from leuchtfeuer.accounts.roles import (
    is_consultant,
    is_coordinator,
    is_platform_admin,
    is_programme_office,
    is_team_member,
)
from leuchtfeuer.funding.review.selectors import reviewer_conflict

is_office = is_platform_admin | is_programme_office


@rules.predicate
def is_own_application(user, application) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and application is not None
        and application.municipality_id is None
        and application.created_by_id == user.pk
    )


@rules.predicate
def is_own_grant(user, grant) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and grant is not None
        and grant.municipality_id is None
        and grant.application.created_by_id == user.pk
    )


@rules.predicate
def is_assigned_reviewer(user, application) -> bool:
    """Assigned to the application's call and without conflict of interest."""
    if not getattr(user, "is_authenticated", False) or application is None:
        return False
    if not application.call.reviewer_assignments.filter(reviewer=user).exists():
        return False
    return reviewer_conflict(user, application) is None


@rules.predicate
def is_reviewer_somewhere(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.funding_assignments.exists()


# Public catalogue.
rules.add_perm("funding.view_catalogue", rules.always_allow)
# Office: programmes, calls, all applications, reviewers, selection, claims, reports.
rules.add_perm("funding.manage", is_office)
# A town's funding area (applications, grants): object = Municipality.
rules.add_perm("funding.view_town", is_office | is_coordinator | is_team_member | is_consultant)
rules.add_perm("funding.edit_application", is_coordinator | is_team_member)
rules.add_perm("funding.submit_application", is_coordinator)
# Short-form applications by associations and persons (any logged-in account).
rules.add_perm("funding.apply_short", rules.is_authenticated)
# One application (object = Application).
rules.add_perm(
    "funding.view_application",
    is_office | is_coordinator | is_team_member | is_consultant | is_own_application | is_assigned_reviewer,
)
rules.add_perm("funding.review_application", is_assigned_reviewer)
rules.add_perm("funding.review", is_reviewer_somewhere)
# Grants and budgets (object = Grant, via municipality_id).
rules.add_perm(
    "funding.view_grant", is_office | is_coordinator | is_team_member | is_consultant | is_own_grant
)
rules.add_perm("funding.claim_expense", is_coordinator | is_team_member | is_own_grant)
rules.add_perm("funding.approve_claim", is_office)
