"""Saved scenarios, the finance role per Land, and uploaded criterion values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.finance.catalogue import CRITERIA

UPLOAD_KEYS = [(c.key, c.label) for c in CRITERIA if not c.official]


class FinanceRole(models.Model):
    """Finanzreferent:in of a Land: may upload the Land's own criterion figures.

    Granted by the programme office (admin). Kept here so the accounts app needs no migration.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Person",
        on_delete=models.CASCADE,
        related_name="finance_roles",
    )
    land_code = models.CharField("Land (Schlüssel)", max_length=2)
    created_at = models.DateTimeField("vergeben am", auto_now_add=True)

    class Meta:
        verbose_name = "Finanzrolle"
        verbose_name_plural = "Finanzrollen"
        constraints = [
            models.UniqueConstraint(fields=["user", "land_code"], name="finance_role_unique"),
            models.CheckConstraint(
                condition=Q(land_code__regex=r"^[0-9]{2}$"), name="finance_role_land_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – Land {self.land_code}"


class CriterionUpload(models.Model):
    """Record of one upload of a Land's own criterion figures (who, when, which file, what)."""

    land_code = models.CharField("Land (Schlüssel)", max_length=2, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="hochgeladen von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("hochgeladen am", auto_now_add=True)
    filename = models.CharField("Dateiname", max_length=255)
    rows_read = models.PositiveIntegerField("gelesene Zeilen")
    criteria = models.JSONField("Kriterien", default=list)
    reference = models.CharField("Stand / Quelle der Zahlen", max_length=200)

    class Meta:
        verbose_name = "Kriterien-Upload"
        verbose_name_plural = "Kriterien-Uploads"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.land_code})"


class CriterionValue(models.Model):
    """One uploaded figure of one Gemeinde for one criterion (the latest upload wins)."""

    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="finance_values")
    key = models.CharField("Kriterium", max_length=20, choices=UPLOAD_KEYS)
    value = models.DecimalField("Wert", max_digits=16, decimal_places=4)
    upload = models.ForeignKey(CriterionUpload, on_delete=models.CASCADE, related_name="values")

    class Meta:
        verbose_name = "Kriterienwert"
        verbose_name_plural = "Kriterienwerte"
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="finance_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="finance_value_nonnegative"),
            models.CheckConstraint(
                condition=Q(key__in=[k for k, _ in UPLOAD_KEYS]), name="finance_value_key_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.key}: {self.value}"


class Scenario(models.Model):
    """A named reform scenario of one Land, saved by its owner (optionally shown to everyone)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="angelegt von",
        on_delete=models.CASCADE,
        related_name="finance_scenarios",
    )
    name = models.CharField("Name", max_length=120)
    land_code = models.CharField("Land (Schlüssel)", max_length=2)
    pot = models.DecimalField("Topf (€)", max_digits=15, decimal_places=2)
    weights = models.JSONField("Gewichte")
    demography_years = models.PositiveSmallIntegerField("Demografiefaktor (Jahre)", null=True, blank=True)
    veredelung = models.JSONField("Einwohnerveredelung", default=dict, blank=True)
    max_loss_percent = models.DecimalField(
        "höchster Verlust (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_gain_percent = models.DecimalField(
        "höchster Zuwachs (%)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    shared = models.BooleanField("für alle angemeldeten Personen sichtbar", default=False)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Szenario"
        verbose_name_plural = "Szenarien"
        ordering = ["land_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "land_code", "name"], name="finance_scenario_unique_name"
            ),
            models.CheckConstraint(condition=Q(pot__gte=0), name="finance_scenario_pot_nonnegative"),
            models.CheckConstraint(
                condition=Q(max_loss_percent__isnull=True)
                | (Q(max_loss_percent__gte=0) & Q(max_loss_percent__lte=100)),
                name="finance_scenario_loss_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_gain_percent__isnull=True) | Q(max_gain_percent__gte=0),
                name="finance_scenario_gain_valid",
            ),
            models.CheckConstraint(
                condition=Q(land_code__regex=r"^[0-9]{2}$"), name="finance_scenario_land_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
