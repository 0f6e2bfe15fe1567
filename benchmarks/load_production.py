"""Load test of the production layout on loopback (issue 19, docs/operations.md): two separate
gunicorn processes (each 1 worker × `--threads` threads, default 2, on its own port, as behind a
proxy), one task worker, one PostgreSQL.

Run: .venv/bin/python benchmarks/load_production.py [--voters 500] [--doubles 100] [--arrive 30]
     [--think 10] [--pdfs 50] [--pdf-regions 5] [--threads 2] [--worker-class gthread|sync]
     [--workers 1] [--db leuchtfeuer_bench_prod]
Needs PostgreSQL on 127.0.0.1 (role leuchtfeuer/leuchtfeuer). `--db` is a database with the
official data (`leuchtfeuer import-official` run there once) for the profile PDFs; without the
data the PDF part is skipped. The script
1. migrates it, adds a fictional town with a Jugendbudget in its voting phase and 3 × `--voters`
   codes (fresh names each run), starts the two app processes with the production settings and
   `leuchtfeuer worker`;
2. wave: `--voters` voters arrive within `--arrive` s, read 0…`--think` s, post their ballot;
   `--doubles` of them post the same code twice at the same moment; requests alternate between the
   two ports (a round-robin proxy);
3. burst: another `--voters` voters open the page and post at the same instant; ballot burst: another
   `--voters` voters open the page first and post their ballots at the same instant;
4. checks the database: accepted POSTs = ballots, no code twice (0 lost, 0 double);
5. `--pdfs` Kommunalprofil PDF downloads at the same instant, spread over `--pdf-regions`
   Gemeinden whose stored PDF was removed first: each request answers 202 ("wird erstellt") at
   once, the worker builds each Gemeinde's PDF once, the clients ask again every second as the
   page does, and get the file;
6. prints p50/p95/p99, errors and the app processes' CPU time per request (from /proc), then stops
   everything. The e-mails the votes cause (none for code votes) and other tasks go to the worker.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from participation_vote_load import CHECK, manage, run_python, server_cpu

ROOT = Path(__file__).resolve().parent.parent
URL = "postgres://leuchtfeuer:leuchtfeuer@127.0.0.1:5432/"

SETUP = r"""
import json, sys
from datetime import timedelta
from django.utils import timezone
from leuchtfeuer.accounts.models import User
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.participation import services
n, tag = int(sys.argv[1]), sys.argv[2]
admin = User.objects.create_superuser(email=f"admin-{tag}@example.org", password="x")
region = Region.objects.create(level="gemeinde", ags=f"99{tag}", ars=f"99{tag}0000", name=f"Lastdorf {tag}")
town = Municipality.objects.create(region=region, slug=f"lastdorf-{tag}", display_name="Lastdorf (fiktiv)")
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
codes = services.codes_issue(actor=admin, budget=budget, count=3 * n, batch="Last")
print(json.dumps({"codes": codes, "proposals": ids, "budget": budget.pk, "slug": town.slug}))
"""

PDF_KEYS = r"""
import json, sys
from leuchtfeuer.core.models import GeneratedDocument, StoredDocument
from leuchtfeuer.places.models import Region
keys = list(Region.objects.filter(level="gemeinde").exclude(ags__startswith="99").order_by("ags")
            .values_list("ags", flat=True)[:: 997][: int(sys.argv[1])])
StoredDocument.objects.filter(kind="kommunalprofil", key__in=keys).delete()
for document in GeneratedDocument.objects.filter(kind="kommunalprofil", key__in=keys):
    document.delete()  # each Gemeinde's PDF is built anew by the worker
print(json.dumps({"keys": keys}))
"""


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return f"p50={statistics.median(values):.0f} ms p95={pick(0.95):.0f} ms p99={pick(0.99):.0f} ms max={values[-1]:.0f} ms"


def exchange(port: int, request: bytes, timeout: float = 120.0) -> tuple[int, bytes, bytes]:
    """One HTTP/1.1 request on a fresh connection ("Connection: close"): (status, head, body);
    every request of this script goes this way.

    The load generator shares the two cores with the servers it measures, so it stays small: with
    http.client (which parses every answer's headers with the e-mail parser) it used 0.4–0.5 s of
    CPU for the 600 POSTs of the ballot burst, with this 0.2 s.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def http_request(method: str, path: str, headers: dict, body: str = "") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "X-Forwarded-Proto: https", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body.encode())}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


