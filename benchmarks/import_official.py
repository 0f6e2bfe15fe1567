"""Benchmark: `leuchtfeuer import-official` on an empty SQLite database, then a second run.

Run: .venv/bin/python benchmarks/import_official.py
Creates a temporary SQLite database (DATABASE_URL=sqlite:///…), migrates it, and times
1. the first import (everything created),
2. a second run (files unchanged → the fingerprint check skips parsing; must change nothing),
3. a forced second run (`--force`: every file parsed and compared row by row; must change nothing).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [str(ROOT / ".venv" / "bin" / "leuchtfeuer")]


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(MANAGE + args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/benchmark.sqlite3")
        run(["migrate", "-v0", "--skip-checks"], env)
        first, out1 = run(["import-official", "--skip-checks"], env)
        second, out2 = run(["import-official", "--skip-checks"], env)
        forced, out3 = run(["import-official", "--skip-checks", "--force"], env)
    print(out1 + out2 + out3)
    changed = [
        line
        for line in (out2 + out3).splitlines()
        if "neu" in line and not line.split(": ", 1)[1].startswith("0 neu, 0 geändert")
    ]
    print(f"first import (empty database):       {first:6.1f} s  (target < 120 s)")
    print(f"second run (unchanged files):        {second:6.1f} s  (target < 30 s)")
    print(f"second run --force (full comparison): {forced:6.1f} s")
    print("second runs changed nothing" if not changed else f"CHANGED: {changed}")


if __name__ == "__main__":
    main()
