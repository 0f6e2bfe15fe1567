"""Ideas with comments, ratings, reports, moderation and appeals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, choices
from leuchtfeuer.participation.projects.models import Project

USER = settings.AUTH_USER_MODEL


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
