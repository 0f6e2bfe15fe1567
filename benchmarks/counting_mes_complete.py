"""Benchmark: mes-complete (Equal Shares + add1 completion) on every pabulib file, time and peak memory.

Run: .venv/bin/python benchmarks/counting_mes_complete.py [--before] [--timeout S] [--cap-gb G] [FILE.pb ...]
(default: every file in ../shared/data/pabulib/, or $PB_DIR)

Each file is counted in its own child process; the parent reads the child's peak resident memory
from `os.wait4` and stops it after --timeout seconds (default 60) or when it exceeds the address-space
cap (--cap-gb, default 3), so that the benchmark never blocks the shared machine for long.

--before counts with pabutools' own `method_of_equal_shares(..., voter_budget_increment=1)` (the
implementation before issue 20); without it the engine's `count(election, "mes-complete")` runs.
Prints one line per file (wall clock and CPU time: the machine is shared, CPU time is the fairer
figure) and, at the end, the slowest file's time and the largest peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = Path(os.environ.get("PB_DIR", ROOT.parent / "shared" / "data" / "pabulib"))

CHILD = r"""
import sys
sys.path.insert(0, {root!r})
path, before = sys.argv[1], sys.argv[2] == "1"
if before:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares
    instance, profile = parse_pabulib(path)
    winners = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    print(len(winners))
else:
    from leuchtfeuer.participation.engine.counting import count
    from leuchtfeuer.participation.engine.pabulib import read_pb
    print(len(count(read_pb(path), "mes-complete", explain=False).winners))
"""


def run_one(path: Path, *, before: bool, timeout: float, cap_gb: float) -> tuple[str, float, float, float]:
    """(status, wall seconds, CPU seconds, peak MB) of one child process."""

    def limit() -> None:
        cap = int(cap_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), "1" if before else "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
    )
    status = None
    while True:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        elapsed = time.perf_counter() - started
        if pid:
            break
        if elapsed > timeout:
            proc.send_signal(signal.SIGKILL)
            pid, code, usage = os.wait4(proc.pid, 0)
            status = f"stopped after {timeout:.0f} s"
            break
        time.sleep(0.05)
    out = proc.stdout.read().decode().strip() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(code)
    if status is None:
        if proc.returncode == 0:
            status = f"{out} winners"
        elif "MemoryError" in err:
            status = f"out of memory (cap {cap_gb:g} GB)"
        else:
            status = "error: " + (err.strip().splitlines() or ["?"])[-1][:80]
    return status, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--cap-gb", type=float, default=3)
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or sorted(DEFAULT_DIR.glob("*.pb"))
    which = "pabutools (before)" if args.before else "engine (after)"
    print(
        f"mes-complete with {which}: {len(files)} files, timeout {args.timeout:g} s, cap {args.cap_gb:g} GB"
    )
    slowest = (0.0, "")
    slowest_cpu = (0.0, "")
    largest = (0.0, "")
    for path in files:
        status, seconds, cpu, peak = run_one(
            path, before=args.before, timeout=args.timeout, cap_gb=args.cap_gb
        )
        print(
            f"{seconds:7.2f} s wall {cpu:7.2f} s CPU {peak:6.0f} MB  {path.name[:60]}: {status}", flush=True
        )
        slowest = max(slowest, (seconds, path.name))
        slowest_cpu = max(slowest_cpu, (cpu, path.name))
        largest = max(largest, (peak, path.name))
    print(f"slowest file (wall clock): {slowest[1]} {slowest[0]:.2f} s")
    print(f"slowest file (CPU time, fair on a shared machine): {slowest_cpu[1]} {slowest_cpu[0]:.2f} s")
    print(f"largest peak memory: {largest[1]} {largest[0]:.0f} MB")


if __name__ == "__main__":
    main()
