"""Förderprogramme (the catalogue with eligibility rules) and a town's funding profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 12, "decimal_places": 2}


class ApplicantType(models.TextChoices):
    KOMMUNE = "kommune", "Kommune"
    VEREIN = "verein", "Verein / Initiative"
    PERSON = "person", "Einzelperson"


class Programme(models.Model):
    """A funding programme in the catalogue, with machine-readable eligibility rules.

    A rule that is empty is not checked (and not invented): programmes seeded from the source
    documents carry only what those documents state and are flagged `needs_completion`.
    """

    slug = models.SlugField("Kurzname", max_length=80, unique=True)
    name = models.CharField("Name", max_length=200)
    sponsor = models.CharField("Fördergeber:in", max_length=200, blank=True)
    summary = models.TextField("Kurzbeschreibung", blank=True)
    facts = models.TextField(
        "Belegte Angaben", blank=True, help_text="Was die Quellen über das Programm sagen."
    )
    source = models.CharField("Quelle", max_length=300, blank=True)
    url = models.URLField("Weitere Informationen", blank=True)
    needs_completion = models.BooleanField("von der Geschäftsstelle zu vervollständigen", default=True)
    is_active = models.BooleanField("im Katalog sichtbar", default=True)
    # Eligibility rules (empty = not checked).
    lands = models.JSONField("Bundesländer (Schlüssel)", default=list, blank=True)
    size_classes = models.JSONField("Größenklassen", default=list, blank=True)
    min_population = models.PositiveIntegerField("mindestens Einwohner:innen", null=True, blank=True)
    max_population = models.PositiveIntegerField("höchstens Einwohner:innen", null=True, blank=True)
    degurba = models.JSONField("Grad der Verstädterung (1–3)", default=list, blank=True)
    applicant_types = models.JSONField("Antragsberechtigte", default=list, blank=True)
    own_contribution_percent = models.DecimalField(
        "Eigenanteil in %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField("Antragsfrist", null=True, blank=True)
    topics = models.JSONField("Förderthemen (Handlungsfelder)", default=list, blank=True)
    max_amount = models.DecimalField("Förderung bis zu (€)", null=True, blank=True, **MONEY)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Förderprogramm"
        verbose_name_plural = "Förderprogramme"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="funding_programme_name_not_empty"),
            models.CheckConstraint(
                condition=Q(own_contribution_percent__isnull=True)
                | Q(own_contribution_percent__gte=0, own_contribution_percent__lte=100),
                name="funding_programme_own_share_range",
            ),
            models.CheckConstraint(
                condition=Q(min_population__isnull=True)
                | Q(max_population__isnull=True)
                | Q(min_population__lte=models.F("max_population")),
                name="funding_programme_population_range",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0),
                name="funding_programme_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingProfile(models.Model):
    """What a municipality states about itself for the fit check (beyond the official data)."""

    municipality = models.OneToOneField(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="funding_profile",
    )
    own_contribution_percent = models.DecimalField(
        "Eigenanteil, den die Kommune aufbringen kann (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Förderprofil einer Kommune"
        verbose_name_plural = "Förderprofile"
        constraints = [
            models.CheckConstraint(
                condition=Q(own_contribution_percent__isnull=True)
                | Q(own_contribution_percent__gte=0, own_contribution_percent__lte=100),
                name="funding_profile_own_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Förderprofil {self.municipality}"
