"""Server time and query count of the public profile page and the indicators API.

Run after `make setup` (full official data in the dev database):
    .venv/bin/python benchmarks/profile_page.py [--n 200]
Prints p50/p95/max in ms and the maximum number of queries, for random Gemeinden of every size
(seeded, so runs are comparable). Targets (issue 3): page p95 < 300 ms with <= 15 queries,
API indicators p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from leuchtfeuer.places.models import Region  # noqa: E402


def measure(client: Client, urls: list[str]) -> tuple[list[float], int]:
    times, max_queries = [], 0
    settings.DEBUG = True  # record queries
    for url in urls:
        reset_queries()
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        max_queries = max(max_queries, len(connection.queries))
    return times, max_queries


def report(label: str, times: list[float], queries: int) -> None:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{label:<26} n={len(times):<4} p50={statistics.median(times):6.1f} ms  p95={p95:6.1f} ms  "
        f"max={times[-1]:6.1f} ms  max queries={queries}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    keys = list(Region.objects.filter(level="gemeinde", population__gt=0).values_list("ags", flat=True))
    random.Random(2026).shuffle(keys)
    sample = keys[: args.n]
    client = Client()
    # Warm-up: builds the peer index once per process, as a server does.
    client.get(f"/orte/{sample[0]}/", HTTP_HOST="127.0.0.1")
    report("Profilseite /orte/<ags>/", *measure(client, [f"/orte/{k}/" for k in sample]))
    report("API …/indicators", *measure(client, [f"/api/v1/regions/{k}/indicators" for k in sample]))
    report("API …/peers", *measure(client, [f"/api/v1/regions/{k}/peers" for k in sample[:50]]))


if __name__ == "__main__":
    main()
