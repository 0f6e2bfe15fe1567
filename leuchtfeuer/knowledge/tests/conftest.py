"""Fixtures of the knowledge tests: users by role, examples through the real services."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.knowledge import services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office(user_factory):
    return user_factory(is_programme_office=True, email="geschaeftsstelle@example.org")


@pytest.fixture
def coordinator_user(role_user, municipality):
    return role_user(Role.KOORDINATION, municipality)


@pytest.fixture
def make_example(office):
    """make_example(title=…, description=…, region=…, terms=…, publish=True) via the services."""

    def make(
        title="Beispiel",
        description="Beschreibung",
        *,
        summary="Kurz",
        region=None,
        terms=None,
        publish=True,
        municipality=None,
        actor=None,
        **data,
    ):
        actor = actor or office
        example = services.example_create(
            actor=actor,
            municipality=municipality,
            region=region,
            data={"title": title, "summary": summary, "description": description, **data},
            terms=terms,
        )
        if publish:
            if municipality is not None:
                example = services.example_submit(actor=actor, example=example)
            example = services.example_publish(actor=office, example=example)
        return example

    return make


@pytest.fixture
def login(client):
    """login(user): sign in as after a real login; staff roles have TOTP set up (required)."""
    from allauth.mfa.models import Authenticator

    from leuchtfeuer.accounts import totp
    from leuchtfeuer.accounts.roles import forget_roles, has_staff_role

    def do(user):
        forget_roles(user)
        if has_staff_role(user) and not Authenticator.objects.filter(user=user).exists():
            totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return do
