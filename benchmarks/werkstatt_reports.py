"""Server time and query count of the Werkstatt reports on the demo data.

Run after `make setup` (dev database with official data and the demo, incl. the demo Kurzberichte):
    .venv/bin/python benchmarks/werkstatt_reports.py [--n 10]
Prints p50/p95 in ms and the maximum number of queries for the office overview, the evaluation
export (CSV, XLSX), the Zwischenbilanz of Malchin (page, PDF, DOCX, ODT), its Kurzbericht page and
the blank method kits. The office overview's query count does not depend on the number of towns
(pinned in the tests). Documents are built by a worker since issue 19; here the immediate task
backend builds them inside the first request and the measured repeats deliver the stored file
(the request time with the queue and each build time: benchmarks/document_request.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import measure, pct, signed_in  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import override_settings  # noqa: E402

from leuchtfeuer.werkstatt.models import Report  # noqa: E402

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    User = get_user_model()
    office = User.objects.filter(is_programme_office=True, is_active=True).first()
    coordinator = User.objects.filter(
        memberships__municipality__slug="malchin", memberships__role="koordination"
    ).first()
    if office is None or coordinator is None:
        raise SystemExit("Demo fehlt: erst `leuchtfeuer load-demo` ausführen.")
    year = (
        Report.objects.filter(process__municipality__slug="malchin")
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    base = "/kommunen/malchin/werkstatt/"
    plan = [
        (office, "/geschaeftsstelle/werkstatt/"),
        (office, "/geschaeftsstelle/werkstatt/auswertung.csv"),
        (office, "/geschaeftsstelle/werkstatt/auswertung.xlsx"),
        (coordinator, base + "zwischenbilanz/bericht/"),
        (coordinator, base + "zwischenbilanz/bericht.pdf"),
        (coordinator, base + "zwischenbilanz/bericht.docx"),
        (coordinator, base + "zwischenbilanz/bericht.odt"),
        (coordinator, "/werkstatt/methodenkoffer/moderationsplan-zukunftswerkstatt.pdf"),
        (coordinator, "/werkstatt/methodenkoffer/massnahmenblatt.docx"),
    ]
    if year:
        plan.insert(7, (coordinator, base + f"kurzbericht/{year}/"))
        plan.insert(8, (coordinator, base + f"kurzbericht/{year}/bericht.pdf"))
    print(f"{'Seite':62} {'p50 ms':>8} {'p95 ms':>8} {'Abfragen':>9} {'Größe':>9}")
    with override_settings(TASKS=IMMEDIATE_TASKS):
        run(plan, args.n)


def run(plan, n: int) -> None:
    for user, url in plan:
        client = signed_in(user)
        client.get(url, HTTP_HOST="127.0.0.1")  # warm caches (profile, templates, fonts)
        times, queries, size = measure(client, [url] * n)
        print(f"{url:62} {statistics.median(times):8.1f} {pct(times, 0.95):8.1f} {queries:9d} {size:9d}")


if __name__ == "__main__":
    main()
