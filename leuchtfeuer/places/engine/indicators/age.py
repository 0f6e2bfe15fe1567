"""Age structure: shares of age groups, dependency ratios and mean age (exact or estimated from groups)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.agegroups import AgeScheme
from leuchtfeuer.places.engine.indicators.inputs import (
    AgeSexStructure,
)
from leuchtfeuer.places.engine.indicators.results import (
    HistoryValue,
    IndicatorResult,
    Like,
    fmt_date,
    make_result,
)

# ---------------------------------------------------------------------------------------------
# Age structure
# ---------------------------------------------------------------------------------------------

ESTIMATE_NOTE = "Geschätzt aus Altersgruppen: Innerhalb einer Gruppe wird eine gleichmäßige Verteilung der Lebensalter angenommen."
_OPEN_GROUP_NOTE = "Die Gruppe ab 75 Jahren zählt mit 81,8 Jahren (Zensus 2011, Deutschland)."
AGE_KEYS = (
    "share_under_18",
    "share_65_plus",
    "share_67_plus",
    "share_75_plus",
    "youth_ratio",
    "old_age_ratio",
    "mean_age",
    "median_age",
    "sex_ratio_20_39",
)


def is_exact(scheme: AgeScheme, *ranges: tuple[int, int | None]) -> bool:
    return all(ag.age_range_weights(scheme, lo, hi)[1] for lo, hi in ranges)


def _share(s: AgeSexStructure, lo: int, hi: int | None) -> float:
    denominator = s.denominator()
    return (
        100.0 * float(ag.count_in_range(s.total, s.scheme, lo, hi)) / denominator
        if denominator > 0
        else math.nan
    )


def _band_note(s: AgeSexStructure, key: str) -> str | None:
    """Which band an estimate splits, in words (Zensus 2022: 16–18, 19–24, 60–66)."""
    if s.scheme.key != ag.ZENSUS22_11.key:
        return None
    return {
        "share_under_18": "Zensus 2022 zählt 16 bis 18 Jahre als eine Gruppe; davon sind zwei Drittel (16 und 17) gezählt.",
        "share_65_plus": "Zensus 2022 zählt 60 bis 66 Jahre als eine Gruppe; davon sind zwei Siebtel (65 und 66) gezählt. Ohne Schätzung: Anteil ab 67.",
        "youth_ratio": "Zensus 2022: von 19 bis 24 Jahren ist ein Sechstel (19) den unter 20-Jährigen zugeordnet.",
        "old_age_ratio": "Zensus 2022: von 60 bis 66 Jahren sind zwei Siebtel (65 und 66) den ab 65-Jährigen zugeordnet.",
    }.get(key)


def age_value(key: str, s: AgeSexStructure) -> tuple[float | None, bool, tuple[str, ...]] | None:
    """(value, estimated, notes) of one age indicator from one structure; None if the structure
    cannot give it at all (sex ratio without sex × age)."""
    sc, c = s.scheme, s.total
    if key == "sex_ratio_20_39":
        if s.male is None or s.female is None:
            return None
        men = float(ag.count_in_range(s.male, sc, 20, 40))
        women = float(ag.count_in_range(s.female, sc, 20, 40))
        return (100.0 * women / men if men > 0 else None), not is_exact(sc, (20, 40)), ()
    ranges = {
        "share_under_18": ((0, 18),),
        "share_65_plus": ((65, None),),
        "share_67_plus": ((67, None),),
        "share_75_plus": ((75, None),),
        "youth_ratio": ((0, 20), (20, 65)),
        "old_age_ratio": ((65, None), (20, 65)),
    }
    if key in ranges:
        exact = is_exact(sc, *ranges[key])
        if key == "youth_ratio":
            value = float(ag.youth_ratio(c, sc))
        elif key == "old_age_ratio":
            value = float(ag.old_age_ratio(c, sc))
        else:
            lo, hi = ranges[key][0]
            value = _share(s, lo, hi)
    elif key == "mean_age":
        value, exact = float(ag.mean_age(c, sc)), False
    else:
        value, exact = float(ag.median_age(c, sc)), False
    notes: list[str] = []
    if not exact:
        notes.append(ESTIMATE_NOTE)
        if key == "mean_age":
            notes.append(_OPEN_GROUP_NOTE)
        band = _band_note(s, key)
        if band:
            notes.append(band)
    return (value if math.isfinite(value) else None), not exact, tuple(notes)


def age_indicators(
    s: AgeSexStructure | None, history: Sequence[AgeSexStructure] = (), like: Like | None = None
) -> list[IndicatorResult]:
    """Shares, ratios, mean/median age and the sex ratio of the 20–39-year-olds.

    Each indicator comes from the most recent structure that gives it (the Zensus 2022 has no
    age × sex, so the sex ratio of the 20–39-year-olds stays at 31.12.2015); the older
    structures that give it are its history. With `like`, only the structure of the town's
    reference date counts (a comparison on the same date)."""
    structures = sorted(
        [x for x in (s, *history) if x is not None], key=lambda x: x.reference_date, reverse=True
    )
    out = []
    for key in AGE_KEYS:
        usable = [(x, v) for x in structures if (v := age_value(key, x)) is not None]
        if like is not None:
            usable = [(x, v) for x, v in usable if x.reference_date == like[key].reference_date]
        if not usable:
            note = (
                "Alter und Geschlecht liegen für diesen Stichtag nicht gekreuzt vor."
                if key == "sex_ratio_20_39" and structures
                else "Keine Altersstruktur vorhanden."
            )
            out.append(make_result(key, None, None, "", notes=(note,)))
            continue
        (current, (value, estimated, notes)), older = usable[0], usable[1:]
        if key == "sex_ratio_20_39" and structures and current is not structures[0]:
            notes = (
                *notes,
                f"Der neueste Stand ({fmt_date(structures[0].reference_date)}) weist Alter und "
                "Geschlecht nicht gekreuzt aus; daher der Stand "
                f"{fmt_date(current.reference_date)}.",
            )
        past = tuple(
            HistoryValue(x.reference_date, v[0], x.basis_words, x.source, v[1])
            for x, v in older
            if x.reference_date < current.reference_date
        )
        out.append(
            make_result(
                key,
                value,
                current.reference_date,
                current.source,
                estimated=estimated,
                notes=notes,
                basis=current.basis_words,
                history=past if like is None else (),
            )
        )
    return out
