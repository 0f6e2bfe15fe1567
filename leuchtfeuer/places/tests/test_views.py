"""The municipality workspace as people use it: who gets in, what they can change."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.places.models import Ortsteil


@pytest.fixture
def staff_client(client):
    """Log a staff user in with TOTP set up (as after a real two-factor login)."""

    def login(user):
        totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return login


def test_anonymous_visitor_is_sent_to_login(client, municipality):
    response = client.get(f"/kommunen/{municipality.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


def test_coordinator_of_another_municipality_gets_403(
    staff_client, role_user, municipality, other_municipality
):
    stranger = role_user(Role.KOORDINATION, other_municipality)
    response = staff_client(stranger).get(f"/kommunen/{municipality.slug}/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


# The page itself needs at most 12 queries; each part's dashboard panel (core/panels.py) may add
# at most 6 — a panel over its budget fails here.
PANEL_QUERY_BUDGET = 6


def _dashboard_query_budget() -> int:
    from leuchtfeuer.core import panels

    return 12 + PANEL_QUERY_BUDGET * len(panels._PANELS)


def test_coordinator_sees_her_dashboard(staff_client, role_user, municipality, django_assert_max_num_queries):
    coordinator = role_user(Role.KOORDINATION, municipality)
    c = staff_client(coordinator)
    with django_assert_max_num_queries(_dashboard_query_budget()):
        response = c.get(f"/kommunen/{municipality.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert municipality.display_name in html
    assert "Person einladen" in html
    assert "Änderungsprotokoll ansehen" in html


def test_dashboard_query_count_does_not_grow_with_members(
    staff_client, role_user, membership_factory, municipality
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = role_user(Role.KOORDINATION, municipality)
    c = staff_client(coordinator)
    c.get(f"/kommunen/{municipality.slug}/")  # warm caches (peer index, sessions)
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"/kommunen/{municipality.slug}/").status_code == 200
    for role in (Role.TEAM, Role.TEAM, Role.BERATUNG, Role.MENTORING, Role.PARTNER, Role.LOTSE):
        membership_factory(municipality=municipality, role=role)
    with CaptureQueriesContext(connection) as many:
        assert c.get(f"/kommunen/{municipality.slug}/").status_code == 200
    assert len(many) == len(few) <= _dashboard_query_budget()


def test_consultant_sees_dashboard_but_cannot_edit(staff_client, role_user, municipality):
    consultant = role_user(Role.BERATUNG, municipality)
    c = staff_client(consultant)
    html = c.get(f"/kommunen/{municipality.slug}/").content.decode()
    assert "Person einladen" not in html
    assert "Ortsteil oder Quartier hinzufügen" not in html
    assert (
        c.post(f"/kommunen/{municipality.slug}/ortsteile/neu/", {"name": "X", "kind": "ortsteil"}).status_code
        == 403
    )
    assert not Ortsteil.objects.exists()


def test_team_member_adds_ortsteil_with_htmx(staff_client, role_user, municipality):
    member = role_user(Role.TEAM, municipality)
    c = staff_client(member)
    response = c.post(
        f"/kommunen/{municipality.slug}/ortsteile/neu/",
        {"name": "Basepohl", "kind": "ortsteil"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="ortsteile">')
    assert "Basepohl" in html
    assert AuditEntry.objects.filter(action="ortsteil.create", actor=member).exists()


def test_empty_ortsteil_form_shows_error_summary_and_changes_nothing(staff_client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    response = staff_client(coordinator).post(f"/kommunen/{municipality.slug}/ortsteile/neu/", {"name": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert 'href="#id_name"' in html
    assert not Ortsteil.objects.exists()


def test_coordinator_invites_team_member_via_form(staff_client, role_user, municipality, mailoutbox):
    coordinator = role_user(Role.KOORDINATION, municipality)
    c = staff_client(coordinator)
    page = c.get(f"/kommunen/{municipality.slug}/rollen/neu/").content.decode()
    assert 'value="beratung"' not in page  # consultants are appointed by the programme office
    response = c.post(
        f"/kommunen/{municipality.slug}/rollen/neu/", {"email": "neu@example.org", "role": "team"}
    )
    assert response.status_code == 302
    assert municipality.memberships.filter(user__email="neu@example.org", role="team").exists()


def test_audit_log_page_lists_changes(staff_client, role_user, municipality):
    coordinator = role_user(Role.KOORDINATION, municipality)
    c = staff_client(coordinator)
    c.post(f"/kommunen/{municipality.slug}/ortsteile/neu/", {"name": "Gielow", "kind": "ortsteil"})
    html = c.get(f"/kommunen/{municipality.slug}/protokoll/").content.decode()
    assert "Ortsteil Gielow angelegt" in html
    assert coordinator.email in html


def test_team_member_cannot_read_audit_log(staff_client, role_user, municipality):
    member = role_user(Role.TEAM, municipality)
    assert staff_client(member).get(f"/kommunen/{municipality.slug}/protokoll/").status_code == 403


def test_office_registers_municipality_with_wrong_ags(staff_client, user_factory):
    office = user_factory(is_programme_office=True)
    response = staff_client(office).post("/kommunen/neu/", {"key": "123"})
    assert response.status_code == 422
    assert "kein gültiger Schlüssel" in response.content.decode()


def test_office_dashboard_lists_all_municipalities(
    staff_client, user_factory, municipality, other_municipality
):
    office = user_factory(is_programme_office=True)
    html = staff_client(office).get("/dashboard/").content.decode()
    assert municipality.display_name in html and other_municipality.display_name in html


def test_town_page_rounds_the_area_like_the_kommunalprofil(staff_client, role_user, municipality):
    """109,28 km² on the town page but 109,3 km² in the profile was one figure in two forms."""
    region = municipality.region
    region.area_km2 = 109.28
    region.save(update_fields=["area_km2"])
    html = staff_client(role_user(Role.KOORDINATION, municipality)).get(f"/kommunen/{municipality.slug}/")
    assert "109,3 km²" in html.content.decode()
