"""Beteiligungsprojekte and their phases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

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
