"""A town's own register data (Ortsteil upload) in place of the estimated starting age structure,
when the upload covers the whole town; see `current` (step 3)."""

from __future__ import annotations

import numpy as np
from django.db.models import Sum

from leuchtfeuer.places.models import (
    OrtsteilAgeGroupCount,
    OrtsteilDataUpload,
    Region,
)
from leuchtfeuer.places.ortsteil_data import REGIO17
from leuchtfeuer.projections.engine import schedules
from leuchtfeuer.projections.engine.cohort import project
from leuchtfeuer.projections.result import RegionProjection, shift_group_intervals

OWN_DATA_COVERAGE = (0.90, 1.15)  # share of the official total an upload must cover to be used


def _own_data(region: Region) -> tuple[OrtsteilDataUpload, np.ndarray] | None:
    """(latest upload, counts (2, 17) by sex and REGIO17 group summed over all Ortsteile)."""
    upload = (
        OrtsteilDataUpload.objects.filter(municipality__region=region)
        .order_by("-reference_date", "-uploaded_at")
        .first()
    )
    if upload is None:
        return None
    municipality = upload.municipality_id
    index = {lo: i for i, (lo, _) in enumerate(REGIO17)}
    counts = np.zeros((2, len(REGIO17)))
    rows = (
        OrtsteilAgeGroupCount.objects.filter(
            ortsteil__municipality_id=municipality, reference_date=upload.reference_date
        )
        .values_list("age_from", "sex")
        .annotate(n=Sum("count"))
    )
    for age_from, sex, n in rows:
        i = index.get(age_from)
        if i is None:
            continue
        if sex == "m":
            counts[0, i] += n
        elif sex == "w":
            counts[1, i] += n
        else:  # divers / ohne Angabe: half to each, as the engine has two sexes
            counts[:, i] += n / 2.0
    return upload, counts


def apply_own_data(result: RegionProjection, bundle: dict, region: Region) -> None:
    """Replace the estimated starting structure of `result` with the upload, if it covers the town."""
    found = _own_data(region)
    if found is None:
        return
    upload, counts = found
    official = float(bundle["ensemble"][0])
    coverage = counts.sum() / official if official else 0.0
    info = {
        "filename": upload.filename,
        "reference_date": upload.reference_date,
        "coverage": coverage,
        "used": False,
        "reason": "",
    }
    result.own_data = info
    lo, hi = OWN_DATA_COVERAGE
    if not lo <= coverage <= hi:
        info["reason"] = (
            f"Die hochgeladenen Ortsteildaten umfassen {round(coverage * 100)} % der amtlichen "
            "Einwohnerzahl; für die Vorausberechnung braucht es die ganze Gemeinde (90–115 %)."
        )
        return
    structure = schedules.expand_bands(counts, REGIO17, np.maximum(result.base, 1e-9))
    gap = result.base_year - upload.reference_date.year
    if gap > 0:  # age the register data forward to the base year with the same rates
        structure = project(structure[None], result.rates, gap).population[-1, 0]
    male, female = bundle["sex_totals"]
    if male is None or female is None:
        target = structure.sum(axis=1) * official / max(structure.sum(), 1e-9)
    else:
        target = np.array([male, female], dtype=float)
    structure = structure * (target / np.maximum(structure.sum(axis=1), 1e-9))[:, None]
    cohort = project(structure[None], result.rates, result.horizon)
    new_cohort_pop = cohort.population[:, 0]
    result.cohort_flows = {
        "births": cohort.births[:, 0],
        "deaths": cohort.deaths[:, 0],
        "net_migration": cohort.moves_in[:, 0] - cohort.moves_out[:, 0] + cohort.extra[:, 0],
    }
    new_cohort_total = new_cohort_pop.sum(axis=(1, 2))
    old_groups = result.group_values()
    shift = result.weights.get("kohorten", 0.0) * (new_cohort_total - result.cohort_total)
    if "kohorten" in result.methods:
        result.methods["kohorten"] = new_cohort_total.copy()
    result.total = result.total + shift
    result.intervals = {lv: (a + shift, b + shift) for lv, (a, b) in result.intervals.items()}
    result.base = structure
    result.cohort_total = new_cohort_total
    result.population = new_cohort_pop * (result.total / np.maximum(new_cohort_total, 1e-9))[:, None, None]
    new_groups = result.group_values()
    result.group_intervals = shift_group_intervals(
        result.group_intervals, {k: new_groups[k] - old_groups[k] for k in new_groups}
    )
    result.base_estimated = False
    info["used"] = True
    result.sources["Basisbevölkerung"] = (
        f"Eigene Melderegisterdaten der Kommune (Ortsteil-Upload {upload.filename}, Stichtag "
        f"{upload.reference_date:%d.%m.%Y}), abgestimmt auf den amtlichen Bevölkerungsstand "
        f"31.12.{result.base_year} nach Geschlecht"
    )
