"""Permissions that no global role bypasses.

Django answers ``user.has_perm(...)`` with True for every permission of an active superuser. For
personal data that is wrong: a platform admin administrates the platform, she does not read
people's cases. A part names such permissions here (in its rules.py) and ``User.has_perm`` then
asks the rule alone — so ``has_perm`` stays the one permission API, for views, services and
templates alike.
"""

from __future__ import annotations

_RULE_ONLY: set[str] = set()


def rule_only(*perms: str) -> None:
    """Mark ``perms`` as decided by their rule alone, for superusers too."""
    _RULE_ONLY.update(perms)


def is_rule_only(perm: str) -> bool:
    return perm in _RULE_ONLY
