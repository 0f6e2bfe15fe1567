"""Role × permission matrix of the portal, and the case pages enforcing it (with audit)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry

PERMS = ["view_case", "change_case", "manage_portal", "submit_offer", "moderate_offer", "view_statistics"]

# Expected: who may do what in THEIR OWN municipality (see rules.py for the reasons).
MATRIX = {
    "koordination": {
        "view_case",
        "change_case",
        "manage_portal",
        "submit_offer",
        "moderate_offer",
        "view_statistics",
    },
    "lotse": {
        "view_case",
        "change_case",
        "manage_portal",
        "submit_offer",
        "moderate_offer",
        "view_statistics",
    },
    "team": {"manage_portal", "submit_offer", "view_statistics"},
    "beratung": {"view_statistics"},
    "mentoring": set(),
    "partner": {"submit_offer"},
    "programme_office": {"view_statistics"},
    "platform_admin": {"view_statistics"},
    "buergerin": set(),
    "anonymous": set(),
}


@pytest.fixture
def make_actor(role_user, user_factory, municipality):
    def make(kind: str):
        if kind == "anonymous":
            return AnonymousUser()
        if kind == "buergerin":
            return user_factory()
        if kind == "programme_office":
            return user_factory(is_programme_office=True)
        if kind == "platform_admin":
            return user_factory(is_superuser=True, is_staff=True)
        return role_user(kind, municipality)

    return make


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("perm", PERMS)
def test_role_matrix_in_own_municipality(make_actor, municipality, kind, perm):
    actor = make_actor(kind)
    assert actor.has_perm(f"portal.{perm}", municipality) is (perm in MATRIX[kind])


@pytest.mark.parametrize("role", [Role.LOTSE, Role.KOORDINATION, Role.PARTNER, Role.TEAM])
@pytest.mark.parametrize("perm", PERMS)
def test_no_rights_in_another_municipality(role_user, municipality, other_municipality, role, perm):
    actor = role_user(role, other_municipality)
    assert not actor.has_perm(f"portal.{perm}", municipality)


def test_case_object_is_checked_through_its_municipality(role_user, case, other_municipality):
    own = role_user(Role.LOTSE, case.municipality)
    foreign = role_user(Role.LOTSE, other_municipality)
    assert own.has_perm("portal.view_case", case)
    assert not foreign.has_perm("portal.view_case", case)


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("lotse", 200),
        ("koordination", 200),
        ("team", 403),
        ("beratung", 403),
        ("partner", 403),
        ("programme_office", 403),
        ("platform_admin", 403),
        ("buergerin", 403),
    ],
)
def test_case_page_only_for_lotse_and_coordinator_and_every_access_is_logged(
    staff_client, make_actor, case, kind, status
):
    actor = make_actor(kind)
    client = staff_client(actor)
    before = AuditEntry.objects.filter(action="case.view").count()
    response = client.get(f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/")
    assert response.status_code == status
    logged = AuditEntry.objects.filter(action="case.view", target_id=str(case.pk))
    if status == 200:
        assert case.inquiry.name in response.content.decode()
        entry = logged.get()
        assert entry.actor == actor
        assert entry.municipality == case.municipality
        assert case.inquiry.email not in entry.summary  # the log holds no personal data
    else:
        assert AuditEntry.objects.filter(action="case.view").count() == before


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_case_of_another_town_is_not_found_under_own_slug(staff_client, role_user, case, other_municipality):
    client = staff_client(role_user(Role.LOTSE, other_municipality))
    response = client.get(f"/kommunen/{other_municipality.slug}/lotse/faelle/{case.pk}/")
    assert response.status_code == 404
