"""Every jump of more than 5 % within a year in the population series of all Gemeinden, by cause.

Run after `leuchtfeuer import-official` (full official data in the dev database):
    .venv/bin/python benchmarks/series_steps.py [--list real|territory|basis|count] [--min-persons 100]
Prints how many jumps each cause explains (places.engine.steps: a territory that is not today's,
a new population basis, a Zensus count beside the Fortschreibung, or a real change split into
births minus deaths and moves) and, with --list, the largest of one cause. A jump between two
figures marked comparable that is no real change would be a defect of the import (issue 14).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from leuchtfeuer.places.engine.steps import SeriesFigure, describe, explain_steps  # noqa: E402
from leuchtfeuer.places.models import PopulationCount, Region, VitalEvents  # noqa: E402
from leuchtfeuer.places.profile import COUNT_SOURCES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", choices=["real", "territory", "basis", "count"])
    parser.add_argument("--min-persons", type=int, default=0, help="only jumps of at least this many persons")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    names = dict(Region.objects.filter(level=Region.Level.GEMEINDE).values_list("id", "name"))
    series: dict[int, list[SeriesFigure]] = defaultdict(list)
    for region_id, day, total, basis, territory, source in PopulationCount.objects.filter(
        region_id__in=names
    ).values_list("region_id", "reference_date", "total", "basis", "territory", "source"):
        series[region_id].append(SeriesFigure(day, float(total), basis, territory, source in COUNT_SOURCES))
    natural: dict[int, dict[int, float]] = defaultdict(dict)
    for region_id, year, births, deaths in VitalEvents.objects.filter(
        region_id__in=names, births__isnull=False, deaths__isnull=False
    ).values_list("region_id", "year", "births", "deaths"):
        natural[region_id][year] = births - deaths
    kinds: Counter = Counter()
    places: dict[str, set[int]] = defaultdict(set)
    found = []
    for region_id, figures in series.items():
        for step in explain_steps(figures, natural.get(region_id)):
            if abs(step.change) < args.min_persons:
                continue
            kinds[step.kind] += 1
            places[step.kind].add(region_id)
            found.append((region_id, step))
    print(f"Gemeinden: {len(series)}; jumps > 5 % within a year: {sum(kinds.values())}")
    for kind, n in kinds.most_common():
        print(f"  {kind:<10} {n:>6} jumps in {len(places[kind]):>5} Gemeinden")
    if args.list:
        chosen = sorted((f for f in found if f[1].kind == args.list), key=lambda f: -abs(f[1].change))
        for region_id, step in chosen[: args.top]:
            print(f"{names[region_id]}: {describe(step)}")


if __name__ == "__main__":
    main()
