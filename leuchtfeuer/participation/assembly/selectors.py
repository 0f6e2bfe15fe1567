"""Reads for the Bürgerrat: quotas proposed from the official population figures."""

from __future__ import annotations

import math
from collections import defaultdict

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.places.models import AgeGroupCount, OrtsteilAgeGroupCount

AGE_BANDS = [("16-24", 16, 25), ("25-39", 25, 40), ("40-59", 40, 60), ("60-74", 60, 75), ("75+", 75, None)]


def _bounds(share: float, panel_size: int, tolerance: int) -> tuple[int, int]:
    target = share * panel_size
    return max(math.floor(target) - tolerance, 0), math.ceil(target) + tolerance


def assembly_quota_proposal(municipality, panel_size: int, *, tolerance: int = 1) -> tuple[dict, str, list]:
    """Quotas proposed from the official population of the municipality (age, sex) and from the
    town's own Ortsteil upload (Ortsteil). Returns (quotas, source text, table rows for display:
    [category, value, population, share %, min, max])."""
    region = municipality.region
    quotas: dict = {}
    rows: list = []
    sources: list[str] = []
    age_rows = list(
        AgeGroupCount.objects.filter(
            region=region, kind=AgeGroupCount.Kind.POPULATION, scheme="zensus22_11"
        ).values_list("age_from", "age_to", "total", "reference_date")
    )
    if age_rows:
        counts = {}
        for label, lo, hi in AGE_BANDS:
            counts[label] = sum(
                total or 0
                for a_from, a_to, total, _ in age_rows
                if a_from >= lo and (hi is None or (a_to is not None and a_to <= hi))
            )
        total = sum(counts.values())
        if total:
            quotas["Alter"] = {}
            for label, _, _ in AGE_BANDS:
                share = counts[label] / total
                quotas["Alter"][label] = list(_bounds(share, panel_size, tolerance))
                rows.append(["Alter", label, counts[label], round(100 * share, 1), *quotas["Alter"][label]])
            sources.append(
                f"Alter: Zensus 2022 (15.05.2022), Einwohner:innen ab 16 Jahren ({format_number(total)})"
            )
    sex_rows = list(
        AgeGroupCount.objects.filter(region=region, kind=AgeGroupCount.Kind.POPULATION, scheme="regio17")
        .exclude(male__isnull=True)
        .values_list("age_from", "male", "female", "reference_date")
    )
    if sex_rows:
        male = sum(m or 0 for a, m, f, _ in sex_rows if a >= 18)
        female = sum(f or 0 for a, m, f, _ in sex_rows if a >= 18)
        if male + female:
            date = sex_rows[0][3]
            quotas["Geschlecht"] = {}
            for label, n in (("weiblich", female), ("männlich", male)):
                share = n / (male + female)
                quotas["Geschlecht"][label] = list(_bounds(share, panel_size, tolerance))
                rows.append(["Geschlecht", label, n, round(100 * share, 1), *quotas["Geschlecht"][label]])
            quotas["Geschlecht"]["divers"] = [0, 1]
            rows.append(["Geschlecht", "divers", None, None, 0, 1])
            sources.append(
                f"Geschlecht: Regionalstatistik 12411-02-03-5, Stand {date:%d.%m.%Y}, ab 18 Jahren "
                "(jüngste amtliche Zahl nach Geschlecht für die Gemeinde); „divers“ wird amtlich nicht "
                "getrennt ausgewiesen: 0 bis 1 Platz"
            )
    ortsteil_rows = list(
        OrtsteilAgeGroupCount.objects.filter(
            ortsteil__municipality=municipality, age_from__gte=16
        ).values_list("ortsteil__name", "reference_date", "count")
    )
    if ortsteil_rows:
        latest: dict[str, object] = {}
        for name, date, _ in ortsteil_rows:
            latest[name] = max(latest.get(name, date), date)
        counts = defaultdict(int)
        for name, date, n in ortsteil_rows:
            if date == latest[name]:
                counts[name] += n
        total = sum(counts.values())
        if total:
            quotas["Ortsteil"] = {}
            for name in sorted(counts):
                share = counts[name] / total
                quotas["Ortsteil"][name] = list(_bounds(share, panel_size, tolerance))
                rows.append(
                    ["Ortsteil", name, counts[name], round(100 * share, 1), *quotas["Ortsteil"][name]]
                )
            sources.append("Ortsteil: eigene Meldedaten der Kommune (Ortsteil-Upload), ab 16 Jahren")
    source = "; ".join(sources) + f". Spanne: Anteil × {panel_size} Plätze, ±{tolerance}."
    return quotas, source, rows
