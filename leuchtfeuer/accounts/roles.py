"""Role predicates shared by every app's rules.py (django-rules).

A user's memberships are loaded once per user object and cached on it, so checking many
permissions on one page costs one query.
"""

from __future__ import annotations

from collections import defaultdict

import rules

from leuchtfeuer.accounts.models import STAFF_ROLES, Membership, Role

_CACHE_ATTR = "_leuchtfeuer_roles"


def roles_by_municipality(user) -> dict[int, frozenset[str]]:
    """{municipality_id: {role, …}} for this user; cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grouped: dict[int, set[str]] = defaultdict(set)
        for municipality_id, role in Membership.objects.filter(user=user).values_list(
            "municipality_id", "role"
        ):
            grouped[municipality_id].add(role)
        cached = {key: frozenset(value) for key, value in grouped.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cache after memberships of this user changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _municipality_id(obj) -> int | None:
    """Accept a Municipality or anything owned by one (has `municipality_id`)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "places.municipality":
        return obj.pk
    return getattr(obj, "municipality_id", None)


def has_role_in(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user, obj) -> bool:
        municipality_id = _municipality_id(obj)
        if municipality_id is None:
            return False
        return role in roles_by_municipality(user).get(municipality_id, frozenset())

    return predicate


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser and user.is_active)


@rules.predicate
def is_programme_office(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_office and user.is_active)


@rules.predicate
def has_any_role(user) -> bool:
    """A role in at least one municipality (any role)."""
    return bool(roles_by_municipality(user))


@rules.predicate
def is_matching_agent(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_matching_agent and user.is_active)


is_coordinator = has_role_in(Role.KOORDINATION)
is_team_member = has_role_in(Role.TEAM)
is_consultant = has_role_in(Role.BERATUNG)
is_mentor = has_role_in(Role.MENTORING)
is_partner = has_role_in(Role.PARTNER)
is_lotse = has_role_in(Role.LOTSE)
is_authenticated = rules.is_authenticated


def has_staff_role(user) -> bool:
    """True for every role that must log in with a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_programme_office or user.is_matching_agent:
        return True
    return any(roles & STAFF_ROLES for roles in roles_by_municipality(user).values())
