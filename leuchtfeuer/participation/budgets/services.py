"""Writes for a budget: create, voting rule, proposals and their feasibility check, voting codes, voter verification. Keyword-only, authorised, atomic, audited; German errors."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.participation.budgets.models import (
    Ballot,
    Budget,
    Proposal,
    SealedBallot,
    VoteMarker,
    VoterVerification,
    VotingCode,
)
from leuchtfeuer.participation.common import clean_text, notify, require_login, require_phase
from leuchtfeuer.participation.engine import counting
from leuchtfeuer.participation.projects.models import Project
from leuchtfeuer.places.models import Ortsteil

# --- budgets ------------------------------------------------------------------------------------

RULE_FIELDS = (
    "rule",
    "counting",
    "max_choices",
    "points_total",
    "points_per_proposal",
    "amount",
    "min_votes",
)


def _check_rule(data: dict[str, Any]) -> None:
    rule = data["rule"]
    if rule not in Budget.Rule.values:
        raise ValidationError({"rule": f"Unbekannte Abstimmungsregel „{rule}“."})
    if data["counting"] not in Budget.Counting.values:
        raise ValidationError({"counting": f"Unbekanntes Zählverfahren „{data['counting']}“."})
    if rule == Budget.Rule.K_APPROVAL and not data.get("max_choices"):
        raise ValidationError({"max_choices": "Bei „höchstens k Vorschläge“ bitte k angeben (mindestens 1)."})
    if rule == Budget.Rule.CUMULATIVE and not (data.get("points_total") and data.get("points_per_proposal")):
        raise ValidationError(
            {"points_total": "Beim Punkte-Verteilen bitte Punkte je Person und je Vorschlag angeben."}
        )
    if Decimal(data["amount"]) <= 0:
        raise ValidationError({"amount": "Das Budget muss größer als 0 € sein."})
    if data["counting"] == Budget.Counting.GREEDY_THRESHOLD and not data.get("min_votes"):
        raise ValidationError(
            {
                "min_votes": "Bei „Reihenfolge nach Stimmen mit Mindeststimmenzahl“ bitte die Mindeststimmenzahl angeben."
            }
        )
    if data["counting"] != Budget.Counting.GREEDY_THRESHOLD:
        data["min_votes"] = None  # only that rule has a minimum; keep no stale number


@transaction.atomic
def budget_create(
    *,
    actor: Actor,
    project: Project,
    kind: str,
    amount: Decimal | int | str,
    eligibility: str,
    eligibility_note: str,
    rule: str = "approval",
    counting: str = "mes-complete",
    min_votes: int | None = None,
    max_choices: int | None = None,
    points_total: int | None = None,
    points_per_proposal: int | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    max_cost_per_proposal: Decimal | int | None = None,
) -> Budget:
    require(actor, "participation.manage_budget", project.municipality)
    if project.kind != Project.Kind.BUDGET:
        raise ValidationError("Ein Budget gehört zu einem Projekt der Art „Budget“.")
    data = {
        "rule": rule,
        "counting": counting,
        "min_votes": min_votes,
        "max_choices": max_choices,
        "points_total": points_total,
        "points_per_proposal": points_per_proposal,
        "amount": Decimal(str(amount)),
    }
    _check_rule(data)
    if kind == Budget.Kind.ORTSTEIL and project.ortsteil is None:
        raise ValidationError({"kind": "Ein Ortsteilbudget braucht ein Projekt, das einem Ortsteil gehört."})
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError(
            {"min_age": f"Das Mindestalter {min_age} liegt über dem Höchstalter {max_age}."}
        )
    if eligibility not in Budget.Eligibility.values:
        raise ValidationError({"eligibility": f"Unbekannte Art der Stimmberechtigung „{eligibility}“."})
    budget = Budget.objects.create(
        project=project,
        kind=kind,
        eligibility=eligibility,
        eligibility_note=clean_text(eligibility_note, "eligibility_note", "Wer darf abstimmen?"),
        min_age=min_age,
        max_age=max_age,
        max_cost_per_proposal=max_cost_per_proposal,
        **data,
    )
    audit_record(
        actor=actor,
        action="participation.budget_create",
        target=budget,
        municipality=project.municipality,
        summary=f"{budget.get_kind_display()} über {counting_euro(budget.amount)} angelegt ({budget.get_rule_display()})",
    )
    return budget


def counting_euro(value: Decimal | int | str) -> str:
    return counting.euro(Fraction(str(value)))


RULE_LOCKED_MESSAGE = (
    "Die Abstimmungsregel kann nicht mehr geändert werden: Seit der erste Stimmzettel abgegeben wurde, "
    "gilt sie unverändert bis zum Ende (damit niemand nachträglich die Spielregeln ändert)."
)


@transaction.atomic
def budget_rule_change(*, actor: Actor, budget: Budget, **changes: Any) -> Budget:
    """Change rule, counting, k, points or amount – only before the vote starts and before any ballot."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    require(actor, "participation.manage_budget", budget.project.municipality)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Diese Angaben gehören nicht zur Abstimmungsregel: {', '.join(sorted(unknown))}."
        )
    if (
        budget.rule_locked
        or VoteMarker.objects.filter(budget=budget).exists()
        or Ballot.objects.filter(budget=budget).exists()
        or SealedBallot.objects.filter(budget=budget).exists()
    ):
        raise ValidationError(RULE_LOCKED_MESSAGE)
    voting = budget.project.phases.filter(kind="voting").first()
    if voting is not None and voting.starts_at <= timezone.now():
        raise ValidationError(
            "Die Abstimmungsregel kann nicht mehr geändert werden: Die Abstimmung hat am "
            f"{timezone.localtime(voting.starts_at):%d.%m.%Y um %H:%M} Uhr begonnen."
        )
    data = {field: getattr(budget, field) for field in RULE_FIELDS}
    data.update(changes)
    if "amount" in changes:
        data["amount"] = Decimal(str(changes["amount"]))
    _check_rule(data)
    diff = field_changes(budget, data)
    for field, value in data.items():
        setattr(budget, field, value)
    budget.save(update_fields=list(RULE_FIELDS))
    audit_record(
        actor=actor,
        action="participation.budget_rule_change",
        target=budget,
        municipality=budget.project.municipality,
        summary="Abstimmungsregel geändert",
        changes=diff,
    )
    return budget


