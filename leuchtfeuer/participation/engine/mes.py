"""Method of Equal Shares with cost satisfaction, exact, with the "add1" completion and the comparison step.

Same outcome as pabutools' ``method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
voter_budget_increment=1)``, but fast and with bounded memory:

- Every voter starts with an equal share ``budget / n``. In each round, every project still in the
  race whose supporters together hold at least its cost gets its *payment level* π: the cost shared
  as equally as possible, supporters with less than π pay all they have (water filling). The project
  with the smallest π / cost is chosen (ties: smallest project id as text, like pabutools'
  lexicographic tie-breaking); its supporters pay. Projects that cost nothing but have supporters are
  chosen first, projects without supporters never.
- **add1** (equalshares.net): the count is repeated with every share raised by one currency unit
  for as long as the result stays within the real budget; it stops at the first result that is
  exhaustive (nothing more fits) or over budget (then the previous result wins).
- **Speed**: pabutools recounts once per currency unit – Budapest 2022 needs hundreds of thousands
  of recounts. Here each count also computes how far the share may grow before any comparison the
  count made could turn out differently (all voter budgets are affine in the share as long as the
  same voters pay in full); all shares in between give the same winners, so the completion jumps
  straight to the next share that can change the result. Exact rational arithmetic throughout
  (gmpy2's mpq, installed with pabutools; `fractions.Fraction` otherwise), so the early stop and the
  ties are the same as pabutools' own, not approximately.
- **Comparison step** (equalshares.net, rule ``equalshares/add1-comparison`` in pabulib): the
  Equal Shares result is compared with the plain vote-order result (projects by number of
  supporters, each taken if it still fits); if more voters have more approved winners under the
  vote-order result than under Equal Shares, the vote-order result is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil
from typing import Any, cast

try:  # pabutools depends on gmpy2; its mpq is many times faster than Fraction
    from gmpy2 import mpq as Q
except ImportError:  # pragma: no cover - fallback without gmpy2
    # needed only where gmpy2 ships type information (ours has none: Q is Any, the ignore unused)
    Q = Fraction  # type: ignore[assignment,misc,unused-ignore]

# an exact rational: gmpy2's mpq (gmpy2 has no type stubs, so mypy sees Any) or a Fraction
_Q = Any


@dataclass
class MesRun:
    winners: list[str]  # in selection order
    share: Fraction  # each voter's starting share
    remaining: list[Fraction]  # each voter's money left at the end
    paid_max: dict[str, Fraction]  # per winner: the most one supporter paid
    recounts: int = 1  # number of fixed-share counts the completion needed
    increments: int = 0  # how many currency units the share was raised by
    comparison: dict[str, Any] = field(default_factory=dict)  # comparison step: who preferred what


def _breakpoint(dv: _Q, ds: _Q) -> _Q | None:
    """Smallest t ≥ 0 at which the sign of dv + ds·t may differ from its sign just above 0, or None."""
    if ds == 0:
        return None
    if dv == 0:
        return Q(0)
    t = -dv / ds
    return t if t > 0 else None


@dataclass
class _Round:
    """State at the start of one round of a tracked count and the round's breakpoint. The budgets
    are stored as recorded; the state of a later count is `budget + slope · shift`."""

    budget: list[_Q]  # each voter's money at the start of the round (as recorded)
    slope: list[_Q]  # d budget / d share
    race: list[int]  # projects still in the race
    shift: int = 0  # share growth since recording
    bound: dict[int, tuple[_Q, _Q]] = field(
        default_factory=dict
    )  # project -> lower bound of ρ (value, slope) as recorded
    breakpoint: _Q | None = None  # smallest further growth that may change a comparison of this round


@dataclass
class _Count:
    winners: list[int]
    budget: list[_Q]
    paid_max: list[_Q]
    rounds: list[_Round]
    t_max: _Q | None  # None: no larger share changes the winners


def _count(
    costs: list[_Q],
    supporters: list[list[int]],
    ballots: list[list[int]],
    names: list[str],
    budget: list[_Q],
    slope: list[_Q] | None,
    race: list[int],
    bound: dict[int, tuple[_Q, _Q]],
    winners: list[int],
    rounds: list[_Round],
) -> _Count:
    """Run Equal Shares rounds from the given state.

    With `slope` (tracking) it also records, for each round, the smallest growth t of every voter's
    share at which a comparison made in the round may come out differently. While the same voters
    pay in full, every budget is affine in t with a slope ≥ 0 and every payment level has a slope
    ≤ 0; so a project its supporters can pay stays payable, a supporter who pays the level keeps
    paying it, and only three kinds of comparison can turn: an unpayable project becomes payable,
    a supporter of the winner who paid all they had reaches the level, or another project's ρ
    (bounded from below by its tangent, see below) falls to the winner's."""
    track = slope is not None
    race = list(race)
    bound = dict(bound)
    winners = list(winners)
    paid_max: list[_Q] = []
    total = {j: sum((budget[i] for i in supporters[j]), Q(0)) for j in race}
    total_s = (
        {j: sum((cast("list[_Q]", slope)[i] for i in supporters[j]), Q(0)) for j in race} if track else {}
    )
    zero = Q(0)
    bp: _Q | None  # the round's breakpoint, set at the start of each round below

    def evaluate(j: int) -> tuple[_Q, _Q, _Q, _Q, list[int], int] | None:
        """None if the supporters cannot pay project j, else its ρ and payment level (with slopes)."""
        nonlocal bp
        cost = costs[j]
        if total[j] < cost:
            if track and total_s[j] > 0:
                t = (cost - total[j]) / total_s[j]
                if bp is None or t < bp:
                    bp = t
            return None  # its supporters cannot pay it, now or later in this count
        sup = supporters[j]
        level = cost / len(sup)
        if min(budget[i] for i in sup) >= level:  # everyone can pay an equal part: no sorting needed
            return level / cost, zero, level, zero, sup, 0
        # water filling: supporters by budget, the poorest pay all they have
        order = sorted(sup, key=budget.__getitem__)
        paid = zero
        left = len(order)
        level = cost / left
        cut = 0
        for k, i in enumerate(order):
            level = (cost - paid) / left
            if budget[i] >= level:
                cut = k
                break
            paid += budget[i]
            left -= 1
        level_s = -sum((cast("list[_Q]", slope)[i] for i in order[:cut]), zero) / left if track else zero
        return level / cost, level_s / cost, level, level_s, order, cut

    while race:
        bp = None
        if track:
            rounds.append(_Round(list(budget), list(cast("list[_Q]", slope)), list(race), bound=dict(bound)))
        best = None
        best_key = None
        evaluated = []
        skipped = []
        gone = set()
        # ρ only grows from round to round: a project whose bound from an earlier round is already
        # worse than the best found cannot win this round and is not evaluated (as pabutools does)
        for j in sorted(race, key=lambda j: (bound[j][0], names[j])):
            if best_key is not None and (bound[j][0], names[j]) > best_key:
                skipped.append(j)
                continue
            found = evaluate(j)
            if found is None:
                gone.add(j)
                continue
            bound[j] = (found[0], found[1])
            evaluated.append(j)
            key = (found[0], names[j])
            if best_key is None or key < best_key:
                best_key = key
                best = (j, *found)
        if best is None:
            if track:
                rounds[-1].breakpoint = bp
            break
        j, rho, rho_s, level, level_s, order, cut = best
        if track:
            # the winner's payments shape the later rounds: its poor set must stay the same
            for i in order[:cut]:
                ds = cast("list[_Q]", slope)[i] - level_s
                if ds > 0:
                    t = (level - budget[i]) / ds
                    if bp is None or t < bp:
                        bp = t
            # the others' ρ need not be exact: ρ(t) is convex in t (the payment level solves
            # Σ min(budget_i(t), level) = cost, a concave constraint), so the tangent at t = 0 is a
            # lower bound for every t ≥ 0, and a tangent from an earlier round stays one (budgets
            # only fall); while the bound stays above the winner's ρ, so does the real ρ
            for other in evaluated:
                if other != j:
                    t = _breakpoint(bound[other][0] - rho, bound[other][1] - rho_s)
                    if t is not None and (bp is None or t < bp):
                        bp = t
            for other in skipped:
                t = _breakpoint(bound[other][0] - rho, bound[other][1] - rho_s)
                if t is not None and (bp is None or t < bp):
                    found = evaluate(other)  # a stale bound would stop us early: refresh it
                    if found is None:
                        gone.add(other)
                        continue
                    bound[other] = (found[0], found[1])
                    t = _breakpoint(found[0] - rho, found[1] - rho_s)
                    if t is not None and (bp is None or t < bp):
                        bp = t
            rounds[-1].breakpoint = bp
        race = [x for x in race if x not in gone]
        most = level
        for k, i in enumerate(order):
            pay = budget[i] if k < cut else level
            if k < cut and pay > most:
                most = pay
            budget[i] = budget[i] - pay
            for p in ballots[i]:
                if p in total:
                    total[p] -= pay
            if track:
                change = cast("list[_Q]", slope)[i] if k < cut else level_s
                if change:
                    cast("list[_Q]", slope)[i] = cast("list[_Q]", slope)[i] - change
                    for p in ballots[i]:
                        if p in total_s:
                            total_s[p] -= change
        winners.append(j)
        paid_max.append(most)
        race.remove(j)
        del total[j]
    t_max = None
    for r in rounds:
        if r.breakpoint is not None and (t_max is None or r.breakpoint < t_max):
            t_max = r.breakpoint
    return _Count(winners, budget, paid_max, rounds, t_max)


