"""Panels that other parts add to a municipality's dashboard (/kommunen/<slug>/).

A part registers a panel in its AppConfig.ready():

    from leuchtfeuer.core.panels import Panel, register
    register(Panel("werkstatt", 10, "werkstatt/_dashboard_panel.html", werkstatt_panel_context))

The context function gets (request, municipality) and returns a dict for the template, or None to
hide the panel (e.g. when the user may not see it). Keep it to a bounded number of queries.

"Mein Bereich" (/mein-bereich/) is composed the same way: a part registers what a signed-in person
has there (her inquiries, ideas, votes, bookings) with `register_personal`; the context function
gets (request) only and returns None when she has nothing of that part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable[..., dict | None]


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request, municipality) -> list[dict]:
    """[{"key", "template", "context"}] of the visible panels, in order."""
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, municipality)
        if context is not None:
            result.append({"key": panel.key, "template": panel.template, "context": context})
    return result


_PERSONAL: dict[str, Panel] = {}


def register_personal(panel: Panel) -> None:
    _PERSONAL[panel.key] = panel


def personal_panels_for(request) -> list[dict]:
    """The "Mein Bereich" sections of the signed-in person, in order (same shape as panels_for)."""
    result = []
    for panel in sorted(_PERSONAL.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request)
        if context is not None:
            result.append({"key": panel.key, "template": panel.template, "context": context})
    return result
