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
