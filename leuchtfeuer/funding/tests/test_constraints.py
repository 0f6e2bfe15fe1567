"""The database is the last line: invariants hold even when a write bypasses the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import Application, BudgetLine, ExpenseClaim

pytestmark = pytest.mark.django_db


def _raises(fn) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_money_and_category_constraints(grant):
    line = grant.budget_lines.first()
    claim = {"budget_line": line, "amount": Decimal("10"), "cost_type": "beratung", "description": "x",
             "spent_on": date(line.year, 1, 2), "receipt": "r.pdf", "receipt_name": "r.pdf",
             "receipt_type": "application/pdf", "receipt_size": 10}  # fmt: skip
    _raises(lambda: ExpenseClaim.objects.create(**{**claim, "cost_type": "bau"}))
    _raises(
        lambda: ExpenseClaim.objects.create(
            **{**claim, "cost_type": "personal", "staff_publicly_funded": True}
        )
    )
    _raises(lambda: ExpenseClaim.objects.create(**{**claim, "amount": Decimal("0")}))
    _raises(
        lambda: BudgetLine.objects.create(
            grant=grant, year=line.year + 5, category="beratung", amount=Decimal("-1")
        )
    )
    _raises(
        lambda: BudgetLine.objects.create(
            grant=grant, year=line.year, category=line.category, amount=Decimal("1")
        )
    )


def test_one_application_per_town_and_call(call, municipality, coordinator_of):
    coordinator = coordinator_of(municipality)
    first = services.application_start(actor=coordinator, call=call, municipality=municipality)
    assert services.application_start(actor=coordinator, call=call, municipality=municipality) == first
    _raises(
        lambda: Application.objects.create(
            call=call, applicant_type="kommune", municipality=municipality, region=municipality.region,
            applicant_name="x", contact_email="x@example.org", title="",
        )
    )  # fmt: skip
    _raises(
        lambda: Application.objects.create(
            call=call, applicant_type="verein", municipality=municipality, region=municipality.region,
            applicant_name="x", contact_email="x@example.org", title="",
        )
    )  # fmt: skip
