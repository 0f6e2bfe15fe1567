"""Server time and query count of the Werkstatt pages, for the demo town and for a large plan.

Run after `make setup` and `leuchtfeuer load-demo` (dev database):
    .venv/bin/python benchmarks/werkstatt_pages.py [--n 20] [--measures 150]
Prints p50/p95/max in ms and the maximum number of queries per page: first for Malchin's demo
process, then for a synthetic plan with many measures (built inside a transaction that is rolled
back, so the dev database is unchanged). Also times freezing the plan (snapshot) and the diff.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import measure, signed_in  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from leuchtfeuer.accounts.models import User  # noqa: E402
from leuchtfeuer.werkstatt.models import Process  # noqa: E402
from leuchtfeuer.werkstatt.plan import indicators as indicator_services  # noqa: E402
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors  # noqa: E402
from leuchtfeuer.werkstatt.plan import services as plan_services  # noqa: E402

PAGES = [
    "",
    "kick-off/",
    "resilienz-check/",
    "kommunalprofil/",
    "zukunftswerkstatt/",
    "plan/",
    "zwischenbilanz/",
    "aufgaben/",
]


class Rollback(Exception):
    pass


def summary(client: Client, url: str, n: int) -> tuple[float, float, float, int]:
    times, queries, _ = measure(client, [url] * n)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], times[-1], queries


def report(title: str, client: Client, slug: str, n: int) -> None:
    print(title)
    print(f"  {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for page in PAGES:
        p50, p95, worst, queries = summary(client, f"/kommunen/{slug}/werkstatt/{page}", n)
        print(f"  {page or '(Übersicht)':<22} {p50:8.1f} {p95:8.1f} {worst:8.1f} {queries:8d}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--measures", type=int, default=150)
    args = parser.parse_args()
    process = Process.objects.select_related("municipality").get(municipality__slug="malchin")
    coordinator = User.objects.get(email__startswith="koordination.malchin@")
    client = signed_in(coordinator)
    report("Malchin (demo)", client, "malchin", args.n)

    try:
        with transaction.atomic():
            fields = list(process.handlungsfelder.all())
            for i in range(args.measures):
                measure = plan_services.measure_create(
                    actor=coordinator,
                    process=process,
                    handlungsfeld=fields[i % len(fields)],
                    title=f"Synthetische Maßnahme {i}",
                    start=date(2026, 1 + i % 12, 1),
                    end=date(2028, 1 + i % 12, 28),
                    target_groups=["junge-familie"],
                    responsible="Stadtverwaltung",
                )
                for year in (2026, 2027):
                    plan_services.budget_line_add(
                        actor=coordinator, measure=measure, label="Posten", amount="1234.56", year=year
                    )
                indicator_services.indicator_create(
                    actor=coordinator, process=process, kind="eigen", label=f"Indikator {i}", measure=measure,
                    baseline_value=0, baseline_date=date(2025, 12, 31), target_value=10, target_year=2028,
                )  # fmt: skip
            report(f"Malchin + {args.measures} synthetic measures", client, "malchin", max(3, args.n // 4))
            started = time.perf_counter()
            snapshot = plan_selectors.plan_snapshot(process)
            snap_ms = (time.perf_counter() - started) * 1000
            old = process.plan_versions.order_by("-number").first().snapshot
            started = time.perf_counter()
            diff = plan_selectors.plan_diff(old, snapshot)
            diff_ms = (time.perf_counter() - started) * 1000
            print(f"  plan_snapshot: {snap_ms:.1f} ms, plan_diff: {diff_ms:.1f} ms ({len(diff)} changes)")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
