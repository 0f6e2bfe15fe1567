"""Search and recommendation times with 10,000 examples (issue 6: search p95 < 100 ms,
recommendations p95 < 200 ms).

The examples are a clearly marked SYNTHETIC load set ("SYNTHETISCH" in every title and source),
generated into a throwaway copy of the dev database (SQLite backup to a temporary file, deleted at
the end) — never into the dev or demo database. The copy keeps the full official data, so the
recommendations use the real peer index of all Gemeinden.

    .venv/bin/python benchmarks/knowledge_search.py [--examples 10000] [--n 300]

Prints p50/p95/max in ms for: the search selector with facets (as the page uses it), the search
API over HTTP (test client), and the recommendations of random Gemeinden (after one warm-up that
builds the peer index, as a running server does once).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = [
    "Rückkehr",
    "Rückkehrende",
    "Kitaplätze",
    "Kita",
    "Probewohnen",
    "Jugendliche",
    "Jugend",
    "Coworking",
    "Leerstand",
    "Willkommensbox",
    "Begrüßungspaket",
    "Stabsstelle",
    "Lotsin",
    "Wohnraum",
    "Jobbörse",
    "Fachkräfte",
    "Ärzt:innen",
    "Bürgerbeteiligung",
    "Ehrenamt",
    "Vereine",
    "Kultur",
    "Dritter",
    "Ort",
    "Hochschule",
    "Innenstadt",
    "Ortsteilbudget",
    "Jugendparlament",
    "Rückkehrertag",
    "Heimat",
    "Netzwerk",
    "Unternehmen",
    "Kinderbetreuung",
    "Seniorinnen",
    "Generationen",
    "Mobilität",
    "Digitalisierung",
    "Förderprogramm",
    "Stadtentwicklung",
    "Zuzug",
    "Ankommen",
    "Bleiben",
]
QUERIES = ["Rückkehr", "Kita", "Probewohnen", "Jugendliche", "Rueckkehr Kita", "Coworking Leerstand",
           "Ehrenamt", "Stabsstelle Zuzug", "Hochschule", "Ortsteilbudget"]  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<34} n={len(times):<4} p50={statistics.median(times):7.1f} ms  "
        f"p95={percentile(times, 0.95):7.1f} ms  max={max(times):7.1f} ms"
    )


def make_copy(target: Path) -> None:
    source = ROOT / "var" / "leuchtfeuer.sqlite3"
    if not source.exists():
        sys.exit("No dev database (var/leuchtfeuer.sqlite3): run `make db` first.")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def vocabulary() -> tuple[list[str], list[float]]:
    """Words of the seed examples plus the fixed list, with Zipf-like weights (1/rank): a few
    words are frequent, most are rare — as in real text, unlike a uniform draw."""
    from leuchtfeuer.knowledge.engine.text import words
    from leuchtfeuer.knowledge.seed_examples import SEED_EXAMPLES

    found = list(VOCABULARY)
    for seed in SEED_EXAMPLES:
        found += words(f"{seed.title} {seed.summary} {seed.description} {seed.success_factors}")
    unique = list(dict.fromkeys(w for w in found if len(w) > 2))
    random.Random(7).shuffle(unique)
    return unique, [1.0 / rank for rank in range(1, len(unique) + 1)]


def generate(n: int, rng: random.Random) -> None:
    from django.db import transaction

    from leuchtfeuer.core import taxonomy
    from leuchtfeuer.knowledge.engine.text import document
    from leuchtfeuer.knowledge.models import Example, ExampleTerm, SearchEntry
    from leuchtfeuer.places.models import Region, size_class_for

    regions = list(
        Region.objects.filter(level="gemeinde", population__gt=0).values_list("id", "land_code", "population")
    )
    fields = [t.key for t in taxonomy.HANDLUNGSFELDER]
    groups = [t.key for t in taxonomy.LIFE_PHASES]
    challenges = [t.key for t in taxonomy.CHALLENGE_FIELDS]
    from django.utils import timezone

    now = timezone.now()
    vocab, weights = vocabulary()
    print(f"Vocabulary: {len(vocab)} words (Zipf-weighted)")
    with transaction.atomic():
        examples = []
        for i in range(n):
            region_id, land, population = rng.choice(regions)
            words = " ".join(rng.choices(vocab, weights=weights, k=60))
            examples.append(
                Example(
                    slug=f"synthetisch-{i}",
                    title=f"SYNTHETISCH {i}: " + " ".join(rng.choices(vocab, weights=weights, k=4)),
                    region_id=region_id,
                    land_code=land,
                    population=population,
                    size_class=size_class_for(population),
                    summary=words[:300],
                    description=words,
                    source="SYNTHETISCH – Lastdaten für benchmarks/knowledge_search.py, keine echten Angaben",
                    state=Example.State.PUBLISHED,
                    published_at=now,
                )
            )
        Example.objects.bulk_create(examples, batch_size=1000)
        examples = list(Example.objects.filter(slug__startswith="synthetisch-"))
        terms, entries = [], []
        for e in examples:
            for key in rng.sample(fields, 2):
                terms.append(ExampleTerm(example=e, vocabulary="handlungsfeld", key=key))
            terms.append(ExampleTerm(example=e, vocabulary="zielgruppe", key=rng.choice(groups)))
            for key in rng.sample(challenges, 2):
                terms.append(ExampleTerm(example=e, vocabulary="herausforderung", key=key))
            title = f"{e.title} Gemeinde"
            entries.append(
                SearchEntry(
                    example=e,
                    title_terms=document(title),
                    body_terms=document(e.description),
                    title_text=title,
                    body_text=e.description,
                )
            )
        ExampleTerm.objects.bulk_create(terms, batch_size=2000)
        SearchEntry.objects.bulk_create(entries, batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="leuchtfeuer-bench-")
    db_path = Path(workdir.name) / "bench.sqlite3"
    print(f"Throwaway copy of the dev database: {db_path}")
    make_copy(db_path)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from leuchtfeuer.knowledge.models import Example
    from leuchtfeuer.knowledge.recommend import recommendations_for_region
    from leuchtfeuer.knowledge.search import search_examples
    from leuchtfeuer.places.models import Region

    assert settings.DATABASES["default"]["NAME"] == str(db_path), "refusing to write outside the copy"
    rng = random.Random(2026)
    started = time.perf_counter()
    generate(args.examples, rng)
    total = Example.objects.filter(state="veroeffentlicht").count()
    print(
        f"Generated {args.examples} synthetic examples in {time.perf_counter() - started:.1f} s ({total} published in all)"
    )

    t = time.perf_counter()
    search_examples("Heimat")
    print(
        f"{'search warm-up (once)':<34} {((time.perf_counter() - t) * 1000):7.1f} ms  (builds the facet arrays)"
    )
    times, matches = [], []
    for i in range(args.n):
        query = QUERIES[i % len(QUERIES)]
        filters = {"handlungsfeld": ["rueckkehr"]} if i % 3 == 0 else {}
        t = time.perf_counter()
        result = search_examples(query, filters=filters)
        times.append((time.perf_counter() - t) * 1000)
        matches.append(result.total)
    report("search (selector, with facets)", times)
    print(f"{'':<34} matches per query: median {statistics.median(matches):.0f}, max {max(matches)}")

    client = Client()
    times = []
    for i in range(args.n):
        t = time.perf_counter()
        response = client.get("/api/v1/examples", {"q": QUERIES[i % len(QUERIES)]}, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    report("search API /api/v1/examples", times)

    keys = list(Region.objects.filter(level="gemeinde", population__gt=0).values_list("ags", flat=True))
    rng.shuffle(keys)
    sample = ["13071092", *keys[: args.n - 1]]
    t = time.perf_counter()
    recommendations_for_region(Region.objects.get(level="gemeinde", ags="13071092"))
    print(f"{'recommendations warm-up (once)':<34} {((time.perf_counter() - t) * 1000):7.1f} ms")
    times = []
    for key in sample:
        region = Region.objects.get(level="gemeinde", ags=key)
        t = time.perf_counter()
        items = recommendations_for_region(region)
        times.append((time.perf_counter() - t) * 1000)
        assert len(items) == 10
    report("recommendations (10 of all)", times)
    times = []
    for key in sample[:100]:
        t = time.perf_counter()
        response = client.get(f"/api/v1/regions/{key}/recommendations", HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    report("recommendations API", times)
    workdir.cleanup()


if __name__ == "__main__":
    main()
