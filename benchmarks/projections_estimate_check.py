"""Backtest of the estimated starting age structure ("geschätzt" on the Kommunalprofil).

    .venv/bin/python benchmarks/projections_estimate_check.py [--lands 12,13,14,15,16] [--min-pop 5000]

Hides the Gemeinden's 31.12.2015 age tables, estimates 2015 from the Zensus 2011 age groups as
the engine estimates 2023 from 2015, and prints the error per age group (MAPE and bias in %).
See leuchtfeuer/projections/estimate_check.py for the caveats.
"""

from __future__ import annotations

import argparse
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from leuchtfeuer.projections.estimate_check import estimate_check  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lands", default="12,13,14,15,16")
    parser.add_argument("--min-pop", type=int, default=0)
    parser.add_argument("--max-pop", type=int, default=None)
    args = parser.parse_args()
    for land in args.lands.split(","):
        result = estimate_check(land.strip(), args.min_pop, args.max_pop)
        cells = "  ".join(f"{g.group} {g.mape:4.1f} % ({g.bias:+.1f})" for g in result["groups"])
        print(f"Land {result['land']}  n={result['n']:<4} MAPE (Bias): {cells}")
        naive = "  ".join(f"{g.group} {g.mape:4.1f} % ({g.bias:+.1f})" for g in result["not_aged"])
        print(f"  2011 shares, not aged:   {naive}")


if __name__ == "__main__":
    main()
