"""Fixtures of the projections tests."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts import totp


@pytest.fixture
def staff_client(client):
    """Log a staff user in with TOTP set up (as after a real two-factor login)."""

    def login(user):
        totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return login


@pytest.fixture
def malchin(official_data, municipality_factory):
    """The real Gemeinde Malchin (13071092, official data loaded) as a municipality."""
    from leuchtfeuer.places.models import Region

    region = Region.objects.get(level="gemeinde", ags="13071092")
    return municipality_factory(region=region, slug="malchin", display_name="Stadt Malchin")


RETURNEES = {"kind": "returnees", "count": 20, "age_from": 25, "age_to": 40, "start_year": 2026}
FEWER_OUT = {"kind": "fewer_out_moves", "percent": "10", "age_from": 18, "age_to": 24, "start_year": 2026}
FAMILIES = {"kind": "families", "count": 15, "start_year": 2027, "end_year": 2035}
