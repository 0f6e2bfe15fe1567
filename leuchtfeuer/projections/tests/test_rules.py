"""Who may do what with scenarios: role × action matrix (object = the town or its scenario)."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.projections.models import Scenario

ACTIONS = ("view_scenario", "add_scenario", "change_scenario", "delete_scenario")
ALL = set(ACTIONS)
READ = {"view_scenario"}

MATRIX = {
    Role.KOORDINATION: ALL,
    Role.TEAM: ALL,
    Role.BERATUNG: READ,
    Role.MENTORING: set(),
    Role.PARTNER: set(),
    Role.LOTSE: set(),
}


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_in_own_town(role, action, role_user, municipality):
    user = role_user(role, municipality)
    scenario = Scenario.objects.create(municipality=municipality, name="Probe")
    expected = action in MATRIX[role]
    assert user.has_perm(f"projections.{action}", municipality) is expected
    assert user.has_perm(f"projections.{action}", scenario) is expected


@pytest.mark.parametrize("action", ACTIONS)
def test_roles_elsewhere_give_nothing(action, role_user, municipality, other_municipality):
    stranger = role_user(Role.KOORDINATION, other_municipality)
    scenario = Scenario.objects.create(municipality=municipality, name="Probe")
    assert not stranger.has_perm(f"projections.{action}", municipality)
    assert not stranger.has_perm(f"projections.{action}", scenario)


@pytest.mark.parametrize("action", ACTIONS)
def test_programme_office_reads_admin_writes(action, user_factory, municipality):
    office = user_factory(is_programme_office=True)
    admin = user_factory(is_superuser=True)
    assert office.has_perm(f"projections.{action}", municipality) is (action in READ)
    assert admin.has_perm(f"projections.{action}", municipality)


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_gets_nothing(action, municipality):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm(f"projections.{action}", municipality)
