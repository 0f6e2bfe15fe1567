"""Bürgerrat selection by stratified lottery (pure; no Django).

Two engines behind one function, `select_panel`:

- ``leximin`` – our open implementation of LEXIMIN (Flanigan, Gölz, Gupta, Hennig & Procaccia,
  Nature 2021) on the free HiGHS solver (scipy). It works on *types*: respondents with the same
  feature values are interchangeable for the quotas, and because the leximin objective is
  symmetric and the feasible set is convex, there is an optimal lottery that gives everybody of
  one type the same probability. So the lottery is computed over count vectors ("how many of each
  type") with column generation, and each type's seats are then filled uniformly at random.
  The number of types is small (tens to a few hundred) even for a pool of thousands, which is why
  this runs in seconds where the library needs Gurobi. It cannot honour a household (address)
  check, which breaks the symmetry; with one, or when it exceeds its time limit, the office's
  chosen fallback runs instead and the fallback is what gets recorded.
- ``maximin``, ``nash``, ``legacy`` – the sortition-algorithms library (GPL-3.0) as is. The
  library's own ``leximin`` needs Gurobi and silently switches to maximin without it, so we
  never call it under that name.

Every draw is reproducible: the lottery over panels is computed deterministically from the
inputs, then one panel is drawn with the library's lottery rounding and a seeded random source.
`Draw.audit()` holds everything needed to repeat it.

The stages, one module each: `base` (methods, errors, Person, quotas, the Draw record, input
checks, the seeded lottery pick, replacement quotas), `files` (reading the office's CSV files),
`select` (select_panel and LEXIMIN over types), `library` (the library's methods).
"""

from __future__ import annotations

from leuchtfeuer.participation.engine.sortition.base import (
    ALGORITHM_LABELS,
    ALGORITHMS,
    EPS,
    FALLBACKS,
    Draw,
    LeximinUnavailable,
    Person,
    Quotas,
    SortitionError,
    check_inputs,
    inputs_digest,
    lottery_pick,
    replacement_quotas,
)
from leuchtfeuer.participation.engine.sortition.files import band_for, read_pool_csv, read_quotas_csv
from leuchtfeuer.participation.engine.sortition.select import (
    TypeLottery,
    draw_from_types,
    leximin_by_types,
    select_panel,
)

__all__ = [
    "ALGORITHMS",
    "ALGORITHM_LABELS",
    "EPS",
    "FALLBACKS",
    "Draw",
    "LeximinUnavailable",
    "Person",
    "Quotas",
    "SortitionError",
    "TypeLottery",
    "band_for",
    "check_inputs",
    "draw_from_types",
    "inputs_digest",
    "leximin_by_types",
    "lottery_pick",
    "read_pool_csv",
    "read_quotas_csv",
    "replacement_quotas",
    "select_panel",
]
