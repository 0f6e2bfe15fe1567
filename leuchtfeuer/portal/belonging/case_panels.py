"""The belonging sections of the Lots:in's case page: engagement suggestions and welcome buddies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from leuchtfeuer.portal.belonging.buddies import case as buddies_case
from leuchtfeuer.portal.belonging.engagement import case as engagement_case
from leuchtfeuer.portal.models import Case


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {**engagement_case.case_context(request, case), **buddies_case.case_context(request, case)}
