"""Cache and rate limits across app servers: what the database cache costs and whether its
counters hold when several processes count at once (issue 19, docs/operations.md).

Run: .venv/bin/python benchmarks/load_cache.py [--ops 2000] [--processes 4] [--per-process 200]
Needs PostgreSQL on 127.0.0.1 (role leuchtfeuer/leuchtfeuer may create databases). The script
creates a scratch database `leuchtfeuer_bench_cache` with the cache table and measures, with the
project's cache settings (DatabaseCache, hashed keys):
1. latency of get (hit), set, add and of one rate-limit step (core.ratelimit.throttled:
   add + incr) — p50/p95 in ms, one process;
2. `--processes` processes calling throttled() `--per-process` times each on ONE key at the same
   moment (one client hammering one login from several app servers): how many attempts the
   counter saw out of all made, and the wall time;
3. the same in memory (LocMemCache, one process only) as the floor of what any cache can do.
Drops the scratch database at the end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "leuchtfeuer_bench_cache"
URL = "postgres://leuchtfeuer:leuchtfeuer@127.0.0.1:5432/"


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(fn, n: int) -> tuple[float, float]:
    samples = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def single(ops: int) -> dict:
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from leuchtfeuer.core import ratelimit

    out = {}
    for label, cache in (("database", caches["default"]), ("memory", LocMemCache("bench", {}))):
        ratelimit.cache = cache  # the module's cache handle, for throttled()
        cache.set("bench:hit", "x" * 200, 300)
        out[label] = {
            "get": _timed(lambda i, c=cache: c.get("bench:hit"), ops),
            "set": _timed(lambda i, c=cache: c.set(f"bench:set:{i % 50}", i, 300), ops),
            "add": _timed(lambda i, c=cache: c.add(f"bench:add:{i}", i, 300), ops),
            "throttled": _timed(lambda i: ratelimit.throttled("bench", f"ip-{i % 20}", limit=10**6), ops),
        }
    return out


def _hammer(args: tuple[str, int, float]) -> None:
    url, count, start_at = args
    _setup_django(url)
    from leuchtfeuer.core.ratelimit import throttled

    time.sleep(max(0.0, start_at - time.time()))
    for _ in range(count):
        throttled("bench-shared", "198.51.100.7", limit=10**6, window=600)


def concurrent(url: str, processes: int, per_process: int) -> dict:
    from django.core.cache import cache

    from leuchtfeuer.core.ratelimit import hashed_key

    start_at = time.time() + 3
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(_hammer, [(url, per_process, start_at)] * processes)
    wall = time.perf_counter() - started - 3
    counted = cache.get(f"leuchtfeuer:rate:bench-shared:{hashed_key('198.51.100.7')}")
    return {"made": processes * per_process, "counted": counted, "wall_s": round(wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--per-process", type=int, default=200)
    args = parser.parse_args()
    import psycopg

    with psycopg.connect(URL + "leuchtfeuer", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    env = dict(os.environ, DATABASE_URL=URL + DB, DJANGO_SETTINGS_MODULE="config.settings.dev")
    lf = str(ROOT / ".venv/bin/leuchtfeuer")
    subprocess.run([lf, "createcachetable"], env=env, check=True, cwd=ROOT)
    try:
        _setup_django(URL + DB)
        result = {"single_process_ms_p50_p95": single(args.ops)}
        from django.core.cache import cache

        from leuchtfeuer.core import ratelimit

        ratelimit.cache = cache
        result["concurrent_same_key"] = concurrent(URL + DB, args.processes, args.per_process)
        print(json.dumps(result, indent=1))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(URL + "leuchtfeuer", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
