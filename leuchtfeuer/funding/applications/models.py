"""Anträge: an application to a call and its attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.programmes.models import MONEY, ApplicantType


class Application(models.Model):
    """An application to a call: by a municipality (full form) or, in short-form calls, by an
    association or a person."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", "Entwurf"
        SUBMITTED = "eingereicht", "eingereicht"
        SELECTED = "ausgewaehlt", "zur Förderung ausgewählt"
        NOT_SELECTED = "nicht_ausgewaehlt", "nicht ausgewählt"
        WITHDRAWN = "zurueckgezogen", "zurückgezogen"

    class Lock(models.TextChoices):
        NONE = "", "offen"
        LOCKED = "fest", "fest ausgewählt"
        EXCLUDED = "ausgeschlossen", "ausgeschlossen"

    call = models.ForeignKey(
        Call, verbose_name="Aufruf", on_delete=models.PROTECT, related_name="applications"
    )
    applicant_type = models.CharField("Antragsteller:in", max_length=10, choices=ApplicantType.choices)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    region = models.ForeignKey(
        "places.Region", verbose_name="Ort (Gemeinde)", on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField("Name der Antragstellenden", max_length=200)
    contact_email = models.EmailField("Kontakt-E-Mail")
    title = models.CharField("Titel des Vorhabens", max_length=200)
    summary = models.TextField("Kurzbeschreibung", blank=True)
    requested_amount = models.DecimalField("beantragte Summe (€)", null=True, blank=True, **MONEY)
    grw_area = models.BooleanField("liegt in einem GRW-Fördergebiet", default=False)
    answers = models.JSONField("Antworten auf Leitfragen", default=dict, blank=True)
    datasheet = models.JSONField("Datenblatt", default=dict, blank=True)
    prerequisites = models.JSONField("Voraussetzungen (Angaben)", default=dict, blank=True)
    favourable = models.JSONField("Rahmenbedingungen (Angaben)", default=dict, blank=True)
    prerequisite_check = models.JSONField("Prüfung der Voraussetzungen", default=dict, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    lock = models.CharField("Auswahl", max_length=20, choices=Lock.choices, default=Lock.NONE, blank=True)
    lock_reason = models.CharField("Begründung (Auswahl)", max_length=300, blank=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="angelegt von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Antrag"
        verbose_name_plural = "Anträge"
        ordering = ["call", "applicant_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"], condition=Q(municipality__isnull=False), name="funding_application_one_per_town"
            ),
            models.CheckConstraint(
                condition=(Q(applicant_type="kommune") & Q(municipality__isnull=False))
                | (~Q(applicant_type="kommune") & Q(municipality__isnull=True)),
                name="funding_application_town_iff_kommune",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="funding_application_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | Q(submitted_at__isnull=False), name="funding_application_submitted_at_set"
            ),
            models.CheckConstraint(condition=Q(lock__in=["", "fest", "ausgeschlossen"]), name="funding_application_lock_valid"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.applicant_name}: {self.title}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(CallItem, verbose_name="Anlage", on_delete=models.CASCADE, related_name="+")
    file = models.FileField("Datei", upload_to="funding/anlagen/%Y/")
    original_name = models.CharField("Dateiname", max_length=200)
    content_type = models.CharField("Dateityp", max_length=100)
    size = models.PositiveIntegerField("Größe (Byte)")
    uploaded_at = models.DateTimeField("hochgeladen am", auto_now_add=True)

    class Meta:
        verbose_name = "Anlage"
        verbose_name_plural = "Anlagen"
        ordering = ["application", "item", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="funding_attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name
