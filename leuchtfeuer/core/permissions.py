"""The one way to check a permission outside templates: django-rules through ``has_perm``.

Services call :func:`require` (the check that protects the data); views call
:func:`get_permitted` to load the object a page is about and refuse with a German 403 when the
user may not see it. Role checks (``is_programme_office`` …) belong in ``rules.py``, never here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

DENIED = "Dafür fehlt Ihnen die Berechtigung."

M = TypeVar("M", bound=models.Model)


def require(actor: Any, perm: str, obj: Any = None, message: str = DENIED) -> None:
    """Raise PermissionDenied (German message) unless ``actor`` has ``perm`` on ``obj``."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def get_permitted(
    actor: Any,
    queryset: type[M] | models.QuerySet[M],
    perm: str,
    *,
    message: str = DENIED,
    **lookup: Any,
) -> M:
    """The object ``lookup`` names (404 if none) — if ``actor`` has ``perm`` on it (else 403)."""
    obj = get_object_or_404(queryset, **lookup)
    require(actor, perm, obj, message)
    return obj
