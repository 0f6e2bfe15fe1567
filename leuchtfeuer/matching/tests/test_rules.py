"""Role matrix: every permission of matching/rules.py for every role (expected values by hand)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.matching import services, services_proposals
from leuchtfeuer.matching.models import Decision, Proposal
from leuchtfeuer.matching.tests.conftest import space_data

pytestmark = pytest.mark.django_db

ROLES = [
    "anonym", "buerger", "eigentuemer", "suchende", "koordination", "team", "beratung", "partner",
    "koordination_andere", "agentur", "admin", "geschaeftsstelle",
]  # fmt: skip


@pytest.fixture
def world(
    town, neighbour, owner, maker, agent, coordinator, user_factory, role_user, open_space, open_seeker
):
    hidden = services.space_register(
        actor=coordinator, municipality=town, data=space_data(title="ohne Einwilligung"), entered_as="kommune"
    )
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    agreed = Proposal(space=open_space, seeker=open_seeker, score=0.5, status=Proposal.Status.CONTACT,
                      space_decision=Decision.ACCEPTED, seeker_decision=Decision.ACCEPTED)  # fmt: skip
    users = {
        "anonym": AnonymousUser(),
        "buerger": user_factory(),
        "eigentuemer": owner,
        "suchende": maker,
        "koordination": coordinator,
        "team": role_user(Role.TEAM, town),
        "beratung": role_user(Role.BERATUNG, town),
        "partner": role_user(Role.PARTNER, town),
        "koordination_andere": role_user(Role.KOORDINATION, neighbour),
        "agentur": agent,
        "admin": user_factory(is_superuser=True),
        "geschaeftsstelle": user_factory(is_programme_office=True),
    }
    return {"users": users, "town": town, "space": open_space, "hidden": hidden, "seeker": open_seeker,
            "proposal": proposal, "agreed": agreed}  # fmt: skip


ALL = set(ROLES)
LOGGED_IN = ALL - {"anonym"}
AGENCY = {"agentur", "admin"}
TOWN_STAFF = {"koordination", "team"}

# (permission, object key or None, roles that have it)
MATRIX = [
    ("matching.view_public", None, ALL),
    ("matching.manage", None, AGENCY),
    ("matching.moderate", None, AGENCY),
    ("matching.add_space", None, LOGGED_IN),
    ("matching.add_seeker", None, LOGGED_IN),
    ("matching.view_town", "town", AGENCY | TOWN_STAFF | {"beratung"}),
    ("matching.edit_town", "town", TOWN_STAFF),
    ("matching.enter_for_town", "town", TOWN_STAFF | {"partner"}),
    ("matching.view_offers", None, AGENCY | TOWN_STAFF | {"koordination_andere"}),
    # shared space with consent: agency, own town, the owner who entered it, staff of other towns
    (
        "matching.view_space",
        "space",
        AGENCY | TOWN_STAFF | {"beratung", "eigentuemer", "koordination_andere"},
    ),
    # space without consent: nobody outside the town
    ("matching.view_space", "hidden", TOWN_STAFF | {"beratung"}),
    ("matching.change_space", "space", TOWN_STAFF | {"eigentuemer"}),
    ("matching.change_space", "hidden", TOWN_STAFF),
    ("matching.view_seeker", "seeker", AGENCY | {"suchende"}),
    ("matching.change_seeker", "seeker", {"suchende"}),
    ("matching.view_proposal", "proposal", AGENCY | TOWN_STAFF | {"eigentuemer", "suchende"}),
    ("matching.decide_space_side", "proposal", TOWN_STAFF | {"eigentuemer"}),
    ("matching.decide_seeker_side", "proposal", {"suchende"}),
    ("matching.view_contacts", "proposal", set()),  # nobody before both accepted
    ("matching.view_contacts", "agreed", AGENCY | TOWN_STAFF | {"eigentuemer", "suchende"}),
    ("matching.close_proposal", "proposal", AGENCY),
]


@pytest.mark.parametrize(("perm", "obj", "allowed"), MATRIX, ids=[f"{p}-{o}" for p, o, _ in MATRIX])
def test_role_matrix(world, perm, obj, allowed):
    target = world[obj] if obj else None
    allowed = allowed | {"admin"}  # Django: an active superuser has every permission
    got = {role for role, user in world["users"].items() if user.has_perm(perm, target)}
    assert got == allowed


def test_every_permission_is_in_the_matrix():
    import rules

    import leuchtfeuer.matching.rules  # noqa: F401

    named = {name for name in rules.permissions.permissions if name.startswith("matching.")}
    regional = {n for n in named if n not in {p for p, _, _ in MATRIX}}
    # The regional pages (compensation, Verbünde) have their own matrix in test_regional*.py.
    assert all("regional" in n or "compensation" in n or "verbund" in n for n in regional), regional
