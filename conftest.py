"""Project-wide pytest fixtures: factories for places, accounts and roles.

Factories are plain factory_boy classes in leuchtfeuer/<app>/tests/factories.py, exposed here
as fixtures so tests ask for what they need by name.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches (the shared one and the per-process "pages" cache) and
    no in-process region index: the index is keyed by the highest region id, and the page cache by
    slugs, which the next test's rolled-back data may repeat with other content."""
    from django.core.cache import cache, caches

    from leuchtfeuer.places import selectors as places_selectors

    cache.clear()
    caches["pages"].clear()
    places_selectors._INDEX.clear()


@pytest.fixture(autouse=True)
def _force_login_completes_second_factor(monkeypatch):
    """`client.force_login(user)` for a user with a TOTP device stands for a finished two-factor
    login: the session carries the second-factor mark. Tests of the refusal
    of sessions without it (accounts/tests/test_second_factor.py) log in by other ways."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from allauth.mfa.models import Authenticator

        from leuchtfeuer.accounts.middleware import SECOND_FACTOR_SESSION_KEY

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            session = self.session
            session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def region_factory(db):
    from leuchtfeuer.places.tests.factories import RegionFactory

    return RegionFactory


@pytest.fixture
def municipality_factory(db):
    from leuchtfeuer.places.tests.factories import MunicipalityFactory

    return MunicipalityFactory


@pytest.fixture
def user_factory(db):
    from leuchtfeuer.accounts.tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def membership_factory(db):
    from leuchtfeuer.accounts.tests.factories import MembershipFactory

    return MembershipFactory


@pytest.fixture
def municipality(municipality_factory):
    return municipality_factory()


@pytest.fixture
def other_municipality(municipality_factory):
    return municipality_factory()


@pytest.fixture
def matrix_actor(municipality, other_municipality, role_user, user_factory):
    """matrix_actor(name) → a person of one of accounts.tests.matrix.ROLES, for role matrices."""
    from django.contrib.auth.models import AnonymousUser

    from leuchtfeuer.accounts.models import Role
    from leuchtfeuer.accounts.tests.matrix import TOWN_ROLES

    def make(name: str):
        if name in TOWN_ROLES:
            return role_user(Role(name), municipality)
        if name == "office":
            return user_factory(is_programme_office=True)
        if name == "admin":
            return user_factory(is_superuser=True)
        if name == "citizen":
            return user_factory()
        if name == "stranger":
            return role_user(Role.KOORDINATION, other_municipality)
        return AnonymousUser()

    return make


@pytest.fixture
def role_user(user_factory, membership_factory):
    """role_user(role, municipality) → a user holding that role there (TOTP not set up)."""

    def make(role: str, municipality, **user_kwargs):
        user = user_factory(**user_kwargs)
        membership_factory(user=user, municipality=municipality, role=role)
        return user

    return make


@pytest.fixture(scope="session")
def official_data(django_db_setup, django_db_blocker):
    """The official subset, committed once for the session (read-only for tests)."""
    from leuchtfeuer.places.tests.official_subset import load_official_subset

    with django_db_blocker.unblock():
        load_official_subset()
