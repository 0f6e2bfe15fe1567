"""Zensus 2022: households, buildings, origin, education and employment as shares."""

from __future__ import annotations

from leuchtfeuer.places.engine.indicators.inputs import (
    Basis,
    CensusData,
)
from leuchtfeuer.places.engine.indicators.results import (
    IndicatorResult,
    Like,
    make_result,
)

# ---------------------------------------------------------------------------------------------
# Zensus 2022: households, buildings, origin, education, employment
# ---------------------------------------------------------------------------------------------

_SAMPLE_NOTE = (
    "Der Zensus 2022 ermittelt diesen Wert aus einer Stichprobe und weist ihn erst für Gemeinden "
    "mit genügend großer Stichprobe aus (etwa ab 10.000 Einwohner:innen); Kreis und Land stehen "
    "im Vergleich."
)

# key → (table, numerator codes, denominator codes with sign); shares in %.
CENSUS_SHARES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    "share_one_person_households": ("haushalte", ("HH_SIZE_NAT__1",), (("0_Insgesamt_", 1),)),
    "share_senior_households": ("haushalte", ("HHTYP_SENIOR_HH__1",), (("0_Insgesamt_", 1),)),
    "share_households_with_children": (
        "haushalte",
        ("HHTYP_FAM__3", "HHTYP_FAM__4"),
        (("0_Insgesamt_", 1),),
    ),
    "share_buildings_before_1950": (
        "gebaeude",
        ("BAUJAHR_10JA__01", "BAUJAHR_10JA__02"),
        (("GEBAEUDEART_SYS_1", 1),),
    ),
    "share_buildings_since_2010": (
        "gebaeude",
        ("BAUJAHR_10JA__09", "BAUJAHR_10JA__10"),
        (("GEBAEUDEART_SYS_1", 1),),
    ),
    "share_foreign": ("demografie", ("Staatsange_kurz__2",), (("0_Insgesamt_", 1),)),
    "share_immigration_history": ("demografie", ("Einwanderungserf_ausf__2",), (("0_Insgesamt_", 1),)),
    "share_higher_education_entrance": (
        "schulabschluss",
        ("SCHULABS_STP__24",),
        (("SCHULABS_STP", 1), ("SCHULABS_STP__1", -1)),
    ),
    "share_without_vocational_qualification": (
        "berufsabschluss",
        ("BERUFABS_AUSF_STP__2",),
        (("BERUFABS_AUSF_STP", 1),),
    ),
    "unemployment_rate": ("erwerbsstatus", ("ERWERBSTAT_KURZ_STP__12",), (("ERWERBSTAT_KURZ_STP__1", 1),)),
}
SAMPLE_TABLES = frozenset({"erwerbsstatus", "schulabschluss", "berufsabschluss"})
ZENSUS_2022_BASIS = Basis.ZENSUS_2022.words(count=True)


def census_indicators(census: CensusData | None, like: Like | None = None) -> list[IndicatorResult]:
    out = []
    for key, (table, numerator, denominator) in CENSUS_SHARES.items():
        if census is None or (like is not None and like[key].reference_date != census.reference_date):
            out.append(make_result(key, None, None, "", notes=("Keine Zensus-2022-Angaben vorhanden.",)))
            continue
        source = census.sources.get(table, f"Zensus 2022 ({table})")
        parts = [census.get(table, c) for c in numerator]
        base = [(census.get(table, c), sign) for c, sign in denominator]
        value = None
        notes: tuple[str, ...] = ()
        if all(v is not None for v in parts) and all(v is not None for v, _ in base):
            num = float(sum(v for v in parts if v is not None))
            den = float(sum(sign * v for v, sign in base if v is not None))
            value = 100.0 * num / den if den > 0 else None
        elif table in SAMPLE_TABLES:
            notes = (_SAMPLE_NOTE,)
        else:
            notes = ("Der Zensus 2022 hält diesen Wert geheim oder weist ihn nicht aus.",)
        out.append(
            make_result(key, value, census.reference_date, source, notes=notes, basis=ZENSUS_2022_BASIS)
        )
    return out
