"""Sections that other parts add to the Kommunalprofil (page, PDF).

`places` imports no other part; a part that shows something on the profile registers a context
provider in its AppConfig.ready() (the projection registers the population outlook):

    from leuchtfeuer.places.profile_sections import register
    register(profile_projection_context)

A provider gets ``(region, compute_missing=bool)`` and returns template context (a dict, possibly
empty). ``compute_missing=False`` is for the web page, which must never wait for a computation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[..., dict[str, Any]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sections_context(region: Any, *, compute_missing: bool) -> dict[str, Any]:
    """The merged context of every registered section for ``region``."""
    context: dict[str, Any] = {}
    for provider in _PROVIDERS:
        context.update(provider(region, compute_missing=compute_missing))
    return context