@transaction.atomic
def proposal_submit(
    *,
    actor: Actor,
    budget: Budget,
    title: str,
    description: str,
    cost: Decimal | int | str,
    handlungsfeld: str = "",
    ortsteil: Ortsteil | None = None,
    by_office: bool = False,
) -> Proposal:
    if by_office:
        require(actor, "participation.check_feasibility", budget.project.municipality)
    else:
        require_login(actor)
        require_phase(budget.project, "propose")
    try:
        cost = Decimal(str(cost))
    except Exception:
        raise ValidationError({"cost": f"„{cost}“ ist kein Betrag."}) from None
    if cost <= 0:
        raise ValidationError({"cost": "Die Kosten müssen größer als 0 € sein."})
    if cost > budget.amount:
        raise ValidationError(
            {"cost": f"Die Kosten sind höher als das ganze Budget ({counting_euro(budget.amount)})."}
        )
    if budget.max_cost_per_proposal and cost > budget.max_cost_per_proposal:
        raise ValidationError(
            {"cost": f"Ein Vorschlag darf höchstens {counting_euro(budget.max_cost_per_proposal)} kosten."}
        )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    number = (budget.proposals.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    proposal = Proposal.objects.create(
        budget=budget,
        number=number,
        title=clean_text(title, "title", "Titel", max_length=200),
        description=clean_text(description, "description", "Beschreibung", max_length=5000),
        cost=cost,
        handlungsfeld=handlungsfeld or "",
        ortsteil=ortsteil,
        submitted_by=actor if actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="participation.proposal_submit",
        target=proposal,
        municipality=budget.project.municipality,
        summary=f"Vorschlag {number} „{proposal.title}“",
    )
    return proposal


@transaction.atomic
def proposal_check(*, actor: Actor, proposal: Proposal, feasible: bool, reason: str) -> Proposal:
    budget = proposal.budget
    require(actor, "participation.check_feasibility", budget.project.municipality)
    if budget.rule_locked:
        raise ValidationError("Die Abstimmung läuft; die Liste der Vorschläge steht fest.")
    proposal.feasibility = Proposal.Feasibility.FEASIBLE if feasible else Proposal.Feasibility.NOT_FEASIBLE
    proposal.feasibility_reason = clean_text(reason, "reason", "Begründung", max_length=3000)
    proposal.checked_by = cast(User, actor)  # safe: only signed-in users hold participation.check_feasibility
    proposal.checked_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="participation.proposal_check",
        target=proposal,
        municipality=budget.project.municipality,
        summary=f"Vorschlag {proposal.number}: {proposal.get_feasibility_display()} – {proposal.feasibility_reason}",
    )
    notify(
        proposal.submitted_by,
        f"Prüfung Ihres Vorschlags „{proposal.title}“",
        f"Ergebnis der Prüfung: {proposal.get_feasibility_display()}.\n\nBegründung: {proposal.feasibility_reason}",
    )
    return proposal


CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum()).replace("O", "0").replace("I", "1")


def code_hash(budget_id: int, code: str) -> str:
    return hashlib.sha256(f"leuchtfeuer-code:{budget_id}:{normalise_code(code)}".encode()).hexdigest()


def codes_issue_check(*, actor: Actor, budget: Budget, count: int, batch: str) -> str:
    """The checks of `codes_issue`, creating nothing (German errors): the office learns at once
    what is wrong before the letters are built in the background. Returns the cleaned batch name."""
    require(actor, "participation.manage_budget", budget.project.municipality)
    if budget.eligibility != Budget.Eligibility.CODES:
        raise ValidationError("Dieses Budget arbeitet mit geprüften Konten, nicht mit Codes.")
    if not 1 <= count <= 20000:
        raise ValidationError({"count": "Bitte zwischen 1 und 20.000 Codes auf einmal erzeugen."})
    return clean_text(batch, "batch", "Bezeichnung des Druckstapels", max_length=40)


@transaction.atomic
def codes_issue(
    *, actor: Actor, budget: Budget, count: int, batch: str, ortsteil: Ortsteil | None = None
) -> list[str]:
    """Create `count` one-time codes; returns them in clear ONCE (for the letters), stores hashes."""
    batch = codes_issue_check(actor=actor, budget=budget, count=count, batch=batch)
    if budget.project.ortsteil_id is not None:
        # an Ortsteil's budget: every code belongs to that Ortsteil
        ortsteil = budget.project.ortsteil
    codes = []
    rows = []
    for _ in range(count):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        codes.append(code)
        rows.append(
            VotingCode(budget=budget, code_hash=code_hash(budget.pk, code), batch=batch, ortsteil=ortsteil)
        )
    VotingCode.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="participation.codes_issue",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"{count} Abstimmungscodes erzeugt (Stapel {batch})",
    )
    return codes


@transaction.atomic
def voter_verify(*, actor: Actor, budget: Budget, user: User, note: str) -> VoterVerification:
    require(actor, "participation.manage_budget", budget.project.municipality)
    if budget.eligibility != Budget.Eligibility.ACCOUNTS:
        raise ValidationError("Dieses Budget arbeitet mit Codes; Konten werden nicht freigeschaltet.")
    verification, _ = VoterVerification.objects.get_or_create(
        budget=budget,
        user=user,
        defaults={"verified_by": actor, "note": clean_text(note, "note", "womit geprüft", max_length=200)},
    )
    audit_record(
        actor=actor,
        action="participation.voter_verify",
        target=budget,
        municipality=budget.project.municipality,
        summary=f"Konto {user.email} als stimmberechtigt geprüft ({note})",
    )
    return verification
