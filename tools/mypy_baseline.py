"""mypy against a recorded baseline that may only shrink.

    python tools/mypy_baseline.py            # fail on any error not in the baseline
    python tools/mypy_baseline.py --update   # record the current errors (only after fixing some)

An error is recorded as ``path: [code] message`` without its line number, so that moving code
inside a file does not count as new; the baseline is a multiset (the same message twice in a file
needs two entries). Engines (``*/engine/``) and services (``*services*.py``) are checked with the
strict options of pyproject.toml and must have no error at all — they are never recorded.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Engines and services are strict and clean: no error of theirs may ever be recorded.
STRICT = re.compile(r"^leuchtfeuer/(?:[a-z_]+/)*(?:engine/[^:]+|[a-z_]*services[a-z_]*\.py):")
BASELINE = ROOT / "tools" / "mypy-baseline.txt"
LINE = re.compile(
    r"^(?P<path>[^:\s]+\.py):\d+(?::\d+)?: error: (?P<message>.*?)(?:\s+\[(?P<code>[a-z-]+)\])?$"
)


def current_errors() -> tuple[Counter[str], str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty", "--show-column-numbers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    errors: Counter[str] = Counter()
    for line in run.stdout.splitlines():
        match = LINE.match(line)
        if match:
            errors[f"{match['path']}: [{match['code'] or 'misc'}] {match['message']}"] += 1
    if run.returncode not in (0, 1) or (run.returncode == 1 and not errors):
        sys.exit(f"mypy did not run:\n{run.stdout}\n{run.stderr}")
    return errors, run.stdout


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = [
        line
        for line in BASELINE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return Counter(lines)


def write_baseline(errors: Counter[str]) -> None:
    header = "# mypy errors accepted for now (tools/mypy_baseline.py); this list may only shrink.\n"
    BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(errors.elements())), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="record the current errors as the baseline")
    args = parser.parse_args()
    errors, output = current_errors()
    baseline = read_baseline()
    strict = sorted(e for e in errors if STRICT.match(e))
    if strict:
        print(f"mypy: {len(strict)} errors in engines or services, which must be clean (no baseline):")
        for line in output.splitlines():
            match = LINE.match(line)
            if match and STRICT.match(f"{match['path']}:"):
                print("  " + line)
        return 1
    if args.update:
        grown = errors - baseline
        if grown and baseline:
            print(f"Warning: {sum(grown.values())} errors are new; the baseline grows.", file=sys.stderr)
        write_baseline(errors)
        print(
            f"mypy baseline: {sum(errors.values())} errors in {len({e.split(':')[0] for e in errors})} files"
        )
        return 0
    new = errors - baseline
    fixed = baseline - errors
    files = {e.split(":")[0] for e in errors}
    print(
        f"mypy: {sum(errors.values())} errors in {len(files)} files, all in the baseline"
        if not new
        else f"mypy: {sum(new.values())} new errors (not in tools/mypy-baseline.txt):"
    )
    if new:
        keys = {e.split(": [", 1)[0] + ": " + e.split("] ", 1)[1] for e in new}
        for line in output.splitlines():
            match = LINE.match(line)
            if match and f"{match['path']}: {match['message']}" in keys:
                print("  " + line)
        return 1
    if fixed:
        print(
            f"{sum(fixed.values())} baseline errors are fixed: shrink the baseline with `make mypy-baseline`."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
