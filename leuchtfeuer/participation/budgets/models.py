"""Bürger-, Jugend- and Ortsteilbudgets: proposals, voting codes, secret ballots, paper entries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, choices
from leuchtfeuer.participation.projects.models import Project

USER = settings.AUTH_USER_MODEL


# --- Budgets --------------------------------------------------------------------------------------


class Budget(models.Model):
    """A Bürger-, Jugend- or Ortsteilbudget. The voting rule is fixed when the first ballot is cast:
    `rule_locked` and the `locked_*` copy are written in that ballot's transaction, and a
    CheckConstraint makes the database refuse any later change of the rule columns."""

    class Kind(models.TextChoices):
        BUERGER = "buerger", "Bürgerbudget"
        JUGEND = "jugend", "Jugendbudget"
        ORTSTEIL = "ortsteil", "Ortsteilbudget"

    class Rule(models.TextChoices):
        APPROVAL = "approval", "Zustimmung im Rahmen des Budgets"
        K_APPROVAL = "k_approval", "Zustimmung zu höchstens k Vorschlägen"
        CUMULATIVE = "cumulative", "Punkte verteilen (kumulieren)"

    class Counting(models.TextChoices):
        # explained to citizens in engine/counting.py RULE_LABELS and per proposal in the result
        MES_COMPLETE = "mes-complete", "Methode der gleichen Anteile mit Vervollständigung"
        MES = "mes", "Methode der gleichen Anteile"
        MES_COMPARISON = "mes-comparison", "Methode der gleichen Anteile mit Vergleich (wie Wieliczka)"
        GREEDY = "greedy", "Reihenfolge nach Stimmen"
        GREEDY_THRESHOLD = "greedy-threshold", "Reihenfolge nach Stimmen mit Mindeststimmenzahl"
        GREEDY_NO_SKIP = (
            "greedy-no-skip",
            "Reihenfolge nach Stimmen, endet beim ersten Vorschlag, der nicht passt",
        )

    class Eligibility(models.TextChoices):
        CODES = "codes", "Abstimmungscodes per Brief"
        ACCOUNTS = "accounts", "geprüfte Konten"

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="budget")
    kind = models.CharField("Art", max_length=10, choices=Kind.choices)
    amount = models.DecimalField("Budget in Euro", max_digits=12, decimal_places=2)
    max_cost_per_proposal = models.DecimalField(
        "Höchstbetrag je Vorschlag", max_digits=12, decimal_places=2, null=True, blank=True
    )
    rule = models.CharField("Abstimmungsregel", max_length=12, choices=Rule.choices, default=Rule.APPROVAL)
    max_choices = models.PositiveSmallIntegerField("k (höchstens so viele Vorschläge)", null=True, blank=True)
    points_total = models.PositiveSmallIntegerField("Punkte je Person", null=True, blank=True)
    points_per_proposal = models.PositiveSmallIntegerField(
        "höchstens Punkte je Vorschlag", null=True, blank=True
    )
    counting = models.CharField(
        "Zählverfahren", max_length=20, choices=Counting.choices, default=Counting.MES_COMPLETE
    )
    min_votes = models.PositiveIntegerField(
        "Mindeststimmenzahl",
        null=True,
        blank=True,
        help_text="Nur bei „Reihenfolge nach Stimmen mit Mindeststimmenzahl“: so viele Stimmen (bei Punkten: "
        "Punkte) braucht ein Vorschlag mindestens.",
    )
    eligibility = models.CharField("Stimmberechtigung", max_length=10, choices=Eligibility.choices)
    min_age = models.PositiveSmallIntegerField("Mindestalter", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("Höchstalter", null=True, blank=True)
    eligibility_note = models.TextField(
        "Wer darf abstimmen? (einfach erklärt)", help_text="z. B. „Alle zwischen 12 und 21, die in … wohnen.“"
    )
    # the lock (see class docstring)
    rule_locked = models.BooleanField(default=False)
    locked_rule = models.CharField(max_length=12, blank=True)
    locked_counting = models.CharField(max_length=20, blank=True)
    locked_min_votes = models.PositiveIntegerField(null=True, blank=True)
    locked_max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    locked_points_total = models.PositiveSmallIntegerField(null=True, blank=True)
    locked_points_per_proposal = models.PositiveSmallIntegerField(null=True, blank=True)
    locked_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    result = models.JSONField("Ergebnis", null=True, blank=True)
    result_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Budget"
        verbose_name_plural = "Budgets"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="participation_budget_amount_positive"),
            models.CheckConstraint(
                condition=~Q(rule="k_approval") | Q(max_choices__gte=1), name="participation_budget_k_needed"
            ),
            models.CheckConstraint(
                condition=~Q(rule="cumulative") | Q(points_total__gte=1, points_per_proposal__gte=1),
                name="participation_budget_points_needed",
            ),
            models.CheckConstraint(
                condition=~Q(counting="greedy-threshold") | Q(min_votes__gte=1),
                name="participation_budget_min_votes_needed",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="participation_budget_age_range",
            ),
            # the lock is never undone: an unlocked budget has no copy of the rule, and the copy is
            # written with the first ballot (the turnout is counted from the markers)
            models.CheckConstraint(
                condition=Q(rule_locked=True) | Q(locked_rule=""),
                name="participation_budget_lock_kept",
            ),
            # locked → the rule columns equal the copy taken when the first ballot came in
            models.CheckConstraint(
                condition=Q(rule_locked=False)
                | (
                    Q(rule=F("locked_rule"), counting=F("locked_counting"), amount=F("locked_amount"))
                    & (
                        Q(max_choices=F("locked_max_choices"))
                        | Q(max_choices__isnull=True, locked_max_choices__isnull=True)
                    )
                    & (
                        Q(points_total=F("locked_points_total"))
                        | Q(points_total__isnull=True, locked_points_total__isnull=True)
                    )
                    & (
                        Q(points_per_proposal=F("locked_points_per_proposal"))
                        | Q(points_per_proposal__isnull=True, locked_points_per_proposal__isnull=True)
                    )
                    & (
                        Q(min_votes=F("locked_min_votes"))
                        | Q(min_votes__isnull=True, locked_min_votes__isnull=True)
                    )
                ),
                name="participation_budget_rule_unchanged_when_locked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"

    @property
    def municipality_id(self):
        return self.project.municipality_id


class Proposal(models.Model):
    """A budget proposal with its cost and the administration's feasibility check."""

    class Feasibility(models.TextChoices):
        PENDING = "offen", "wird geprüft"
        FEASIBLE = "machbar", "machbar"
        NOT_FEASIBLE = "nicht_machbar", "nicht machbar"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField("Nummer")
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung")
    cost = models.DecimalField("Kosten in Euro", max_digits=12, decimal_places=2)
    handlungsfeld = models.CharField(
        "Handlungsfeld", max_length=40, choices=choices(HANDLUNGSFELDER), blank=True
    )
    ortsteil = models.ForeignKey(
        "places.Ortsteil",
        verbose_name="Ortsteil",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    feasibility = models.CharField(max_length=14, choices=Feasibility.choices, default=Feasibility.PENDING)
    feasibility_reason = models.TextField("Begründung der Prüfung", blank=True)
    checked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Budget-Vorschlag"
        verbose_name_plural = "Budget-Vorschläge"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="participation_proposal_unique_number"),
            models.CheckConstraint(condition=Q(cost__gt=0), name="participation_proposal_cost_positive"),
            models.CheckConstraint(
                condition=Q(feasibility="offen") | ~Q(feasibility_reason=""),
                name="participation_proposal_checked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class VotingCode(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A one-time voting code; only its hash is stored (the code itself is on the printed letter)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.CharField("Druckstapel", max_length=40)
    ortsteil = models.ForeignKey(
        "places.Ortsteil", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class VoterVerification(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """An account the office has checked (age, residence, Ortsteil) for one budget."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="verifications")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    verified_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField("womit geprüft", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="participation_verification_unique"),
        ]


class VoteMarker(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """ "Has voted": one row per used code or per voting account, written in the ballot's transaction.
    UUID keys and no time column, so that the order of markers cannot be matched to ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="markers")
    code = models.OneToOneField(
        VotingCode, on_delete=models.PROTECT, null=True, blank=True, related_name="marker"
    )
    user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paper_sheet = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="participation_marker_one_per_user"),
            models.UniqueConstraint(
                fields=["budget", "paper_sheet"],
                condition=~Q(paper_sheet=""),
                name="participation_marker_one_per_sheet",
            ),
            models.CheckConstraint(
                condition=(
                    Q(code__isnull=False, user__isnull=True, paper_sheet="")
                    | Q(code__isnull=True, user__isnull=False, paper_sheet="")
                    | (Q(code__isnull=True, user__isnull=True) & ~Q(paper_sheet=""))
                ),
                name="participation_marker_one_source",
            ),
        ]


