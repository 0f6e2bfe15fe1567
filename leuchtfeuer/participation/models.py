"""Models of the participation part: projects with phases, ideas, comments, ratings, moderation,
budgets with secret ballots, Bürgerrat draws and the youth parliament.

Models hold data and invariants; every change goes through `services.py`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, choices
from leuchtfeuer.participation.phases import PHASE_CHOICES

USER = settings.AUTH_USER_MODEL


class Project(models.Model):
    """A participation project of a municipality (optionally of one Ortsteil)."""

    class Kind(models.TextChoices):
        DIALOG = "dialog", "Bürgerdialog"
        ZUKUNFTSWERKSTATT = "zukunftswerkstatt", "Zukunftswerkstatt"
        QUARTIER = "quartier", "Quartiersversammlung"
        BUDGET = "budget", "Bürger-, Jugend- oder Ortsteilbudget"

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="participation_projects",
    )
    ortsteil = models.ForeignKey(
        "places.Ortsteil",
        verbose_name="Ortsteil",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_projects",
    )
    kind = models.CharField("Art", max_length=20, choices=Kind.choices, default=Kind.DIALOG)
    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField("Kurzname in Adressen", max_length=80)
    summary = models.TextField(
        "Kurz und einfach erklärt",
        help_text="Zwei, drei Sätze in einfacher Sprache: Worum geht es, wer kann mitmachen?",
    )
    description = models.TextField("Beschreibung", blank=True)
    is_published = models.BooleanField("veröffentlicht", default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    transferred_to_werkstatt_at = models.DateTimeField("an die Werkstatt übergeben am", null=True, blank=True)

    class Meta:
        verbose_name = "Beteiligungsprojekt"
        verbose_name_plural = "Beteiligungsprojekte"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="participation_project_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """One phase of a project; what it allows is declared in `phases.PHASES`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("Phase", max_length=20, choices=PHASE_CHOICES)
    starts_at = models.DateTimeField("beginnt am")
    ends_at = models.DateTimeField("endet am")

    class Meta:
        verbose_name = "Phase"
        verbose_name_plural = "Phasen"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="participation_phase_ends_after_start"
            ),
            models.UniqueConstraint(fields=["project", "kind"], name="participation_phase_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()}"


class Moderation(models.TextChoices):
    VISIBLE = "visible", "sichtbar"
    HIDDEN = "hidden", "ausgeblendet"


class Idea(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", "eingereicht"
        REVIEW = "wird_geprueft", "wird geprüft"
        ACCEPTED = "angenommen", "angenommen"
        IN_PROGRESS = "in_umsetzung", "in Umsetzung"
        DONE = "umgesetzt", "umgesetzt"
        DECLINED = "nicht_umsetzbar", "nicht umsetzbar"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="participation_ideas")
    title = models.CharField("Titel", max_length=200)
    text = models.TextField("Beschreibung")
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
    image = models.ImageField("Bild", upload_to="beteiligung/ideen/", blank=True)
    image_alt = models.CharField(
        "Bildbeschreibung",
        max_length=300,
        blank=True,
        help_text="Was ist auf dem Bild zu sehen? (für Screenreader)",
    )
    status = models.CharField("Stand", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    official_answer = models.TextField("Antwort der Verwaltung", blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE)
    moderation_reason = models.TextField("Grund der Moderation", blank=True)
    moderated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Idee"
        verbose_name_plural = "Ideen"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["project", "moderation", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="participation_idea_image_needs_alt"
            ),
            models.CheckConstraint(
                condition=Q(moderation="visible") | ~Q(moderation_reason=""),
                name="participation_idea_hidden_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality_id(self):
        return self.project.municipality_id


class Comment(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A comment on an idea; replies go one level deep (a reply's parent has no parent)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="participation_comments"
    )
    text = models.TextField("Kommentar")
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE)
    moderation_reason = models.TextField("Grund der Moderation", blank=True)
    moderated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Kommentar"
        verbose_name_plural = "Kommentare"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["idea", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation="visible") | ~Q(moderation_reason=""),
                name="participation_comment_hidden_needs_reason",
            ),
        ]


class Rating(models.Model):  # noqa: DJ008 (rows shown through their parent)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=[(1, "dafür"), (-1, "dagegen")])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="participation_rating_one_per_user"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="participation_rating_value"),
        ]


class ContentReport(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A user's report of an idea or comment to the moderators."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reported_by = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("Was ist das Problem?")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(idea__isnull=False, comment__isnull=True) | Q(idea__isnull=True, comment__isnull=False)
                ),
                name="participation_report_one_target",
            ),
        ]


