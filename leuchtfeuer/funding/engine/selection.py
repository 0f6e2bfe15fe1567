"""Selection of applications as an integer programme (scipy.optimize.milp, HiGHS).

Maximise the total score of the chosen applications subject to the budget and the call's diversity
rules; compare with the plain "highest score first" ranking (greedy) and explain every difference.
Pure: plain dataclasses in, plain dataclasses out, no Django.

Money is exact: costs and the budget are Decimals, turned into integer cents for the solver (whole
numbers are exact in the solver's floating point far beyond any budget).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from leuchtfeuer.core.engine.german import format_decimal, format_euro

EPS = 1e-6


@dataclass(frozen=True)
class Candidate:
    key: str
    label: str
    cost: Decimal
    score: float
    kreis: str = ""
    kreis_name: str = ""
    land_group: str = ""
    size_class: str = ""
    grw: bool = False
    locked: bool = False
    excluded: bool = False


@dataclass(frozen=True)
class SelectionRules:
    budget: Decimal
    max_per_kreis: int | None = None
    min_per_land_group: int | None = None  # for every group present among the candidates
    min_grw_share: Decimal | None = None  # percent of the chosen applications in a GRW area
    min_per_size_class: int | None = None  # for every size class present among the candidates
    max_selected: int | None = None

    def active(self) -> list[str]:
        keys = ["budget"]
        if self.max_per_kreis is not None:
            keys.append("max_per_kreis")
        if self.min_per_land_group:
            keys.append("min_per_land_group")
        if self.min_grw_share:
            keys.append("min_grw_share")
        if self.min_per_size_class:
            keys.append("min_per_size_class")
        if self.max_selected is not None:
            keys.append("max_selected")
        return keys

    def without(self, key: str) -> SelectionRules:
        if key == "budget":
            return replace(self, budget=Decimal("1e15"))
        return replace(self, **cast("dict[str, Any]", {key: None}))  # a field of this dataclass

    def label(self, key: str) -> str:
        if key == "budget":
            return f"Budget von {format_money(self.budget)}"
        if key == "max_per_kreis":
            return f"höchstens {self.max_per_kreis} je Kreis"
        if key == "min_per_land_group":
            return f"mindestens {self.min_per_land_group} je Ländergruppe"
        if key == "min_grw_share":
            return f"mindestens {format_percent(cast(Decimal, self.min_grw_share))} aus GRW-Fördergebieten"
        if key == "min_per_size_class":
            return f"mindestens {self.min_per_size_class} je Größenklasse"
        if key == "max_selected":
            return f"höchstens {self.max_selected} Förderungen"
        if key == "locks":
            return "fest ausgewählte Anträge (Sperren der Geschäftsstelle)"
        return key


@dataclass
class Outcome:
    feasible: bool
    selected: list[str]
    total_cost: Decimal
    total_score: float
    message: str = ""


@dataclass
class Difference:
    key: str
    label: str
    in_optimal: bool  # True: chosen by the optimisation, not by the ranking
    explanation: str


@dataclass
class SelectionResult:
    optimal: Outcome
    greedy: Outcome
    greedy_violations: list[str]
    binding: list[dict[str, Any]]
    rule_status: list[dict[str, Any]]
    differences: list[Difference] = field(default_factory=list)


def format_money(value: Decimal) -> str:
    """An amount to the cent, German style: 1.234.567,50 €."""
    return format_euro(value)


def format_percent(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():f}".replace(".", ",") + " %"


def _cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _groups(candidates: list[Candidate], attr: str) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        value = getattr(c, attr)
        if value and not c.excluded:
            groups[value].append(i)
    return dict(sorted(groups.items()))


def solve(
    candidates: list[Candidate],
    rules: SelectionRules,
    *,
    force_in: frozenset[str] = frozenset(),
    honour_locks: bool = True,
) -> Outcome:
    """The chosen set with the highest total score that meets every rule (or feasible=False)."""
    n = len(candidates)
    if n == 0:
        return Outcome(True, [], Decimal("0"), 0.0)
    lower = np.zeros(n)
    upper = np.ones(n)
    for i, c in enumerate(candidates):
        if c.excluded:
            upper[i] = 0
        if (honour_locks and c.locked) or c.key in force_in:
            lower[i] = 1
    if np.any(lower > upper):
        return Outcome(
            False, [], Decimal("0"), 0.0, "Ein ausgeschlossener Antrag ist zugleich fest ausgewählt."
        )
    rows: list[np.ndarray] = []
    lbs: list[float] = []
    ubs: list[float] = []

    def add(row: np.ndarray, lb: float, ub: float) -> None:
        rows.append(row)
        lbs.append(lb)
        ubs.append(ub)

    add(np.array([float(_cents(c.cost)) for c in candidates]), -np.inf, float(_cents(rules.budget)))
    if rules.max_per_kreis is not None:
        for members in _groups(candidates, "kreis").values():
            row = np.zeros(n)
            row[members] = 1
            add(row, -np.inf, rules.max_per_kreis)
    if rules.min_per_land_group:
        for members in _groups(candidates, "land_group").values():
            row = np.zeros(n)
            row[members] = 1
            add(row, rules.min_per_land_group, np.inf)
    if rules.min_grw_share:
        share = float(rules.min_grw_share)
        add(np.array([(100.0 if c.grw else 0.0) - share for c in candidates]), 0.0, np.inf)
    if rules.min_per_size_class:
        for members in _groups(candidates, "size_class").values():
            row = np.zeros(n)
            row[members] = 1
            add(row, rules.min_per_size_class, np.inf)
    if rules.max_selected is not None:
        add(np.ones(n), -np.inf, rules.max_selected)
    # Among selections with the same total score prefer the ranking's order (a bonus far below any
    # score difference: scores are rounded to 1e-6, the bonuses add up to less than 1e-7).
    order = sorted(range(n), key=lambda i: (-candidates[i].score, candidates[i].cost, candidates[i].key))
    bonus = np.zeros(n)
    for rank, i in enumerate(order):
        bonus[i] = 1e-7 * (n - rank) / (n * n)
    result = milp(
        c=-(np.array([c.score for c in candidates], dtype=float) + bonus),
        integrality=np.ones(n),
        bounds=Bounds(lower, upper),
        constraints=[LinearConstraint(np.vstack(rows), np.array(lbs), np.array(ubs))],
        options={"mip_rel_gap": 0, "time_limit": 60},
    )
    if result.status != 0 or result.x is None:
        return Outcome(False, [], Decimal("0"), 0.0, "Mit diesen Regeln gibt es keine zulässige Auswahl.")
    chosen = [c for c, x in zip(candidates, result.x, strict=True) if x > 0.5]
    return Outcome(
        True,
        [c.key for c in chosen],
        sum((c.cost for c in chosen), Decimal("0")),
        float(sum(c.score for c in chosen)),
    )


def greedy(candidates: list[Candidate], budget: Decimal, max_selected: int | None = None) -> Outcome:
    """Highest score first; an application that no longer fits the budget is skipped; stops when
    `max_selected` applications are chosen. Ignores the diversity rules (that is the point)."""
    order = sorted((c for c in candidates if not c.excluded), key=lambda c: (-c.score, c.cost, c.key))
    chosen: list[Candidate] = []
    spent = Decimal("0")
    for c in order:
        if max_selected is not None and len(chosen) >= max_selected:
            break
        if spent + c.cost <= budget:
            chosen.append(c)
            spent += c.cost
    return Outcome(True, [c.key for c in chosen], spent, float(sum(c.score for c in chosen)))


def violations(selected: list[str], candidates: list[Candidate], rules: SelectionRules) -> list[str]:
    """German sentences for every rule the given set breaks ([] = meets every rule)."""
    by_key = {c.key: c for c in candidates}
    chosen = [by_key[k] for k in selected]
    result = []
    cost = sum((c.cost for c in chosen), Decimal("0"))
    if cost > rules.budget:
        result.append(
            f"Budget überschritten: {format_money(cost)} statt höchstens {format_money(rules.budget)}."
        )
    if rules.max_per_kreis is not None:
        counts: dict[str, int] = defaultdict(int)
        for c in chosen:
            if c.kreis:
                counts[c.kreis] += 1
        for kreis, count in sorted(counts.items()):
            if count > rules.max_per_kreis:
                name = next((c.kreis_name for c in chosen if c.kreis == kreis and c.kreis_name), kreis)
                result.append(f"{count} Förderungen im Kreis {name} (höchstens {rules.max_per_kreis}).")
    if rules.min_per_land_group:
        for group, members in _groups(candidates, "land_group").items():
            count = sum(1 for i in members if candidates[i].key in selected)
            if count < rules.min_per_land_group:
                result.append(f"Ländergruppe {group}: {count} statt mindestens {rules.min_per_land_group}.")
    if rules.min_grw_share and chosen:
        grw = sum(1 for c in chosen if c.grw)
        if Decimal(100 * grw) < rules.min_grw_share * len(chosen):
            result.append(
                f"Nur {grw} von {len(chosen)} aus GRW-Fördergebieten "
                f"(mindestens {format_percent(rules.min_grw_share)})."
            )
    if rules.min_per_size_class:
        for size, members in _groups(candidates, "size_class").items():
            count = sum(1 for i in members if candidates[i].key in selected)
            if count < rules.min_per_size_class:
                result.append(f"Größenklasse {size}: {count} statt mindestens {rules.min_per_size_class}.")
    if rules.max_selected is not None and len(chosen) > rules.max_selected:
        result.append(f"{len(chosen)} Förderungen statt höchstens {rules.max_selected}.")
    for c in candidates:
        if c.excluded and c.key in selected:
            result.append(f"{c.label} ist ausgeschlossen.")
    return result


def _rule_status(
    outcome: Outcome, candidates: list[Candidate], rules: SelectionRules
) -> list[dict[str, Any]]:
    by_key = {c.key: c for c in candidates}
    chosen = [by_key[k] for k in outcome.selected]
    status = [
        {
            "rule": "budget",
            "label": rules.label("budget"),
            "value": f"{format_money(outcome.total_cost)} verplant, {format_money(rules.budget - outcome.total_cost)} übrig",
        }
    ]
    if rules.max_per_kreis is not None:
        counts: dict[str, int] = defaultdict(int)
        for c in chosen:
            if c.kreis:
                counts[c.kreis_name or c.kreis] += 1
        top = max(counts.values(), default=0)
        status.append(
            {
                "rule": "max_per_kreis",
                "label": rules.label("max_per_kreis"),
                "value": f"höchstens {top} in einem Kreis",
            }
        )
    if rules.min_per_land_group:
        parts = []
        for group, members in _groups(candidates, "land_group").items():
            parts.append(f"{group}: {sum(1 for i in members if candidates[i].key in outcome.selected)}")
        status.append(
            {
                "rule": "min_per_land_group",
                "label": rules.label("min_per_land_group"),
                "value": ", ".join(parts),
            }
        )
    if rules.min_grw_share:
        grw = sum(1 for c in chosen if c.grw)
        status.append(
            {
                "rule": "min_grw_share",
                "label": rules.label("min_grw_share"),
                "value": f"{grw} von {len(chosen)}",
            }
        )
    if rules.min_per_size_class:
        parts = []
        for size, members in _groups(candidates, "size_class").items():
            parts.append(f"{size}: {sum(1 for i in members if candidates[i].key in outcome.selected)}")
        status.append(
            {
                "rule": "min_per_size_class",
                "label": rules.label("min_per_size_class"),
                "value": ", ".join(parts),
            }
        )
    if rules.max_selected is not None:
        status.append(
            {
                "rule": "max_selected",
                "label": rules.label("max_selected"),
                "value": f"{len(chosen)} ausgewählt",
            }
        )
    return status  # fmt: skip


def _binding(
    candidates: list[Candidate], rules: SelectionRules, optimal: Outcome, memo: dict[str, Outcome]
) -> list[dict[str, Any]]:
    """Rules whose removal would allow a higher total score (each costs that much score)."""
    result = []
    for key in rules.active():
        relaxed = _relaxed(candidates, rules, key, memo)
        if relaxed.feasible and relaxed.total_score > optimal.total_score + EPS:
            result.append(
                {
                    "rule": key,
                    "label": rules.label(key),
                    "score_without": round(relaxed.total_score, 4),
                    "score_cost": round(relaxed.total_score - optimal.total_score, 4),
                }
            )
    if any(c.locked for c in candidates):
        relaxed = solve(candidates, rules, honour_locks=False)
        if relaxed.feasible and relaxed.total_score > optimal.total_score + EPS:
            result.append(
                {
                    "rule": "locks",
                    "label": rules.label("locks"),
                    "score_without": round(relaxed.total_score, 4),
                    "score_cost": round(relaxed.total_score - optimal.total_score, 4),
                }
            )
    return result


def _score(value: float) -> str:
    return format_decimal(value)


def _relaxed(
    candidates: list[Candidate], rules: SelectionRules, key: str, memo: dict[str, Outcome]
) -> Outcome:
    """The optimum without one rule, computed once per `select` call (`memo` belongs to that call)."""
    if key not in memo:
        memo[key] = solve(candidates, rules.without(key))
    return memo[key]


def _context(c: Candidate, candidates: list[Candidate], rules: SelectionRules, optimal: Outcome) -> str:
    """Which full rule the left-out application runs into (e.g. its Kreis is already at the maximum)."""
    parts = []
    chosen = [x for x in candidates if x.key in optimal.selected]
    if rules.max_per_kreis is not None and c.kreis:
        same = [x for x in chosen if x.kreis == c.kreis]
        if len(same) >= rules.max_per_kreis:
            names = ", ".join(x.label for x in same)
            parts.append(
                f"Im Kreis {c.kreis_name or c.kreis} sind schon {len(same)} Anträge ausgewählt ({names}; "
                f"höchstens {rules.max_per_kreis} je Kreis)"
            )
    if rules.max_selected is not None and len(chosen) >= rules.max_selected:
        parts.append(f"Es sind schon {len(chosen)} Förderungen ausgewählt (höchstens {rules.max_selected})")
    return "".join(f"{p}. " for p in parts)


def _explain_left_out(
    c: Candidate,
    candidates: list[Candidate],
    rules: SelectionRules,
    optimal: Outcome,
    rank: int,
    memo: dict[str, Outcome],
) -> str:
    forced = solve(candidates, rules, force_in=frozenset({c.key}))
    head = f"Rang {rank} nach Punktzahl ({_score(c.score)} Punkte), nicht ausgewählt. "
    if not forced.feasible:
        blockers = [
            rules.label(key)
            for key in rules.active()
            if solve(candidates, rules.without(key), force_in=frozenset({c.key})).feasible
        ]
        if blockers:
            return (
                head + "Mit diesem Antrag wäre die Regel „" + "“ / „".join(blockers) + "“ nicht einzuhalten."
            )
        return head + "Mit diesem Antrag gibt es keine Auswahl, die alle Regeln erfüllt."
    head += _context(c, candidates, rules, optimal)
    loss = optimal.total_score - forced.total_score
    if loss <= EPS:
        return head + (
            f"Mit ihm wäre dieselbe Gesamtpunktzahl ({_score(optimal.total_score)}) erreichbar – bei Gleichstand "
            "behält die Optimierung die Anträge, die in der Rangfolge weiter vorn stehen."
        )
    responsible = [
        rules.label(key)
        for key in rules.active()
        if key != "budget"
        and solve(candidates, rules.without(key), force_in=frozenset({c.key})).total_score
        >= _relaxed(candidates, rules, key, memo).total_score - EPS
    ]
    text = (
        head + f"Mit ihm läge die beste erreichbare Gesamtpunktzahl bei {_score(forced.total_score)} statt "
        f"{_score(optimal.total_score)} (−{_score(loss)})"
    )
    if responsible:
        return (
            text
            + ", weil die Regel „"
            + "“ / „".join(responsible)
            + "“ dafür andere Anträge verdrängen würde."
        )
    return (
        text
        + f", weil seine Kosten von {format_money(c.cost)} im Budget Platz für Anträge mit zusammen mehr Punkten wegnehmen."
    )


def _explain_taken(
    c: Candidate,
    candidates: list[Candidate],
    rules: SelectionRules,
    greedy_out: Outcome,
    greedy_violations: list[str],
    rank: int,
) -> str:
    head = f"Rang {rank} nach Punktzahl ({_score(c.score)} Punkte), trotzdem ausgewählt: "
    if c.locked:
        return head + "von der Geschäftsstelle fest ausgewählt."
    needs = []
    if rules.min_per_land_group and c.land_group:
        members = [x for x in candidates if x.land_group == c.land_group]
        if sum(1 for x in members if x.key in greedy_out.selected) < rules.min_per_land_group:
            needs.append(
                f"die Ländergruppe {c.land_group} braucht mindestens {rules.min_per_land_group} Förderung{'' if rules.min_per_land_group == 1 else 'en'}"
            )
    if rules.min_per_size_class and c.size_class:
        members = [x for x in candidates if x.size_class == c.size_class]
        if sum(1 for x in members if x.key in greedy_out.selected) < rules.min_per_size_class:
            needs.append(f"die Größenklasse {c.size_class} braucht mindestens {rules.min_per_size_class}")
    if rules.min_grw_share and c.grw and any("GRW" in v for v in greedy_violations):
        needs.append(
            f"es müssen mindestens {format_percent(rules.min_grw_share)} aus GRW-Fördergebieten kommen"
        )
    if needs:
        return head + "; ".join(needs) + " – die reine Rangfolge erfüllt das nicht."
    if greedy_violations:
        return (
            head
            + "die reine Rangfolge verletzt Regeln ("
            + " ".join(greedy_violations)
            + "); mit diesem Antrag werden sie eingehalten."
        )
    return head + (
        f"mit seinen Kosten von {format_money(c.cost)} passt er zusammen mit den übrigen ausgewählten Anträgen "
        "ins Budget und bringt insgesamt mehr Punkte als die Rangfolge."
    )  # fmt: skip


def select(candidates: list[Candidate], rules: SelectionRules) -> SelectionResult:
    """Optimal selection, greedy ranking, binding rules and an explanation of each difference."""
    memo: dict[str, Outcome] = {}
    optimal = solve(candidates, rules)
    greedy_out = greedy(candidates, rules.budget, rules.max_selected)
    greedy_violations = violations(greedy_out.selected, candidates, rules)
    if not optimal.feasible:
        blockers = [rules.label(k) for k in rules.active() if solve(candidates, rules.without(k)).feasible]
        if any(c.locked for c in candidates) and solve(candidates, rules, honour_locks=False).feasible:
            blockers.append(rules.label("locks"))
        message = "Mit diesen Regeln gibt es keine zulässige Auswahl."
        if blockers:
            message += " Ohne die Regel „" + "“ oder ohne „".join(blockers) + "“ wäre eine Auswahl möglich."
        else:
            message += " Auch ohne eine einzelne Regel bliebe es unmöglich – bitte mehrere Regeln lockern."
        optimal.message = message
        return SelectionResult(optimal, greedy_out, greedy_violations, [], [])
    ranks = {
        c.key: i + 1
        for i, c in enumerate(sorted((c for c in candidates if not c.excluded), key=lambda c: (-c.score, c.cost, c.key)))
    }  # fmt: skip
    differences = []
    chosen, ranked = set(optimal.selected), set(greedy_out.selected)
    for c in sorted(candidates, key=lambda c: ranks.get(c.key, 10**9)):
        if c.key in chosen and c.key not in ranked:
            differences.append(
                Difference(c.key, c.label, True, _explain_taken(c, candidates, rules, greedy_out, greedy_violations, ranks[c.key]))
            )  # fmt: skip
        elif c.key in ranked and c.key not in chosen:
            differences.append(
                Difference(
                    c.key,
                    c.label,
                    False,
                    _explain_left_out(c, candidates, rules, optimal, ranks[c.key], memo),
                )
            )
    return SelectionResult(
        optimal=optimal,
        greedy=greedy_out,
        greedy_violations=greedy_violations,
        binding=_binding(candidates, rules, optimal, memo),
        rule_status=_rule_status(optimal, candidates, rules),
        differences=differences,
    )
