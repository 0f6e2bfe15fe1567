"""The fit-check panel on a municipality's dashboard: "Diese Programme passen zu Ihnen"."""

from __future__ import annotations

from leuchtfeuer.funding import selectors


def fit_panel_context(request, municipality) -> dict | None:
    user = request.user
    if not user.has_perm("funding.view_town", municipality):
        return None
    fits = selectors.fit_check(municipality)
    return {
        "municipality": municipality,
        "fitting": [f for f in fits if f.eligible is True],
        "open_questions": [f for f in fits if f.eligible is None and f.reasons],
        "without_rules": [f for f in fits if f.eligible is None and not f.reasons],
        "not_fitting": [f for f in fits if f.eligible is False],
        "grants": list(selectors.grants_of_town(municipality)),
    }
