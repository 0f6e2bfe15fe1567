"""Models of the reports: the Zwischenbilanz text (Review) and the yearly Kurzbericht (Report)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leuchtfeuer.werkstatt.process.models import USER, Process, ProcessOwned


class Review(ProcessOwned):
    """The Zwischenbilanz text of a process: narrative and lessons learned (one per process)."""

    process = models.OneToOneField(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="review"
    )
    narrative = models.TextField("Bilanz in Worten", blank=True)
    lessons_learned = models.TextField("Lehren und Erkenntnisse", blank=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    updated_by = models.ForeignKey(
        USER, verbose_name="geändert von", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Zwischenbilanz"
        verbose_name_plural = "Zwischenbilanzen"

    def __str__(self) -> str:
        return f"Zwischenbilanz {self.process.municipality}"


class Report(ProcessOwned):
    """The yearly Kurzbericht to the programme office (one per process and year)."""

    class Status(models.TextChoices):
        OPEN = "offen", "offen"
        DRAFT = "entwurf", "in Arbeit"
        SUBMITTED = "eingereicht", "eingereicht"
        ACCEPTED = "angenommen", "angenommen"
        RETURNED = "zurueckgegeben", "zur Überarbeitung zurückgegeben"

    process = models.ForeignKey(
        Process, verbose_name="Prozess", on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField("Berichtsjahr")
    due = models.DateField("fällig am")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField("Zusammenfassung", blank=True)
    highlights = models.TextField("Erreichtes", blank=True)
    challenges = models.TextField("Schwierigkeiten", blank=True)
    next_steps = models.TextField("Nächste Schritte", blank=True)
    office_comment = models.TextField("Rückmeldung der Geschäftsstelle", blank=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name="eingereicht von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField("zuletzt erinnert am", null=True, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Kurzbericht"
        verbose_name_plural = "Kurzberichte"
        ordering = ["process", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["process", "year"], name="werkstatt_report_unique_year"),
            models.CheckConstraint(
                condition=~Q(status__in=["eingereicht", "angenommen"]) | Q(submitted_at__isnull=False),
                name="werkstatt_report_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Kurzbericht {self.year} {self.process.municipality}"
