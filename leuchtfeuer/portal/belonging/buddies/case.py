"""What the Lots:in's case page shows of belonging/buddies (merged by portal.belonging.case_panels)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from leuchtfeuer.portal.models import Case


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Extra template context for portal/case_detail.html (template portal/belonging/_case_buddies.html)."""
    return {}
