"""The writes of the funding part (one import for all): keyword-only, ``actor`` first, transactional.

Each service lives in its sub-domain (``programmes``, ``calls``, ``applications``, ``review``,
``grants``, ``selection``); the commands, the API and the tests import them from here.
"""

from leuchtfeuer.funding.applications.services import (
    application_check_prerequisites,
    application_set_lock,
    application_start,
    application_start_short,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    attachment_delete,
)
from leuchtfeuer.funding.calls.services import (
    CALL_FIELDS,
    call_item_add,
    call_item_delete,
    call_item_update,
    call_save,
    criterion_add,
    criterion_delete,
    parse_land_groups,
)
from leuchtfeuer.funding.grants.services import (
    LINE_COST_TYPES,
    RULE_CONSTRUCTION,
    RULE_STAFF,
    SEED_001,
    budget_line_set,
    budget_lines_for,
    budget_year_close,
    claim_decide,
    claim_submit,
    report_reminders_send,
)
from leuchtfeuer.funding.programmes.services import PROGRAMME_FIELDS, funding_profile_set, programme_save
from leuchtfeuer.funding.review.services import (
    conflict_declare,
    review_save,
    reviewer_assign,
    reviewer_remove,
)
from leuchtfeuer.funding.selection.services import selection_compute, selection_finalise, selection_run

__all__ = [
    "CALL_FIELDS",
    "LINE_COST_TYPES",
    "PROGRAMME_FIELDS",
    "RULE_CONSTRUCTION",
    "RULE_STAFF",
    "SEED_001",
    "application_check_prerequisites",
    "application_set_lock",
    "application_start",
    "application_start_short",
    "application_submit",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "attachment_delete",
    "budget_line_set",
    "budget_lines_for",
    "budget_year_close",
    "call_item_add",
    "call_item_delete",
    "call_item_update",
    "call_save",
    "claim_decide",
    "claim_submit",
    "conflict_declare",
    "criterion_add",
    "criterion_delete",
    "funding_profile_set",
    "parse_land_groups",
    "programme_save",
    "report_reminders_send",
    "review_save",
    "reviewer_assign",
    "reviewer_remove",
    "selection_compute",
    "selection_finalise",
    "selection_run",
]
