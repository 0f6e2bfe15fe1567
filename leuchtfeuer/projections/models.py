"""Scenarios: a town's own "what if" assumptions on top of the official projection.

A `Scenario` belongs to one municipality and holds structured `ScenarioMeasure` rows. The
measures are the town's assumptions (targets), never statistics; the arithmetic that turns them
into extra migrants by year, sex and single age lives in `engine/scenarios.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

# Years a measure may start in / end in. The projection runs from the latest official year
# (currently 2023) to 2045; the database only rejects absurd years, the form checks the horizon.
MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_AGE = 100  # 100 = "100 and older", as in the engine


class Scenario(models.Model):
    """A named set of measures of one municipality, compared with the baseline projection."""

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="scenarios",
    )
    name = models.CharField("Name", max_length=150)
    description = models.TextField("Beschreibung", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="angelegt von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Szenario"
        verbose_name_plural = "Szenarien"
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="projections_scenario_unique_name"),
            models.CheckConstraint(condition=~Q(name=""), name="projections_scenario_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ScenarioMeasure(models.Model):
    """One assumption of a scenario, in plain terms.

    * returnees: `count` persons aged `age_from`–`age_to` move (back) to the town each year;
    * fewer_out_moves: `percent` % fewer out-moves of persons aged `age_from`–`age_to`;
    * families: `count` families move in each year; the age composition of a family is fixed in
      `engine/scenarios.py` (FAMILY) and shown next to the measure.

    Each applies from `start_year` up to and including `end_year` (open-ended if empty).
    """

    class Kind(models.TextChoices):
        RETURNEES = "returnees", "Rückkehrende / Zuziehende"
        FEWER_OUT_MOVES = "fewer_out_moves", "Weniger Fortzüge"
        FAMILIES = "families", "Zuziehende Familien"

    scenario = models.ForeignKey(
        Scenario, verbose_name="Szenario", on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    kind = models.CharField("Art", max_length=20, choices=Kind.choices)
    count = models.PositiveIntegerField("Anzahl pro Jahr", null=True, blank=True)
    percent = models.DecimalField("Prozent", max_digits=4, decimal_places=1, null=True, blank=True)
    age_from = models.PositiveSmallIntegerField("Alter von", null=True, blank=True)
    age_to = models.PositiveSmallIntegerField("Alter bis (einschließlich)", null=True, blank=True)
    start_year = models.PositiveSmallIntegerField("ab Jahr")
    end_year = models.PositiveSmallIntegerField("bis Jahr (einschließlich)", null=True, blank=True)

    class Meta:
        verbose_name = "Maßnahme im Szenario"
        verbose_name_plural = "Maßnahmen im Szenario"
        ordering = ["scenario", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["returnees", "fewer_out_moves", "families"]),
                name="projections_measure_kind_valid",
            ),
            # persons / families: a positive count, no percentage
            models.CheckConstraint(
                condition=~Q(kind__in=["returnees", "families"])
                | (Q(count__gt=0) & Q(count__lte=100000) & Q(percent__isnull=True)),
                name="projections_measure_count_required",
            ),
            # fewer out-moves: 0 < percent ≤ 100, no count
            models.CheckConstraint(
                condition=~Q(kind="fewer_out_moves")
                | (Q(percent__gt=0) & Q(percent__lte=100) & Q(count__isnull=True)),
                name="projections_measure_percent_required",
            ),
            # an age range for persons and out-moves; families have a fixed composition
            models.CheckConstraint(
                condition=(Q(kind="families") & Q(age_from__isnull=True) & Q(age_to__isnull=True))
                | (
                    ~Q(kind="families")
                    & Q(age_from__isnull=False)
                    & Q(age_to__isnull=False)
                    & Q(age_from__lte=models.F("age_to"))
                    & Q(age_to__lte=MAX_AGE)
                ),
                name="projections_measure_age_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=MIN_YEAR) & Q(start_year__lte=MAX_YEAR),
                name="projections_measure_start_year_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | (Q(end_year__gte=models.F("start_year")) & Q(end_year__lte=MAX_YEAR)),
                name="projections_measure_end_year_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Plain German, e.g. '20 Rückkehrende im Alter 25–40 pro Jahr ab 2026'."""
        until = f" bis {self.end_year}" if self.end_year else ""
        if self.kind == self.Kind.RETURNEES:
            return (
                f"{self.count} Rückkehrende im Alter {self.age_from}–{self.age_to} "
                f"pro Jahr ab {self.start_year}{until}"
            )
        if self.kind == self.Kind.FEWER_OUT_MOVES:
            pct = (
                "?"
                if self.percent is None
                else f"{Decimal(str(self.percent)).normalize():f}".replace(".", ",")
            )
            return (
                f"{pct} % weniger Fortzüge der {self.age_from}–{self.age_to}-Jährigen "
                f"ab {self.start_year}{until}"
            )
        return f"{self.count} zuziehende Familien pro Jahr ab {self.start_year}{until}"


class ProjectionResult(models.Model):
    """A precomputed projection of one Gemeinde (written by `projections.current`, never edited).

    Keyed by the engine's code fingerprint and the official data's fingerprint (`version`), so a
    new import or a changed engine is never served from an old row. `payload` is a pickled dict
    of plain numpy arrays (our own output, never user input). WHY a table and not only Django's
    cache: ~10,800 Gemeinden outnumber the cache's default entry limit, which would evict results
    as fast as they are written.
    """

    region_key = models.CharField("Gemeindeschlüssel", max_length=12)
    base_year = models.PositiveSmallIntegerField("Basisjahr")
    version = models.CharField("Version (Engine und Daten)", max_length=40)
    payload = models.BinaryField("Ergebnis")
    computed_at = models.DateTimeField("berechnet am", auto_now=True)

    class Meta:
        verbose_name = "vorausberechnetes Ergebnis"
        verbose_name_plural = "vorausberechnete Ergebnisse"
        constraints = [
            models.UniqueConstraint(
                fields=["region_key", "base_year", "version"], name="projections_result_unique"
            ),
        ]
        indexes = [models.Index(fields=["region_key"], name="projections_result_region")]

    def __str__(self) -> str:
        return f"{self.region_key} ab {self.base_year} ({self.version})"
