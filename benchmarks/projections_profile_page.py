"""Server time of the Kommunalprofil with the projection, the projection API and a scenario.

Run with the full official data in the dev database:
    .venv/bin/python benchmarks/projections_profile_page.py [--ags 13071092] [--n 20]
Prints: the page when the region's Kreis has not been computed yet (the page shows a
placeholder; the separately loaded section computes the Kreis), the page with a stored result but an empty cache, the cached page (p50/p95 over n
requests, with the number of queries), the projection API, and one scenario run on its own.
`leuchtfeuer warm-projections` precomputes every Gemeinde so that visitors never see the first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from leuchtfeuer.places.models import Region  # noqa: E402
from leuchtfeuer.projections import current  # noqa: E402
from leuchtfeuer.projections.engine.scenarios import MeasureSpec, run_scenario  # noqa: E402
from leuchtfeuer.projections.models import ProjectionResult  # noqa: E402


def timed(client: Client, url: str) -> tuple[float, int]:
    reset_queries()
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(connection.queries)


def summary(label: str, samples: list[tuple[float, int]]) -> None:
    times = sorted(t for t, _ in samples)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{label:<34} n={len(times):<3} p50={statistics.median(times):7.1f} ms  p95={p95:7.1f} ms  "
        f"max queries={max(q for _, q in samples)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ags", default="13071092")
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    settings.DEBUG = True  # record queries
    region = Region.objects.get(level="gemeinde", ags=args.ags)
    url = f"/orte/{args.ags}/"
    client = Client()
    client.get(url, HTTP_HOST="127.0.0.1")  # process warm-up (peer index, templates)
    base_year = current.latest_total_year(region)
    key = current._cache_key(region.ags, base_year, current.data_version())
    ProjectionResult.objects.filter(region_key__startswith=region.ags[:5]).delete()
    cache.delete(key)
    summary("page, not computed (placeholder)", [timed(client, url)])
    summary("section, Kreis computed in request", [timed(client, f"/orte/{args.ags}/vorausberechnung/")])
    cache.delete(key)
    summary("page, stored result, cache empty", [timed(client, url)])
    summary("page, projection cached", [timed(client, url) for _ in range(args.n)])
    import leuchtfeuer.projections.presenters as presenters

    with_projection = presenters.profile_projection_context
    presenters.profile_projection_context = lambda region, **kwargs: {}
    summary("page without the projection (A/B)", [timed(client, url) for _ in range(args.n)])
    presenters.profile_projection_context = with_projection
    api = f"/api/v1/regions/{args.ags}/projection"
    summary("API projection, cached", [timed(client, api) for _ in range(args.n)])
    proj = current.region_projection(region)
    specs = [
        MeasureSpec("returnees", start_year=2026, count=20, age_from=25, age_to=40),
        MeasureSpec("fewer_out_moves", start_year=2026, percent=10, age_from=18, age_to=24),
        MeasureSpec("families", start_year=2027, count=5),
    ]
    runs = []
    for _ in range(args.n):
        started = time.perf_counter()
        run_scenario(proj.base[None], proj.rates, proj.base_year, proj.horizon, specs)
        runs.append(((time.perf_counter() - started) * 1000, 0))
    summary("scenario run (3 measures, engine)", runs)


if __name__ == "__main__":
    main()
