"""Models of the Werkstattplan: Handlungsfelder, goals, measures with their budget lines,
indicators with readings, and the adopted plan versions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from leuchtfeuer.werkstatt.process.models import USER, Process, ProcessOwned


class Handlungsfeld(ProcessOwned):
    """A field of action of this town (start set from core.taxonomy.HANDLUNGSFELDER, editable)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="handlungsfelder"
    )
    key = models.SlugField("Kurzname", max_length=60)
    label = models.CharField("Bezeichnung", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    # True when the field comes from the shared vocabulary (core.taxonomy), False for own fields.
    from_taxonomy = models.BooleanField("aus dem Programm-Katalog", default=False)
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Handlungsfeld"
        verbose_name_plural = "Handlungsfelder"
        ordering = ["process", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="werkstatt_handlungsfeld_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class Goal(ProcessOwned):
    """A goal within one Handlungsfeld of the Werkstattplan."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="goals"
    )
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, verbose_name="Handlungsfeld", on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField("Ziel", max_length=300)
    description = models.TextField("Beschreibung", blank=True)
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Ziel"
        verbose_name_plural = "Ziele"
        ordering = ["process", "handlungsfeld__position", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Measure(ProcessOwned):
    """A measure (Maßnahme) of the Werkstattplan."""

    class Status(models.TextChoices):
        PLANNED = "geplant", "geplant"
        RUNNING = "laufend", "in Umsetzung"
        DONE = "abgeschlossen", "abgeschlossen"
        PAUSED = "zurueckgestellt", "zurückgestellt"
        DROPPED = "verworfen", "verworfen"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="measures"
    )
    # RESTRICT, not PROTECT: a field with measures cannot be deleted on its own, but deleting the
    # whole process (or municipality) takes both along.
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, verbose_name="Handlungsfeld", on_delete=models.RESTRICT, related_name="measures"
    )
    goal = models.ForeignKey(
        Goal, verbose_name="Ziel", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    # Keys of core.taxonomy.LIFE_PHASES.
    target_groups = models.JSONField("Zielgruppen", default=list, blank=True)
    responsible = models.CharField("verantwortlich", max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        USER,
        verbose_name="verantwortliches Konto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_measures",
    )
    partners = models.TextField("Partner", blank=True)
    start = models.DateField("Beginn", null=True, blank=True)
    end = models.DateField("Ende", null=True, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField("Stand der Umsetzung", blank=True)
    # A projection scenario (projections.Scenario) showing what the measure could change.
    scenario = models.ForeignKey(
        "projections.Scenario",
        verbose_name="Szenario der Vorausberechnung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="werkstatt_measures",
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Maßnahme"
        verbose_name_plural = "Maßnahmen"
        ordering = ["process", "handlungsfeld__position", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="werkstatt_measure_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """A planned cost line of a measure (euros, exact decimals)."""

    measure = models.ForeignKey(
        Measure, verbose_name="Maßnahme", on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField("Posten", max_length=200)
    year = models.PositiveSmallIntegerField("Jahr", null=True, blank=True)
    amount = models.DecimalField("Betrag in Euro", max_digits=12, decimal_places=2)
    funding_source = models.CharField("Finanzierung", max_length=200, blank=True)

    class Meta:
        verbose_name = "Kostenposten"
        verbose_name_plural = "Kostenposten"
        ordering = ["measure", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="werkstatt_budgetline_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} €"

    @property
    def municipality_id(self) -> int:
        return self.measure.process.municipality_id


class Indicator(ProcessOwned):
    """An indicator with baseline and target.

    Official indicators name a key of the Kommunalprofil; their current value is read from the
    profile (it updates itself with the data). Custom indicators are the town's own figures; their
    values are entered as `IndicatorReading`s. Targets are always the town's own targets.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "amtlich", "amtlicher Indikator aus dem Kommunalprofil"
        CUSTOM = "eigen", "eigener Indikator der Kommune"

    class Direction(models.TextChoices):
        UP = "steigen", "höher ist besser"
        DOWN = "sinken", "niedriger ist besser"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name="Maßnahme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    goal = models.ForeignKey(
        Goal, verbose_name="Ziel", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    kind = models.CharField("Art", max_length=10, choices=Kind.choices)
    official_key = models.CharField("Kennzahl im Kommunalprofil", max_length=60, blank=True)
    label = models.CharField("Bezeichnung", max_length=200)
    unit = models.CharField("Einheit", max_length=60, blank=True)
    direction = models.CharField("Richtung", max_length=10, choices=Direction.choices, default=Direction.UP)
    baseline_value = models.DecimalField(
        "Ausgangswert", max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField("Stand des Ausgangswerts", null=True, blank=True)
    baseline_source = models.CharField("Quelle des Ausgangswerts", max_length=300, blank=True)
    target_value = models.DecimalField("Zielwert", max_digits=14, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("Zieljahr", null=True, blank=True)
    note = models.TextField("Anmerkung", blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Indikator"
        verbose_name_plural = "Indikatoren"
        ordering = ["process", "measure_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="amtlich") & ~Q(official_key="")) | (Q(kind="eigen") & Q(official_key="")),
                name="werkstatt_indicator_official_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class IndicatorReading(models.Model):
    """A value of a custom indicator entered by the town (its own figure)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="Indikator", on_delete=models.CASCADE, related_name="readings"
    )
    date = models.DateField("Stand")
    value = models.DecimalField("Wert", max_digits=14, decimal_places=3)
    source = models.CharField("Quelle", max_length=300, blank=True)
    entered_at = models.DateTimeField("eingetragen am", auto_now_add=True)
    entered_by = models.ForeignKey(
        USER,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Messwert"
        verbose_name_plural = "Messwerte"
        ordering = ["indicator", "date", "id"]
        get_latest_by = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="werkstatt_reading_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.date:%d.%m.%Y})"


class PlanVersion(ProcessOwned):
    """A frozen, adopted version of the Werkstattplan (JSON snapshot of the live plan)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField("Version")
    adopted_on = models.DateField("beschlossen am")
    adopted_by = models.ForeignKey(
        USER,
        verbose_name="festgestellt von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField("Beschluss (Gremium, Datum, Drucksache)", max_length=300, blank=True)
    snapshot = models.JSONField("Stand des Plans")
    created_at = models.DateTimeField("festgehalten am", auto_now_add=True)

    class Meta:
        verbose_name = "Werkstattplan-Version"
        verbose_name_plural = "Werkstattplan-Versionen"
        ordering = ["process", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="werkstatt_planversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="werkstatt_planversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Werkstattplan Version {self.number}"
