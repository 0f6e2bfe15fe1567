"""Demo content: the catalogue from the seeds only, the micro-funding call, Malchin's grant; idempotent;
`leuchtfeuer funding-select --call mikrofoerderung --json` on it."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import demo
from leuchtfeuer.funding.models import Application, BudgetLine, Call, ExpenseClaim, Grant, Programme, Score
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(official_data, user_factory, membership_factory):
    malchin = MunicipalityFactory(region=Region.objects.get(level="gemeinde", ags="13071092"), slug="malchin")
    users = {
        demo.OFFICE: user_factory(email=demo.OFFICE, is_programme_office=True),
        demo.REVIEWER: user_factory(email=demo.REVIEWER),
        demo.COORDINATOR_MALCHIN: user_factory(email=demo.COORDINATOR_MALCHIN),
    }
    membership_factory(user=users[demo.COORDINATOR_MALCHIN], municipality=malchin, role=Role.KOORDINATION)
    return {"malchin": malchin}, users


def test_demo_loads_once_and_selection_runs(demo_world):
    municipalities, users = demo_world
    demo.load(municipalities=municipalities, users=users)
    counts = [
        m.objects.count() for m in (Programme, Call, Application, Score, Grant, BudgetLine, ExpenseClaim)
    ]
    demo.load(municipalities=municipalities, users=users)
    assert [
        m.objects.count() for m in (Programme, Call, Application, Score, Grant, BudgetLine, ExpenseClaim)
    ] == counts

    assert Programme.objects.count() == 7
    assert not Programme.objects.filter(needs_completion=False).exists()
    leader = Programme.objects.get(slug="leader")
    assert (
        leader.lands == [] and leader.min_population is None and leader.applicant_types == []
    )  # nothing invented
    zwk = Programme.objects.get(slug="zukunftswerkstatt-kommunen")
    assert zwk.own_contribution_percent == 0 and zwk.applicant_types == ["kommune"]

    micro = Call.objects.get(slug="mikrofoerderung")
    assert micro.budget == Decimal("10000") and micro.applications.count() == 39
    assert all("(fiktiv)" in a.applicant_name for a in micro.applications.all())

    grant = Grant.objects.get(municipality=municipalities["malchin"])
    assert {
        (line.category, line.amount) for line in grant.budget_lines.filter(year=grant.call.first_year)
    } == {
        ("beratung", Decimal("30000.00")),
        ("sachmittel", Decimal("10000.00")),
    }

    out = StringIO()
    call_command("funding-select", "--call", "mikrofoerderung", "--json", stdout=out)
    data = json.loads(out.getvalue().strip().splitlines()[-1])
    assert {"selected", "total_cost", "total_score", "binding", "greedy"} <= data.keys()
    assert 0 < len(data["selected"]) <= 10
    assert Decimal(data["total_cost"]) <= Decimal("10000")


def test_command_refuses_unknown_call(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Keinen Förderaufruf"):
        call_command("funding-select", "--call", "gibt-es-nicht", "--json")


def test_demo_content_names_no_internal_seed_files(demo_world):
    """Issue 16: demo titles, descriptions, facts and sources show no internal seed names."""
    municipalities, users = demo_world
    demo.load(municipalities=municipalities, users=users)
    texts = [f"{p.summary} {p.facts} {p.source}" for p in Programme.objects.all()]
    texts += [f"{c.title} {c.description}" for c in Call.objects.all()]
    assert texts and not [t for t in texts if "seed" in t.lower()]
