"""TOTP through public APIs: the device allauth checks at login is the one accounts.totp made."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP as AllauthTOTP

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import User

pytestmark = pytest.mark.django_db


def test_rfc6238_reference_code():
    # RFC 6238 appendix B, SHA-1, T = 59 s → counter 1; secret "12345678901234567890" in base32
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code_at(secret, 1) == "287082"  # last 6 of 94287082


def test_a_device_made_here_accepts_the_current_code_in_allauth():
    user = User.objects.create_user(email="koordination@example.org", password="x")
    secret = totp.generate_totp_secret()
    authenticator = totp.activate(user, secret)
    assert totp.secret_of(user) == secret
    assert AllauthTOTP(authenticator).validate_code(totp.current_code(secret))
    assert not AllauthTOTP(authenticator).validate_code(totp.current_code(secret, steps_ahead=5))


def test_no_device_no_secret():
    assert totp.secret_of(User.objects.create_user(email="b@example.org", password="x")) is None


def test_accepted_counters_follow_the_tolerance(settings):
    settings.MFA_TOTP_TOLERANCE = 1
    assert totp.accepted_counters(at=90) == [2, 3, 4]
