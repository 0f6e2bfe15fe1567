"""Role × state matrix of the editorial workflow and the network permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.knowledge.models import Example

STATES = [s.value for s in Example.State]
ROLES = ["anonymous", "buergerin", "koordination", "team", "beratung", "mentoring", "partner", "lotse",
         "koordination-andere", "geschaeftsstelle", "admin"]  # fmt: skip

# Expected: (view, change, submit, comment, review) per role and state.
EDITABLE = {"entwurf", "ueberarbeiten"}
PERMS = ["knowledge.view_example", "knowledge.change_example", "knowledge.submit_example",
         "knowledge.comment_example", "knowledge.review_example"]  # fmt: skip


def expected(role: str, state: str) -> dict[str, bool]:
    # A platform admin is a Django superuser: Django grants a superuser every permission.
    office = role in ("geschaeftsstelle", "admin")
    town = role in ("koordination", "team")
    if role == "admin":
        return dict.fromkeys(PERMS, True)
    return {
        "knowledge.view_example": state == "veroeffentlicht" or office or town or role == "beratung",
        "knowledge.change_example": office or (town and state in EDITABLE),
        "knowledge.submit_example": town and state in EDITABLE,
        "knowledge.comment_example": office or town or role == "beratung",
        "knowledge.review_example": office,
    }


@pytest.fixture
def people(user_factory, role_user, municipality, other_municipality):
    result = {
        "anonymous": AnonymousUser(),
        "buergerin": user_factory(),
        "koordination-andere": role_user(Role.KOORDINATION, other_municipality),
        "geschaeftsstelle": user_factory(is_programme_office=True),
        "admin": user_factory(is_superuser=True),
    }
    for role in ("koordination", "team", "beratung", "mentoring", "partner", "lotse"):
        result[role] = role_user(role, municipality)
    return result


@pytest.mark.parametrize("state", STATES)
def test_example_permission_matrix(people, municipality, state):
    example = Example(municipality=municipality, state=state, title="x", slug="x")
    for role in ROLES:
        user = people[role]
        for perm, allowed in expected(role, state).items():
            assert user.has_perm(perm, example) is allowed, f"{role} / {state} / {perm}"


def test_add_example_only_for_own_town(people, municipality, other_municipality):
    allowed = {"koordination", "team", "geschaeftsstelle", "admin"}
    for role in ROLES:
        assert people[role].has_perm("knowledge.add_example", municipality) is (role in allowed), role
    assert people["admin"].has_perm("knowledge.add_example", other_municipality)
    assert not people["koordination"].has_perm("knowledge.add_example", other_municipality)


def test_network_permissions(people, municipality):
    matrix = {
        "knowledge.edit_network_profile": {"koordination", "geschaeftsstelle", "admin"},
        "knowledge.join_directory": {"koordination", "team", "mentoring"},
        "knowledge.request_hospitation": {"koordination", "team"},
        "knowledge.answer_hospitation": {"koordination", "team"},
        "knowledge.propose_tandem": {"koordination", "geschaeftsstelle", "admin"},
        "knowledge.view_recommendations": {
            "koordination",
            "team",
            "beratung",
            "mentoring",
            "lotse",
            "geschaeftsstelle",
            "admin",
        },
    }
    for perm, allowed in matrix.items():
        for role in ROLES:
            assert people[role].has_perm(perm, municipality) is (role in allowed | {"admin"}), (
                f"{role} / {perm}"
            )
    for perm, allowed in {
        "knowledge.manage_documents": {"geschaeftsstelle", "admin"},
        "knowledge.manage_tandems": {"geschaeftsstelle", "admin"},
        "knowledge.manage_events": {"geschaeftsstelle", "admin"},
        "knowledge.register_event": set(ROLES) - {"anonymous"},
        # the pages behind the navigation links: no link that answers 403 (a Lots:in met one)
        "knowledge.open_hospitations": {"koordination", "team", "koordination-andere", "geschaeftsstelle"},
        "knowledge.open_tandems": {"koordination", "koordination-andere", "geschaeftsstelle"},
    }.items():
        for role in ROLES:
            assert people[role].has_perm(perm) is (role in allowed | {"admin"}), f"{role} / {perm}"


def test_navigation_shows_network_pages_only_to_those_who_may_open_them(client, people):
    from leuchtfeuer.accounts import totp

    for role, sees in (("lotse", False), ("buergerin", False), ("team", True), ("koordination", True)):
        if role != "buergerin":
            totp.activate(people[role], totp.generate_totp_secret())  # staff sign in with a second factor
        client.force_login(people[role])
        html = client.get("/wissen/").content.decode()
        assert ('href="/netzwerk/hospitationen/"' in html) is sees, role
        assert (client.get("/netzwerk/hospitationen/").status_code == 200) is sees, role
        assert ('href="/netzwerk/tandems/"' in html) is (role == "koordination"), role
