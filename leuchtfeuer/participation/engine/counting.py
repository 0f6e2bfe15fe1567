"""Counting a participatory budget with pabutools, plus a plain-language German explanation.

Rules (names are what `leuchtfeuer budget-count --rule` accepts):
- ``mes``: pabutools' Method of Equal Shares with cost satisfaction (``Cost_Sat``), no completion.
- ``mes-complete``: the same with the "add1" completion (``voter_budget_increment=1``): every
  voter's share is raised by one currency unit and the count repeated for as long as the result
  stays within the budget; the last result within the budget wins (equalshares.net, Assen 2024,
  Świecie 2023).
- ``greedy``: pabutools' greedy utilitarian welfare with cost satisfaction, i.e. projects in the
  order of their votes (for cumulative ballots: points), each one taken if it still fits into the
  remaining budget and skipped if not.

The winners always come from pabutools; the explanation is computed next to it from pabutools'
own run details (MES) or from the vote order (greedy) and never changes the result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction

from leuchtfeuer.participation.engine.pabulib import PabulibError, PBElection, to_pabutools

RULES = ("mes", "mes-complete", "greedy")
# What citizens read: German words, no rule codes ("add1", "greedy").
RULE_LABELS = {
    "mes": "Methode der gleichen Anteile (Equal Shares)",
    "mes-complete": (
        "Methode der gleichen Anteile (Equal Shares), Anteile danach schrittweise erhöht, "
        "bis das Budget möglichst ausgeschöpft ist"
    ),
    "greedy": "Reihenfolge nach Stimmenzahl: wer die meisten Stimmen hat, kommt zuerst, solange das Geld reicht",
}
# Labels stored with results counted before the wording above; replaced when a result is shown.
OLD_RULE_LABELS = {
    "mes-complete": "Methode der gleichen Anteile mit Vervollständigung (Equal Shares + add1)",
    "greedy": "Reihenfolge nach Stimmen (greedy)",
}


def relabel(part: dict) -> dict:
    """A stored result part (`CountResult.as_dict()` + "label") with today's German rule label."""
    rule = part.get("rule")
    if rule not in RULE_LABELS:
        return part
    part = dict(part)
    part["label"] = RULE_LABELS[rule]
    old = OLD_RULE_LABELS.get(rule)
    if old and part.get("summary"):
        part["summary"] = part["summary"].replace(old, RULE_LABELS[rule])
    return part


@dataclass
class ProjectOutcome:
    project_id: str
    name: str
    cost: Fraction
    supporters: int
    points: Fraction
    selected: bool
    rank: int | None  # position in the selection order (1 = chosen first), None if not selected
    explanation: str


@dataclass
class CountResult:
    rule: str
    budget: Fraction
    winners: list[str]  # in selection order
    total_cost: Fraction
    voters: int
    outcomes: list[ProjectOutcome] = field(default_factory=list)
    share_per_voter: Fraction | None = None  # MES: each voter's (final) share
    summary: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["budget"] = _num(self.budget)
        data["total_cost"] = _num(self.total_cost)
        data["share_per_voter"] = None if self.share_per_voter is None else _num(self.share_per_voter)
        for outcome in data["outcomes"]:
            outcome["cost"] = _num(outcome["cost"])
            outcome["points"] = _num(outcome["points"])
        return data


def _num(value) -> int | float:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else float(value)


def euro(value, currency: str = "€") -> str:
    """German money format: 12.345 € or 12.345,67 €."""
    value = Fraction(value)
    cents = round(value * 100)
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    if rest:
        text += f",{rest:02d}"
    sign = "-" if cents < 0 else ""
    return f"{sign}{text} {currency}".strip()


def _points_cost_sat():
    """Satisfaction 'points × cost' so that greedy ranks cumulative ballots by points."""
    from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction

    def func(instance, profile, ballot, project, precomputed_values):
        return ballot.get(project, 0) * project.cost

    class PointsCostSat(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, func)

    return PointsCostSat


def _tallies(election: PBElection) -> tuple[dict[str, int], dict[str, Fraction]]:
    supporters = {p.id: 0 for p in election.projects}
    points = {p.id: Fraction(0) for p in election.projects}
    for ballot in election.ballots:
        for index, pid in enumerate(ballot.projects):
            weight = ballot.points[index] if ballot.points is not None else Fraction(1)
            if weight > 0:
                supporters[pid] += 1
                points[pid] += weight
    return supporters, points


