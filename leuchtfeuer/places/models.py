"""Official regions (Bund … Gemeinde), the municipalities that use Leuchtfeuer, and their Ortsteile."""

from __future__ import annotations

from django.conf import settings
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


# --------------------------------------------------------------------------------------------
# Official statistics (issue 3). Written only by `leuchtfeuer import-official` through
# `places.loader`; read by selectors and the indicator engine.
#
# Design: a few narrow, "long" tables keyed by region (FK) so that a profile page needs one
# query per table for a region (and its Kreis/Land via `region_id__in`), and the indicator engine
# can read all Gemeinden at once with a single `values_list` per table. Every row says on which
# population basis and on which territory its figure stands, so charts can mark the Zensus 2011
# level break and territorial breaks.
# --------------------------------------------------------------------------------------------


class PopulationBasis(models.TextChoices):
    """Population basis of a figure; the switch to a new basis is a level break in any series."""

    REGISTER = "register", "Fortschreibung Volkszählung 1987 / Register DDR (bis 2010)"
    ZENSUS_2011 = "zensus2011", "Zensus 2011 (Zählung und Fortschreibung 2011–2023)"
    ZENSUS_2022 = "zensus2022", "Zensus 2022"


class Territory(models.TextChoices):
    """How a figure relates to the region's current territory (Gebietsstand 31.12.2024).

    current:    the same Gemeinde/Kreis existed with (nearly) the same area — taken as published.
    harmonised: the current region is a union of whole former units; their figures were summed.
    broken:     no crosswalk allows a figure for today's territory; the figure is the one of the
                predecessor with the same key or name, as published, on a different territory.
                Charts must show a break before such a value.
    """

    CURRENT = "current", "heutiger Gebietsstand"
    HARMONISED = "harmonised", "auf heutigen Gebietsstand umgerechnet"
    BROKEN = "broken", "abweichender Gebietsstand (Bruch)"


