"""TOTP second factors through public APIs only.

allauth keeps a person's authenticator (``allauth.mfa.models.Authenticator``, the secret encrypted
by its MFA adapter) and checks the codes at login; this module is the one place that creates such
a device outside the login flow (demo accounts, tests) and computes codes (``demo-code``, tests),
with pyotp (RFC 4226/6238) instead of allauth's internal helpers, which may change in any release.
"""

from __future__ import annotations

import time
from typing import Any

import pyotp
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings


def _period() -> int:
    return int(getattr(settings, "MFA_TOTP_PERIOD", 30))


def _digits() -> int:
    return int(getattr(settings, "MFA_TOTP_DIGITS", 6))


def generate_totp_secret() -> str:
    """A new random secret: 160 bits in base32, as allauth makes them."""
    return pyotp.random_base32(32)


def activate(user: Any, secret: str) -> Authenticator:
    """Give ``user`` a TOTP device with ``secret`` (stored encrypted, as allauth does)."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": get_adapter().encrypt(secret)}
    )


def secret_of(user: Any) -> str | None:
    """The decrypted secret of ``user``'s TOTP device, or None without one."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return get_adapter().decrypt(authenticator.data["secret"])


def current_counter(at: float | None = None) -> int:
    """The time step ``at`` (default: now) falls into."""
    return int(time.time() if at is None else at) // _period()


def code_at(secret: str, counter: int) -> str:
    """The code of time step ``counter`` (zero-padded, e.g. '042917')."""
    return pyotp.HOTP(secret, digits=_digits()).at(counter)


def current_code(secret: str, *, steps_ahead: int = 0) -> str:
    """The code valid now (or ``steps_ahead`` time steps later)."""
    return code_at(secret, current_counter() + steps_ahead)


def accepted_counters(at: float | None = None) -> list[int]:
    """The time steps whose codes a login accepts now (MFA_TOTP_TOLERANCE either side)."""
    tolerance = int(getattr(settings, "MFA_TOTP_TOLERANCE", 0))
    counter = current_counter(at)
    return [counter + i for i in range(-tolerance, tolerance + 1)]
