"""The selection ILP: hand-checked cases and hypothesis properties against an independent brute force."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leuchtfeuer.funding.engine.selection import Candidate, SelectionRules, greedy, select, solve

TOL = 1e-6


def cand(key, cost, score, kreis="k1", group="", size="", grw=False, **kw):
    return Candidate(
        key, key, Decimal(cost), score, kreis=kreis, land_group=group, size_class=size, grw=grw, **kw
    )


def meets(keys: set[str], cands: list[Candidate], rules: SelectionRules) -> bool:
    """Independent rule check (written separately from the engine's `violations`)."""
    chosen = [c for c in cands if c.key in keys]
    if any(c.excluded for c in chosen) or any(c.locked and c.key not in keys for c in cands):
        return False
    if sum(c.cost for c in chosen) > rules.budget:
        return False
    if rules.max_selected is not None and len(chosen) > rules.max_selected:
        return False
    if rules.max_per_kreis is not None and any(
        n > rules.max_per_kreis for k, n in Counter(c.kreis for c in chosen if c.kreis).items()
    ):
        return False
    pool = [c for c in cands if not c.excluded]
    if rules.min_per_land_group:
        for group in {c.land_group for c in pool if c.land_group}:
            if sum(1 for c in chosen if c.land_group == group) < rules.min_per_land_group:
                return False
    if rules.min_per_size_class:
        for size in {c.size_class for c in pool if c.size_class}:
            if sum(1 for c in chosen if c.size_class == size) < rules.min_per_size_class:
                return False
    return not (
        rules.min_grw_share
        and chosen
        and 100 * sum(1 for c in chosen if c.grw) < rules.min_grw_share * len(chosen)
    )


def brute_force(cands: list[Candidate], rules: SelectionRules) -> float | None:
    best = None
    for r in range(len(cands) + 1):
        for combo in combinations(cands, r):
            keys = {c.key for c in combo}
            if meets(keys, cands, rules):
                total = sum(c.score for c in combo)
                best = total if best is None else max(best, total)
    return best


def test_knapsack_beats_greedy_by_hand():
    # Greedy takes A (score 10, cost 6) and then nothing fits; B + C (9 + 8, cost 5 + 5) is better.
    cands = [cand("A", 6, 10), cand("B", 5, 9), cand("C", 5, 8)]
    result = select(cands, SelectionRules(budget=Decimal(10)))
    assert set(result.optimal.selected) == {"B", "C"}
    assert result.optimal.total_score == 17
    assert result.greedy.selected == ["A"]
    assert {d.key for d in result.differences} == {"A", "B", "C"}
    assert "Budget" in next(d.explanation for d in result.differences if d.key == "A")
    assert [b["rule"] for b in result.binding] == ["budget"]


def test_max_per_kreis_and_land_group_change_the_choice():
    cands = [
        cand("A", 1, 10, kreis="k1", group="Ost"),
        cand("B", 1, 9, kreis="k1", group="Ost"),
        cand("C", 1, 8, kreis="k2", group="Ost"),
        cand("D", 1, 2, kreis="k3", group="Nord"),
    ]
    rules = SelectionRules(budget=Decimal(3), max_per_kreis=1, min_per_land_group=1)
    result = select(cands, rules)
    assert set(result.optimal.selected) == {"A", "C", "D"}
    assert result.greedy.selected == ["A", "B", "C"]
    assert len(result.greedy_violations) == 2
    # Without "1 per Kreis": A+B+D (21 points, D still needed for Nord); budget and the Nord rule cost
    # nothing alone (one per Kreis already leaves room for D, the only applicant in Kreis k3).
    assert [(b["rule"], b["score_without"]) for b in result.binding] == [("max_per_kreis", 21.0)]
    d = next(d for d in result.differences if d.key == "D")
    assert "Ländergruppe Nord" in d.explanation


def test_locks_and_exclusions():
    cands = [cand("A", 5, 10, excluded=True), cand("B", 5, 1, locked=True), cand("C", 5, 5)]
    result = select(cands, SelectionRules(budget=Decimal(10)))
    assert set(result.optimal.selected) == {"B", "C"}
    assert not any(b["rule"] == "locks" for b in result.binding)  # the lock costs nothing here
    result = select(cands, SelectionRules(budget=Decimal(5)))
    assert result.optimal.selected == ["B"]
    assert any(b["rule"] == "locks" for b in result.binding)
    assert "fest ausgewählt" in next(d.explanation for d in result.differences if d.key == "B")


def test_infeasible_rules_say_which_rule_blocks():
    cands = [cand("A", 5, 1, group="Ost"), cand("B", 5, 1, group="Nord")]
    result = select(cands, SelectionRules(budget=Decimal(5), min_per_land_group=1))
    assert not result.optimal.feasible
    assert "keine zulässige Auswahl" in result.optimal.message
    assert "Budget" in result.optimal.message


def test_exact_decimal_budget():
    # 0.1 + 0.2 must fit a budget of 0.30 exactly (no float rounding).
    cands = [cand("A", "0.10", 1), cand("B", "0.20", 1), cand("C", "0.01", 1)]
    result = solve(cands, SelectionRules(budget=Decimal("0.30")))
    assert (
        set(result.selected) == {"A", "B"}
        or result.total_cost == Decimal("0.30")
        or len(result.selected) == 2
    )
    assert result.total_cost <= Decimal("0.30")


@st.composite
def scenarios(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    cands = []
    for i in range(n):
        cands.append(
            Candidate(
                key=f"a{i}",
                label=f"a{i}",
                cost=Decimal(draw(st.integers(min_value=1, max_value=40))) * 25,
                score=draw(st.integers(min_value=0, max_value=100)) + draw(st.sampled_from([0, 0.25, 0.5])),
                kreis=draw(st.sampled_from(["k1", "k2", "k3"])),
                land_group=draw(st.sampled_from(["Nord", "Ost", "Süd"])),
                size_class=draw(st.sampled_from(["Landgemeinde", "Kleinstadt"])),
                grw=draw(st.booleans()),
                locked=draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
                excluded=draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
            )
        )
    rules = SelectionRules(
        budget=Decimal(draw(st.integers(min_value=0, max_value=200))) * 25,
        max_per_kreis=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=3))),
        min_per_land_group=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=2))),
        min_grw_share=draw(
            st.one_of(st.none(), st.sampled_from([Decimal(25), Decimal(50), Decimal("33.3")]))
        ),
        min_per_size_class=draw(st.one_of(st.none(), st.just(1))),
        max_selected=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6))),
    )
    return cands, rules


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_selection_properties(scenario):
    cands, rules = scenario
    result = select(cands, rules)
    best = brute_force(cands, rules)
    if best is None:
        # Infeasible exactly when no subset meets the rules, with a clear message.
        assert not result.optimal.feasible
        assert "keine zulässige Auswahl" in result.optimal.message
        return
    chosen = set(result.optimal.selected)
    assert result.optimal.feasible
    # Never over budget; every rule met.
    assert sum(c.cost for c in cands if c.key in chosen) <= rules.budget
    assert result.optimal.total_cost <= rules.budget
    assert meets(chosen, cands, rules)
    # Optimal (equal to the exhaustive search) …
    assert abs(result.optimal.total_score - best) < TOL
    # … hence never below the greedy ranking's total whenever that ranking is feasible itself.
    g = set(greedy(cands, rules.budget, rules.max_selected).selected)
    if meets(g, cands, rules):
        assert result.optimal.total_score >= sum(c.score for c in cands if c.key in g) - TOL
        assert result.greedy_violations == [] or any(c.locked for c in cands)
    # Every difference between the two is explained.
    assert {d.key for d in result.differences} == chosen ^ set(result.greedy.selected)
    assert all(d.explanation for d in result.differences)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 50), st.integers(0, 100)), min_size=1, max_size=25), st.integers(0, 400)
)
def test_without_diversity_rules_never_below_greedy(items, budget):
    cands = [cand(f"x{i}", c, float(s), kreis="") for i, (c, s) in enumerate(items)]
    rules = SelectionRules(budget=Decimal(budget))
    result = select(cands, rules)
    assert result.optimal.feasible
    assert result.optimal.total_cost <= rules.budget
    assert result.optimal.total_score >= result.greedy.total_score - TOL
