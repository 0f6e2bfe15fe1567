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

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import measure, pct  # noqa: E402
from django.test import Client  # noqa: E402

from leuchtfeuer.places.models import Region  # noqa: E402


def report(label: str, times: list[float], queries: int, _size: int = 0) -> None:
    times = sorted(times)
    p95 = pct(times, 0.95)
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
