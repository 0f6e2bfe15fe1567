"""The rules pabulib names (issue 20): official winners of the real files, rank scores, thresholds,
no-skip, Equal Shares with comparison, fast mes-complete equal to pabutools, German messages.

The real files live in tests/data/pabulib (copies from ../shared/data/pabulib; or $PB_DIR); the official winners are the projects
the files mark `selected` = 1 – published results, not our output.
"""

from __future__ import annotations

import csv
import io
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares

from leuchtfeuer.participation.engine.counting import count, rule_from_meta
from leuchtfeuer.participation.engine.greedy import rank_points
from leuchtfeuer.participation.engine.pabulib import PabulibError, PBBallot, PBElection, PBProject, read_pb

# The 27 files with an official result and a supported rule, plus the files named below, are copied
# into the project (tests/data/pabulib, see its README); PB_DIR points at another folder, e.g. all
# of ../shared/data/pabulib.
PB_DIR = Path(os.environ.get("PB_DIR", Path(__file__).resolve().parent / "data" / "pabulib"))
SUPPORTED = {
    "greedy",
    "greedy-threshold",
    "greedy-no-skip",
    "equalshares/add1",
    "equalshares/add1-comparison",
}


def _sections(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """META and PROJECTS read with the csv module only (independent of the engine's reader)."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() in ("META", "PROJECTS", "VOTES"):
            current = line.strip()
            parts[current] = []
        elif current:
            parts[current].append(line)
    meta = {row[0]: row[1] for row in csv.reader(parts["META"][1:], delimiter=";") if len(row) >= 2}
    projects = list(csv.DictReader(io.StringIO("\n".join(parts["PROJECTS"])), delimiter=";"))
    return meta, projects


def _official_files() -> list[str]:
    names = []
    for path in sorted(PB_DIR.glob("*.pb")):
        meta, projects = _sections(path)
        if meta.get("rule") in SUPPORTED and projects and "selected" in projects[0]:
            names.append(path.name)
    return names


OFFICIAL = _official_files() if PB_DIR.is_dir() else []


def _official(path: Path) -> set[str]:
    _, projects = _sections(path)
    return {row["project_id"] for row in projects if row["selected"].strip() in ("1", "1.0")}


def test_pabulib_folder_present():
    """The official-winner test below needs the real files; say so instead of passing empty."""
    assert PB_DIR.is_dir(), f"pabulib-Dateien fehlen unter {PB_DIR} (PB_DIR setzen)"
    assert len(OFFICIAL) >= 27


@pytest.mark.parametrize("name", OFFICIAL)
def test_rule_from_file_gives_official_winners(name):
    path = PB_DIR / name
    election = read_pb(path)
    rule, threshold = rule_from_meta(election)
    result = count(election, rule, explain=False, threshold=threshold)
    assert set(result.winners) == _official(path)
    assert result.total_cost <= election.budget


def test_budget_count_command_rule_file_json(capsys):
    """Through the console command, last stdout line is JSON: Wrocław 2017 Rejon 11 (greedy-no-skip):
    the withdrawn top project (cost 999,999,999) is passed over, project 425 wins."""
    call_command(
        "budget-count", str(PB_DIR / "Poland_Wroclaw_2017_Rejon_nr_11_750.pb"), "--rule", "file", "--json"
    )
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["winners"] == ["425"]
    assert data["rule"] == "greedy-no-skip"
    assert data["cost"] == 750000


def test_budget_count_command_refuses_file_without_rule():
    with pytest.raises(CommandError, match="nennt keine Zählregel"):
        call_command(
            "budget-count", str(PB_DIR / "Hungary_Budapest_2022_VIII_Jozsefvaros.pb"), "--rule", "file"
        )


def test_greedy_custom_only_where_documented(tmp_path):
    """Poznań documents its 80 % rule in META comment: counted; the same file without the comment is
    refused with a German message."""
    path = PB_DIR / "Poland_Poznan_2025_10_-_Swierczewo_Wilda_Zielony_Debiec__large.pb"
    election = read_pb(path)
    assert rule_from_meta(election) == ("greedy-reserve", None)
    result = count(election, "greedy-reserve")
    _, rows = _sections(path)
    by_rule = {row["project_id"] for row in rows if row["selected"].strip() in ("1", "2")}
    assert set(result.winners) == by_rule
    election.meta["comment"] = "#1: Eigene Regel der Stadt."
    with pytest.raises(PabulibError, match=r"greedy-custom.*beschreibt sie aber"):
        rule_from_meta(election)
    election.meta["rule"] = "greedy-exclusive"
    with pytest.raises(PabulibError, match="kann Leuchtfeuer nicht nachzählen"):
        rule_from_meta(election)


def test_ordinal_ballots_scored_by_rank_krakow_2020():
    """Kraków ranks 3 projects: 3, 2, 1 points (Borda with max_length 3). The sums equal the city's
    published `score` column, the count gives the official winners – counting every ranked project
    as one vote (the old way) gives 4 different projects."""
    path = PB_DIR / "Poland_Krakow_2020_Pradnik_Czerwony.pb"
    election = read_pb(path)
    assert rank_points(election.meta, len(election.projects))[1] == [3, 2, 1]
    result = count(election, "greedy")
    _, rows = _sections(path)
    published = {row["project_id"]: Fraction(row["score"]) for row in rows}
    assert {o.project_id: o.points for o in result.outcomes} == published
    assert set(result.winners) == _official(path)
    # the old way, by hand: number of ballots naming the project, each taken if it still fits
    votes = {row["project_id"]: int(row["votes"]) for row in rows}
    left, by_votes = election.budget, set()
    for project in sorted(election.projects, key=lambda p: (-votes[p.id], p.id)):
        if project.cost <= left:
            by_votes.add(project.id)
            left -= project.cost
    assert len(by_votes ^ _official(path)) == 4


def test_scoring_fn_list_and_unknown():
    assert rank_points({"scoring_fn": "5,3,1"}, 10)[1] == [5, 3, 1]
    assert rank_points({}, 4)[1] == [4, 3, 2, 1]
    with pytest.raises(ValueError, match="Borda"):
        rank_points({"scoring_fn": "dowdall"}, 4)


def small(vote_type="approval", ballots=None, meta=None):
    projects = [
        PBProject("A", Fraction(60), "Spielplatz"),
        PBProject("B", Fraction(50), "Bank"),
        PBProject("C", Fraction(20), "Bücherschrank"),
    ]
    # votes: A 4, B 3, C 2
    ballots = ballots or [
        PBBallot(("A", "B")),
        PBBallot(("A", "B")),
        PBBallot(("A", "C")),
        PBBallot(("A",)),
        PBBallot(("B", "C")),
    ]
    return PBElection(vote_type, Fraction(100), projects, ballots, meta or {"currency": "EUR"})


def test_no_skip_ends_at_first_unaffordable_project():
    # A (60) fits, B (50) does not fit into 40 -> the count ends; C (20) would fit but is not taken
    result = count(small(), "greedy-no-skip")
    assert result.winners == ["A"]
    text = {o.project_id: o.explanation for o in result.outcomes}
    assert "Zählung endet beim ersten nicht finanzierbaren Projekt" in text["B"]
    assert "Zählung endet beim ersten nicht finanzierbaren Projekt (Platz 2)" in text["C"]
    assert count(small(), "greedy").winners == ["A", "C"]


def test_threshold_explained():
    result = count(small(), "greedy-threshold", threshold=3)
    assert result.winners == ["A"]  # B does not fit, C has 2 < 3 votes
    text = {o.project_id: o.explanation for o in result.outcomes}
    assert text["C"].startswith("Nicht gewählt: unter der Mindeststimmenzahl 3")
    with pytest.raises(PabulibError, match="Mindeststimmenzahl"):
        count(small(), "greedy-threshold")


def test_threshold_czestochowa_2025_explained():
    path = PB_DIR / "Poland_Czestochowa_2025_Wyczerpy_-_Aniolow.pb"
    election = read_pb(path)
    rule, threshold = rule_from_meta(election)
    assert (rule, threshold) == ("greedy-threshold", 300)
    result = count(election, rule, threshold=threshold)
    below = [o for o in result.outcomes if o.points < 300]
    assert below and all("unter der Mindeststimmenzahl 300" in o.explanation for o in below)


def test_comparison_step_wieliczka_2023():
    """equalshares/add1-comparison: 30 official winners (plain add1 as pabutools counts gives 31)."""
    path = PB_DIR / "Poland_Wieliczka_2023_Green_Budget.pb"
    election = read_pb(path)
    result = count(election, "mes-comparison")
    assert set(result.winners) == _official(path) and len(result.winners) == 30
    assert "Vergleich:" in result.summary


# files where pabutools' own mes-complete takes at most a few seconds here
QUICK_ADD1 = [
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb",
    "Netherlands_Amsterdam_643.pb",
    "Poland_Gdynia_2023_Dzialki_Lesne__small.pb",
    "Poland_Gdynia_2020_Orlowo__large.pb",
]


@pytest.mark.parametrize("name", QUICK_ADD1)
def test_mes_complete_equals_pabutools(name):
    instance, profile = parse_pabulib(str(PB_DIR / name))
    expected = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    assert count(read_pb(PB_DIR / name), "mes-complete").winners == [p.name for p in expected]


def test_mes_complete_budapest_finishes_with_many_shares_skipped():
    """Budapest 2022: pabutools did not finish in 200 s (one recount per forint of share). The result
    stays within the budget and is exhaustive with respect to its own completion stop."""
    election = read_pb(PB_DIR / "Hungary_Budapest_2022_VIII_Jozsefvaros.pb")
    result = count(election, "mes-complete")
    assert result.total_cost <= election.budget
    assert result.share_per_voter > election.budget / len(election.ballots)
