"""Time of the Kommunalprofil PDF download: the first one (WeasyPrint renders it) and repeats
(the stored PDF is sent; only the HTML is built again to check that nothing changed).

Run after `make setup` (full official data in the dev database):
    .venv/bin/python benchmarks/profile_pdf.py [--repeat 10] [AGS ...]
Prints, per region, the first download and p50/max of the repeated ones in ms, the queries of a
repeat and the PDF size. The region's stored PDF is removed first, so "erste" is a real first
generation; its projection is computed beforehand (as `leuchtfeuer warm-projections` does), so
the figure is the PDF's own. Target (issue 14): repeated download < 300 ms.

Since issue 19 the page's PDF is built by a worker (core.generated); here the immediate task
backend builds it inside the first request, so "erste" is still the full build and the repeats
deliver the stored file. The request time with the queue: benchmarks/document_request.py.
"""

from __future__ import annotations

import argparse
import os
import statistics

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import measure  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from leuchtfeuer.core.models import GeneratedDocument  # noqa: E402

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Malchin and Loitz (small towns), their Kreis and their Land
DEFAULT_KEYS = ["13071092", "13075082", "13071", "13"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("keys", nargs="*", default=DEFAULT_KEYS)
    args = parser.parse_args()
    client = Client()
    client.get(f"/orte/{args.keys[0]}/", HTTP_HOST="127.0.0.1")  # peer index once per process, as a server
    print(f"{'Region':<10} {'erste':>9} {'Wiederholung p50':>17} {'max':>9}  Abfragen  Größe")
    with override_settings(TASKS=IMMEDIATE_TASKS):
        run(client, args)


def run(client: Client, args: argparse.Namespace) -> None:
    for key in args.keys:
        client.get(f"/orte/{key}/vorausberechnung/", HTTP_HOST="127.0.0.1")
        GeneratedDocument.objects.filter(kind="kommunalprofil", key=key).delete()
        url = f"/orte/{key}/kommunalprofil.pdf"
        first, _, size = measure(client, [url])
        repeats, queries, _ = measure(client, [url] * args.repeat)
        print(
            f"{key:<10} {first[0]:7.0f} ms {statistics.median(repeats):14.0f} ms {max(repeats):6.0f} ms"
            f"  {queries:>8}  {size / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
