"""The Bürgerrat: pool and draws."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


# --- Bürgerrat ------------------------------------------------------------------------------------


class Assembly(models.Model):
    """A Bürgerrat drawn by stratified lottery from the replies to invitation letters."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="assemblies"
    )
    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.TextField("Kurz und einfach erklärt")
    panel_size = models.PositiveSmallIntegerField("Anzahl der Plätze")
    categories = models.JSONField("Merkmale", default=list)  # ["Alter", "Geschlecht", "Ortsteil", …]
    quotas = models.JSONField("Quoten", default=dict)  # {category: {value: [min, max]}}
    quota_source = models.TextField("Herkunft der Quoten", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Bürgerrat"
        verbose_name_plural = "Bürgerräte"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="participation_assembly_unique_slug"
            ),
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="participation_assembly_size"),
        ]

    def __str__(self) -> str:
        return self.title


class PoolMember(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """A respondent who agreed to be in the pool (consent recorded when the reply was entered)."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="pool")
    key = models.CharField("Kennung", max_length=40)
    features = models.JSONField()
    household = models.CharField(max_length=200, blank=True)
    dropped_out = models.BooleanField("abgesagt", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "key"], name="participation_pool_unique_key"),
        ]


class AssemblyDraw(models.Model):  # noqa: DJ008 (rows shown through their parent)
    """One draw (first draw or replacement), with everything needed to repeat it."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="draws")
    is_replacement = models.BooleanField(default=False)
    seed = models.BigIntegerField()
    algorithm_requested = models.CharField(max_length=20)
    algorithm_used = models.CharField(max_length=20)
    fallback_reason = models.TextField(blank=True)
    inputs_sha256 = models.CharField(max_length=64)
    selected = models.JSONField()
    # replacement draws: the members who cancelled and whose seats this draw filled
    dropped = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField()
    min_probability = models.FloatField()
    probabilities_exact = models.BooleanField(default=True)
    quotas_used = models.JSONField()
    seconds = models.FloatField()
    library_version = models.CharField(max_length=60, blank=True)
    drawn_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["drawn_at"]
