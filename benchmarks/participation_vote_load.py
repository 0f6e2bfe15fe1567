"""Load test: 500 voters cast ballots with codes at the same time (issue 8).

Run: .venv/bin/python benchmarks/participation_vote_load.py [--voters 500] [--doubles 100] [--think 5]
Needs PostgreSQL on 127.0.0.1:5432 with the role leuchtfeuer/leuchtfeuer allowed to create
databases (see SETUP-NOTES.md). The script
1. creates a scratch database `leuchtfeuer_bench_vote`, migrates it, adds a fictional town, a
   Jugendbudget in its voting phase and `--voters` codes;
2. starts gunicorn with 2 workers (gthread, 8 threads each) on 127.0.0.1 only, with the
   production settings (`--settings prod`, default: DEBUG off, WhiteNoise manifest after a
   collectstatic, requests marked as HTTPS by the proxy header as behind the real reverse proxy;
   `--settings dev` for the development settings);
3. starts `--voters` client threads; each opens the vote page at a random moment within
   `--arrive` s (default 30), reads for a random 0…`--think` s (default 10), then posts its ballot
   on a new connection; `--doubles` of them post the SAME code
   a second time at the same moment as the first (a double-click / a shared code);
4. checks in the database: every accepted POST is exactly one ballot, every code at most one
   ballot and one marker, no ballot lost; prints p50/p95/p99 of the POSTs, the throughput and the
   server's CPU time per request (both workers, from /proc) — for a burst, N requests × that CPU
   time / 2 cores is the least time the last one can wait, whatever the code does;
5. runs a burst: another `--voters` codes posted in the same instant (no think time);
6. stops gunicorn (its own process group) and drops the scratch database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "leuchtfeuer_bench_vote"
BASE_URL = "postgres://leuchtfeuer:leuchtfeuer@127.0.0.1:5432/"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PORT = _free_port()

SETUP = r"""
import json, sys
from datetime import timedelta
from django.utils import timezone
from leuchtfeuer.accounts.models import User
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.participation import services
n = int(sys.argv[1])
admin = User.objects.create_superuser(email="admin@example.org", password="x")
region = Region.objects.create(level="gemeinde", ags="99000001", ars="990000000001", name="Lastdorf")
town = Municipality.objects.create(region=region, slug="lastdorf", display_name="Lastdorf (fiktiv)")
now = timezone.now()
project = services.project_create(actor=admin, municipality=town, kind="budget", title="Jugendbudget (Last)",
    slug="jugendbudget", summary="Lasttest, fiktiv.", phases=[("voting", now - timedelta(hours=1), now + timedelta(days=1))],
    is_published=True)
budget = services.budget_create(actor=admin, project=project, kind="jugend", amount=20000, eligibility="codes",
    eligibility_note="Lasttest", rule="k_approval", max_choices=3)
ids = []
for i in range(8):
    p = services.proposal_submit(actor=admin, budget=budget, title=f"Vorschlag {i+1}", description="…", cost=1000 + 500 * i, by_office=True)
    services.proposal_check(actor=admin, proposal=p, feasible=True, reason="ok")
    ids.append(p.pk)
codes = services.codes_issue(actor=admin, budget=budget, count=2 * n, batch="Last")
print(json.dumps({"codes": codes, "proposals": ids, "budget": budget.pk}))
"""

CHECK = r"""
import json, sys
from django.db.models import Count
from leuchtfeuer.participation.ballots import ballot_contents
from leuchtfeuer.participation.models import VoteMarker, Budget
b = Budget.objects.get(pk=int(sys.argv[1]))
per_code = VoteMarker.objects.filter(budget=b, code__isnull=False).values("code").annotate(n=Count("id")).filter(n__gt=1).count()
contents = ballot_contents(b)  # the vote still runs: sealed ballots are opened in memory, nothing written
print(json.dumps({"ballots": len(contents), "markers": VoteMarker.objects.filter(budget=b).count(),
                  "codes_used_twice": per_code,
                  "empty_ballots": sum(1 for c in contents if not c.choices)}))