def _fresh(
    costs: list[_Q],
    supporters: list[list[int]],
    ballots: list[list[int]],
    names: list[str],
    n: int,
    share: _Q,
    *,
    track: bool,
) -> _Count:
    race = [j for j in range(len(costs)) if supporters[j] and costs[j] > 0]
    slope = [Q(1)] * n if track else None
    bound = {j: (Q(0), Q(0)) for j in race}
    return _count(costs, supporters, ballots, names, [share] * n, slope, race, bound, [], [])


def _resume(
    previous: _Count,
    costs: list[_Q],
    supporters: list[list[int]],
    ballots: list[list[int]],
    names: list[str],
    step: int,
) -> _Count:
    """The tracked count with every share raised by `step`, reusing the rounds of `previous` whose
    comparisons cannot change for a growth up to `step` (their breakpoint lies beyond it)."""
    start = 0
    for start, r in enumerate(previous.rounds):  # noqa: B007 - the index is the result
        if r.breakpoint is not None and r.breakpoint <= step:
            break
    kept = [
        _Round(
            r.budget,
            r.slope,
            r.race,
            r.shift + step,
            r.bound,
            None if r.breakpoint is None else r.breakpoint - step,
        )
        for r in previous.rounds[:start]
    ]
    base = previous.rounds[start]
    shift = base.shift + step
    budget = [v + s * shift if s else v for v, s in zip(base.budget, base.slope, strict=True)]
    bound = {j: (v + s * shift, s) for j, (v, s) in base.bound.items()}
    return _count(
        costs,
        supporters,
        ballots,
        names,
        budget,
        list(base.slope),
        base.race,
        bound,
        previous.winners[:start],
        kept,
    )


