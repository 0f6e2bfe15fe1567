"""Counting core: results equal pabutools' own on real pabulib files; explanations; .pb round trip."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from leuchtfeuer.participation.engine.counting import count, euro
from leuchtfeuer.participation.engine.pabulib import (
    PabulibError,
    PBBallot,
    PBElection,
    PBProject,
    read_pb,
    read_pb_text,
    write_pb,
)

DATA = Path(__file__).parent / "data"
APPROVAL_FILES = [
    "Netherlands_Assen_2024.pb",
    "Netherlands_Amsterdam_643.pb",
    "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb",
    "US_Stanford_Dataset_PB_Greensboro_District_4_2016_vote_approvals.pb",
    "Worldwide_Mechanical_Turk_k_approval_6.pb",
]
ALL_FILES = sorted(p.name for p in DATA.glob("*.pb") if "Swiecie" not in p.name)
POINTS_FILES = ["France_Toulouse_2019.pb", "Poland_Czestochowa_2020_Grabowka.pb"]


def official_winners(path: Path) -> list[str]:
    instance, _ = parse_pabulib(str(path))
    return sorted(p.name for p in instance if instance.project_meta[p].get("selected") == "1")


@pytest.mark.parametrize("name", [*APPROVAL_FILES, "Poland_Czestochowa_2020_Grabowka.pb"])
def test_mes_equals_pabutools(name):
    instance, profile = parse_pabulib(str(DATA / name))
    expected = [p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)]
    result = count(read_pb(DATA / name), "mes")
    assert result.winners == expected
    assert result.total_cost == sum(Fraction(str(p.cost)) for p in instance if p.name in expected)


# Ordinal ballots are scored by rank since issue 20 (pabutools' greedy counts each ranked project
# as one approval); test_counting_rules checks them against the cities' own scores.
ORDINAL_FILES = [n for n in ALL_FILES if n.endswith("_vote_rankings.pb")]


@pytest.mark.parametrize("name", [n for n in ALL_FILES if n not in POINTS_FILES + ORDINAL_FILES])
def test_greedy_equals_pabutools(name):
    instance, profile = parse_pabulib(str(DATA / name))
    election = read_pb(DATA / name)
    expected = [p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)]
    assert count(election, "greedy").winners == expected


def test_greedy_on_points_ranks_by_points_and_skips():
    """Toulouse 2019 (cumulative, city rule greedy): recompute the greedy by hand from the points."""
    election = read_pb(DATA / "France_Toulouse_2019.pb")
    points: dict[str, Fraction] = {p.id: Fraction(0) for p in election.projects}
    for ballot in election.ballots:
        for pid, pt in zip(ballot.projects, ballot.points, strict=True):
            points[pid] += pt
    left, expected = election.budget, []
    for project in sorted(election.projects, key=lambda p: -points[p.id]):
        if project.cost <= left:
            expected.append(project.id)
            left -= project.cost
    result = count(election, "greedy")
    assert sorted(result.winners) == sorted(expected)
    # the file's own "score" column is the points total the city published
    for project in election.projects:
        assert points[project.id] == Fraction(project.extra["score"])


def test_mes_complete_reproduces_official_assen_2024():
    path = DATA / "Netherlands_Assen_2024.pb"
    result = count(read_pb(path), "mes-complete")
    assert sorted(result.winners) == official_winners(path)
    assert len(result.winners) == 9


def test_mes_complete_reproduces_official_swiecie_2023():
    path = DATA / "Poland_Swiecie_2023.pb"
    result = count(read_pb(path), "mes-complete", explain=False)
    assert sorted(result.winners) == official_winners(path)
    assert len(result.winners) == 17


def test_mes_complete_equals_pabutools_add1():
    name = "Worldwide_Mechanical_Turk_k_approval_6.pb"
    instance, profile = parse_pabulib(str(DATA / name))
    expected = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    assert count(read_pb(DATA / name), "mes-complete").winners == [p.name for p in expected]


def small_election(vote_type="approval"):
    projects = [
        PBProject("A", Fraction(60), "Spielplatz"),
        PBProject("B", Fraction(40), "Bank"),
        PBProject("C", Fraction(20), "Bücherschrank"),
    ]
    ballots = [PBBallot(("A",)), PBBallot(("A",)), PBBallot(("A", "B")), PBBallot(("B", "C"))]
    return PBElection(
        vote_type=vote_type,
        budget=Fraction(100),
        projects=projects,
        ballots=ballots,
        meta={"description": "Test", "currency": "EUR"},
    )


def test_mes_explanation_by_hand():
    # 4 voters, 25 € each. A (60 €, 3 supporters) costs each 20 €. Then B (40 €) has only
    # voter 3's 5 € and voter 4's 25 € = 30 €; C (20 €) is paid by voter 4, who keeps 5 €.
    # At the end B's supporters hold 5 € + 5 € = 10 €.
    result = count(small_election(), "mes")
    assert result.winners == ["A", "C"]
    assert result.share_per_voter == 25
    outcome = {o.project_id: o for o in result.outcomes}
    assert "keine Person zahlte mehr als 20 €" in outcome["A"].explanation
    assert "nur noch 10 €" in outcome["B"].explanation and "40 €" in outcome["B"].explanation
    assert not outcome["B"].selected


def test_greedy_explanation_by_hand():
    # votes: A 3, B 2, C 1; A fits (40 € left), B (40 €) fits exactly, C (20 €) does not.
    result = count(small_election(), "greedy")
    assert result.winners == ["A", "B"]
    outcome = {o.project_id: o for o in result.outcomes}
    assert "passte nicht mehr ins Budget" in outcome["C"].explanation
    assert "nur noch 0 €" in outcome["C"].explanation
    assert result.total_cost == 100


def test_euro_format():
    assert euro(Fraction(1234567, 100)) == "12.345,67 €"
    assert euro(100000) == "100.000 €"


@pytest.mark.parametrize("name", ALL_FILES)
def test_pb_round_trip(name):
    election = read_pb(DATA / name)
    again = read_pb_text(write_pb(election))
    assert again.vote_type == election.vote_type
    assert again.budget == election.budget
    assert again.projects == election.projects
    assert [p.extra for p in again.projects] == [p.extra for p in election.projects]
    assert again.ballots == election.ballots
    assert again.meta == election.meta


def test_written_file_counts_like_original():
    election = read_pb(DATA / "Netherlands_Assen_2024.pb")
    again = read_pb_text(write_pb(election))
    assert count(again, "mes-complete").winners == count(election, "mes-complete").winners


def test_write_rejects_unknown_project():
    election = small_election()
    election.ballots.append(PBBallot(("Z",)))
    with pytest.raises(PabulibError, match="Stimmzettel 5: unbekanntes Projekt Z"):
        write_pb(election)


def test_write_escapes_separator_in_names():
    election = small_election()
    election.projects[0] = PBProject("A", Fraction(60), "Spielplatz; mit Rutsche\nneu")
    again = read_pb_text(write_pb(election))
    assert again.project("A").name == "Spielplatz, mit Rutsche neu"


def test_read_missing_file_german_message(tmp_path):
    with pytest.raises(PabulibError, match="gibt es nicht"):
        read_pb(tmp_path / "fehlt.pb")


def test_unknown_rule():
    with pytest.raises(PabulibError, match="Unbekannte Zählregel"):
        count(small_election(), "borda")
