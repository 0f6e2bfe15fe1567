from __future__ import annotations

import pytest

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt.process import services as process_services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def coordinator(role_user, municipality):
    return role_user(Role.KOORDINATION, municipality)


@pytest.fixture
def process(coordinator, municipality):

    return process_services.process_start(actor=coordinator, municipality=municipality)


@pytest.fixture
def staff_client(client):
    """Log a staff user in with TOTP set up (as after a real two-factor login)."""

    def login(user):
        totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return login
