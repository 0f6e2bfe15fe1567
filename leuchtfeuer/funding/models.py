"""Funding: programme catalogue, calls, applications, review, selection, grants, claims, reports.

The models live in their sub-domains (``programmes``, ``calls``, ``applications``, ``review``,
``grants``, ``selection``); this module is the app's models module that Django loads, so every
model keeps its app label ``funding`` and its table. Models hold data and invariants (see
HOUSE_STYLE.md); every change goes through the sub-domain's services. Money is always
DecimalField (exact cents), never float.
"""

from leuchtfeuer.funding.applications.models import Application, Attachment
from leuchtfeuer.funding.calls.models import Call, CallItem, Criterion
from leuchtfeuer.funding.grants.models import BudgetLine, ExpenseClaim, Grant, ReportReminder
from leuchtfeuer.funding.programmes.models import MONEY, ApplicantType, FundingProfile, Programme
from leuchtfeuer.funding.review.models import ConflictDeclaration, Review, ReviewerAssignment, Score
from leuchtfeuer.funding.selection.models import SelectionRun

__all__ = [
    "MONEY",
    "ApplicantType",
    "Application",
    "Attachment",
    "BudgetLine",
    "Call",
    "CallItem",
    "ConflictDeclaration",
    "Criterion",
    "ExpenseClaim",
    "FundingProfile",
    "Grant",
    "Programme",
    "ReportReminder",
    "Review",
    "ReviewerAssignment",
    "Score",
    "SelectionRun",
]
