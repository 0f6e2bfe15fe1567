"""What the Lots:in's case page shows of belonging/buddies (merged by portal.belonging.case_panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from leuchtfeuer.portal.belonging.buddies import selectors
from leuchtfeuer.portal.belonging.buddies.forms import CheckinForm, EndPairingForm, SuggestLanguagesForm
from leuchtfeuer.portal.belonging.models import BuddyPairing
from leuchtfeuer.portal.models import Case


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Extra template context for portal/case_detail.html (template portal/belonging/_case_buddies.html)."""
    if not request.user.has_perm("portal.pair_buddies", case.municipality):
        return {}
    bound = getattr(request, "buddy_forms", {})  # a refused end/check-in form (422) of this request
    languages_form = SuggestLanguagesForm(request.GET or None)
    languages = languages_form.cleaned_data["sprachen"] if languages_form.is_valid() else ""
    pairings = selectors.case_pairings(case)
    rows = []
    for p in pairings:
        mine = bound.get("pairing") == p.pk
        rows.append(
            {
                "pairing": p,
                "end_form": bound.get("end")
                if mine and "end" in bound
                else EndPairingForm(auto_id=f"ende{p.pk}-%s"),
                "checkin_form": bound.get("checkin")
                if mine and "checkin" in bound
                else CheckinForm(auto_id=f"nachfrage{p.pk}-%s"),
            }
        )
    has_open = any(p.status in (BuddyPairing.Status.PROPOSED, BuddyPairing.Status.ACTIVE) for p in pairings)
    return {
        "buddy_pairings": rows,
        "buddy_has_open": has_open,
        "buddy_suggestions": [] if has_open else selectors.suggestions(case, languages=languages),
        "buddy_languages_form": languages_form if languages_form.is_bound else SuggestLanguagesForm(),
        "buddy_enabled": True,
    }