def count(election: PBElection, rule: str, *, explain: bool = True) -> CountResult:
    """Count `election` with `rule` (see module docstring)."""
    if rule not in RULES:
        raise PabulibError(f"Unbekannte Zählregel „{rule}“ (erlaubt: {', '.join(RULES)}).")
    election.validate()
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = to_pabutools(election)
    currency = election.meta.get("currency", "EUR")
    currency = "€" if currency in ("EUR", "") else currency
    supporters, points = _tallies(election)
    details = None
    if rule == "greedy":
        sat = _points_cost_sat() if election.vote_type in ("cumulative", "scoring") else Cost_Sat
        allocation = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    else:
        allocation = method_of_equal_shares(
            instance,
            profile,
            sat_class=Cost_Sat,
            voter_budget_increment=1 if rule == "mes-complete" else None,
            analytics=explain,
        )
        details = getattr(allocation, "details", None)
    winners = [p.name for p in allocation]
    total = sum((election.project(pid).cost for pid in winners), Fraction(0))
    result = CountResult(
        rule=rule,
        budget=election.budget,
        winners=winners,
        total_cost=total,
        voters=len(election.ballots),
    )
    if not explain:
        return result
    if rule == "greedy":
        _explain_greedy(election, result, supporters, points, currency)
    else:
        _explain_mes(election, result, supporters, points, details, currency)
    result.summary = _summary(election, result, currency)
    return result


def _summary(election: PBElection, result: CountResult, currency: str) -> str:
    left = election.budget - result.total_cost
    text = (
        f"Gezählt mit: {RULE_LABELS[result.rule]}. {result.voters} Stimmzettel, "
        f"{len(election.projects)} Vorschläge. Ausgewählt: {len(result.winners)} Vorschläge für zusammen "
        f"{euro(result.total_cost, currency)} von {euro(election.budget, currency)}; "
        f"es bleiben {euro(left, currency)} übrig."
    )
    if result.share_per_voter is not None:
        text += (
            f" Jede Person verfügte über einen gleichen Anteil von {euro(result.share_per_voter, currency)}"
        )
        start = Fraction(election.budget, result.voters) if result.voters else Fraction(0)
        if result.share_per_voter > start:
            text += (
                f" (zu Beginn {euro(start, currency)}; die Vervollständigung hat die Anteile schrittweise erhöht, "
                "solange das Ergebnis ins Budget passte)"
            )
        text += "."
    return text


def _explain_greedy(election, result, supporters, points, currency) -> None:
    by_points = election.vote_type in ("cumulative", "scoring")
    score = points if by_points else {k: Fraction(v) for k, v in supporters.items()}
    unit = "Punkte" if by_points else "Stimmen"
    rank_of_winner = {pid: i for i, pid in enumerate(result.winners)}
    # The order in which greedy looked at the projects: by score, winners first among equals
    # (pabutools breaks ties between equally supported projects by its own fixed order).
    order = sorted(
        election.projects,
        key=lambda p: (-score[p.id], 0 if p.id in rank_of_winner else 1, rank_of_winner.get(p.id, 0)),
    )
    spent = Fraction(0)
    place = {p.id: i for i, p in enumerate(order, start=1)}
    for project in order:
        pid = project.id
        left = election.budget - spent
        common = f"{_fmt(score[pid])} {unit}, Platz {place[pid]} von {len(order)}."
        if pid in rank_of_winner:
            text = (
                f"Ausgewählt: {common} Als es an der Reihe war, waren noch {euro(left, currency)} frei; "
                f"es kostet {euro(project.cost, currency)} und passte hinein."
            )
            spent += project.cost
            selected = True
        elif score[pid] <= 0:
            text = f"Nicht ausgewählt: Der Vorschlag hat keine {unit} bekommen."
            selected = False
        else:
            text = (
                f"Nicht ausgewählt: {common} Als es an der Reihe war, waren nur noch {euro(left, currency)} frei; "
                f"es kostet {euro(project.cost, currency)} und passte nicht mehr ins Budget."
            )
            selected = False
        result.outcomes.append(
            ProjectOutcome(
                project_id=pid,
                name=project.name,
                cost=project.cost,
                supporters=supporters[pid],
                points=points[pid],
                selected=selected,
                rank=rank_of_winner[pid] + 1 if selected else None,
                explanation=text,
            )
        )


