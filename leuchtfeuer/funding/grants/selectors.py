"""Reads of grants: budget status, claims for the office, warnings, the yearly Kurzbericht rows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from leuchtfeuer.funding.calls.models import Call
from leuchtfeuer.funding.common import ZERO
from leuchtfeuer.funding.grants.models import BudgetLine, ExpenseClaim, Grant
from leuchtfeuer.werkstatt.selectors import report_status


@dataclass
class LineStatus:
    line: BudgetLine
    approved: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.amount - self.approved - self.pending - self.line.lapsed - self.line.transferred


def budget_status(grant: Grant) -> list[LineStatus]:
    lines = grant.budget_lines.annotate(
        approved_sum=Sum("claims__amount", filter=Q(claims__status=ExpenseClaim.Status.APPROVED)),
        pending_sum=Sum("claims__amount", filter=Q(claims__status=ExpenseClaim.Status.SUBMITTED)),
    ).order_by("year", "category")
    return [LineStatus(line, line.approved_sum or ZERO, line.pending_sum or ZERO) for line in lines]


def grants_of_town(municipality):
    return Grant.objects.filter(municipality=municipality).select_related("call", "application")


def claims_for_office(*, status: str | None = None):
    qs = ExpenseClaim.objects.select_related(
        "budget_line", "budget_line__grant", "budget_line__grant__call", "submitted_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("budget_line__grant__recipient_name", "-submitted_at")


CONSTRUCTION_WORDS = (
    "sanierung",
    "umbau",
    "neubau",
    "anbau",
    "baumaßnahme",
    "bauarbeiten",
    "investition",
    "renovierung",
)


def claim_warnings(claim: ExpenseClaim) -> list[str]:
    text = claim.description.lower()
    found = [w for w in CONSTRUCTION_WORDS if w in text]
    if found:
        return [
            f"Die Beschreibung nennt „{', '.join(found)}“ – bitte prüfen, ob es sich um ein Bau- oder "
            "Investitionsvorhaben handelt (nicht förderfähig)."
        ]
    return []


def report_due_date(call: Call, year: int) -> date:
    day = min(call.report_due_day, calendar.monthrange(year + 1, call.report_due_month)[1])
    return date(year + 1, call.report_due_month, day)


@dataclass
class ReportRow:
    grant: Grant
    year: int
    due: date
    submitted: object  # datetime | None
    state: str  # "eingereicht", "verspätet eingereicht", "überfällig", "offen"
    tracked_by_werkstatt: bool = False  # the Werkstatt part has the report (and sends its reminders)


def report_rows(*, today: date | None = None, year: int | None = None) -> list[ReportRow]:
    """Every funded municipality's yearly Kurzbericht: due date, submitted, late or missing."""
    today = today or timezone.localdate()
    rows = []
    grants = Grant.objects.filter(municipality__isnull=False, call__report_required=True).select_related(
        "call", "municipality", "municipality__region"
    )
    for grant in grants:
        years = {line.year for line in grant.budget_lines.all()} or set(
            range(grant.call.first_year, grant.call.last_year + 1)
        )
        for y in sorted(years):
            if year is not None and y != year:
                continue
            status = report_status(grant.municipality, y) or {}
            due = status.get("due") or report_due_date(grant.call, y)
            submitted = status.get("submitted")
            if submitted is not None:
                submitted_day = timezone.localdate(submitted) if hasattr(submitted, "tzinfo") else submitted
                state = "verspätet eingereicht" if submitted_day > due else "eingereicht"
            elif status.get("overdue") or today > due:
                state = "überfällig"
            else:
                state = "offen"
            rows.append(
                ReportRow(grant, y, due, submitted, state, tracked_by_werkstatt=status.get("due") is not None)
            )
    return rows
