"""The frame every page of the Lots:in's workspace (/kommunen/<slug>/lotse/…) shares: the town
the page is about (403 in German without the permission) and the tabs the user may see.
German only (staff pages). The pages themselves live in their sub-domain's ``views.py``."""

from __future__ import annotations

from django.http import HttpRequest

from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.places.models import Municipality

NO_ACCESS = "Sie haben keinen Zugriff auf diesen Bereich."


def municipality_for(request: HttpRequest, slug: str, perm: str) -> Municipality:
    """The town ``slug`` names (404 if none) — if the user has ``perm`` there (else 403)."""
    return get_permitted(
        request.user, Municipality.objects.select_related("region"), perm, message=NO_ACCESS, slug=slug
    )


def status_of(form) -> int:
    """422 for a bound form with errors, else 200."""
    return 422 if form.is_bound and form.errors else 200


def workspace_perms(user, municipality: Municipality) -> dict[str, bool]:
    """Which tabs of the workspace the user sees."""
    return {
        "can_cases": user.has_perm("portal.view_case", municipality),
        "can_manage": user.has_perm("portal.manage_portal", municipality),
        "can_moderate": user.has_perm("portal.moderate_offer", municipality),
        "can_stats": user.has_perm("portal.view_statistics", municipality),
    }
