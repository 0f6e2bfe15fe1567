"""Counting a budget and publishing the result; the pabulib export."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.participation.ballots import ballot_contents
from leuchtfeuer.participation.budgets.models import (
    Budget,
    PaperEntry,
    Proposal,
)
from leuchtfeuer.participation.engine import counting
from leuchtfeuer.participation.engine.pabulib import PBBallot, PBElection, PBProject, write_pb
from leuchtfeuer.participation.engine.seal import OpenBallot


def budget_election(budget: Budget, contents: list[OpenBallot] | None = None) -> PBElection:
    """The budget as a pabulib election (feasible proposals, all stored ballots).

    Reads the ballots through `ballot_contents`: after the vote that unseals them (stored mixed),
    during the vote it opens them in memory only. `contents` if the caller has read them already.
    """
    proposals = list(budget.proposals.filter(feasibility=Proposal.Feasibility.FEASIBLE).order_by("number"))
    ids = {p.pk: str(p.number) for p in proposals}
    if contents is None:
        contents = ballot_contents(budget)
    vote_type = "cumulative" if budget.rule == Budget.Rule.CUMULATIVE else "approval"
    ballots = []
    for content in contents:
        entries = sorted(((ids[pid], points) for pid, points in content.choices), key=lambda e: int(e[0]))
        projects = tuple(e[0] for e in entries)
        points = tuple(Fraction(e[1]) for e in entries) if vote_type == "cumulative" else None
        ballots.append(PBBallot(projects, points))
    ballots.sort(key=lambda b: (b.projects, b.points or ()))  # no storage order leaks into exports
    meta = {
        "description": budget.project.title,
        "country": "Germany",
        "unit": budget.project.municipality.display_name,
        "instance": str(timezone.localdate().year),
        "currency": "EUR",
        "rule": counting.PABULIB_NAMES.get(budget.counting, budget.counting),
        "language": "de",
    }
    if budget.min_votes:
        meta["min_project_score_threshold"] = str(budget.min_votes)
    if budget.rule == Budget.Rule.K_APPROVAL:
        meta["max_length"] = str(budget.max_choices)
    if budget.rule == Budget.Rule.CUMULATIVE:
        meta["max_sum_points"] = str(budget.points_total)
        meta["max_points"] = str(budget.points_per_proposal)
    return PBElection(
        vote_type=vote_type,
        budget=Fraction(str(budget.amount)),
        projects=[PBProject(ids[p.pk], Fraction(str(p.cost)), p.title) for p in proposals],
        ballots=ballots,
        meta=meta,
    )


def budget_export_pb(budget: Budget) -> str:
    return write_pb(budget_election(budget))


@transaction.atomic
def budget_count(*, actor: Actor, budget: Budget) -> dict[str, Any]:
    """Count with the budget's method and, for comparison, the other rules; store the result."""
    budget = Budget.objects.select_for_update().select_related("project").get(pk=budget.pk)
    require(actor, "participation.manage_budget", budget.project.municipality)
    voting = budget.project.phases.filter(kind="voting").first()
    if voting is None or voting.ends_at > timezone.now():
        raise ValidationError("Gezählt wird erst, wenn die Abstimmung zu Ende ist.")
    if PaperEntry.objects.filter(budget=budget, confirmed_at__isnull=True).exists():
        raise ValidationError("Es gibt Papierstimmzettel, deren zweite Erfassung noch fehlt.")
    contents = ballot_contents(budget)  # the vote is over: unseals all ballots in one mixed batch
    election = budget_election(budget, contents)
    if not election.ballots:
        raise ValidationError("Es wurde noch kein Stimmzettel abgegeben.")
    main = counting.count(election, budget.counting, threshold=budget.min_votes)
    others = [rule for rule in ("mes-complete", "greedy") if rule != budget.counting]
    titles = {str(p.number): p.title for p in budget.proposals.all()}
    result = {
        "rule": budget.counting,
        "main": _result_dict(main, titles),
        "comparison": [_result_dict(counting.count(election, rule), titles) for rule in others],
        "ballots": len(election.ballots),
        "paper_ballots": sum(1 for content in contents if content.is_paper),
        "counted_at": timezone.now().isoformat(),
    }
    budget.result = result
    budget.save(update_fields=["result"])
    audit_record(
        actor=actor,
        action="participation.budget_count",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Gezählt ({budget.counting}): {len(main.winners)} Vorschläge ausgewählt",
    )
    return result


def _result_dict(result: counting.CountResult, titles: dict[str, str]) -> dict[str, Any]:
    data = result.as_dict()
    data["label"] = counting.RULE_LABELS[result.rule]
    for outcome in data["outcomes"]:
        outcome["name"] = titles.get(outcome["project_id"], outcome["name"])
    return data


@transaction.atomic
def budget_result_publish(*, actor: Actor, budget: Budget) -> Budget:
    budget = Budget.objects.select_for_update().select_related("project__municipality").get(pk=budget.pk)
    require(actor, "participation.publish_result", budget.project.municipality)
    if not budget.result:
        raise ValidationError("Bitte zuerst zählen; dann kann das Ergebnis veröffentlicht werden.")
    budget.result_published_at = timezone.now()
    budget.save(update_fields=["result_published_at"])
    audit_record(
        actor=actor,
        action="participation.result_publish",
        target=budget,
        municipality=budget.project.municipality,
        summary="Ergebnis mit Begründungen veröffentlicht",
    )
    return budget
