"""Reads of a budget: the proposals on the ballot, turnout, whether someone has voted."""

from __future__ import annotations

from leuchtfeuer.participation.models import (
    Budget,
    Proposal,
    VoteMarker,
)


def ballot_proposals(budget: Budget):
    return list(budget.proposals.filter(feasibility=Proposal.Feasibility.FEASIBLE).order_by("number"))


def budget_turnout(budget: Budget) -> dict:
    return {
        "ballots": ballot_total(budget),
        "codes": budget.codes.count(),
    }


def ballot_total(budget: Budget) -> int:
    """Ballots cast so far (online and paper): one "has voted" marker is written with each."""
    return VoteMarker.objects.filter(budget=budget).count()


def has_voted(budget: Budget, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return VoteMarker.objects.filter(budget=budget, user=user).exists()