def equal_shares(
    project_ids: list[str],
    costs: list[Fraction],
    supporters: list[list[int]],
    n_voters: int,
    budget: Fraction,
    *,
    complete: bool = False,
    whole_units: bool = False,
) -> MesRun:
    """Equal Shares with cost satisfaction; with `complete` the add1 completion (see module doc).

    `whole_units` selects the completion of the equalshares.net compute tool and the pabulib
    checker (rule ``equalshares/add1`` there): the shares tried are whole currency units
    (⌊budget / n⌋ + 1, + 2, …) and the completion goes on while the result stays within the budget,
    also past a result that is already exhaustive. Without it, pabutools' completion: shares
    budget / n, + 1, + 2, …, stopping at the first exhaustive result."""
    qcosts = [Q(Fraction(c).numerator, Fraction(c).denominator) for c in costs]
    qbudget = Q(Fraction(budget).numerator, Fraction(budget).denominator)
    free = [project_ids[j] for j in range(len(costs)) if supporters[j] and costs[j] == 0]
    ballots: list[list[int]] = [[] for _ in range(n_voters)]
    for j, sup in enumerate(supporters):
        for i in sup:
            ballots[i].append(j)
    if n_voters == 0:
        return MesRun(free, Fraction(0), [], {})
    start = qbudget / n_voters
    share = start
    run = _fresh(
        qcosts, supporters, ballots, project_ids, n_voters, start, track=complete and not whole_units
    )
    recounts = 1

    def within(count: _Count) -> bool:
        return cast(bool, sum((qcosts[j] for j in count.winners), Q(0)) <= qbudget)

    if complete and not whole_units:
        in_race = [j for j in range(len(costs)) if supporters[j] and costs[j] > 0]
        while True:
            cost = sum((qcosts[j] for j in run.winners), Q(0))
            chosen = set(run.winners)
            if all(j in chosen or cost + qcosts[j] > qbudget for j in in_race):
                break  # exhaustive: nothing more fits
            if run.t_max is None:  # no larger share changes the result
                break
            step = max(1, ceil(_fraction(run.t_max)))
            following = _resume(run, qcosts, supporters, ballots, project_ids, step)
            recounts += 1
            if not within(following):
                share += step - 1  # the largest share with the previous result
                break  # over budget: the previous result wins
            run, share = following, share + step
    elif complete:
        # shares ⌊budget / n⌋ + 1, + 2, …; the count at ⌊budget / n⌋ itself only serves as a start
        current_share = Q(int(start.numerator // start.denominator))
        current = _fresh(qcosts, supporters, ballots, project_ids, n_voters, current_share, track=True)
        recounts += 1
        while True:
            if current.t_max is None:  # every larger share gives this result
                run, share = current, current_share + 1
                break
            step = max(1, ceil(_fraction(current.t_max)))
            if step > 1:  # the shares up to current + step − 1 give the current result
                run, share = current, current_share + step - 1
            following = _resume(current, qcosts, supporters, ballots, project_ids, step)
            recounts += 1
            if not within(following):
                break
            current = run = following
            current_share = share = current_share + step
    if complete:
        # the details (money left, payments) from one plain count with the final share
        run = _fresh(qcosts, supporters, ballots, project_ids, n_voters, share, track=False)
    return MesRun(
        winners=free + [project_ids[j] for j in run.winners],
        share=_fraction(share),
        remaining=[_fraction(b) for b in run.budget],
        paid_max={project_ids[j]: _fraction(p) for j, p in zip(run.winners, run.paid_max, strict=True)},
        recounts=recounts,
        increments=int(share - start) if share > start else 0,
    )


def _fraction(value: _Q) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def vote_order(
    project_ids: list[str], costs: list[Fraction], supporters: list[list[int]], budget: Fraction
) -> list[str]:
    """Projects by number of supporters (ties: file order), each taken if it still fits."""
    order = sorted(range(len(project_ids)), key=lambda j: -len(supporters[j]))
    left = Fraction(budget)
    chosen = []
    for j in order:
        if costs[j] <= left:
            chosen.append(project_ids[j])
            left -= costs[j]
    return chosen


def comparison_step(
    mes_winners: list[str],
    project_ids: list[str],
    costs: list[Fraction],
    supporters: list[list[int]],
    n_voters: int,
    budget: Fraction,
) -> tuple[list[str], dict[str, Any]]:
    """equalshares.net's comparison: each voter counts their approved winners under both results."""
    greedy = vote_order(project_ids, costs, supporters, budget)
    index = {pid: j for j, pid in enumerate(project_ids)}
    mes_sat = [0] * n_voters
    greedy_sat = [0] * n_voters
    for pid in mes_winners:
        for i in supporters[index[pid]]:
            mes_sat[i] += 1
    for pid in greedy:
        for i in supporters[index[pid]]:
            greedy_sat[i] += 1
    prefers_mes = sum(1 for a, b in zip(mes_sat, greedy_sat, strict=True) if a > b)
    prefers_greedy = sum(1 for a, b in zip(mes_sat, greedy_sat, strict=True) if b > a)
    details = {"prefers_mes": prefers_mes, "prefers_greedy": prefers_greedy, "greedy": greedy}
    if prefers_greedy > prefers_mes:
        return greedy, details
    return list(mes_winners), details
