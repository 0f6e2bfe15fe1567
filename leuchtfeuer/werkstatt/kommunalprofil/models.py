"""Models of the Kommunalprofil stage: the Resilienz-Check, frozen profile snapshots and the
town's own findings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leuchtfeuer.werkstatt.process.models import USER, Process, ProcessOwned


class ResilienceCheck(ProcessOwned):
    """One self-assessment (Resilienz-Check) on the five pillars and ten challenge fields."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="resilience_checks"
    )
    taken_on = models.DateField("durchgeführt am")
    note = models.TextField("Anmerkung", blank=True)
    created_at = models.DateTimeField("gespeichert am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Resilienz-Check"
        verbose_name_plural = "Resilienz-Checks"
        ordering = ["process", "-taken_on", "-id"]
        get_latest_by = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"Resilienz-Check {self.taken_on:%d.%m.%Y}"


class ResilienceAnswer(models.Model):
    """A score 1 (very weak) … 5 (very strong) on one pillar or challenge field, with a note."""

    class Dimension(models.TextChoices):
        PILLAR = "saeule", "Säule der Resilienz"
        CHALLENGE = "feld", "Herausforderungsfeld"

    check_run = models.ForeignKey(
        ResilienceCheck, verbose_name="Resilienz-Check", on_delete=models.CASCADE, related_name="answers"
    )
    dimension = models.CharField("Dimension", max_length=10, choices=Dimension.choices)
    key = models.CharField("Schlüssel", max_length=40)
    score = models.PositiveSmallIntegerField("Einschätzung (1–5)")
    note = models.CharField("Begründung", max_length=500, blank=True)

    class Meta:
        verbose_name = "Antwort im Resilienz-Check"
        verbose_name_plural = "Antworten im Resilienz-Check"
        ordering = ["check_run", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_run", "dimension", "key"], name="werkstatt_resilienceanswer_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="werkstatt_resilienceanswer_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.score}"


class ProfileSnapshot(ProcessOwned):
    """The Kommunalprofil (and, where available, the projection) frozen into the process."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="profile_snapshots"
    )
    region_key = models.CharField("Gebietsschlüssel", max_length=12)
    data_version = models.CharField("Datenstand", max_length=300)
    profile = models.JSONField("Profil")
    projection = models.JSONField("Vorausberechnung", null=True, blank=True)
    taken_at = models.DateTimeField("gesichert am", auto_now_add=True)
    taken_by = models.ForeignKey(
        USER, verbose_name="gesichert von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Kommunalprofil-Stand"
        verbose_name_plural = "Kommunalprofil-Stände"
        ordering = ["process", "-taken_at", "-id"]
        get_latest_by = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"Kommunalprofil {self.region_key} ({self.taken_at:%d.%m.%Y})"


class Finding(ProcessOwned):
    """The town's own qualitative finding on its Kommunalprofil."""

    class Kind(models.TextChoices):
        STRENGTH = "staerke", "Stärke"
        WEAKNESS = "schwaeche", "Schwäche"
        HALTEFAKTOR = "haltefaktor", "Haltefaktor"
        ANZIEHUNGSFAKTOR = "anziehungsfaktor", "Anziehungsfaktor"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    text = models.TextField("Befund")
    created_at = models.DateTimeField("eingetragen am", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Befund"
        verbose_name_plural = "Befunde"
        ordering = ["process", "kind", "id"]

    def __str__(self) -> str:
        return self.text[:60]
