"""Cross-cutting records: the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who changed what in a municipality's content, written by the services that change it."""

    created_at = models.DateTimeField("Zeitpunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geändert von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField("Aktion", max_length=60)
    target_type = models.CharField("Objektart", max_length=60)
    target_id = models.CharField("Objekt-ID", max_length=40, blank=True)
    summary = models.CharField("Beschreibung", max_length=300)
    changes = models.JSONField("Änderungen", default=dict, blank=True)

    class Meta:
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Änderungsprotokoll"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"], name="core_audit_muni_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.summary}"


class StoredDocument(models.Model):
    """A generated document kept for repeated downloads (e.g. the Kommunalprofil PDF): rendered
    once per kind, key (region), data version and source digest, read back afterwards.

    Written only by `core.documents.stored_pdf`, which also removes what an older data version or
    an older source of the same key left behind.
    """

    kind = models.CharField("Art", max_length=40)
    key = models.CharField("Schlüssel", max_length=64)
    version = models.CharField("Datenstand", max_length=100)
    digest = models.CharField("Prüfsumme der Vorlage", max_length=64)
    content = models.BinaryField("Inhalt")
    created_at = models.DateTimeField("erzeugt", auto_now_add=True)

    class Meta:
        verbose_name = "gespeichertes Dokument"
        verbose_name_plural = "gespeicherte Dokumente"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "version", "digest"], name="core_stored_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.version})"


def _generated_path(instance: GeneratedDocument, filename: str) -> str:
    return f"generated/{instance.kind}/{instance.key}/{instance.version[:16]}/{filename}"


class GeneratedDocument(models.Model):
    """A document built in the background (PDF, DOCX, ODT, a computed result): requested by a
    page, built once by a worker (`core.generated.build_document`), then delivered from storage.

    One row per kind, key and version (the database refuses a second: two requests for the same
    document enqueue one task). The version is the digest of what the document is built from,
    so changed data is a new row and a stale file is never delivered. Written only by
    `core.generated`.
    """

    class Status(models.TextChoices):
        PENDING = "wartet", "wird erstellt"
        READY = "fertig", "fertig"
        FAILED = "fehler", "fehlgeschlagen"

    kind = models.CharField("Art", max_length=40)
    key = models.CharField("Schlüssel", max_length=100)
    version = models.CharField("Version (Prüfsumme der Quelle)", max_length=64)
    builder = models.CharField("Erzeuger", max_length=40)
    payload = models.JSONField("Quelle", default=dict, blank=True)
    title = models.CharField("Titel", max_length=200)
    filename = models.CharField("Dateiname", max_length=200)
    content_type = models.CharField("Dateityp", max_length=100)
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField("Datei", upload_to=_generated_path, max_length=300, blank=True)
    size = models.PositiveIntegerField("Größe (Bytes)", default=0)
    attempts = models.PositiveSmallIntegerField("Versuche", default=0)
    error = models.TextField("Fehler", blank=True)
    build_seconds = models.FloatField("Erstellungsdauer (s)", null=True, blank=True)
    requested_at = models.DateTimeField("angefordert", auto_now_add=True)
    updated_at = models.DateTimeField("geändert", auto_now=True)
    finished_at = models.DateTimeField("fertig seit", null=True, blank=True)

    class Meta:
        verbose_name = "erzeugtes Dokument"
        verbose_name_plural = "erzeugte Dokumente"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "version"], name="core_generated_document_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=["wartet", "fertig", "fehler"]),
                name="core_generated_document_status",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="fertig") | ~models.Q(file=""),
                name="core_generated_document_ready_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "-requested_at"], name="core_generated_status")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"
