"""Official regions (Bund … Gemeinde), the municipalities that use Leuchtfeuer, and their Ortsteile."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Region(models.Model):
    """An official territorial unit, keyed by its Amtlicher Regionalschlüssel (ARS).

    Key lengths follow Destatis: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9,
    Gemeinde 12 digits (ARS); a Gemeinde also has its 8-digit AGS (= ars[0:5] + ars[9:12]).
    """

    class Level(models.TextChoices):
        BUND = "bund", "Bund"
        LAND = "land", "Land"
        REGIERUNGSBEZIRK = "rb", "Regierungsbezirk"
        KREIS = "kreis", "Kreis"
        GEMEINDEVERBAND = "gvb", "Gemeindeverband"
        GEMEINDE = "gemeinde", "Gemeinde"

    class Degurba(models.IntegerChoices):
        DICHT = 1, "dicht besiedelt"
        MITTEL = 2, "mittlere Besiedlungsdichte"
        GERING = 3, "gering besiedelt"

    ars = models.CharField("Regionalschlüssel (ARS)", max_length=12, unique=True)
    ags = models.CharField("Gemeindeschlüssel (AGS)", max_length=8, blank=True, db_index=True)
    level = models.CharField("Ebene", max_length=10, choices=Level.choices, db_index=True)
    name = models.CharField("Name", max_length=200)
    type_name = models.CharField("Art", max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="übergeordnet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    land_code = models.CharField("Land", max_length=2, blank=True, db_index=True)
    kreis_code = models.CharField("Kreis", max_length=5, blank=True, db_index=True)
    area_km2 = models.DecimalField("Fläche (km²)", max_digits=10, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField("Bevölkerung", null=True, blank=True)
    population_male = models.PositiveIntegerField("Bevölkerung männlich", null=True, blank=True)
    population_female = models.PositiveIntegerField("Bevölkerung weiblich", null=True, blank=True)
    population_date = models.DateField("Stichtag der Bevölkerung", null=True, blank=True)
    plz = models.CharField("PLZ des Verwaltungssitzes", max_length=5, blank=True, db_index=True)
    lat = models.FloatField("Breitengrad", null=True, blank=True)
    lon = models.FloatField("Längengrad", null=True, blank=True)
    degurba = models.PositiveSmallIntegerField(
        "Grad der Verstädterung", choices=Degurba.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = "Gebietseinheit"
        verbose_name_plural = "Gebietseinheiten"
        ordering = ["ars"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"], condition=Q(level="gemeinde"), name="places_region_unique_gemeinde_ags"
            ),
            models.CheckConstraint(
                condition=Q(level="gemeinde", ags__regex=r"^[0-9]{8}$") | ~Q(level="gemeinde"),
                name="places_region_gemeinde_has_ags",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    @property
    def key(self) -> str:
        """The key people use: AGS for a Gemeinde, ARS otherwise."""
        return self.ags or self.ars

    @property
    def short_name(self) -> str:
        """'Malchin, Stadt' → 'Malchin' (the official suffix after the comma is the type)."""
        return self.name.split(",")[0].strip()

    @property
    def size_class(self) -> str:
        """Size class by population (documented in README: Gemeindegrößenklassen)."""
        return size_class_for(self.population)


def size_class_for(population: int | None) -> str:
    """Landgemeinde < 5,000 ≤ Kleinstadt < 20,000 ≤ Mittelstadt < 100,000 ≤ Großstadt (BBSR)."""
    if population is None:
        return ""
    if population < 5_000:
        return "Landgemeinde"
    if population < 20_000:
        return "Kleinstadt"
    if population < 100_000:
        return "Mittelstadt"
    return "Großstadt"


class Municipality(models.Model):
    """A Kommune that works with Leuchtfeuer: the tenant that owns content.

    Usually a Gemeinde; a Gemeindeverband or a Kreis can be one too (e.g. a Kreis running a
    return portal for its towns, like Heimvorteil HSK).
    """

    region = models.OneToOneField(
        Region, verbose_name="Gebietseinheit", on_delete=models.PROTECT, related_name="municipality"
    )
    slug = models.SlugField("Kurzname in Adressen", max_length=80, unique=True)
    display_name = models.CharField("Anzeigename", max_length=200)
    contact_email = models.EmailField("Kontakt-E-Mail", blank=True)
    contact_phone = models.CharField("Kontakt-Telefon", max_length=50, blank=True)
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Kommune"
        verbose_name_plural = "Kommunen"
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def ags(self) -> str:
        return self.region.key


class Ortsteil(models.Model):
    """An Ortsteil or Quartier of a municipality, maintained by the municipality itself."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="Kommune", on_delete=models.CASCADE, related_name="ortsteile"
    )
    name = models.CharField("Name", max_length=150)
    key = models.CharField("eigener Schlüssel", max_length=30, blank=True)
    kind = models.CharField(
        "Art", max_length=20, choices=[("ortsteil", "Ortsteil"), ("quartier", "Quartier")], default="ortsteil"
    )

    class Meta:
        verbose_name = "Ortsteil / Quartier"
        verbose_name_plural = "Ortsteile / Quartiere"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="places_ortsteil_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