class Appeal(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """The author's objection to a moderation decision, decided by another moderator."""

    class Outcome(models.TextChoices):
        OPEN = "offen", "offen"
        RESTORED = "wiederhergestellt", "wiederhergestellt"
        UPHELD = "bestaetigt", "Entscheidung bestätigt"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="appeals")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="appeals"
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("Begründung des Einspruchs")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(idea__isnull=False, comment__isnull=True) | Q(idea__isnull=True, comment__isnull=False)
                ),
                name="participation_appeal_one_target",
            ),
            models.UniqueConstraint(
                fields=["idea"], condition=Q(outcome="offen"), name="participation_appeal_one_open_per_idea"
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(outcome="offen"),
                name="participation_appeal_one_open_per_comment",
            ),
        ]


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
    ballot_count = models.PositiveIntegerField(default=0)
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
            # a ballot exists → the rule is locked
            models.CheckConstraint(
                condition=Q(ballot_count=0) | Q(rule_locked=True),
                name="participation_budget_locked_with_ballots",
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


# --- Bürgerrat ------------------------------------------------------------------------------------


class Assembly(models.Model):
    """A Bürgerrat drawn by stratified lottery from the replies to invitation letters."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="assemblies"
    )
    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.TextField("Kurz und einfach erklärt")
    panel_size = models.PositiveSmallIntegerField("Anzahl der Plätze")
    categories = models.JSONField("Merkmale", default=list)  # ["Alter", "Geschlecht", "Ortsteil", …]
    quotas = models.JSONField("Quoten", default=dict)  # {category: {value: [min, max]}}
    quota_source = models.TextField("Herkunft der Quoten", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Bürgerrat"
        verbose_name_plural = "Bürgerräte"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="participation_assembly_unique_slug"
            ),
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="participation_assembly_size"),
        ]

    def __str__(self) -> str:
        return self.title


class PoolMember(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A respondent who agreed to be in the pool (consent recorded when the reply was entered)."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="pool")
    key = models.CharField("Kennung", max_length=40)
    features = models.JSONField()
    household = models.CharField(max_length=200, blank=True)
    dropped_out = models.BooleanField("abgesagt", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "key"], name="participation_pool_unique_key"),
        ]


class AssemblyDraw(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """One draw (first draw or replacement), with everything needed to repeat it."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="draws")
    is_replacement = models.BooleanField(default=False)
    seed = models.BigIntegerField()
    algorithm_requested = models.CharField(max_length=20)
    algorithm_used = models.CharField(max_length=20)
    fallback_reason = models.TextField(blank=True)
    inputs_sha256 = models.CharField(max_length=64)
    selected = models.JSONField()
    # replacement draws: the members who cancelled and whose seats this draw filled
    dropped = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField()
    min_probability = models.FloatField()
    probabilities_exact = models.BooleanField(default=True)
    quotas_used = models.JSONField()
    seconds = models.FloatField()
    library_version = models.CharField(max_length=60, blank=True)
    drawn_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["drawn_at"]


# --- Youth parliament ----------------------------------------------------------------------------


class YouthParliament(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="youth_parliaments"
    )
    name = models.CharField("Name", max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.TextField("Kurz und einfach erklärt")
    contact = models.CharField("Kontakt", max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="participation_youth_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class YouthMember(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A member, shown with the name they agreed to show (first name or nickname)."""

    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField("angezeigter Name", max_length=100)
    role = models.CharField("Aufgabe", max_length=100, blank=True)
    since = models.DateField("dabei seit")
    until = models.DateField("bis", null=True, blank=True)
    consent_given = models.BooleanField("Einverständnis zur Veröffentlichung", default=False)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True), name="participation_youth_member_consent"
            ),
        ]


class YouthMeeting(models.Model):  # noqa: DJ008 (rows shown through their parent)
    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateTimeField("Termin")
    place = models.CharField("Ort", max_length=200)
    agenda = models.TextField("Tagesordnung")
    minutes = models.TextField("Protokoll", blank=True)

    class Meta:
        ordering = ["-date"]


class YouthMotion(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A motion of the youth parliament to the council, and the council's answer."""

    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", "eingereicht"
        IN_COUNCIL = "im_rat", "im Stadtrat"
        ANSWERED = "beantwortet", "beantwortet"

    parliament = models.ForeignKey(YouthParliament, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField("Titel", max_length=200)
    text = models.TextField("Antrag")
    submitted_on = models.DateField("eingereicht am")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    council_answer = models.TextField("Antwort des Stadtrats", blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="beantwortet") | ~Q(council_answer=""),
                name="participation_motion_answer_text",
            ),
        ]
