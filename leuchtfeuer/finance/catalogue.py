"""The criteria a scenario can weight, and the Einwohnerveredelung size classes — as data.

Official criteria come from the imported official statistics (`places`); the others only from an
upload of the Land's own figures (format in docs/finance.md). Each criterion is a non-negative
quantity per Gemeinde whose share of the Land total enters the need measure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str  # German, for forms, tables, exports
    unit: str
    definition: str  # German: what is counted
    official: bool  # from official statistics (else from an upload)
    upload_column: str = ""  # column name in the upload file (uploaded criteria only)
    upload_label: str = ""  # what the column holds, if not the criterion itself


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "population",
        "Einwohner:innen",
        "Personen",
        "Bevölkerung am letzten Stichtag (Fortschreibung). Mit Demografiefaktor und "
        "Einwohnerveredelung, wenn gewählt.",
        True,
    ),
    Criterion("area", "Fläche", "km²", "Gemeindefläche in km².", True),
    Criterion(
        "sparse",
        "Dünnbesiedlung",
        "Personen",
        "Einwohner:innen × (1 − Bevölkerungsdichte der Gemeinde ÷ Dichte des Landes), mindestens 0: "
        "zählt nur für Gemeinden, die dünner besiedelt sind als das Land im Mittel.",
        True,
    ),
    Criterion(
        "rural",
        "Einwohner:innen gering besiedelter Gemeinden",
        "Personen",
        "Einwohner:innen der Gemeinden mit dem Verstädterungsgrad „gering besiedelt“ (DEGURBA 3); "
        "andere Gemeinden 0.",
        True,
    ),
    Criterion(
        "decline_5y",
        "Bevölkerungsrückgang über 5 Jahre",
        "Personen",
        "Einwohner:innen etwa 5 Jahre vor dem letzten Stichtag minus heute, mindestens 0 "
        "(gleiche Zählungsbasis, heutiger Gebietsstand).",
        True,
    ),
    Criterion(
        "decline_10y",
        "Bevölkerungsrückgang über 10 Jahre",
        "Personen",
        "Einwohner:innen etwa 10 Jahre vor dem letzten Stichtag minus heute, mindestens 0 "
        "(gleiche Zählungsbasis, heutiger Gebietsstand).",
        True,
    ),
    Criterion(
        "young",
        "Kinder und Jugendliche unter 19 Jahren",
        "Personen",
        "Personen unter 19 Jahren laut Zensus 2022 (15.05.2022).",
        True,
    ),
    Criterion(
        "old",
        "Menschen ab 67 Jahren",
        "Personen",
        "Personen ab 67 Jahren laut Zensus 2022 (15.05.2022).",
        True,
    ),
    Criterion(
        "ortsteile",
        "Ortsteile",
        "Anzahl",
        "Zahl der Ortsteile der Gemeinde (Hochladen durch das Land).",
        False,
        "ortsteile",
    ),
    Criterion(
        "road_km",
        "Gemeindestraßen",
        "km",
        "Länge der Gemeindestraßen in km (Hochladen durch das Land).",
        False,
        "strassen_km",
    ),
    Criterion(
        "topography",
        "Topografie",
        "Kennzahl",
        "Eine nicht negative Kennzahl des Landes für topografische Erschwernis, z. B. Höhenunterschied "
        "im Gemeindegebiet in m (Hochladen durch das Land).",
        False,
        "topografie",
    ),
    Criterion(
        "tax",
        "Steuerkraftausgleich",
        "€",
        "Einwohner:innen × (mittlere Steuerkraft je Einwohner:in im Land − eigene), mindestens 0. "
        "Hochgeladen wird die Steuerkraft je Einwohner:in in €.",
        False,
        "steuerkraft_je_ew",
        "Steuerkraft je Einwohner:in in €",
    ),
)
BY_KEY = {c.key: c for c in CRITERIA}
UPLOAD_COLUMNS = {c.upload_column: c for c in CRITERIA if not c.official}

# Einwohnerveredelung: the population of a Gemeinde counts with a factor by its size class
# (classes as everywhere on the platform, places.models.size_class_for). No Land's law is built
# in: the factors are the user's choice, 1 (= 100 %) by default, i.e. no Veredelung.
SIZE_CLASSES: tuple[str, ...] = ("Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt")

# Kleinstadt filter: a Gemeinde with town rights (Stadtrecht) under 20,000 inhabitants.
TOWN_TYPES = frozenset({"Stadt", "Große Kreisstadt"})
KLEINSTADT_MAX = 20_000

DEMOGRAPHY_YEARS = (5, 10)
