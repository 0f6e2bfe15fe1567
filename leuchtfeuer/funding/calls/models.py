"""Förderaufrufe: a call of a programme, its elements (questions, data sheet, attachments) and criteria."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from leuchtfeuer.funding.programmes.models import MONEY, Programme


class Call(models.Model):
    """A call for applications (Förderaufruf), configured by the programme office without code."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        PUBLISHED = "veroeffentlicht", "veröffentlicht"
        DECIDED = "entschieden", "entschieden"

    programme = models.ForeignKey(
        Programme,
        verbose_name="Programm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    slug = models.SlugField("Kurzname in Adressen", max_length=80, unique=True)
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    applicant_types = models.JSONField("Antragsberechtigte", default=list)
    short_form = models.BooleanField(
        "Kurzantrag (Mikroförderung)",
        default=False,
        help_text="Vereine und Einzelpersonen stellen einen kurzen Antrag ohne Datenblatt.",
    )
    budget = models.DecimalField("Gesamtbudget (€)", **MONEY)
    max_request = models.DecimalField("höchstens je Antrag (€)", null=True, blank=True, **MONEY)
    deadline = models.DateTimeField("Einreichungsfrist")
    # Budget lines of a grant per year (seed 001: up to 30,000 € consulting, 10,000 € material).
    consulting_cap = models.DecimalField("Beratung je Jahr höchstens (€)", null=True, blank=True, **MONEY)
    material_cap = models.DecimalField("Sachmittel je Jahr höchstens (€)", null=True, blank=True, **MONEY)
    first_year = models.PositiveSmallIntegerField("Förderung ab Jahr")
    last_year = models.PositiveSmallIntegerField("Förderung bis Jahr")
    carry_over = models.BooleanField("Reste ins Folgejahr übertragen", default=False)
    report_required = models.BooleanField("jährlicher Kurzbericht", default=True)
    report_due_month = models.PositiveSmallIntegerField("Kurzbericht fällig im Monat (Folgejahr)", default=1)
    report_due_day = models.PositiveSmallIntegerField("Kurzbericht fällig am Tag", default=31)
    # Diversity rules of the selection.
    land_groups = models.JSONField(
        "Ländergruppen", default=dict, blank=True, help_text="{Name: [Land- oder Kreisschlüssel, …]}"
    )
    min_per_land_group = models.PositiveSmallIntegerField("mindestens je Ländergruppe", null=True, blank=True)
    min_grw_share = models.DecimalField(
        "mindestens Anteil aus GRW-Fördergebieten (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_per_size_class = models.PositiveSmallIntegerField("mindestens je Größenklasse", null=True, blank=True)
    max_per_kreis = models.PositiveSmallIntegerField("höchstens je Kreis", null=True, blank=True)
    max_selected = models.PositiveSmallIntegerField("höchstens Förderungen insgesamt", null=True, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Förderaufruf"
        verbose_name_plural = "Förderaufrufe"
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="funding_call_budget_positive"),
            models.CheckConstraint(
                condition=Q(max_request__isnull=True) | Q(max_request__gt=0), name="funding_call_max_request_positive"
            ),
            models.CheckConstraint(
                condition=Q(consulting_cap__isnull=True) | Q(consulting_cap__gt=0), name="funding_call_consulting_cap_positive"
            ),
            models.CheckConstraint(
                condition=Q(material_cap__isnull=True) | Q(material_cap__gt=0), name="funding_call_material_cap_positive"
            ),
            models.CheckConstraint(condition=Q(first_year__lte=models.F("last_year")), name="funding_call_years_ordered"),
            models.CheckConstraint(
                condition=Q(min_grw_share__isnull=True) | Q(min_grw_share__gte=0, min_grw_share__lte=100),
                name="funding_call_grw_share_range",
            ),
            models.CheckConstraint(
                condition=Q(report_due_month__gte=1, report_due_month__lte=12, report_due_day__gte=1, report_due_day__lte=31),
                name="funding_call_report_due_valid",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class CallItem(models.Model):
    """One configurable element of a call: prerequisite, favourable condition, guiding question,
    data-sheet field or attachment."""

    class Kind(models.TextChoices):
        PREREQUISITE = "voraussetzung", "Voraussetzung (zwingend)"
        FAVOURABLE = "rahmenbedingung", "förderliche Rahmenbedingung"
        QUESTION = "leitfrage", "Leitfrage"
        DATASHEET = "datenblatt", "Datenblatt-Feld"
        ATTACHMENT = "anlage", "Anlage"

    class FieldType(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "zahl", "Zahl"
        YESNO = "janein", "Ja/Nein"

    call = models.ForeignKey(Call, verbose_name="Aufruf", on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    label = models.CharField("Bezeichnung", max_length=300)
    help_text = models.TextField(
        "Erläuterung / verlangter Nachweis",
        blank=True,
        help_text="Bei Voraussetzungen: welcher Nachweis verlangt wird.",
    )
    required = models.BooleanField("Pflicht", default=True)
    field_type = models.CharField(
        "Feldart (Datenblatt)", max_length=10, choices=FieldType.choices, default=FieldType.TEXT
    )
    profile_key = models.CharField(
        "aus dem Kommunalprofil übernehmen",
        max_length=40,
        blank=True,
        help_text="Kennzahl, mit der das Feld vorausgefüllt wird",
    )
    order = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Element eines Aufrufs"
        verbose_name_plural = "Elemente eines Aufrufs"
        ordering = ["call", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="funding_callitem_label_not_empty"),
            models.UniqueConstraint(fields=["call", "kind", "label"], name="funding_callitem_unique_label"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """A scoring criterion of a call with its weight; reviewers give 0 … max_points."""

    call = models.ForeignKey(Call, verbose_name="Aufruf", on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField("Kriterium", max_length=200)
    description = models.TextField("Erläuterung", blank=True)
    weight = models.DecimalField("Gewicht", max_digits=5, decimal_places=2, default=Decimal("1"))
    max_points = models.PositiveSmallIntegerField("höchste Punktzahl", default=5)
    order = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Bewertungskriterium"
        verbose_name_plural = "Bewertungskriterien"
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="funding_criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="funding_criterion_max_points_positive"
            ),
            models.UniqueConstraint(fields=["call", "label"], name="funding_criterion_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label