class PopulationCount(models.Model):
    """Population total (and by sex) of a region on one reference date: the population series.

    Gemeinden: Gemeindeverzeichnis vintages 1990–2023 plus Regionalstatistik 12411-01-01-5 for
    the years 2008–2015 that no GV vintage covers, Zensus 2011 (09.05.2011) and Zensus 2022
    (15.05.2022). Kreise: Regionalstatistik 12411-01-01-4 (1995–2015) plus sums of the GV vintages.
    Länder and Bund: sums. One value per region and date; `source` names the table it came from.
    Series for a region: ``PopulationCount.objects.filter(region=r).order_by("reference_date")``.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="population_counts")
    reference_date = models.DateField("Stichtag")
    source = models.CharField("Quelle (Tabelle)", max_length=40)
    basis = models.CharField("Bevölkerungsbasis", max_length=12, choices=PopulationBasis.choices)
    territory = models.CharField("Gebietsstand", max_length=12, choices=Territory.choices)
    total = models.PositiveIntegerField("Bevölkerung insgesamt")
    male = models.PositiveIntegerField("männlich", null=True, blank=True)
    female = models.PositiveIntegerField("weiblich", null=True, blank=True)

    class Meta:
        verbose_name = "Bevölkerungsstand"
        verbose_name_plural = "Bevölkerungsstände"
        ordering = ["region", "reference_date"]
        constraints = [
            models.UniqueConstraint(fields=["region", "reference_date"], name="places_popcount_unique"),
            models.CheckConstraint(
                condition=Q(basis__in=PopulationBasis.values), name="places_popcount_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(territory__in=Territory.values), name="places_popcount_territory_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.reference_date}: {self.total}"


class AgeGroupCount(models.Model):
    """Counts by age group (and sex) of one kind of stock or flow, for one region and date.

    `kind` says what is counted; `scheme` which age bands are used (keys match
    `places.engine.agegroups`). Ages are exact years, `age_to` exclusive, NULL = open band.
    For flows, `reference_date` is the last day of the year (31.12.2015).

    kinds and schemes shipped:
    * population / regio17     Gemeinden and Kreise, 31.12.2015 (12411-02-03-5/-4)
    * population / zensus11_11 Gemeinden, 09.05.2011 (12111-02-01-5)
    * population / zensus22_11 Gemeinden, Kreise, Länder, Bund, 15.05.2022 (Zensus 2022; no sex:
      male/female NULL; Kreise, Länder and Bund as published, not summed)
    * population / kreis11     Kreise, Länder, Bund, 31.12.2024 (12411-02-03-4 regrouped, Zensus
      2022 basis; Länder and Bund as sums of their Kreise)
    * population / single_years Kreise, 31.12.2015, 0 … 74 and 75+ (12411-04-02-4)
    * births_by_mother_age / mother_age  Kreise 2015 (12612-02-01-4); male/female = sex of child
    * deaths / deaths_5y       Kreise 2015, unter 1, 1–5, 5–10 … 85+ (12613-02-02-4)
    * moves_in, moves_out / wanderung6  across Gemeinde borders, Gemeinden and Kreise 2015
      (12711-01-03-5/-4)
    * moves_in_kreis, moves_out_kreis / wanderung6  across Kreis borders, Kreise 2015 (12711-04-02-4)
    A profile page reads everything of a region with one query:
    ``AgeGroupCount.objects.filter(region=r)`` (index on region, kind).
    """

    class Kind(models.TextChoices):
        POPULATION = "population", "Bevölkerung"
        BIRTHS_BY_MOTHER_AGE = "births_by_mother_age", "Lebendgeborene nach Alter der Mutter"
        DEATHS = "deaths", "Gestorbene"
        MOVES_IN = "moves_in", "Zuzüge über die Gemeindegrenzen"
        MOVES_OUT = "moves_out", "Fortzüge über die Gemeindegrenzen"
        MOVES_IN_KREIS = "moves_in_kreis", "Zuzüge über die Kreisgrenzen"
        MOVES_OUT_KREIS = "moves_out_kreis", "Fortzüge über die Kreisgrenzen"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="age_group_counts")
    kind = models.CharField("Art", max_length=24, choices=Kind.choices)
    reference_date = models.DateField("Stichtag / Ende des Zeitraums")
    scheme = models.CharField("Altersgruppen-Schema", max_length=20)
    age_from = models.PositiveSmallIntegerField("Alter von")
    age_to = models.PositiveSmallIntegerField("Alter bis unter", null=True, blank=True)
    total = models.PositiveIntegerField("insgesamt", null=True, blank=True)
    male = models.PositiveIntegerField("männlich", null=True, blank=True)
    female = models.PositiveIntegerField("weiblich", null=True, blank=True)
    basis = models.CharField("Bevölkerungsbasis", max_length=12, choices=PopulationBasis.choices)
    territory = models.CharField("Gebietsstand", max_length=12, choices=Territory.choices)
    source = models.CharField("Quelle (Tabelle)", max_length=40)

    class Meta:
        verbose_name = "Zahl nach Altersgruppe"
        verbose_name_plural = "Zahlen nach Altersgruppen"
        ordering = ["region", "kind", "reference_date", "scheme", "age_from"]
        indexes = [models.Index(fields=["region", "kind"], name="places_agecount_region_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "reference_date", "scheme", "age_from"],
                name="places_agecount_unique",
            ),
            models.CheckConstraint(
                condition=Q(age_to__isnull=True) | Q(age_to__gt=models.F("age_from")),
                name="places_agecount_band_valid",
            ),
            models.CheckConstraint(
                condition=Q(territory__in=Territory.values), name="places_agecount_territory_valid"
            ),
            models.CheckConstraint(
                condition=Q(basis__in=PopulationBasis.values), name="places_agecount_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        upper = self.age_to if self.age_to is not None else "…"
        return f"{self.region_id} {self.kind} {self.reference_date} {self.age_from}–{upper}"


class VitalEvents(models.Model):
    """Live births and deaths in one calendar year (Gemeinden 2008–2015, Kreise 1995–2015).

    Sources: 12612-01-01-5-B / 12613-01-01-5-B (Gemeinden), 12612-01-01-4 / 12613-01-01-4 (Kreise).
    A NULL means the official table has no value (secret '.', not applicable 'x', '-' for codes
    that did not exist in that year). Flows are counted on the territory of their year;
    `territory` says whether that equals today's.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="vital_events")
    year = models.PositiveSmallIntegerField("Jahr")
    births = models.PositiveIntegerField("Lebendgeborene", null=True, blank=True)
    births_male = models.PositiveIntegerField("Lebendgeborene männlich", null=True, blank=True)
    births_female = models.PositiveIntegerField("Lebendgeborene weiblich", null=True, blank=True)
    deaths = models.PositiveIntegerField("Gestorbene", null=True, blank=True)
    deaths_male = models.PositiveIntegerField("Gestorbene männlich", null=True, blank=True)
    deaths_female = models.PositiveIntegerField("Gestorbene weiblich", null=True, blank=True)
    territory = models.CharField("Gebietsstand", max_length=12, choices=Territory.choices)
    source = models.CharField("Quelle (Tabellen)", max_length=60)

    class Meta:
        verbose_name = "Geburten und Sterbefälle"
        verbose_name_plural = "Geburten und Sterbefälle"
        ordering = ["region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="places_vitalevents_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100), name="places_vitalevents_year_valid"
            ),
            models.CheckConstraint(
                condition=Q(territory__in=Territory.values), name="places_vitalevents_territory_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: +{self.births} −{self.deaths}"


class CensusFigure(models.Model):
    """One figure of a Zensus 2022 Regionaltabelle (15.05.2022) for one region, by the official
    column code: households, buildings, education, employment status, immigration history, sex
    and nationality (`places.importers.zensus2022_tables.TABLES` lists the columns kept).

    A NULL value is a figure the source does not give ("." secret, "/" sample too small). The
    sample-based tables (employment, education) have figures only for larger Gemeinden. A
    profile page reads all figures of a region and its Kreis and Land with one query.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="census_figures")
    table = models.CharField("Tabelle", max_length=20)
    code = models.CharField("Merkmal (amtlicher Spaltencode)", max_length=40)
    reference_date = models.DateField("Stichtag")
    value = models.PositiveIntegerField("Wert", null=True, blank=True)
    territory = models.CharField("Gebietsstand", max_length=12, choices=Territory.choices)
    source = models.CharField("Quelle (Tabelle)", max_length=40)

    class Meta:
        verbose_name = "Zensus-Merkmal"
        verbose_name_plural = "Zensus-Merkmale"
        ordering = ["region", "table", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "table", "code"], name="places_censusfigure_unique"),
            models.CheckConstraint(
                condition=Q(territory__in=Territory.values), name="places_censusfigure_territory_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.table}.{self.code}: {self.value}"


class RegionBoundary(models.Model):
    """Simplified outline of a Gemeinde, Kreis or Land as GeoJSON geometry (WGS84), with its bbox.

    Kept as text: pages only pass it on to SVG rendering, never query inside it. Gebietsstand of
    the Zensus 2022 (15.05.2022); a Gemeinde formed later from whole Gemeinden gets the
    MultiPolygon of its parts (`composed` = True, inner borders remain visible).
    """

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.TextField("Geometrie (GeoJSON)")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    composed = models.BooleanField("aus Teilen zusammengesetzt", default=False)
    source = models.CharField("Quelle", max_length=60)

    class Meta:
        verbose_name = "Gebietsgrenze"
        verbose_name_plural = "Gebietsgrenzen"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_lon__lte=models.F("max_lon")) & Q(min_lat__lte=models.F("max_lat")),
                name="places_boundary_bbox_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Grenze {self.region_id}"


class OfficialImport(models.Model):
    """Bookkeeping of `import-official`: which input files (and importer code) each source was
    last loaded from. A re-run with the same fingerprint skips parsing (nothing can change);
    `import-official --force` compares everything row by row anyway."""

    source = models.CharField("Quelle", max_length=120, unique=True)
    fingerprint = models.CharField("Prüfsumme der Dateien und des Import-Codes", max_length=64)
    rows = models.PositiveIntegerField("Zeilen")
    loaded_at = models.DateTimeField("geladen am", auto_now=True)

    class Meta:
        verbose_name = "Import amtlicher Daten"
        verbose_name_plural = "Importe amtlicher Daten"

    def __str__(self) -> str:
        return self.source


class OrtsteilDataUpload(models.Model):
    """Record of one upload of own Ortsteil data (who, when, what file) — never the rows themselves."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="Kommune", on_delete=models.CASCADE, related_name="ortsteil_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="hochgeladen von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("hochgeladen am", auto_now_add=True)
    filename = models.CharField("Dateiname", max_length=255)
    reference_date = models.DateField("Stichtag")
    rows_read = models.PositiveIntegerField("gelesene Zeilen")
    layout = models.CharField(
        "Aufbau", max_length=12, choices=[("individual", "Einzeldatensätze"), ("aggregated", "Summen")]
    )

    class Meta:
        verbose_name = "Ortsteildaten-Upload"
        verbose_name_plural = "Ortsteildaten-Uploads"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.reference_date:%d.%m.%Y})"


