"""Counting a participatory budget, plus a plain-language German explanation for every project.

Rules (names are what `leuchtfeuer budget-count --rule` accepts; `--rule file` takes the rule the
file's META names, see `PABULIB_RULES`):
- ``mes``: Method of Equal Shares with cost satisfaction, no completion (= pabutools'
  ``method_of_equal_shares(..., sat_class=Cost_Sat)``).
- ``mes-complete``: the same with the "add1" completion: every voter's share is raised by one
  currency unit and the count repeated for as long as the result stays within the budget; stops at
  the first exhaustive result (= pabutools with ``voter_budget_increment=1``; Assen 2024,
  Świecie 2023). Fast and with bounded memory, see `engine/mes.py`.
- ``mes-comparison``: Equal Shares as the equalshares.net compute tool counts (pabulib
  ``equalshares/add1-comparison``, Wieliczka 2023): shares raised in whole currency units while the
  result stays within the budget, then compared with the vote-order result; the vote-order result
  wins if more voters prefer it.
- ``greedy``: projects by score (votes; points for cumulative ballots; rank points for ordinal
  ballots, see `engine/greedy.py`), each taken if it still fits, skipped if not.
- ``greedy-threshold``: the same, but only projects with at least the minimum score.
- ``greedy-no-skip``: the count ends at the first project that does not fit.
- ``greedy-reserve``: pabulib ``greedy-custom`` where META documents it (Poznań): as
  ``greedy-no-skip``, and the first project that does not fit is still funded from reserve funds if
  what is left covers 80 % of its cost.
Greedy variants also respect a minimum score when one is given (META ``min_project_score_threshold``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from leuchtfeuer.participation.engine import greedy as greedy_engine
from leuchtfeuer.participation.engine.mes import MesRun, comparison_step, equal_shares
from leuchtfeuer.participation.engine.pabulib import PabulibError, PBElection

RULES = (
    "mes",
    "mes-complete",
    "mes-comparison",
    "greedy",
    "greedy-threshold",
    "greedy-no-skip",
    "greedy-reserve",
)
GREEDY_RULES = ("greedy", "greedy-threshold", "greedy-no-skip", "greedy-reserve")
# pabulib's META `rule` -> ours ("greedy-custom" only where META documents it, see rule_from_meta)
PABULIB_RULES = {
    "greedy": "greedy",
    "greedy-threshold": "greedy-threshold",
    "greedy-no-skip": "greedy-no-skip",
    "equalshares": "mes",
    "equalshares/add1": "mes-complete",
    "equalshares/add1-comparison": "mes-comparison",
}
PABULIB_NAMES = {ours: theirs for theirs, ours in PABULIB_RULES.items()}
# What citizens read: German words, no rule codes ("add1", "greedy").
RULE_LABELS = {
    "mes": "Methode der gleichen Anteile (Equal Shares)",
    "mes-complete": (
        "Methode der gleichen Anteile (Equal Shares), Anteile danach schrittweise erhöht, "
        "bis das Budget möglichst ausgeschöpft ist"
    ),
    "mes-comparison": (
        "Methode der gleichen Anteile (Equal Shares), Anteile in ganzen Euro erhöht, solange das Budget "
        "reicht; danach Vergleich mit der Reihenfolge nach Stimmen – gilt die, wenn mehr Menschen sie vorziehen"
    ),
    "greedy": "Reihenfolge nach Stimmenzahl: wer die meisten Stimmen hat, kommt zuerst, solange das Geld reicht",
    "greedy-threshold": (
        "Reihenfolge nach Stimmenzahl mit Mindeststimmenzahl: nur Vorschläge, die genug Stimmen bekommen, "
        "kommen zum Zug, solange das Geld reicht"
    ),
    "greedy-no-skip": (
        "Reihenfolge nach Stimmenzahl ohne Überspringen: die Zählung endet beim ersten Vorschlag, "
        "der nicht mehr ins Budget passt"
    ),
    "greedy-reserve": (
        "Reihenfolge nach Stimmenzahl ohne Überspringen; der erste Vorschlag, der nicht mehr passt, wird "
        "noch aus Reservemitteln finanziert, wenn mindestens 80 % seiner Kosten übrig sind"
    ),
}
# Labels stored with results counted before the wording above; replaced when a result is shown.
OLD_RULE_LABELS = {
    "mes-complete": "Methode der gleichen Anteile mit Vervollständigung (Equal Shares + add1)",
    "greedy": "Reihenfolge nach Stimmen (greedy)",
}


def relabel(part: dict[str, Any]) -> dict[str, Any]:
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
    threshold: Fraction | None = None  # greedy rules: minimum score

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["budget"] = _num(self.budget)
        data["total_cost"] = _num(self.total_cost)
        data["share_per_voter"] = None if self.share_per_voter is None else _num(self.share_per_voter)
        data["threshold"] = None if self.threshold is None else _num(self.threshold)
        for outcome in data["outcomes"]:
            outcome["cost"] = _num(outcome["cost"])
            outcome["points"] = _num(outcome["points"])
        return data


def _num(value: Fraction | int) -> int | float:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else float(value)


def euro(value: Fraction | int, currency: str = "€") -> str:
    """German money format: 12.345 € or 12.345,67 €."""
    value = Fraction(value)
    cents = round(value * 100)
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    if rest:
        text += f",{rest:02d}"
    sign = "-" if cents < 0 else ""
    return f"{sign}{text} {currency}".strip()


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


def rule_from_meta(election: PBElection) -> tuple[str, Fraction | None]:
    """(our rule, minimum score) for the rule the file's META names; PabulibError (German) if it names
    none or one we cannot count."""
    named = (election.meta.get("rule") or "").strip()
    if not named or named == "unknown":
        raise PabulibError(
            "Die Datei nennt keine Zählregel (META „rule“ fehlt oder ist „unknown“). Bitte mit "
            f"--rule eine der Regeln {', '.join(RULES)} wählen."
        )
    if named == "greedy-custom":
        if not greedy_engine.documents_poznan_rule(election.meta.get("comment", "")):
            raise PabulibError(
                "Die Datei nennt die Regel „greedy-custom“ (eine eigene Regel der Stadt), beschreibt sie aber "
                "nicht so im Kommentar (META „comment“), dass Leuchtfeuer sie nachzählen kann. Bekannt ist nur "
                "die Poznań-Regel (80 % der Kosten aus Reservemitteln). Bitte mit --rule eine Regel wählen."
            )
        rule = "greedy-reserve"
    elif named in PABULIB_RULES:
        rule = PABULIB_RULES[named]
    else:
        raise PabulibError(
            f"Die Datei nennt die Zählregel „{named}“; die kann Leuchtfeuer nicht nachzählen "
            f"(unterstützt: {', '.join(sorted(PABULIB_RULES))}, greedy-custom nach Poznań)."
        )
    threshold = None
    if rule in GREEDY_RULES:
        try:
            threshold = greedy_engine.threshold_from_meta(election.meta, len(election.ballots))
        except greedy_engine.ScoringError as exc:
            raise PabulibError(str(exc)) from None
    return rule, threshold


def count(
    election: PBElection, rule: str, *, explain: bool = True, threshold: Fraction | int | None = None
) -> CountResult:
    """Count `election` with `rule` (see module docstring). `threshold`: minimum score for the greedy
    rules (required for ``greedy-threshold``)."""
    if rule not in RULES:
        raise PabulibError(f"Unbekannte Zählregel „{rule}“ (erlaubt: {', '.join(RULES)}).")
    if rule == "greedy-threshold" and threshold is None:
        raise PabulibError("Für die Reihenfolge mit Mindeststimmenzahl fehlt die Mindeststimmenzahl.")
    election.validate()
    currency = election.meta.get("currency", "EUR")
    currency = "€" if currency in ("EUR", "") else currency
    supporters, points = _tallies(election)
    ids = [p.id for p in election.projects]
    costs = {p.id: p.cost for p in election.projects}
    if rule in GREEDY_RULES:
        try:
            score = greedy_engine.scores(
                election.vote_type, election.meta, ids, [(b.projects, b.points) for b in election.ballots]
            )
        except greedy_engine.ScoringError as exc:
            raise PabulibError(str(exc)) from None
        winners, steps = greedy_engine.greedy(
            ids,
            costs,
            score,
            election.budget,
            threshold=None if threshold is None else Fraction(threshold),
            no_skip=rule in ("greedy-no-skip", "greedy-reserve"),
            reserve_share=Fraction(4, 5) if rule == "greedy-reserve" else None,
        )
        run = None
    else:
        index = {pid: j for j, pid in enumerate(ids)}
        listed: list[list[int]] = [[] for _ in ids]
        for i, ballot in enumerate(election.ballots):
            for pid in ballot.projects:
                listed[index[pid]].append(i)
        run = equal_shares(
            ids,
            [costs[pid] for pid in ids],
            listed,
            len(election.ballots),
            election.budget,
            complete=rule != "mes",
            whole_units=rule == "mes-comparison",
        )
        winners = run.winners
        if rule == "mes-comparison":
            winners, run.comparison = comparison_step(
                winners, ids, [costs[pid] for pid in ids], listed, len(election.ballots), election.budget
            )
    total = sum((costs[pid] for pid in winners), Fraction(0))
    result = CountResult(
        rule=rule,
        budget=election.budget,
        winners=list(winners),
        total_cost=total,
        voters=len(election.ballots),
        threshold=None if threshold is None or rule not in GREEDY_RULES else Fraction(threshold),
    )
    if not explain:
        return result
    if run is not None and run.comparison and result.winners != run.winners:
        # the comparison chose the vote-order result: explain that count
        votes = {pid: Fraction(len(listed[index[pid]])) for pid in ids}
        _, steps = greedy_engine.greedy(ids, costs, votes, election.budget)
        _explain_greedy(election, result, steps, supporters, points, currency)
    elif run is None:
        _explain_greedy(election, result, steps, supporters, points, currency)
    else:
        _explain_mes(election, result, supporters, points, run, currency)
    result.summary = _summary(election, result, currency)
    if run is not None and run.comparison:
        prefer = run.comparison
        if result.winners == prefer["greedy"] and result.winners != run.winners:
            result.summary += (
                f" Vergleich: {prefer['prefers_greedy']} Personen ziehen das Ergebnis nach Stimmenzahl vor, "
                f"{prefer['prefers_mes']} das der gleichen Anteile – deshalb gilt die Reihenfolge nach Stimmenzahl."
            )
        else:
            result.summary += (
                f" Vergleich: {prefer['prefers_mes']} Personen haben mit den gleichen Anteilen mehr ihrer "
                f"Vorschläge durchgebracht, {prefer['prefers_greedy']} mit der Reihenfolge nach Stimmenzahl – "
                "es bleibt beim Ergebnis der gleichen Anteile."
            )
    return result


def _proposals(number: int) -> str:
    return f"{number} Vorschlag" if number == 1 else f"{number} Vorschläge"


def _summary(election: PBElection, result: CountResult, currency: str) -> str:
    left = election.budget - result.total_cost
    text = (
        f"Gezählt mit: {RULE_LABELS[result.rule]}. {result.voters} Stimmzettel, "
        f"{_proposals(len(election.projects))}. Ausgewählt: {_proposals(len(result.winners))} für zusammen "
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


def _explain_greedy(
    election: PBElection,
    result: CountResult,
    steps: list[greedy_engine.GreedyStep],
    supporters: dict[str, int],
    points: dict[str, Fraction],
    currency: str,
) -> None:
    unit = {"cumulative": "Punkte", "scoring": "Punkte", "ordinal": "Rangpunkte"}.get(
        election.vote_type, "Stimmen"
    )
    rank_of_winner = {pid: i for i, pid in enumerate(result.winners)}
    threshold = result.threshold
    limit = f"Mindeststimmenzahl {_fmt(threshold)}" if threshold is not None else ""
    stop_place = next((s.place for s in steps if s.status == greedy_engine.STOPPED_HERE), None)
    for step in steps:
        project = election.project(step.project_id)
        units = (
            {"Stimmen": "Stimme", "Punkte": "Punkt", "Rangpunkte": "Rangpunkt"}[unit]
            if step.score == 1
            else unit
        )
        common = f"{_fmt(step.score)} {units}, Platz {step.place} von {len(steps)}."
        fits = f"es kostet {euro(project.cost, currency)}"
        left = euro(step.left, currency)
        status = step.status
        if status == greedy_engine.SELECTED:
            text = f"Ausgewählt: {common} Als es an der Reihe war, waren noch {left} frei; {fits} und passte hinein."
        elif status == greedy_engine.EXTRA:
            text = (
                f"Ausgewählt (aus Reservemitteln): {common} Als es an der Reihe war, waren nur noch {left} frei; "
                f"{fits}. Das sind mindestens 80 % der Kosten, den Rest tragen Reservemittel. Danach endet die Zählung."
            )
        elif status == greedy_engine.BELOW_THRESHOLD:
            text = (
                f"Nicht gewählt: unter der {limit} – der Vorschlag hat {_fmt(step.score)} {units} bekommen."
            )
        elif step.score <= 0 and status != greedy_engine.AFTER_STOP:
            text = f"Nicht ausgewählt: Der Vorschlag hat keine {unit} bekommen."
        elif status == greedy_engine.TOO_EXPENSIVE:
            text = (
                f"Nicht gewählt: {common} Er kostet {euro(project.cost, currency)} und damit mehr als das ganze "
                f"Budget von {euro(election.budget, currency)}; die Zählung geht ohne ihn weiter."
            )
        elif status == greedy_engine.STOPPED_HERE:
            text = (
                f"Nicht gewählt: {common} Als es an der Reihe war, waren nur noch {left} frei; {fits} und passte "
                "nicht mehr ins Budget. Zählung endet beim ersten nicht finanzierbaren Projekt – hier."
            )
        elif status == greedy_engine.AFTER_STOP:
            text = (
                f"Nicht gewählt: {common} Zählung endet beim ersten nicht finanzierbaren Projekt "
                f"(Platz {stop_place}); dieser Vorschlag kam erst danach an die Reihe."
            )
        else:
            text = (
                f"Nicht ausgewählt: {common} Als es an der Reihe war, waren nur noch {left} frei; "
                f"{fits} und passte nicht mehr ins Budget."
            )
        selected = step.project_id in rank_of_winner
        result.outcomes.append(
            ProjectOutcome(
                project_id=step.project_id,
                name=project.name,
                cost=project.cost,
                supporters=supporters[step.project_id],
                points=points[step.project_id] if election.vote_type != "ordinal" else step.score,
                selected=selected,
                rank=rank_of_winner[step.project_id] + 1 if selected else None,
                explanation=text,
            )
        )


def _fmt(value: Fraction) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", ".")
    return f"{float(value):.2f}".replace(".", ",")


def _explain_mes(
    election: PBElection,
    result: CountResult,
    supporters: dict[str, int],
    points: dict[str, Fraction],
    run: MesRun,
    currency: str,
) -> None:
    """Explain from the Equal Shares run: shares, who paid, what was left for each loser."""
    rank_of_winner = {pid: i for i, pid in enumerate(result.winners)}
    supporters_of: dict[str, list[int]] = {p.id: [] for p in election.projects}
    for index, ballot in enumerate(election.ballots):
        for pid in ballot.projects:
            supporters_of[pid].append(index)
    share = run.share
    remaining = run.remaining
    paid_max = run.paid_max
    result.share_per_voter = share
    n = len(election.ballots)
    increased = result.rule != "mes" and n and share > Fraction(election.budget, n)
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
