"""Role × action matrix: every permission, every role, own and other municipality.

The expected table is written out by hand from the role table in PRODUCT.md / the README, not
derived from rules.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role, User

PERMS = [
    "places.view_dashboard",
    "places.change_municipality",
    "places.manage_ortsteile",
    "accounts.manage_team",
    "accounts.appoint_staff",
    "core.view_audit_log",
]
# Expected access to ONE municipality ("own" = the one the role is held in).
#                         dash   change ortst  team   staff  audit
MATRIX = {
    "admin":              (1,     1,     1,     1,     1,     1),
    "office":             (1,     0,     0,     1,     1,     1),
    "coordinator_own":    (1,     1,     1,     1,     0,     1),
    "coordinator_other":  (0,     0,     0,     0,     0,     0),
    "team_own":           (1,     0,     1,     0,     0,     0),
    "team_other":         (0,     0,     0,     0,     0,     0),
    "consultant_own":     (1,     0,     0,     0,     0,     0),
    "consultant_other":   (0,     0,     0,     0,     0,     0),
    "mentor_own":         (1,     0,     0,     0,     0,     0),
    "mentor_other":       (0,     0,     0,     0,     0,     0),
    "partner_own":        (0,     0,     0,     0,     0,     0),
    "citizen":            (0,     0,     0,     0,     0,     0),
    "anonymous":          (0,     0,     0,     0,     0,     0),
}  # fmt: skip
# Permissions without an object (platform-wide).
GLOBAL_PERMS = ["places.add_municipality", "places.view_all_municipalities"]
GLOBAL_MATRIX = {
    "admin": (1, 1),
    "office": (1, 1),
    "coordinator_own": (0, 0),
    "team_own": (0, 0),
    "consultant_own": (0, 0),
    "mentor_own": (0, 0),
    "partner_own": (0, 0),
    "citizen": (0, 0),
    "anonymous": (0, 0),
}

ROLE_OF = {
    "coordinator": Role.KOORDINATION,
    "team": Role.TEAM,
    "consultant": Role.BERATUNG,
    "mentor": Role.MENTORING,
    "partner": Role.PARTNER,
}


@pytest.fixture
def make_actor(user_factory, membership_factory, municipality, other_municipality):
    def make(name: str):
        if name == "anonymous":
            return AnonymousUser()
        if name == "admin":
            return user_factory(is_superuser=True, is_staff=True)
        if name == "office":
            return user_factory(is_programme_office=True)
        if name == "citizen":
            return user_factory()
        role_name, where = name.split("_")
        user = user_factory()
        target = municipality if where == "own" else other_municipality
        membership_factory(user=user, municipality=target, role=ROLE_OF[role_name])
        return user

    return make


@pytest.mark.parametrize("actor_name", list(MATRIX))
def test_role_matrix_on_municipality(actor_name, make_actor, municipality):
    actor = make_actor(actor_name)
    got = tuple(int(actor.has_perm(perm, municipality)) for perm in PERMS)
    assert got == MATRIX[actor_name], dict(zip(PERMS, got, strict=True))


@pytest.mark.parametrize("actor_name", list(GLOBAL_MATRIX))
def test_role_matrix_platform_wide(actor_name, make_actor):
    actor = make_actor(actor_name)
    got = tuple(int(actor.has_perm(perm)) for perm in GLOBAL_PERMS)
    assert got == GLOBAL_MATRIX[actor_name]


def test_inactive_admin_has_no_rights(user_factory, municipality):
    admin = user_factory(is_superuser=True, is_active=False)
    assert not any(admin.has_perm(perm, municipality) for perm in PERMS)


def test_consultant_sees_exactly_the_municipalities_assigned_to_him(
    user_factory, membership_factory, municipality_factory
):
    a, b, c = municipality_factory(), municipality_factory(), municipality_factory()
    consultant = user_factory()
    membership_factory(user=consultant, municipality=a, role=Role.BERATUNG)
    membership_factory(user=consultant, municipality=b, role=Role.BERATUNG)
    assert [consultant.has_perm("places.view_dashboard", m) for m in (a, b, c)] == [True, True, False]


def test_role_checks_on_one_page_cost_one_query(
    django_assert_num_queries, role_user, municipality, other_municipality
):
    coordinator = role_user(Role.KOORDINATION, municipality)
    with django_assert_num_queries(1):
        for perm in PERMS:
            coordinator.has_perm(perm, municipality)
            coordinator.has_perm(perm, other_municipality)


@pytest.mark.django_db
def test_personal_data_permissions_are_decided_by_their_rule_even_for_superusers():
    """`has_perm` is the one permission API; for portal data it does not wave a superuser through."""
    import rules as django_rules

    from leuchtfeuer.accounts.privacy import is_rule_only

    admin = User.objects.create_superuser(email="admin@example.org", password="x")
    portal_perms = [name for name in django_rules.permissions.permissions if name.startswith("portal.")]
    assert portal_perms and all(is_rule_only(name) for name in portal_perms)
    assert not admin.has_perm("portal.view_case")
    assert admin.has_perm("portal.view_statistics")  # the rule itself names platform admins
    assert admin.has_perm("places.view_all_municipalities")  # other permissions: Django's default