def _fmt(value: Fraction) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", ".")
    return f"{float(value):.2f}".replace(".", ",")


def _explain_mes(election, result, supporters, points, details, currency) -> None:
    """Explain from pabutools' run details: shares, who paid, what was left for each loser."""
    n = len(election.ballots)
    rank_of_winner = {pid: i for i, pid in enumerate(result.winners)}
    supporters_of: dict[str, list[int]] = {p.id: [] for p in election.projects}
    for index, ballot in enumerate(election.ballots):
        for k, pid in enumerate(ballot.projects):
            if ballot.points is None or ballot.points[k] > 0:
                supporters_of[pid].append(index)
    share = Fraction(election.budget, n) if n else Fraction(0)
    remaining = [share] * n
    paid_max: dict[str, Fraction] = {}
    iterations = list(details.iterations) if details is not None else []
    if iterations and iterations[0].voters_budget is not None and len(iterations[0].voters_budget) == n:
        share = Fraction(str(iterations[0].voters_budget[0]))
        final = iterations[-1].voters_budget
        remaining = [Fraction(str(b)) for b in final]
        for iteration in iterations:
            if iteration.selected_project is None or iteration.voters_budget_after_selection is None:
                continue
            pid = iteration.selected_project.name
            before, after = iteration.voters_budget, iteration.voters_budget_after_selection
            paid = [Fraction(str(before[i])) - Fraction(str(after[i])) for i in supporters_of.get(pid, [])]
            paid_max[pid] = max(paid) if paid else Fraction(0)
    result.share_per_voter = share
    increased = result.rule == "mes-complete" and n and share > Fraction(election.budget, n)
    for project in election.projects:
        pid = project.id
        count_supporters = len(supporters_of[pid])
        pool = sum((remaining[i] for i in supporters_of[pid]), Fraction(0))
        if pid in rank_of_winner:
            text = (
                f"Ausgewählt (als {rank_of_winner[pid] + 1}.): {count_supporters} Unterstützer:innen teilten sich "
                f"die Kosten von {euro(project.cost, currency)} aus ihren gleichen Anteilen"
            )
            if pid in paid_max:
                text += f"; keine Person zahlte mehr als {euro(paid_max[pid], currency)}"
            text += "."
            selected = True
        elif count_supporters == 0:
            text = "Nicht ausgewählt: Der Vorschlag hat keine Stimme bekommen."
            selected = False
        elif project.cost > election.budget:
            text = (
                f"Nicht ausgewählt: Er kostet {euro(project.cost, currency)} und damit mehr als das ganze Budget "
                f"von {euro(election.budget, currency)}."
            )
            selected = False
        elif count_supporters * share < project.cost:
            text = (
                f"Nicht ausgewählt: Selbst die vollen Anteile aller {count_supporters} Unterstützer:innen "
                f"({euro(count_supporters * share, currency)}) reichen nicht für die Kosten von "
                f"{euro(project.cost, currency)} – es hätte mehr Unterstützer:innen gebraucht."
            )
            selected = False
        else:
            text = (
                f"Nicht ausgewählt: Seine {count_supporters} Unterstützer:innen hatten am Ende zusammen nur noch "
                f"{euro(pool, currency)} von ihren Anteilen übrig – zu wenig für die Kosten von "
                f"{euro(project.cost, currency)}, weil sie mit ihren Anteilen schon andere Vorschläge bezahlt hatten."
            )
            if pool >= project.cost:
                # Enough money in total but the supporters could not share it equally enough
                # for the rule (MES chooses the project that costs each supporter least first).
                text = (
                    f"Nicht ausgewählt: Seine {count_supporters} Unterstützer:innen hatten zusammen noch "
                    f"{euro(pool, currency)} übrig, aber nicht gleichmäßig genug verteilt, um die "
                    f"Kosten von {euro(project.cost, currency)} zu teilen."
                )
            selected = False
        if increased and not selected and count_supporters:
            text += " Auch mit den schrittweise erhöhten Anteilen der Vervollständigung reichte es nicht."
        result.outcomes.append(
            ProjectOutcome(
                project_id=pid,
                name=project.name,
                cost=project.cost,
                supporters=supporters[pid],
                points=points[pid],
                selected=selected,
                rank=rank_of_winner[pid] + 1 if selected else None,
                explanation=text,
            )
        )
    result.outcomes.sort(key=lambda o: (o.rank is None, o.rank or 0, -o.supporters))
