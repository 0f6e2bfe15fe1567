"""What the Lots:in's case page shows of belonging/engagement (merged by portal.belonging.case_panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from leuchtfeuer.portal.belonging.engagement import selectors
from leuchtfeuer.portal.models import Case


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Extra template context for portal/case_detail.html (template portal/belonging/_case_engagement.html)."""
    introductions = selectors.case_introductions(case)
    proposed = {intro.offer_id for intro in introductions}
    return {
        "engagement_matches": [
            {"offer": offer, "match": match, "proposed": offer.pk in proposed}
            for offer, match in selectors.case_engagement_matches(case)
        ],
        "engagement_introductions": introductions,
        "engagement_can_suggest": request.user.has_perm("portal.suggest_engagement", case),
        "living_matches": selectors.case_living_matches(case),
    }