class Client(threading.Thread):
    """One visitor: GET the vote page, read, POST the ballot (or GET a PDF) on one app port."""

    def __init__(
        self, port, gate, *, path, code=None, proposals=(), delay=0.0, arrive=0.0, seed=0.0, preload=False
    ):
        super().__init__(daemon=True)
        self.port, self.gate, self.path, self.code = port, gate, path, code
        self.proposals, self.delay, self.arrive = list(proposals), delay, arrive
        # preload: the vote page was opened before the gate; only the ballots go at the same instant
        self.preload, self.loaded = preload, threading.Event()
        self.rng = random.Random(seed)
        self.status, self.latency, self.error = None, None, ""
        self.ready, self.answers = None, []  # PDFs: until the file came; every answer's time

    def run(self):
        try:
            if self.preload:
                cookie, token = self.load_page()
                self.loaded.set()
                self.gate.wait()
                self.post(cookie, token)
                return
            self.gate.wait()
            time.sleep(self.arrive)
            if self.code is None:  # a PDF download: 202 "wird erstellt" at once, then poll as the page does
                started = time.perf_counter()
                while True:
                    asked = time.perf_counter()
                    status, _, body = exchange(self.port, http_request("GET", self.path, {}), timeout=300)
                    if self.latency is None:
                        self.latency = (time.perf_counter() - asked) * 1000
                    self.answers.append((time.perf_counter() - asked) * 1000)
                    if status != 202:
                        break
                    time.sleep(1.0)
                self.ready = (time.perf_counter() - started) * 1000
                self.status = status if body.startswith(b"%PDF") else -status
                return
            cookie, token = self.load_page()
            time.sleep(self.delay)
            self.post(cookie, token)
        except Exception as exc:
            self.error = repr(exc)
        finally:
            self.loaded.set()

    def load_page(self):
        _, head, body = exchange(self.port, http_request("GET", self.path, {}))
        cookie = next(
            (
                line.split(b":", 1)[1].strip().split(b";")[0].decode()
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"set-cookie:") and b"csrftoken=" in line
            ),
            "",
        )
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        return cookie, token

    def post(self, cookie, token):
        chosen = self.rng.sample(self.proposals, self.rng.randint(1, 3))
        form = "&".join(
            [f"csrfmiddlewaretoken={token}", f"code={self.code}"] + [f"vorschlag={p}" for p in chosen]
        )
        request = http_request(
            "POST",
            self.path,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"https://127.0.0.1{self.path}",
            },
            form,
        )
        started = time.perf_counter()
        self.status, _, _ = exchange(self.port, request)
        self.latency = (time.perf_counter() - started) * 1000


