"""Begutachtung: reviewers of a call, declared conflicts, reviews and their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.funding.applications.models import Application
from leuchtfeuer.funding.calls.models import Call, Criterion


class ReviewerAssignment(models.Model):
    """A reviewer assigned to a call by the programme office."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Gutachter:in eines Aufrufs"
        verbose_name_plural = "Gutachter:innen"
        constraints = [models.UniqueConstraint(fields=["call", "reviewer"], name="funding_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.call}"


class ConflictDeclaration(models.Model):
    """A reviewer declares a conflict of interest for one application (and then cannot score it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("Grund", max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Befangenheitserklärung"
        verbose_name_plural = "Befangenheitserklärungen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="funding_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.reason}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="funding_reviews"
    )
    comment = models.TextField("Gesamteinschätzung", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Begutachtung"
        verbose_name_plural = "Begutachtungen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="funding_review_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField("Punkte")
    comment = models.TextField("Begründung", blank=True)

    class Meta:
        verbose_name = "Punktzahl"
        verbose_name_plural = "Punktzahlen"
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="funding_score_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="funding_score_points_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
