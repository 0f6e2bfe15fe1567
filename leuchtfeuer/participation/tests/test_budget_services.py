"""Budgets: rule lock (service and database), secret ballots, one ballot per code/person,
rule checks, four-eyes paper entry, counting and the pabulib export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.participation import services
from leuchtfeuer.participation.ballots import ballot_contents, ballots_cast_count
from leuchtfeuer.participation.engine.pabulib import read_pb_text
from leuchtfeuer.participation.models import Ballot, Budget, Phase, Proposal, SealedBallot, VoteMarker

pytestmark = pytest.mark.django_db


def ids(budget):
    return {p.title: p.pk for p in budget.proposals.all()}


def test_rule_cannot_change_after_first_ballot(make_budget, coordinator):
    budget = make_budget(running="ideas")
    services.budget_rule_change(actor=coordinator, budget=budget, rule="k_approval", max_choices=2)
    # open the vote, cast one ballot
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    services.ballot_cast(budget=budget, choices={ids(budget)["Bandraum"]: 1}, code=code)
    budget.refresh_from_db()
    assert budget.rule_locked and budget.markers.count() == 1 and budget.locked_rule == "k_approval"
    with pytest.raises(ValidationError) as excinfo:
        services.budget_rule_change(
            actor=coordinator, budget=budget, rule="cumulative", points_total=5, points_per_proposal=3
        )
    assert "kann nicht mehr geändert werden" in excinfo.value.messages[0]
    assert "erste Stimmzettel" in excinfo.value.messages[0]
    budget.refresh_from_db()
    assert budget.rule == "k_approval"


def test_database_refuses_rule_change_when_locked(make_budget, coordinator):
    budget = make_budget()
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    services.ballot_cast(budget=budget, choices={ids(budget)["Bandraum"]: 1}, code=code)
    for change in (
        {"rule": "cumulative", "points_total": 5, "points_per_proposal": 3},
        {"amount": 9000},
        {"counting": "greedy"},
        {"rule_locked": False},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Budget.objects.filter(pk=budget.pk).update(**change)


def test_rule_cannot_change_once_voting_started_even_without_ballots(make_budget, coordinator):
    budget = make_budget(running="voting")
    with pytest.raises(ValidationError, match="Die Abstimmung hat am"):
        services.budget_rule_change(actor=coordinator, budget=budget, counting="greedy")


def test_code_votes_once_and_ballot_is_secret(make_budget, coordinator):
    budget = make_budget()
    codes = services.codes_issue(actor=coordinator, budget=budget, count=3, batch="Schule")
    p = ids(budget)
    services.ballot_cast(budget=budget, choices={p["Skaterampe"]: 1}, code=codes[0].lower())
    with pytest.raises(ValidationError, match="schon abgestimmt"):
        services.ballot_cast(budget=budget, choices={p["Bandraum"]: 1}, code=codes[0])
    with pytest.raises(ValidationError, match="kennen wir nicht"):
        services.ballot_cast(budget=budget, choices={p["Bandraum"]: 1}, code="AAAA-BBBB-CCCC")
    assert ballots_cast_count(budget) == 1
    assert [b.choices for b in ballot_contents(budget)] == [((p["Skaterampe"], 1),)]
    # secrecy: the ballot tables have no column pointing at a code, user or time
    names = {f.name for f in Ballot._meta.get_fields()}
    assert names == {"id", "budget", "is_paper", "items"}
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "budget", "ciphertext"}
    assert {f.name for f in VoteMarker._meta.get_fields()} == {"id", "budget", "code", "user", "paper_sheet"}
    # codes are stored only as hashes
    assert not budget.codes.filter(code_hash__icontains=codes[1].replace("-", "")).exists()


def test_database_refuses_second_marker_for_same_code(make_budget, coordinator):
    budget = make_budget()
    services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")
    code = budget.codes.get()
    VoteMarker.objects.create(budget=budget, code=code)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteMarker.objects.create(budget=budget, code=code)


def test_verified_account_votes_once(make_budget, coordinator, resident):
    budget = make_budget(eligibility="accounts")
    p = ids(budget)
    with pytest.raises(PermissionDenied, match="noch nicht freigeschaltet"):
        services.ballot_cast(budget=budget, choices={p["Skaterampe"]: 1}, user=resident)
    services.voter_verify(actor=coordinator, budget=budget, user=resident, note="Schülerausweis gesehen")
    services.ballot_cast(budget=budget, choices={p["Skaterampe"]: 1}, user=resident)
    with pytest.raises(ValidationError, match="schon abgestimmt"):
        services.ballot_cast(budget=budget, choices={p["Bandraum"]: 1}, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteMarker.objects.create(budget=budget, user=resident)


def test_vote_outside_voting_phase_refused(make_budget, coordinator):
    budget = make_budget(running="ideas")
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    with pytest.raises(ValidationError, match="gerade nicht abstimmen"):
        services.ballot_cast(budget=budget, choices={ids(budget)["Skaterampe"]: 1}, code=code)


def test_approval_within_budget(make_budget, coordinator):
    budget = make_budget()  # 6.000 €
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    p = ids(budget)
    with pytest.raises(ValidationError, match=r"kostet zusammen 7\.000 €, das Budget ist aber nur 6\.000 €"):
        services.ballot_cast(budget=budget, choices={p["Skaterampe"]: 1, p["Bandraum"]: 1}, code=code)
    assert not SealedBallot.objects.exists() and not Ballot.objects.exists()
    assert not VoteMarker.objects.exists()


def test_k_approval_and_cumulative_rules(make_budget, coordinator):
    budget = make_budget(rule="k_approval", max_choices=1)
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    p = ids(budget)
    with pytest.raises(ValidationError, match="höchstens 1"):
        services.ballot_cast(budget=budget, choices={p["Bandraum"]: 1, p["Bücherschrank"]: 1}, code=code)
    cumulative = make_budget(rule="cumulative", points_total=5, points_per_proposal=3)
    code = services.codes_issue(actor=coordinator, budget=cumulative, count=1, batch="A")[0]
    q = ids(cumulative)
    with pytest.raises(ValidationError, match="höchstens 3 Punkte"):
        services.ballot_cast(budget=cumulative, choices={q["Bandraum"]: 4}, code=code)
    with pytest.raises(ValidationError, match="6 Punkte verteilt"):
        services.ballot_cast(budget=cumulative, choices={q["Bandraum"]: 3, q["Skaterampe"]: 3}, code=code)
    services.ballot_cast(budget=cumulative, choices={q["Bandraum"]: 3, q["Skaterampe"]: 2}, code=code)
    assert sorted(points for b in ballot_contents(cumulative) for _, points in b.choices) == [2, 3]


def test_not_feasible_proposal_not_on_ballot(make_budget, coordinator):
    budget = make_budget(running="ideas")
    proposal = services.proposal_submit(
        actor=coordinator, budget=budget, title="Brücke", description="…", cost=5000, by_office=True
    )
    with pytest.raises(ValidationError):
        services.proposal_check(actor=coordinator, proposal=proposal, feasible=False, reason="")
    services.proposal_check(
        actor=coordinator,
        proposal=proposal,
        feasible=False,
        reason="Die Brücke gehört dem Land; die Stadt darf dort nicht bauen.",
    )
    proposal.refresh_from_db()
    assert proposal.feasibility == Proposal.Feasibility.NOT_FEASIBLE


def test_paper_ballot_four_eyes(make_budget, coordinator, team):
    budget = make_budget()
    numbers = {p.title: p.number for p in budget.proposals.all()}
    assert (
        services.paper_entry_submit(
            actor=team, budget=budget, sheet="P-001", choices={numbers["Bandraum"]: 1}
        )
        == "waiting"
    )
    assert not SealedBallot.objects.exists() and not Ballot.objects.exists()
    with pytest.raises(ValidationError, match="andere Person"):
        services.paper_entry_submit(
            actor=team, budget=budget, sheet="P-001", choices={numbers["Bandraum"]: 1}
        )
    with pytest.raises(ValidationError, match="weicht von der ersten ab"):
        services.paper_entry_submit(
            actor=coordinator, budget=budget, sheet="P-001", choices={numbers["Skaterampe"]: 1}
        )
    assert not SealedBallot.objects.exists() and not Ballot.objects.exists()
    assert (
        services.paper_entry_submit(
            actor=coordinator, budget=budget, sheet="P-001", choices={numbers["Bandraum"]: 1}
        )
        == "stored"
    )
    [ballot] = ballot_contents(budget)
    assert ballot.is_paper and ballot.choices == ((ids(budget)["Bandraum"], 1),)
    assert VoteMarker.objects.get().paper_sheet == "P-001"
    with pytest.raises(ValidationError, match="bereits erfasst"):
        services.paper_entry_submit(
            actor=coordinator, budget=budget, sheet="P-001", choices={numbers["Bandraum"]: 1}
        )


def test_count_publish_and_export(make_budget, coordinator):
    budget = make_budget()
    p = ids(budget)
    codes = services.codes_issue(actor=coordinator, budget=budget, count=5, batch="A")
    votes = [
        {p["Skaterampe"]: 1},
        {p["Skaterampe"]: 1, p["Bücherschrank"]: 1},
        {p["Bandraum"]: 1},
        {p["Bandraum"]: 1, p["Bücherschrank"]: 1},
        {p["Skaterampe"]: 1},
    ]
    for code, choice in zip(codes, votes, strict=True):
        services.ballot_cast(budget=budget, choices=choice, code=code)
    with pytest.raises(ValidationError, match="erst, wenn die Abstimmung zu Ende"):
        services.budget_count(actor=coordinator, budget=budget)
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    result = services.budget_count(actor=coordinator, budget=budget)
    # by hand, greedy: Skaterampe 3 votes (4.000), Bandraum 2 (3.000 – does not fit in 2.000 left),
    # Bücherschrank 2 (2.000 fits)
    greedy = next(r for r in result["comparison"] if r["rule"] == "greedy")
    assert sorted(greedy["winners"]) == sorted(
        [str(Proposal.objects.get(title=t).number) for t in ("Skaterampe", "Bücherschrank")]
    )
    assert result["ballots"] == 5
    assert all(o["explanation"] for o in result["main"]["outcomes"])
    services.budget_result_publish(actor=coordinator, budget=budget)
    election = read_pb_text(services.budget_export_pb(budget))
    assert len(election.ballots) == 5 and election.budget == 6000


def test_budget_admin_role_matrix(make_budget, team, resident, coordinator, role_user, other_municipality):
    from leuchtfeuer.accounts.models import Role

    budget = make_budget(running="ideas")
    outsider = role_user(Role.KOORDINATION, other_municipality)
    consultant = role_user(Role.BERATUNG, budget.project.municipality)
    for actor in (team, resident, outsider, consultant):
        with pytest.raises(PermissionDenied):
            services.budget_rule_change(actor=actor, budget=budget, counting="greedy")
        with pytest.raises(PermissionDenied):
            services.codes_issue(actor=actor, budget=budget, count=1, batch="X")
    for actor in (resident, outsider, consultant):
        with pytest.raises(PermissionDenied):
            services.proposal_check(
                actor=actor, proposal=budget.proposals.first(), feasible=True, reason="ok"
            )
    # team may check feasibility and enter paper ballots, coordinator may do everything
    services.proposal_check(actor=team, proposal=budget.proposals.first(), feasible=True, reason="ok")
    services.budget_rule_change(actor=coordinator, budget=budget, counting="greedy")


def test_ortsteil_budget_codes_belong_to_the_ortsteil(coordinator, municipality):
    from leuchtfeuer.participation.models import VotingCode
    from leuchtfeuer.places.models import Ortsteil

    nord = Ortsteil.objects.create(municipality=municipality, name="Nord")
    sued = Ortsteil.objects.create(municipality=municipality, name="Süd")
    now = timezone.now()
    project = services.project_create(
        actor=coordinator,
        municipality=municipality,
        kind="budget",
        title="Ortsteilbudget Nord",
        slug="ob-nord",
        summary="…",
        ortsteil=nord,
        phases=[("voting", now - timedelta(hours=1), now + timedelta(days=3))],
        is_published=True,
    )
    budget = services.budget_create(
        actor=coordinator,
        project=project,
        kind="ortsteil",
        amount=5000,
        eligibility="codes",
        eligibility_note="Alle ab 14 in Nord.",
        min_age=14,
    )
    proposal = services.proposal_submit(
        actor=coordinator, budget=budget, title="Bank", description="…", cost=800, by_office=True
    )
    services.proposal_check(actor=coordinator, proposal=proposal, feasible=True, reason="ok")
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="Nord")[0]
    assert VotingCode.objects.get(budget=budget).ortsteil == nord
    # a code that was (wrongly) made for another Ortsteil is refused
    VotingCode.objects.create(
        budget=budget, code_hash=services.code_hash(budget.pk, "SUED-0000-0001"), batch="x", ortsteil=sued
    )
    with pytest.raises(ValidationError, match="anderen Ortsteil"):
        services.ballot_cast(budget=budget, choices={proposal.pk: 1}, code="SUED-0000-0001")
    services.ballot_cast(budget=budget, choices={proposal.pk: 1}, code=code)
    assert ballots_cast_count(budget) == 1
