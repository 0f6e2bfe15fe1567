"""Server time, query count and page weight of the public portal, plus the pure engines.

Run after `make setup` (dev database with official data and the demo portals):
    .venv/bin/python benchmarks/portal_pages.py [--n 50]
Prints p50/p95 in ms, the maximum number of queries and the HTML size per page of the demo
portal of Bad Berleburg; then offer matching for one case against 5,000 offers and the
suppressed statistics over 50,000 anonymous records (numbers synthetic, nothing stored).
Targets: public pages p95 < 150 ms with <= 15 queries and < 40 kB HTML ("fast on a phone").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from _pages import measure, pct  # noqa: E402
from django.test import Client  # noqa: E402

from leuchtfeuer.portal.engine import matching, stats  # noqa: E402

PAGES = [
    "",
    "angebote/",
    "lebensphase/junge-familie/",
    "erhebungsbogen/",
    "probewohnen/",
    "veranstaltungen/",
    "?lang=en",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--slug", default="bad-berleburg")
    args = parser.parse_args()
    client = Client()
    client.get(f"/ankommen/{args.slug}/", HTTP_HOST="127.0.0.1")  # warm the key-figure cache
    for page in PAGES:
        url = f"/ankommen/{args.slug}/{page}"
        times, queries, size = measure(client, [url] * args.n)
        print(
            f"{url:<48} p50={statistics.median(times):6.1f} ms  p95={pct(times, 0.95):6.1f} ms  "
            f"queries={queries:<3} html={size / 1024:5.1f} kB"
        )

    rng = random.Random(2026)
    kinds = ["job", "ausbildung", "wohnung", "haus", "bauplatz", "kita", "schule", "coworking", "probewohnen"]
    fields = ["gesundheit", "handwerk", "it", "bildung", "handel"]
    today = date(2026, 11, 23)
    offers = [
        matching.OfferInfo(
            i,
            rng.choice(kinds),
            f"O{i}",
            job_field=rng.choice(fields),
            ortsteil_id=rng.randint(1, 12),
            starts_on=today + timedelta(days=rng.randint(-30, 300)),
            ends_on=today + timedelta(days=rng.randint(30, 400)),
        )
        for i in range(5000)
    ]
    needs = matching.Needs(
        life_phase="junge-familie",
        job_field="gesundheit",
        job_field_label="Gesundheit",
        housing_kind="wohnung",
        housing_label="Mietwohnung",
        kita=True,
        ortsteil_id=3,
        arrival=today + timedelta(days=90),
    )
    started = time.perf_counter()
    for _ in range(20):
        found = matching.match_offers(needs, offers, today=today)
    print(
        f"matching: 5,000 offers → {len(found)} matches in {(time.perf_counter() - started) / 20 * 1000:.1f} ms"
    )

    phases = [("junge-familie", "A"), ("nach-ausbildung", "B"), ("fachkraft", "C"), ("ruhestand", "D")]
    months = [date(2026, m, 1) for m in range(1, 13)]
    records = [
        stats.Record(
            rng.choice(months),
            rng.choice(phases)[0],
            ("job",),
            rng.choice(["11", "05", "ausland"]),
            rng.choice(["neu", "zugezogen", "nicht_zugezogen"]),
            rng.randint(5, 200),
        )
        for _ in range(50_000)
    ]
    started = time.perf_counter()
    summary = stats.summarise(
        records,
        phase_labels=phases,
        need_labels=[("job", "Arbeit")],
        origin_labels=[("11", "Berlin"), ("05", "NRW"), ("ausland", "Ausland")],
        months=months,
    )
    print(
        f"statistics: 50,000 records → {len(summary.tables)} tables in {(time.perf_counter() - started) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