class OrtsteilAgeGroupCount(models.Model):
    """Inhabitants of an Ortsteil by the 17 official age groups and sex, aggregated on upload.

    Individual rows from the Einwohnermeldeamt are never stored. Counts of 1 or 2 are kept for
    correct sums but suppressed in every display and export (`places.ortsteil_data.suppress`).
    """

    class Sex(models.TextChoices):
        MALE = "m", "männlich"
        FEMALE = "w", "weiblich"
        DIVERSE = "d", "divers / ohne Angabe"

    ortsteil = models.ForeignKey(Ortsteil, on_delete=models.CASCADE, related_name="age_group_counts")
    upload = models.ForeignKey(OrtsteilDataUpload, on_delete=models.CASCADE, related_name="counts")
    reference_date = models.DateField("Stichtag")
    age_from = models.PositiveSmallIntegerField("Alter von")
    age_to = models.PositiveSmallIntegerField("Alter bis unter", null=True, blank=True)
    sex = models.CharField("Geschlecht", max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField("Anzahl")

    class Meta:
        verbose_name = "Ortsteil-Einwohner:innen nach Altersgruppe"
        verbose_name_plural = "Ortsteil-Einwohner:innen nach Altersgruppen"
        ordering = ["ortsteil", "reference_date", "age_from", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["ortsteil", "reference_date", "age_from", "sex"], name="places_ortsteilcount_unique"
            ),
            models.CheckConstraint(
                condition=Q(sex__in=["m", "w", "d"]), name="places_ortsteilcount_sex_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ortsteil_id} {self.reference_date} {self.age_from} {self.sex}: {self.count}"
