"""Portal events (Rückkehrertage, Willkommensveranstaltungen, Stadtführungen) and registrations.

Part of the portal app (imported by portal/models.py). A recurring event is a series: the first
event carries `repeat` and later occurrences point to it with `series`. A registration may opt in
to contact by the Lots:in; that opt-in opens a case in the pipeline (issue 21).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        RETURNEE_DAY = "rueckkehrertag", _("Rückkehrertag")
        WELCOME = "willkommen", _("Willkommensveranstaltung")
        TOUR = "stadtfuehrung", _("Stadtführung")
        OTHER = "sonstiges", _("Veranstaltung")

    class Repeat(models.TextChoices):
        MONTHLY = "monatlich", _("monatlich")
        QUARTERLY = "vierteljaehrlich", _("vierteljährlich")
        YEARLY = "jaehrlich", _("jährlich")

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="portal_events"
    )
    kind = models.CharField("Art", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("Titel", max_length=200)
    description = models.TextField("Beschreibung", max_length=4000, blank=True)
    starts_at = models.DateTimeField("Beginn")
    ends_at = models.DateTimeField("Ende", null=True, blank=True)
    place = models.CharField("Ort", max_length=200)
    capacity = models.PositiveIntegerField("Plätze")
    repeat = models.CharField("Wiederholung", max_length=20, choices=Repeat.choices, blank=True)
    series = models.ForeignKey(
        "self",
        verbose_name="Reihe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    is_demo = models.BooleanField("fiktive Demo-Veranstaltung", default=False)
    is_published = models.BooleanField("veröffentlicht", default=True)

    class Meta:
        verbose_name = "Veranstaltung"
        verbose_name_plural = "Veranstaltungen"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="portal_event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")), name="portal_event_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail")
    persons = models.PositiveSmallIntegerField("Personen", default=1)
    consent = models.ForeignKey("portal.Consent", on_delete=models.PROTECT, related_name="+")
    is_returnee = models.BooleanField("hat früher hier gelebt", default=False)
    contact_opt_in = models.BooleanField("Die Lots:in darf mich ansprechen", default=False)
    case = models.ForeignKey(
        "portal.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    created_at = models.DateTimeField("angemeldet am", auto_now_add=True)

    class Meta:
        verbose_name = "Anmeldung"
        verbose_name_plural = "Anmeldungen"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="portal_registration_unique_email"),
            models.CheckConstraint(
                condition=Q(persons__gte=1) & Q(persons__lte=10), name="portal_registration_persons_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Anmeldung #{self.pk}"
