"""The programme office's Werkstatt views and the filled-in method kits: role × permission matrix.

Expected values written out from the product's role table (PRODUCT.md) — independent of rules.py:
a change of a rule must be a change of this table too.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role

ROLES = [
    "koordination",
    "team",
    "beratung",
    "mentoring",
    "partner",
    "lotse",
    "office",
    "admin",
    "citizen",
    "anonymous",
    "stranger",
]

MATRIX = {
    "werkstatt.view_all_processes": ({"office", "admin"}, "global"),
    # any role in any town (the list then shows only her towns; "stranger" has a role elsewhere)
    "werkstatt.view_process_list": (
        {"koordination", "team", "beratung", "mentoring", "partner", "lotse", "stranger", "office", "admin"},
        "global",
    ),
    "werkstatt.view_office_overview": ({"office", "admin"}, "global"),
    "werkstatt.export_evaluation": ({"office", "admin"}, "global"),
    "werkstatt.download_town_kit": (
        {"koordination", "team", "beratung", "mentoring", "office", "admin"},
        "town",
    ),
}


@pytest.fixture
def actor(municipality, other_municipality, role_user, user_factory):
    def make(name):
        if name in {"koordination", "team", "beratung", "mentoring", "partner", "lotse"}:
            return role_user(Role(name), municipality)
        if name == "office":
            return user_factory(is_programme_office=True)
        if name == "admin":
            return user_factory(is_superuser=True)
        if name == "citizen":
            return user_factory()
        if name == "stranger":
            return role_user(Role.KOORDINATION, other_municipality)
        return AnonymousUser()

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, actor, municipality):
    roles, scope = MATRIX[perm]
    target = municipality if scope == "town" else None
    assert actor(role).has_perm(perm, target) is (role in roles)
