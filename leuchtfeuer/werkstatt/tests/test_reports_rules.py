"""Role × action matrix of the report permissions (werkstatt/reports/rules.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.reports import rules as report_rules  # noqa: F401

pytestmark = pytest.mark.django_db

TOWN = {"coordinator", "team", "consultant", "mentor", "office"}
# permission: (roles that hold it for the town, checked on the town / globally)
MATRIX = {
    "werkstatt.view_reports": TOWN,
    "werkstatt.download_town_kit": TOWN,
    "werkstatt.edit_report": {"coordinator", "team"},
    "werkstatt.submit_report": {"coordinator"},
    "werkstatt.review_report": {"office"},
    "werkstatt.schedule_reports": {"office"},
    "werkstatt.view_office_overview": {"office"},
    "werkstatt.export_evaluation": {"office"},
}
ROLES = ["coordinator", "team", "consultant", "mentor", "office", "citizen", "anonymous", "stranger", "admin"]


@pytest.fixture
def actors(municipality, other_municipality, role_user, user_factory):
    return {
        "coordinator": role_user(Role.KOORDINATION, municipality),
        "team": role_user(Role.TEAM, municipality),
        "consultant": role_user(Role.BERATUNG, municipality),
        "mentor": role_user(Role.MENTORING, municipality),
        "office": user_factory(is_programme_office=True),
        "citizen": user_factory(),
        "anonymous": AnonymousUser(),
        "stranger": role_user(Role.KOORDINATION, other_municipality),
        "admin": user_factory(is_superuser=True),
        # Roles without Werkstatt rights in the town:
        "partner": role_user(Role.PARTNER, municipality),
        "lotse": role_user(Role.LOTSE, municipality),
    }


@pytest.mark.parametrize("perm", sorted(MATRIX))
@pytest.mark.parametrize("role", [*ROLES, "partner", "lotse"])
def test_report_permission_matrix(actors, municipality, perm, role):
    expected = role in MATRIX[perm] or role == "admin"
    assert actors[role].has_perm(perm, municipality) is expected