def postgres_cpu() -> float:
    """CPU seconds used so far by all PostgreSQL processes on this machine (live backends plus what
    the postmaster collected from ended ones)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name, fields = raw.split("(", 1)[1].rsplit(")", 1)[0], raw.rsplit(")", 1)[1].split()
        if name != "postgres":
            continue
        total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def run_clients(clients, masters, label, per_client_requests):
    gate = threading.Event()
    for c in clients:
        c.gate = gate
        c.start()
    for c in clients:
        if c.preload:
            c.loaded.wait()  # every vote page is open before the ballots go out together
    cpu_before = sum(server_cpu(m) for m in masters)
    pg_before = postgres_cpu()
    client_before = time.process_time()
    started = time.perf_counter()
    gate.set()
    for c in clients:
        c.join()
    wall = time.perf_counter() - started
    cpu = sum(server_cpu(m) for m in masters) - cpu_before
    client_cpu = time.process_time() - client_before
    pg_cpu = postgres_cpu() - pg_before
    lat = [c.latency for c in clients if c.latency is not None]
    errors = [c for c in clients if c.status not in (200, 302, 422)]
    print(
        f"{label}: {len(clients)} clients in {wall:.1f} s; status {dict(sorted(_count(c.status for c in clients).items(), key=str))}; "
        f"errors {len(errors)}; latency {percentiles(lat) if lat else '-'}; app CPU {cpu:.1f} s = "
        f"{cpu / (per_client_requests * len(clients)) * 1000:.1f} ms per request; "
        f"PostgreSQL CPU {pg_cpu:.1f} s; load generator CPU {client_cpu:.1f} s (all on the same cores)"
    )
    for c in errors[:3]:
        print("   error:", c.status, c.error)
    return clients


def _count(items):
    out: dict = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def wait_for(port):
    for _ in range(150):
        try:
            if exchange(port, http_request("GET", "/healthz", {}), timeout=2)[0] == 200:
                return
        except (OSError, IndexError, ValueError):  # not listening yet, or closed before answering
            pass
        time.sleep(0.2)
    sys.exit(f"app on port {port} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--doubles", type=int, default=100)
    parser.add_argument("--arrive", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=10.0)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per app process")
    parser.add_argument("--pdf-regions", type=int, default=5)
    parser.add_argument("--db", default="leuchtfeuer_bench_prod")
    args = parser.parse_args()
    env = dict(
        os.environ,
        DATABASE_URL=URL + args.db,
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_FORMAT="text",
    )
    manage(["migrate", "--verbosity", "0"], env)
    manage(["createcachetable"], env)
    manage(["collectstatic", "--noinput", "-v0"], env)
    data = run_python(SETUP, env, str(args.voters), f"{random.SystemRandom().randrange(10**6):06d}")
    ports = []
    procs = []
    try:
        for _ in range(2):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                ports.append(s.getsockname()[1])
            gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers)]
            gunicorn += [
                "-k",
                args.worker_class,
                "--threads",
                str(args.threads),
                "-b",
                f"127.0.0.1:{ports[-1]}",
                "--log-level",
                "warning",
            ]
            procs.append(subprocess.Popen(gunicorn, env=env, cwd=ROOT, start_new_session=True))
        worker = [str(ROOT / ".venv/bin/leuchtfeuer"), "worker", "--no-scheduler", "-v0"]
        procs.append(subprocess.Popen(worker, env=env, cwd=ROOT, start_new_session=True))
        for port in ports:
            wait_for(port)
        masters = [p.pid for p in procs[:2]]
        path = f"/beteiligung/{data['slug']}/jugendbudget/abstimmen/"
        codes = data["codes"]
        accepted = 0
        for label, batch, think, arrive, seed in (
            (
                f"wave: {args.voters} voters within {args.arrive:g} s",
                codes[: args.voters],
                args.think,
                args.arrive,
                1,
            ),
            (
                f"burst: {args.voters} voters open the page and vote at the same instant",
                codes[args.voters : 2 * args.voters],
                0.0,
                0.0,
                2,
            ),
            (
                f"ballot burst: {args.voters} ballots posted at the same instant (pages opened before)",
                codes[2 * args.voters :],
                0.0,
                0.0,
                3,
            ),
        ):
            preload = seed == 3
            rng = random.Random(seed)
            clients = [
                Client(
                    ports[i % 2],
                    None,
                    path=path,
                    code=code,
                    proposals=data["proposals"],
                    delay=rng.uniform(0, think),
                    arrive=rng.uniform(0, arrive),
                    seed=rng.random(),
                    preload=preload,
                )
                for i, code in enumerate(batch)
            ]
            clients += [
                Client(
                    ports[(i + 1) % 2],
                    None,
                    path=path,
                    code=c.code,
                    proposals=data["proposals"],
                    delay=c.delay,
                    arrive=c.arrive,
                    seed=rng.random(),
                    preload=preload,
                )
                for i, c in enumerate(clients[: args.doubles])
            ]
            requests = 1 if preload else 2
            done = run_clients(clients, masters, label + f" (+{args.doubles} same code twice)", requests)
            accepted += sum(1 for c in done if c.status == 302)
        check = run_python(CHECK, env, str(data["budget"]))
        print(
            f"database: ballots {check['ballots']}, accepted POSTs {accepted} → lost {accepted - check['ballots']}, "
            f"codes used twice {check['codes_used_twice']}, ballots == markers {check['ballots'] == check['markers']}"
        )
        keys = run_python(PDF_KEYS, env, str(args.pdf_regions))["keys"]
        if args.pdfs <= 0:
            pass
        elif not keys:
            print("PDFs: skipped – no official data in this database (run import-official there once)")
        else:
            clients = [
                Client(ports[i % 2], None, path=f"/orte/{keys[i % len(keys)]}/kommunalprofil.pdf")
                for i in range(args.pdfs)
            ]
            done = run_clients(
                clients, masters, f"PDFs: {args.pdfs} profile PDFs at once over {len(keys)} Gemeinden", 1
            )
            answers = [ms for c in done for ms in c.answers]
            ready = [c.ready for c in done if c.ready is not None]
            print(
                f"   every answer (202 while the worker builds, then the file): {percentiles(answers)}; "
                f"until the PDF arrived: {percentiles(ready)}"
            )
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)


if __name__ == "__main__":
    main()
