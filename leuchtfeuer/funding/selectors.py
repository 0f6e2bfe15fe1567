"""The reads of the funding part that other parts and the pages share (one import for all).

Each selector lives in its sub-domain (``programmes``, ``calls``, ``applications``, ``review``,
``grants``, ``selection``); other apps (e.g. the matching agency) import them from here.
"""

from leuchtfeuer.funding.applications.selectors import (
    PROJECTION_NOTE,
    PROJECTION_YEARS,
    application_missing,
    applications_of_town,
    applications_of_user,
    datasheet_prefill,
    profile_values,
    projection_value,
)
from leuchtfeuer.funding.calls.selectors import (
    PROFILE_FIELDS,
    CallBudget,
    Fit,
    applicant_facts,
    call_items,
    fit_check,
    open_calls,
    open_calls_with_remaining_budget,
    public_calls,
)
from leuchtfeuer.funding.grants.selectors import (
    CONSTRUCTION_WORDS,
    LineStatus,
    ReportRow,
    budget_status,
    claim_warnings,
    claims_for_office,
    grants_of_town,
    report_due_date,
    report_rows,
)
from leuchtfeuer.funding.programmes.selectors import programme_rules, rules_text
from leuchtfeuer.funding.review.selectors import (
    ScoreRow,
    prerequisites_ok,
    reviewer_conflict,
    reviewer_queue,
    score_table,
    weighted_total,
)
from leuchtfeuer.funding.selection.selectors import land_group_of, selection_candidates, selection_rules

__all__ = [
    "CONSTRUCTION_WORDS",
    "PROFILE_FIELDS",
    "PROJECTION_NOTE",
    "PROJECTION_YEARS",
    "CallBudget",
    "Fit",
    "LineStatus",
    "ReportRow",
    "ScoreRow",
    "applicant_facts",
    "application_missing",
    "applications_of_town",
    "applications_of_user",
    "budget_status",
    "call_items",
    "claim_warnings",
    "claims_for_office",
    "datasheet_prefill",
    "fit_check",
    "grants_of_town",
    "land_group_of",
    "open_calls",
    "open_calls_with_remaining_budget",
    "prerequisites_ok",
    "profile_values",
    "programme_rules",
    "projection_value",
    "public_calls",
    "report_due_date",
    "report_rows",
    "reviewer_conflict",
    "reviewer_queue",
    "rules_text",
    "score_table",
    "selection_candidates",
    "selection_rules",
    "weighted_total",
]
