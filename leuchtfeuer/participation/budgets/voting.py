"""Casting a ballot: validation against the rule, secret storage, online and paper (entered twice). German errors."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.core.permissions import require
from leuchtfeuer.participation.ballots import ballot_seal
from leuchtfeuer.participation.budgets.models import (
    Budget,
    PaperEntry,
    Proposal,
    VoteMarker,
    VoterVerification,
    VotingCode,
)
from leuchtfeuer.participation.budgets.selectors import ballot_proposals
from leuchtfeuer.participation.budgets.services import code_hash, counting_euro, normalise_code
from leuchtfeuer.participation.common import clean_text, require_login, require_phase
from leuchtfeuer.participation.projects.models import Phase, Project


def ballot_validate(
    budget: Budget, choices: dict[int, int], proposals: dict[int, Proposal]
) -> dict[int, int]:
    """Check a ballot against the budget's rule. choices: {proposal id: points}. German errors."""
    clean = {}
    for pid, points in choices.items():
        if pid not in proposals:
            raise ValidationError("Der Stimmzettel enthält einen Vorschlag, der nicht zur Abstimmung steht.")
        try:
            points = int(points)
        except (TypeError, ValueError):
            raise ValidationError(
                f"Vorschlag {proposals[pid].number}: „{points}“ ist keine Punktzahl."
            ) from None
        if points < 0:
            raise ValidationError(f"Vorschlag {proposals[pid].number}: Punkte können nicht negativ sein.")
        if points:
            clean[pid] = points
    if not clean:
        raise ValidationError("Bitte wählen Sie mindestens einen Vorschlag aus.")
    if budget.rule in (Budget.Rule.APPROVAL, Budget.Rule.K_APPROVAL) and any(p != 1 for p in clean.values()):
        raise ValidationError("Bei dieser Abstimmung kreuzen Sie Vorschläge an; Punkte gibt es nicht.")
    if budget.rule == Budget.Rule.APPROVAL:
        total = sum(proposals[pid].cost for pid in clean)
        if total > budget.amount:
            raise ValidationError(
                f"Ihre Auswahl kostet zusammen {counting_euro(total)}, das Budget ist aber nur "
                f"{counting_euro(budget.amount)}. Bitte wählen Sie weniger aus."
            )
    # casts: _check_rule requires k for K_APPROVAL and both point limits for CUMULATIVE
    if budget.rule == Budget.Rule.K_APPROVAL and len(clean) > cast(int, budget.max_choices):
        raise ValidationError(
            f"Sie haben {len(clean)} Vorschläge angekreuzt; erlaubt sind höchstens {budget.max_choices}."
        )
    if budget.rule == Budget.Rule.CUMULATIVE:
        if sum(clean.values()) > cast(int, budget.points_total):
            raise ValidationError(
                f"Sie haben {sum(clean.values())} Punkte verteilt; Sie haben aber nur {budget.points_total}."
            )
        too_many = [
            proposals[pid].number for pid, pts in clean.items() if pts > cast(int, budget.points_per_proposal)
        ]
        if too_many:
            raise ValidationError(
                f"Vorschlag {too_many[0]}: höchstens {budget.points_per_proposal} Punkte je Vorschlag."
            )
    return clean


def _lock_and_store(budget: Budget, clean: dict[int, int], *, is_paper: bool, capacity: int) -> None:
    """Write the ballot sealed (see `ballots.py`: readable only after the vote, mixed with all
    others) and, with the first ballot, lock the rule — in the caller's transaction.

    `budget` is the row as read in that transaction. Once the rule is locked it stays locked (a
    CheckConstraint refuses any later change of the rule columns), so later ballots write nothing
    to the budget row: no row every voter has to queue for (a same-instant burst of ballots would
    otherwise commit one after another, each waiting for its own disk flush). The first ballot's
    UPDATE copies the rule columns into `locked_*` and only matches if the rule is still the one
    this ballot was checked against; otherwise nothing is stored. The turnout is counted from the
    "has voted" markers (one per ballot), not kept in a counter.
    """
    ballot_seal(budget=budget, choices=clean, is_paper=is_paper, capacity=capacity)
    if budget.rule_locked:
        return
    updated = Budget.objects.filter(
        pk=budget.pk,
        rule=budget.rule,
        counting=budget.counting,
        amount=budget.amount,
        max_choices=budget.max_choices,
        points_total=budget.points_total,
        points_per_proposal=budget.points_per_proposal,
        min_votes=budget.min_votes,
    ).update(
        rule_locked=True,
        locked_rule=F("rule"),
        locked_counting=F("counting"),
        locked_max_choices=F("max_choices"),
        locked_points_total=F("points_total"),
        locked_points_per_proposal=F("points_per_proposal"),
        locked_min_votes=F("min_votes"),
        locked_amount=F("amount"),
    )
    if updated != 1:
        raise ValidationError("Die Abstimmungsregel wurde gerade geändert. Bitte laden Sie die Seite neu.")


