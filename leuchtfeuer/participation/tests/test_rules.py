"""Who may do what in participation: role × permission matrix (object = the town).

Expected values come from the role table in the product (PRODUCT.md, Beteiligung) and the
docstring of participation/rules.py, written out here once more on purpose: a change of a rule
must be a change of this table too.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role

STAFF = {
    "manage_project",
    "moderate",
    "answer_idea",
    "view_ideas",
    "check_feasibility",
    "enter_paper_ballot",
    "manage_youth",
}
LEAD_ONLY = {"manage_budget", "publish_result", "manage_assembly"}
ACTIONS = sorted(STAFF | LEAD_ONLY | {"view_assembly", "take_part"})

MATRIX = {
    Role.KOORDINATION: STAFF | LEAD_ONLY | {"view_assembly", "take_part"},
    Role.TEAM: STAFF | {"view_assembly", "take_part"},
    Role.BERATUNG: {"view_assembly", "take_part"},
    Role.MENTORING: {"take_part"},
    Role.PARTNER: {"take_part"},
    Role.LOTSE: {"take_part"},
}


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_in_own_town(role, action, role_user, municipality):
    user = role_user(role, municipality)
    assert user.has_perm(f"participation.{action}", municipality) is (action in MATRIX[role])


@pytest.mark.parametrize("action", ACTIONS)
def test_a_role_in_another_town_gives_only_taking_part(action, role_user, municipality, other_municipality):
    stranger = role_user(Role.KOORDINATION, other_municipality)
    assert stranger.has_perm(f"participation.{action}", municipality) is (action == "take_part")


@pytest.mark.parametrize("action", ACTIONS)
def test_citizens_take_part_and_nothing_else(action, user_factory, municipality):
    citizen = user_factory()
    assert citizen.has_perm(f"participation.{action}", municipality) is (action == "take_part")


@pytest.mark.parametrize("action", ACTIONS)
def test_programme_office_has_no_say_in_a_towns_participation(action, user_factory, municipality):
    office = user_factory(is_programme_office=True)
    assert office.has_perm(f"participation.{action}", municipality) is (action == "take_part")


@pytest.mark.parametrize("action", ACTIONS)
def test_platform_admin_may_everything(action, user_factory, municipality):
    assert user_factory(is_superuser=True).has_perm(f"participation.{action}", municipality)


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_gets_nothing(action, municipality):
    assert not AnonymousUser().has_perm(f"participation.{action}", municipality)