"""


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(BASE_URL + "leuchtfeuer", autocommit=True) as conn:
        conn.execute(sql)


def manage(args: list[str], env: dict, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv/bin/leuchtfeuer"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
    )
    if done.returncode:
        sys.exit(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def run_python(code: str, env: dict, *argv: str) -> dict:
    script = "import django, os; django.setup()\n" + code
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", script, *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"script failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master and its workers."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master or ppid == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


SCHEME = {"value": "http"}  # "https" with the production settings (proxy header)


class Voter(threading.Thread):
    def __init__(
        self,
        code: str,
        proposals: list[int],
        start_gate: threading.Event,
        delay: float,
        seed: float,
        arrive: float = 0,
    ):
        super().__init__(daemon=True)
        self.code, self.proposals, self.gate, self.delay, self.arrive = (
            code,
            proposals,
            start_gate,
            delay,
            arrive,
        )
        self.rng = random.Random(seed)
        self.status = None
        self.latency = None
        self.error = ""

    @staticmethod
    def headers(extra: dict | None = None) -> dict:
        out = {"Host": f"127.0.0.1:{PORT}", **(extra or {})}
        if SCHEME["value"] == "https":
            out["X-Forwarded-Proto"] = "https"
        return out

    def run(self) -> None:
        try:
            self.gate.wait()
            if self.arrive:
                time.sleep(self.arrive)
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            path = "/beteiligung/lastdorf/jugendbudget/abstimmen/"
            conn.request("GET", path, headers=self.headers())
            response = conn.getresponse()
            body = response.read().decode()
            cookie = next(
                (
                    c.split(";")[0]
                    for c in response.headers.get_all("Set-Cookie") or []
                    if c.startswith("csrftoken=")
                ),
                "",
            )
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
            conn.close()
            if self.delay:
                time.sleep(self.delay)
            # a fresh connection, as a browser after reading for a while (keep-alive has expired)
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            chosen = self.rng.sample(self.proposals, self.rng.randint(1, 3))
            form = "&".join(
                [f"csrfmiddlewaretoken={token}", f"code={self.code}"] + [f"vorschlag={p}" for p in chosen]
            )
            started = time.perf_counter()
            conn.request(
                "POST",
                path,
                body=form,
                headers=self.headers(
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "Referer": f"{SCHEME['value']}://127.0.0.1:{PORT}{path}",
                    }
                ),
            )
            response = conn.getresponse()
            response.read()
            self.latency = (time.perf_counter() - started) * 1000
            self.status = response.status
            conn.close()
        except Exception as exc:
            self.error = repr(exc)


def wave(codes, proposals, think, doubles, seed, label, arrive=0.0, master=None):
    gate = threading.Event()
    rng = random.Random(seed)
    voters = [
        Voter(code, proposals, gate, rng.uniform(0, think), rng.random(), rng.uniform(0, arrive))
        for code in codes
    ]
    # the same code posted a second time at the same moment (double click, shared code)
    voters += [Voter(v.code, proposals, gate, v.delay, rng.random(), v.arrive) for v in voters[:doubles]]
    for v in voters:
        v.start()
    cpu_before = server_cpu(master) if master else 0.0
    started = time.perf_counter()
    gate.set()
    for v in voters:
        v.join()
    wall = time.perf_counter() - started
    cpu = (server_cpu(master) - cpu_before) if master else float("nan")
    ok = [v for v in voters if v.status == 302]
    refused = [v for v in voters if v.status == 422]
    other = [v for v in voters if v.status not in (302, 422)]
    lat = sorted(v.latency for v in voters if v.latency is not None)
    if not lat:
        sys.exit(f"{label}: no POST succeeded; first errors: {[v.error for v in voters[:3]]}")
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]  # noqa: E731
    print(
        f"{label}: {len(voters)} POSTs ({len(codes)} codes, {doubles} sent twice) in {wall:.1f} s → "
        f"{len(voters) / wall:.0f} votes/s incl. page loads; accepted {len(ok)}, refused {len(refused)}, "
        f"errors {len(other)}; POST latency p50={statistics.median(lat):.0f} ms p95={p(0.95):.0f} ms "
        f"p99={p(0.99):.0f} ms max={lat[-1]:.0f} ms; server CPU {cpu:.1f} s = "
        f"{cpu / (2 * len(voters)) * 1000:.1f} ms per request (GET + POST per voter)"
    )
    for v in other[:5]:
        print("   error:", v.status, v.error)
    return len(ok)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--doubles", type=int, default=100)
    parser.add_argument("--think", type=float, default=10.0)
    parser.add_argument("--arrive", type=float, default=30.0)
    parser.add_argument("--settings", choices=("prod", "dev"), default="prod")
    args = parser.parse_args()
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    env = dict(
        os.environ, DATABASE_URL=BASE_URL + DB, DJANGO_SETTINGS_MODULE=f"config.settings.{args.settings}"
    )
    if args.settings == "prod":
        SCHEME["value"] = "https"
        env.update(
            DJANGO_SECRET_KEY="benchmark-only-" + "x" * 50,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",  # TLS ends at the reverse proxy, which sets X-Forwarded-Proto
        )
    server = None
    try:
        manage(["migrate", "--verbosity", "0"], env)
        manage(["createcachetable"], env)
        if args.settings == "prod":
            manage(["collectstatic", "--noinput", "-v0"], env)
        data = run_python(SETUP, env, str(args.voters))
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "8",
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        codes = data["codes"]
        accepted = wave(
            codes[: args.voters],
            data["proposals"],
            args.think,
            args.doubles,
            1,
            f"wave (arrive within {args.arrive:g} s, read 0–{args.think:g} s)",
            args.arrive,
            server.pid,
        )
        accepted += wave(
            codes[args.voters :],
            data["proposals"],
            0,
            args.doubles,
            2,
            "burst (same instant)",
            0.0,
            server.pid,
        )
        check = run_python(CHECK, env, str(data["budget"]))
        print("database:", json.dumps(check))
        lost = accepted - check["ballots"]
        print(
            f"lost ballots: {lost}, double ballots (code used twice): {check['codes_used_twice']}, "
            f"ballots == markers: {check['ballots'] == check['markers']}"
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        time.sleep(1)
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