def _voting_open(now) -> dict:
    """Lookups (from a row with a `budget`) that hold only while the budget's project is published
    and its voting phase runs, as stored now: the ballot's own transaction decides by them, not by
    the copy of the project the page was built from (which may be a few seconds old, see
    `pages.ballot_page_or_404`)."""
    return {
        "budget__project__is_published": True,
        "budget__project__phases__kind": "voting",
        "budget__project__phases__starts_at__lte": now,
        "budget__project__phases__ends_at__gt": now,
    }


def _usable_code(budget: Budget, hashed: str) -> tuple[int, int | None] | None:
    """(id, Ortsteil id) of the budget's voting code with this hash, if the code exists and the
    budget's project is published and its voting phase runs now (as stored); otherwise None.

    The same condition as `_voting_open`, written as one statement: this is the one query every
    ballot of a same-instant burst runs, and Django's query compiler spends ~1.1 ms of CPU on the
    three-table join against ~0.1 ms for the statement itself (benchmarks/load_production.py,
    docs/operations.md). Names come from the models; the parameters are bound, never formatted in.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_usable_code_sql(), [budget.pk, hashed, True, "voting", now, now])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


@functools.cache
def _usable_code_sql() -> str:
    code, bud = VotingCode._meta, Budget._meta
    project, phase = Project._meta, Phase._meta
    # table and column names from the models, values as bound parameters
    select = f"SELECT c.{_col(code, 'id')}, c.{_col(code, 'ortsteil')} FROM {_q(code.db_table)} c"  # noqa: S608
    return " ".join(
        [
            select,
            f"JOIN {_q(bud.db_table)} b ON b.{_col(bud, 'id')} = c.{_col(code, 'budget')}",
            f"JOIN {_q(project.db_table)} p ON p.{_col(project, 'id')} = b.{_col(bud, 'project')}",
            f"JOIN {_q(phase.db_table)} f ON f.{_col(phase, 'project')} = p.{_col(project, 'id')}",
            f"WHERE c.{_col(code, 'budget')} = %s AND c.{_col(code, 'code_hash')} = %s",
            f"AND p.{_col(project, 'is_published')} = %s AND f.{_col(phase, 'kind')} = %s",
            f"AND f.{_col(phase, 'starts_at')} <= %s AND f.{_col(phase, 'ends_at')} > %s",
        ]
    )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _col(meta, field: str) -> str:
    return _q(meta.get_field(field).column)


def _require_voting_open(project: Project) -> None:
    """The German refusal when voting is closed by the stored phases (read fresh)."""
    require_phase(Project.objects.prefetch_related("phases").get(pk=project.pk), "vote")


def _voting_proposals(budget: Budget) -> dict[int, Proposal]:
    return {p.pk: p for p in ballot_proposals(budget)}


def ballot_cast(
    *,
    budget: Budget,
    choices: dict[int, int],
    code: str = "",
    user: Actor | None = None,
    proposals: Iterable[Proposal] | None = None,
) -> None:
    """Cast a secret ballot with a one-time code or a verified account.

    In one transaction: check the phase, the rule and eligibility, write the "has voted" marker
    (unique per code / per user: the database refuses a second one, also from a concurrent request),
    write the ballot sealed (no link to code, user or time; opened only with all others after the
    vote, in random order) and, with the first ballot, lock the rule.

    `proposals`: the feasible proposals as the vote page read them (the list is fixed once voting
    has begun: `proposal_check` refuses changes after the rule is locked); read here when omitted.
    The budget's project with its phases is taken from `budget` when the caller has it loaded.
    """
    project = budget.project
    try:
        with transaction.atomic():
            if not budget.rule_locked:
                # Before the first ballot the rule may still change: check against the row as it
                # is now. Once locked it can never change again (CheckConstraints), so the
                # caller's copy of a locked budget is as good as a fresh one.
                budget = Budget.objects.get(pk=budget.pk)
                budget.project = project
            require_phase(project, "vote")
            on_ballot = {p.pk: p for p in proposals} if proposals is not None else _voting_proposals(budget)
            clean = ballot_validate(budget, choices, on_ballot)
            if budget.eligibility == Budget.Eligibility.CODES:
                if not normalise_code(code):
                    raise ValidationError({"code": "Bitte geben Sie den Code aus Ihrem Brief ein."})
                voting_code = _usable_code(budget, code_hash(budget.pk, code))
                if voting_code is None:
                    _require_voting_open(project)
                    raise ValidationError(
                        {
                            "code": "Diesen Code kennen wir nicht. Bitte prüfen Sie die Schreibweise (Groß/klein egal)."
                        }
                    )
                code_id, code_ortsteil_id = voting_code
                if budget.project.ortsteil_id and code_ortsteil_id not in (None, budget.project.ortsteil_id):
                    raise ValidationError(
                        {
                            "code": f"Dieser Code gilt für einen anderen Ortsteil als {budget.project.ortsteil}."
                        }
                    )
                # a second use of the code is refused by the database (unique marker), see below
                VoteMarker.objects.create(budget=budget, code_id=code_id)
            else:
                require_login(user)
                voter = cast(User, user)  # safe: require_login above rejects None and anonymous users
                if not VoterVerification.objects.filter(
                    budget=budget, user=voter, **_voting_open(timezone.now())
                ).exists():
                    _require_voting_open(project)
                    raise PermissionDenied(
                        "Ihr Konto ist für diese Abstimmung noch nicht freigeschaltet. "
                        + budget.eligibility_note
                    )
                if VoteMarker.objects.filter(budget=budget, user=voter).exists():
                    raise ValidationError("Sie haben schon abgestimmt. Jede Person stimmt einmal ab.")
                VoteMarker.objects.create(budget=budget, user=voter)
            _lock_and_store(budget, clean, is_paper=False, capacity=len(on_ballot))
    except IntegrityError:
        # The code or account has voted already (earlier, or a concurrent request won the race):
        # the unique "has voted" marker refused this one, and nothing of this ballot was stored.
        if budget.eligibility == Budget.Eligibility.CODES:
            raise ValidationError(
                {"code": "Mit diesem Code wurde schon abgestimmt. Jeder Code gilt nur einmal."}
            ) from None
        raise ValidationError("Sie haben schon abgestimmt. Jede Person stimmt einmal ab.") from None


@transaction.atomic
def paper_entry_submit(*, actor: Actor, budget: Budget, sheet: str, choices: dict[int, int]) -> str:
    """Four-eyes entry of a paper ballot. choices are keyed by proposal NUMBER (as printed).

    Returns "waiting" after the first entry, "stored" when a second, different person's entry
    matches (the ballot is then stored), and raises when the second entry differs.
    """
    budget = Budget.objects.select_for_update().select_related("project").get(pk=budget.pk)
    require(actor, "participation.enter_paper_ballot", budget.project.municipality)
    sheet = clean_text(sheet, "sheet", "Nummer des Stimmzettels", max_length=40)
    by_number = {p.number: p for p in _voting_proposals(budget).values()}
    try:
        normalised = {int(k): int(v) for k, v in choices.items() if int(v)}
    except (TypeError, ValueError):
        raise ValidationError("Bitte nur ganze Zahlen eintragen.") from None
    unknown = [n for n in normalised if n not in by_number]
    if unknown:
        raise ValidationError(f"Stimmzettel {sheet}: Vorschlag Nr. {unknown[0]} steht nicht zur Abstimmung.")
    entry = PaperEntry.objects.select_for_update().filter(budget=budget, sheet=sheet).first()
    stored_form = {str(k): v for k, v in sorted(normalised.items())}
    if entry is None:
        # validate now so that the first person learns about an invalid sheet at once
        ballot_validate(
            budget, {by_number[n].pk: v for n, v in normalised.items()}, _voting_proposals(budget)
        )
        # safe cast: only signed-in users hold participation.enter_paper_ballot (require above)
        PaperEntry.objects.create(budget=budget, sheet=sheet, first_by=cast(User, actor), choices=stored_form)
        audit_record(
            actor=actor,
            action="participation.paper_first",
            target=budget,
            municipality=budget.project.municipality,
            summary=f"Papierstimmzettel {sheet}: erste Erfassung",
        )
        return "waiting"
    if entry.confirmed_at is not None:
        raise ValidationError(f"Stimmzettel {sheet} ist bereits erfasst und bestätigt.")
    if entry.first_by_id == actor.pk:
        raise ValidationError(
            f"Stimmzettel {sheet}: Die zweite Erfassung muss eine andere Person machen (Vier-Augen-Prinzip)."
        )
    if entry.choices != stored_form:
        audit_record(
            actor=actor,
            action="participation.paper_mismatch",
            target=budget,
            municipality=budget.project.municipality,
            summary=f"Papierstimmzettel {sheet}: Erfassungen weichen ab",
        )
        raise ValidationError(
            f"Stimmzettel {sheet}: Ihre Erfassung weicht von der ersten ab. Bitte den Zettel gemeinsam prüfen; "
            "gespeichert wurde nichts."
        )
    proposals = _voting_proposals(budget)
    clean = ballot_validate(budget, {by_number[n].pk: v for n, v in normalised.items()}, proposals)
    VoteMarker.objects.create(budget=budget, paper_sheet=sheet)
    _lock_and_store(budget, clean, is_paper=True, capacity=len(proposals))
    entry.confirmed_by = cast(User, actor)  # safe: only signed-in users hold participation.enter_paper_ballot
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="participation.paper_confirm",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Papierstimmzettel {sheet}: bestätigt und gezählt",
    )
    return "stored"