class SealedBallot(models.Model):  # noqa: DJ008 (never shown)
    """A ballot as cast, written in the vote's transaction next to the marker. Everything it says
    (choices, points, paper or online) is encrypted (`engine/seal.py`) under a key derived from
    SECRET_KEY, which is not in the database; no time column, a random key. When the vote is over,
    all sealed ballots of a budget are opened together and stored as `Ballot` rows in random order
    (`ballots.ballots_unseal`), so nothing the database keeps about the vote's transaction
    (row order, PostgreSQL xmin/ctid, SQLite rowid) reaches the readable ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="sealed_ballots")
    ciphertext = models.BinaryField()


class Ballot(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A secret ballot, opened from a `SealedBallot` in a shuffled batch: no link to code, user
    or time; random keys; all rows of a batch written in one transaction."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    is_paper = models.BooleanField(default=False)


class BallotItem(models.Model):  # noqa: DJ008 (rows shown through their parent)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="participation_ballotitem_unique"),
            models.CheckConstraint(
                condition=Q(points__gte=1), name="participation_ballotitem_points_positive"
            ),
        ]


class PaperEntry(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """Four-eyes entry of a paper ballot: the first person's reading waits for a second,
    different person whose reading must match; only then the ballot is stored."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="paper_entries")
    sheet = models.CharField("Nummer des Stimmzettels", max_length=40)
    first_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField()  # {proposal number: points}; invalid sheet = {}
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "sheet"], name="participation_paper_unique_sheet"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("first_by")),
                name="participation_paper_four_eyes",
            ),
        ]
