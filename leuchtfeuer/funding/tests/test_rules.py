"""Role × permission matrix of the funding part (coordinator, team, reviewer, office, citizen, anonymous)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import Grant, ReviewerAssignment
from leuchtfeuer.funding.tests.conftest import complete

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", "team", "reviewer", "office", "citizen", "anonymous", "other_coordinator")
# permission → roles that have it (object: the town, its submitted application or its grant)
EXPECTED = {
    "funding.view_catalogue": set(ROLES),
    "funding.manage": {"office"},
    "funding.view_town": {"coordinator", "team", "office"},
    "funding.edit_application": {"coordinator", "team"},
    "funding.submit_application": {"coordinator"},
    "funding.apply_short": {"coordinator", "team", "reviewer", "office", "citizen", "other_coordinator"},
    "funding.view_application": {"coordinator", "team", "reviewer", "office"},
    "funding.review_application": {"reviewer"},
    "funding.review": {"reviewer"},
    "funding.view_grant": {"coordinator", "team", "office"},
    "funding.claim_expense": {"coordinator", "team"},
    "funding.approve_claim": {"office"},
}
OBJECT = {
    "funding.view_town": "town",
    "funding.edit_application": "town",
    "funding.submit_application": "application",
    "funding.view_application": "application",
    "funding.review_application": "application",
    "funding.view_grant": "grant",
    "funding.claim_expense": "grant",
}


@pytest.fixture
def world(call, municipality, other_municipality, role_user, user_factory):
    coordinator = role_user(Role.KOORDINATION, municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    services.application_submit(actor=coordinator, application=application)
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    grant = Grant.objects.create(
        application=application, call=call, municipality=municipality, recipient_name="T"
    )
    users = {
        "coordinator": coordinator,
        "team": role_user(Role.TEAM, municipality),
        "reviewer": reviewer,
        "office": user_factory(is_programme_office=True),
        "citizen": user_factory(),
        "anonymous": AnonymousUser(),
        "other_coordinator": role_user(Role.KOORDINATION, other_municipality),
    }
    return users, {"town": municipality, "application": application, "grant": grant}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_role_matrix(world, perm):
    users, objects = world
    obj = objects.get(OBJECT.get(perm, ""))
    allowed = {role for role, user in users.items() if user.has_perm(perm, obj)}
    assert allowed == EXPECTED[perm]
