"""The dashboard panel "Lösungen für Kommunen wie uns" (registered in apps.py)."""

from __future__ import annotations

from leuchtfeuer.knowledge.recommend import recommendations_for_municipality


def recommendations_panel(request, municipality) -> dict | None:
    if not request.user.has_perm("knowledge.view_recommendations", municipality):
        return None
    return {
        "municipality": municipality,
        "recommendations": recommendations_for_municipality(municipality, limit=3),
    }
