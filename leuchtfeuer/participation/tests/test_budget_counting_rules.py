"""A budget counted with the rules added in issue 20: minimum number of votes, no skipping; the
minimum is part of the rule lock and of the pabulib export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.participation import services
from leuchtfeuer.participation.engine.pabulib import read_pb_text
from leuchtfeuer.participation.models import Budget, Phase

pytestmark = pytest.mark.django_db


def _vote_and_close(budget, coordinator):
    """Skaterampe (4.000 €) 3 votes, Bandraum (3.000 €) 2, Bücherschrank (2.000 €) 1; budget 6.000 €."""
    p = {x.title: x.pk for x in budget.proposals.all()}
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    votes = [
        {p["Skaterampe"]: 1},
        {p["Skaterampe"]: 1, p["Bücherschrank"]: 1},
        {p["Bandraum"]: 1},
        {p["Bandraum"]: 1},
        {p["Skaterampe"]: 1},
    ]
    codes = services.codes_issue(actor=coordinator, budget=budget, count=len(votes), batch="A")
    for code, choice in zip(codes, votes, strict=True):
        services.ballot_cast(budget=budget, choices=choice, code=code)
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    numbers = {x.title: str(x.number) for x in budget.proposals.all()}
    return numbers


def _explanations(result, numbers):
    by_number = {o["project_id"]: o["explanation"] for o in result["main"]["outcomes"]}
    return {title: by_number[number] for title, number in numbers.items()}


def test_threshold_needs_a_number(make_budget, coordinator):
    budget = make_budget(running="ideas")
    with pytest.raises(ValidationError) as excinfo:
        services.budget_rule_change(actor=coordinator, budget=budget, counting="greedy-threshold")
    assert "Mindeststimmenzahl" in excinfo.value.message_dict["min_votes"][0]
    budget.refresh_from_db()
    assert budget.counting == "mes-complete"


def test_threshold_counted_explained_locked_and_exported(make_budget, coordinator):
    budget = make_budget(running="ideas")
    services.budget_rule_change(actor=coordinator, budget=budget, counting="greedy-threshold", min_votes=2)
    numbers = _vote_and_close(budget, coordinator)
    budget.refresh_from_db()
    assert budget.locked_min_votes == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=budget.pk).update(min_votes=1)
    result = services.budget_count(actor=coordinator, budget=budget)
    # by hand: Skaterampe (3 votes) takes 4.000 of 6.000; Bandraum (2 votes, 3.000) does not fit;
    # Bücherschrank would fit but has 1 vote, below the minimum of 2
    assert result["main"]["winners"] == [numbers["Skaterampe"]]
    text = _explanations(result, numbers)
    assert text["Bücherschrank"].startswith("Nicht gewählt: unter der Mindeststimmenzahl 2")
    assert "passte nicht mehr ins Budget" in text["Bandraum"]
    election = read_pb_text(services.budget_export_pb(budget))
    assert election.meta["rule"] == "greedy-threshold"
    assert election.meta["min_project_score_threshold"] == "2"


def test_no_skip_ends_at_first_project_that_does_not_fit(make_budget, coordinator):
    budget = make_budget(running="ideas")
    services.budget_rule_change(actor=coordinator, budget=budget, counting="greedy-no-skip")
    numbers = _vote_and_close(budget, coordinator)
    result = services.budget_count(actor=coordinator, budget=budget)
    # by hand: Skaterampe fits (2.000 left), Bandraum (3.000) does not – the count ends there,
    # although Bücherschrank (2.000) would fit; plain vote order takes it
    assert result["main"]["winners"] == [numbers["Skaterampe"]]
    text = _explanations(result, numbers)
    assert "Zählung endet beim ersten nicht finanzierbaren Projekt" in text["Bandraum"]
    assert "Zählung endet beim ersten nicht finanzierbaren Projekt (Platz 2)" in text["Bücherschrank"]
    greedy = next(r for r in result["comparison"] if r["rule"] == "greedy")
    assert sorted(greedy["winners"]) == sorted([numbers["Skaterampe"], numbers["Bücherschrank"]])
