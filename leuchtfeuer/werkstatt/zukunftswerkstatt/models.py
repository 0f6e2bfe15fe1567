"""Models of the Zukunftswerkstatt stage: the workshops (three phases) and their ideas."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leuchtfeuer.werkstatt.process.models import USER, Process, ProcessOwned


class Workshop(ProcessOwned):
    """A Zukunftswerkstatt event, planned in the classic three phases."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField("Titel", max_length=200)
    date = models.DateField("Datum")
    place = models.CharField("Ort", max_length=200)
    moderation = models.CharField("Moderation", max_length=200, blank=True)
    plan_kritik = models.TextField("Kritikphase: Ablauf und Methoden", blank=True)
    plan_fantasie = models.TextField("Fantasiephase: Ablauf und Methoden", blank=True)
    plan_verwirklichung = models.TextField("Verwirklichungsphase: Ablauf und Methoden", blank=True)
    participants = models.PositiveIntegerField("Zahl der Teilnehmenden", null=True, blank=True)
    held = models.BooleanField("hat stattgefunden", default=False)
    summary = models.TextField("Zusammenfassung", blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Zukunftswerkstatt-Termin"
        verbose_name_plural = "Zukunftswerkstatt-Termine"
        ordering = ["process", "date", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"


class Phase(models.TextChoices):
    KRITIK = "kritik", "Kritikphase"
    FANTASIE = "fantasie", "Fantasiephase"
    VERWIRKLICHUNG = "verwirklichung", "Verwirklichungsphase"


class Idea(ProcessOwned):
    """A result of the Zukunftswerkstatt (or an idea sent in from a participation project)."""

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="ideas"
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name="Termin",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    phase = models.CharField("Phase", max_length=20, choices=Phase.choices, blank=True)
    handlungsfeld = models.ForeignKey(
        "Handlungsfeld",
        verbose_name="Handlungsfeld",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", blank=True)
    source_label = models.CharField("Herkunft", max_length=200, blank=True)
    source_url = models.CharField("Link zur Herkunft", max_length=500, blank=True)
    measure = models.ForeignKey(
        "Measure",
        verbose_name="daraus entstandene Maßnahme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
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
        verbose_name = "Idee"
        verbose_name_plural = "Ideen"
        ordering = ["process", "handlungsfeld__position", "id"]
        constraints = [
            # An idea received from elsewhere arrives once (re-sending is idempotent).
            models.UniqueConstraint(
                fields=["process", "source_url", "title"],
                condition=~Q(source_url=""),
                name="werkstatt_idea_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title
