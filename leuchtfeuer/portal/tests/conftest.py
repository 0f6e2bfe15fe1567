import pytest

from leuchtfeuer.accounts.models import Role


@pytest.fixture
def portal(db, municipality):
    from leuchtfeuer.portal.tests.factories import PortalFactory

    return PortalFactory(municipality=municipality)


@pytest.fixture
def lotse(role_user, municipality):
    return role_user(Role.LOTSE, municipality, email="lotsin@example.org", name="Lotte Lotsin")


@pytest.fixture
def case(db, municipality, lotse):
    from leuchtfeuer.portal.tests.factories import CaseFactory

    return CaseFactory(inquiry__municipality=municipality, lotse=lotse)


@pytest.fixture
def staff_client(client):
    """Log a user in with TOTP set up (as after a real two-factor login)."""
    from leuchtfeuer.accounts import totp

    def login(user):
        if getattr(user, "is_authenticated", False):
            totp.activate(user, totp.generate_totp_secret())
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters of the public forms live in the cache: start every test from zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, not to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
