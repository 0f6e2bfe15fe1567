"""Every indicator of the Kommunalprofil: German label, unit, definition and group, in display order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    label: str
    unit: str
    definition: str
    group: str = "Bevölkerung"  # heading the table groups rows under


def _d(key: str, label: str, unit: str, definition: str, group: str = "Bevölkerung") -> IndicatorDefinition:
    return IndicatorDefinition(key, label, unit, definition, group)


PER_1000 = "je 1.000 Einwohner:innen"
AGE = "Altersstruktur"
HOUSEHOLDS = "Haushalte und Wohngebäude"
SOCIAL = "Herkunft, Bildung, Arbeit"
FLOWS = "Geburten, Sterbefälle, Wanderung"

DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.key: d
    for d in (
        _d(
            "population",
            "Bevölkerung",
            "Personen",
            "Einwohner:innen am letzten Stichtag der amtlichen Fortschreibung.",
        ),
        _d(
            "population_zensus2022",
            "Bevölkerung laut Zensus 2022",
            "Personen",
            "Einwohner:innen am 15.05.2022 laut Zensus 2022 (Zählung; Grundlage aller Zahlen ab 2022).",
        ),
        _d(
            "population_change_5y",
            "Bevölkerungsentwicklung über 5 Jahre",
            "%",
            "Veränderung der Einwohnerzahl gegenüber dem Wert etwa 5 Jahre vor dem letzten Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_10y",
            "Bevölkerungsentwicklung über 10 Jahre",
            "%",
            "Veränderung der Einwohnerzahl gegenüber dem Wert etwa 10 Jahre vor dem letzten Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_long",
            "Bevölkerungsentwicklung seit dem ersten vergleichbaren Stichtag",
            "%",
            "Veränderung der Einwohnerzahl zwischen dem ersten Stichtag auf dem heutigen Gebietsstand und dem letzten Stichtag, in % des Ausgangswerts.",
        ),
        _d(
            "population_change_same_basis",
            "Bevölkerungsentwicklung auf gleicher Zählungsbasis",
            "%",
            "Veränderung der Einwohnerzahl zwischen dem ersten und dem letzten Stichtag derselben Zählungsbasis (z. B. seit dem Zensus 2011), in % des Ausgangswerts.",
        ),
        _d("area", "Fläche", "km²", "Katasterfläche der Gemeinde laut Gemeindeverzeichnis."),
        _d(
            "density",
            "Bevölkerungsdichte",
            "Einwohner:innen je km²",
            "Einwohner:innen am letzten Stichtag geteilt durch die Fläche.",
        ),
        _d(
            "sex_ratio",
            "Frauen je 100 Männer",
            "Frauen je 100 Männer",
            "Frauen je 100 Männer, alle Altersgruppen, am letzten Stichtag mit Angaben nach Geschlecht.",
        ),
        _d(
            "share_under_18",
            "Anteil unter 18-Jähriger",
            "%",
            "Personen unter 18 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "share_65_plus",
            "Anteil ab 65-Jähriger",
            "%",
            "Personen ab 65 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "share_67_plus",
            "Anteil ab 67-Jähriger (Rentenalter)",
            "%",
            "Personen ab 67 Jahren in % aller Einwohner:innen; die Grenze der Zensus-2022-Altersgruppen, daher ohne Schätzung.",
            AGE,
        ),
        _d(
            "share_75_plus",
            "Anteil ab 75-Jähriger",
            "%",
            "Personen ab 75 Jahren in % aller Einwohner:innen.",
            AGE,
        ),
        _d(
            "youth_ratio",
            "Jugendquotient",
            "unter 20-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen unter 20 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
            AGE,
        ),
        _d(
            "old_age_ratio",
            "Altenquotient",
            "ab 65-Jährige je 100 Personen von 20 bis 64 Jahren",
            "Personen ab 65 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren.",
            AGE,
        ),
        _d(
            "mean_age",
            "Durchschnittsalter (geschätzt)",
            "Jahre",
            "Mittleres Alter, geschätzt aus Altersgruppen: jede Gruppe zählt mit ihrer Mitte, die offene Gruppe ab 75 mit 81,8 Jahren.",
            AGE,
        ),
        _d(
            "median_age",
            "Medianalter (geschätzt)",
            "Jahre",
            "Alter, das die Bevölkerung in zwei gleich große Hälften teilt; lineare Interpolation innerhalb der Altersgruppe.",
            AGE,
        ),
        _d(
            "sex_ratio_20_39",
            "Frauen je 100 Männer (20 bis 39 Jahre)",
            "Frauen je 100 Männer",
            "Frauen im Alter von 20 bis unter 40 Jahren je 100 Männer derselben Altersgruppe.",
            AGE,
        ),
        _d(
            "share_one_person_households",
            "Anteil der Einpersonenhaushalte",
            "% der Haushalte",
            "Privathaushalte mit einer Person in % aller Privathaushalte.",
            HOUSEHOLDS,
        ),
        _d(
            "share_senior_households",
            "Haushalte nur mit Menschen ab 65",
            "% der Haushalte",
            "Privathaushalte, in denen ausschließlich Menschen ab 65 Jahren leben (allein oder zu mehreren), in % aller Privathaushalte.",
            HOUSEHOLDS,
        ),
        _d(
            "share_households_with_children",
            "Haushalte mit Kindern",
            "% der Haushalte",
            "Paare mit Kind(ern) und Alleinerziehende in % aller Privathaushalte; Kind ist jede ledige Person, die mit Mutter oder Vater zusammenlebt, gleich welchen Alters.",
            HOUSEHOLDS,
        ),
        _d(
            "share_buildings_before_1950",
            "Gebäude mit Wohnraum aus der Zeit vor 1950",
            "% der Gebäude",
            "Gebäude mit Wohnraum, die bis 1949 gebaut wurden (Baujahrgruppen „vor 1919“ und „1919 bis 1949“), in % aller Gebäude mit Wohnraum.",
            HOUSEHOLDS,
        ),
        _d(
            "share_buildings_since_2010",
            "Gebäude mit Wohnraum ab Baujahr 2010",
            "% der Gebäude",
            "Gebäude mit Wohnraum, die 2010 oder später gebaut wurden, in % aller Gebäude mit Wohnraum.",
            HOUSEHOLDS,
        ),
        _d(
            "share_foreign",
            "Anteil ausländischer Staatsangehöriger",
            "%",
            "Personen ohne deutsche Staatsangehörigkeit in % aller Einwohner:innen.",
            SOCIAL,
        ),
        _d(
            "share_immigration_history",
            "Anteil mit Einwanderungsgeschichte",
            "%",
            "Personen, die selbst eingewandert sind oder deren Eltern beide eingewandert sind, in % aller Einwohner:innen.",
            SOCIAL,
        ),
        _d(
            "share_higher_education_entrance",
            "Anteil mit (Fach-)Hochschulreife",
            "% der Personen ab 15 ohne Schulbesuch",
            "Personen ab 15 Jahren mit Fachhochschul- oder Hochschulreife in % der Personen ab 15 Jahren, die keine allgemeinbildende Schule mehr besuchen.",
            SOCIAL,
        ),
        _d(
            "share_without_vocational_qualification",
            "Anteil ohne beruflichen Abschluss",
            "% der Personen ab 15",
            "Personen ab 15 Jahren ohne beruflichen Bildungsabschluss (auch Schüler:innen, Auszubildende und Studierende) in % aller Personen ab 15 Jahren.",
            SOCIAL,
        ),
        _d(
            "unemployment_rate",
            "Erwerbslosenquote",
            "% der Erwerbspersonen",
            "Erwerbslose (ohne Arbeit, suchen und sind verfügbar; Konzept der Internationalen Arbeitsorganisation) in % der Erwerbspersonen (Erwerbstätige und Erwerbslose).",
            SOCIAL,
        ),
        _d(
            "births",
            "Lebendgeborene",
            "Personen",
            "Lebendgeborene im Kalenderjahr (Wohnort der Mutter).",
            FLOWS,
        ),
        _d("deaths", "Gestorbene", "Personen", "Gestorbene im Kalenderjahr (letzter Wohnort).", FLOWS),
        _d(
            "birth_rate",
            "Geburten je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "death_rate",
            "Sterbefälle je 1.000 Einwohner:innen",
            PER_1000,
            "Gestorbene des Jahres je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "natural_balance",
            "Natürlicher Saldo",
            "Personen",
            "Lebendgeborene minus Gestorbene im Kalenderjahr.",
            FLOWS,
        ),
        _d(
            "natural_balance_per_1000",
            "Natürlicher Saldo je 1.000 Einwohner:innen",
            PER_1000,
            "Lebendgeborene minus Gestorbene je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "migration_balance",
            "Wanderungssaldo",
            "Personen",
            "Zuzüge minus Fortzüge über die Gemeindegrenze im Kalenderjahr.",
            FLOWS,
        ),
        _d(
            "migration_balance_per_1000",
            "Wanderungssaldo je 1.000 Einwohner:innen",
            PER_1000,
            "Zuzüge minus Fortzüge über die Gemeindegrenze je 1.000 Einwohner:innen (Mittel der Bevölkerung am Jahresanfang und Jahresende).",
            FLOWS,
        ),
        _d(
            "migration_family",
            "Familienwanderung",
            "je 1.000 Einwohner:innen der Altersgruppen",
            "Wanderungssaldo der unter 18-Jährigen und der 30- bis 49-Jährigen je 1.000 Einwohner:innen dieser Altersgruppen.",
            FLOWS,
        ),
        _d(
            "migration_education",
            "Bildungswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 18- bis 24-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_career_start",
            "Berufseinstiegswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 25- bis 29-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_50_64",
            "Wanderung der 50- bis 64-Jährigen",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der 50- bis 64-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
        _d(
            "migration_retirement",
            "Alterswanderung",
            "je 1.000 Einwohner:innen der Altersgruppe",
            "Wanderungssaldo der ab 65-Jährigen je 1.000 Einwohner:innen dieser Altersgruppe.",
            FLOWS,
        ),
    )
}
