"""The funding API: open catalogue, permission-checked fit and selection."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_catalogue_is_open(client, call):
    ProgrammeFactory(name="Simul+", lands=["14"])
    data = client.get("/api/v1/funding/programmes").json()
    assert data[0]["rules"]["lands"] == ["14"] and data[0]["rules"]["min_population"] is None
    assert client.get("/api/v1/funding/calls").json()[0]["slug"] == call.slug


def test_fit_and_selection_need_permission(client, call, municipality, role_user, user_factory):
    ProgrammeFactory(min_population=5000)
    assert client.get(f"/api/v1/funding/towns/{municipality.slug}/fit").status_code == 403
    assert client.get(f"/api/v1/funding/calls/{call.slug}/selection").status_code == 403
    coordinator = role_user(Role.KOORDINATION, municipality)
    totp.activate(coordinator, totp.generate_totp_secret())
    client.force_login(coordinator)
    (fit,) = client.get(f"/api/v1/funding/towns/{municipality.slug}/fit").json()
    assert fit["eligible"] is True  # the factory town has 7,000 inhabitants
    assert client.get(f"/api/v1/funding/calls/{call.slug}/selection").status_code == 403
    office = user_factory(is_programme_office=True)
    totp.activate(office, totp.generate_totp_secret())
    client.force_login(office)
    data = client.get(f"/api/v1/funding/calls/{call.slug}/selection").json()
    assert data["feasible"] is True and data["selected"] == []
