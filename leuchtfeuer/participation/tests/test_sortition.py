"""Bürgerrat lottery: quotas met, reproducible from the seed, probabilities vs. Monte Carlo,
LEXIMIN minimum equal to the published figure, fallbacks recorded honestly, German file errors."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from leuchtfeuer.participation.engine import sortition
from leuchtfeuer.participation.engine.sortition import (
    Person,
    SortitionError,
    draw_from_types,
    leximin_by_types,
    lottery_pick,
    read_pool_csv,
    read_quotas_csv,
    replacement_quotas,
    select_panel,
)
from leuchtfeuer.participation.engine.sortition import library as sortition_library
from leuchtfeuer.participation.engine.sortition import select as sortition_select

DATA = Path(__file__).parent / "data" / "sortition_example_small_20"


def example():
    quotas = read_quotas_csv((DATA / "categories.csv").read_text())
    pool = read_pool_csv((DATA / "respondents.csv").read_text(), quotas)
    return pool, quotas


def assert_quotas_met(pool, quotas, selected, size):
    by_id = {p.id: p for p in pool}
    assert len(selected) == len(set(selected)) == size
    for category, values in quotas.items():
        counts = Counter(by_id[pid].features[category] for pid in selected)
        for value, (lo, hi) in values.items():
            assert lo <= counts[value] <= hi, (category, value, counts[value])


def test_published_leximin_minimum_probability():
    """Flanigan et al. (Nature 2021) publish LEXIMIN's minimum for example_small_20: exactly k/n = 10 %."""
    stats = (DATA / "example_small_20_statistics.txt").read_text()
    assert "mean selection probability k/n:\t10.0%" in stats
    pool, quotas = example()
    draw = select_panel(pool, quotas, 20, seed=1)
    assert draw.algorithm_used == "leximin"
    assert draw.min_probability == pytest.approx(0.10, abs=1e-6)
    assert sum(draw.probabilities.values()) == pytest.approx(20, abs=1e-6)
    assert_quotas_met(pool, quotas, draw.selected, 20)


def test_leximin_beats_published_legacy_minimum():
    # published legacy minimum for this instance: 1.11 % at the 0th percentile
    rows = list(csv.DictReader((DATA / "example_small_20_prob_allocs_data.csv").open()))
    legacy_min = min(float(r["selection probability"]) for r in rows if r["algorithm"] == "Legacy")
    assert legacy_min == pytest.approx(0.0111)
    pool, quotas = example()
    assert select_panel(pool, quotas, 20, seed=3).min_probability > 5 * legacy_min


def skewed_pool():
    """A pool where quotas force unequal chances: few young people, quota of 4 young seats."""
    people = []
    n = 0
    for age, gender, count in [
        ("16-29", "w", 5),
        ("16-29", "m", 3),
        ("30-64", "w", 30),
        ("30-64", "m", 25),
        ("65+", "w", 20),
        ("65+", "m", 17),
    ]:
        for _ in range(count):
            n += 1
            people.append(Person(f"P{n:03d}", {"Alter": age, "Geschlecht": gender}))
    quotas = {
        "Alter": {"16-29": (4, 5), "30-64": (4, 6), "65+": (2, 4)},
        "Geschlecht": {"w": (5, 7), "m": (5, 7)},
    }
    return people, quotas


def test_every_quota_met_for_many_seeds():
    pool, quotas = skewed_pool()
    lottery = leximin_by_types(pool, quotas, 12)
    for seed in range(1, 60):
        assert_quotas_met(pool, quotas, draw_from_types(lottery, seed), 12)


def test_reproducible_from_seed_and_differs_with_other_seed():
    pool, quotas = skewed_pool()
    first = select_panel(pool, quotas, 12, seed=20261123)
    again = select_panel(list(reversed(pool)), quotas, 12, seed=20261123)  # input order must not matter
    assert first.selected == again.selected
    assert first.inputs_sha256 == again.inputs_sha256
    others = {tuple(select_panel(pool, quotas, 12, seed=s).selected) for s in range(1, 8)}
    assert len(others) > 1


def test_reproducible_in_a_fresh_process_with_other_hash_seed():
    pool, quotas = skewed_pool()
    expected = select_panel(pool, quotas, 12, seed=77).selected
    code = (
        "import json,sys; from leuchtfeuer.participation.tests.test_sortition import skewed_pool;"
        "from leuchtfeuer.participation.engine.sortition import select_panel;"
        "p,q=skewed_pool(); print(json.dumps(select_panel(p,q,12,seed=77).selected))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(  # noqa: S603 (fixed code, our interpreter)
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == expected


def test_probabilities_match_monte_carlo_leximin():
    pool, quotas = skewed_pool()
    draw = select_panel(pool, quotas, 12, seed=1)
    lottery = leximin_by_types(pool, quotas, 12)
    runs = 3000
    hits = Counter()
    for seed in range(1, runs + 1):
        hits.update(draw_from_types(lottery, seed))
    for person in pool:
        p = draw.probabilities[person.id]
        sd = (p * (1 - p) / runs) ** 0.5
        assert abs(hits[person.id] / runs - p) <= 5 * sd + 1e-3, person.id
    # the young are scarce: their probability is forced up to at least 4/8
    young = [draw.probabilities[p.id] for p in pool if p.features["Alter"] == "16-29"]
    assert min(young) >= 0.5 - 1e-6
    assert draw.min_probability == pytest.approx(min(draw.probabilities.values()))


def test_probabilities_match_monte_carlo_library_maximin():
    pool, quotas = skewed_pool()
    draw = select_panel(pool, quotas, 12, seed=1, algorithm="maximin")
    assert draw.algorithm_used == "maximin"
    weights = [w for _, w in draw.panels]
    runs = 3000
    hits = Counter()
    for seed in range(1, runs + 1):
        hits.update(draw.panels[lottery_pick(weights, seed)][0])
    for person in pool:
        p = draw.probabilities[person.id]
        sd = (p * (1 - p) / runs) ** 0.5
        assert abs(hits[person.id] / runs - p) <= 5 * sd + 1e-3
    # maximin and leximin agree on the minimum
    assert draw.min_probability == pytest.approx(
        select_panel(pool, quotas, 12, seed=1).min_probability, abs=1e-5
    )


def test_household_check_records_fallback_not_leximin():
    pool, quotas = skewed_pool()
    pool = [Person(p.id, p.features, household=f"H{i // 2}") for i, p in enumerate(pool)]
    draw = select_panel(pool, quotas, 12, seed=5, fallback="legacy", check_households=True, legacy_runs=30)
    assert draw.algorithm_requested == "leximin"
    assert draw.algorithm_used == "legacy"
    assert "Haushaltsprüfung" in draw.fallback_reason
    assert draw.probabilities_exact is False
    assert draw.audit()["algorithm_used"] == "legacy"
    households = Counter(next(p.household for p in pool if p.id == pid) for pid in draw.selected)
    assert max(households.values()) == 1
    assert_quotas_met(pool, quotas, draw.selected, 12)


def test_time_limit_falls_back(monkeypatch):
    pool, quotas = skewed_pool()

    def too_slow(*args, **kwargs):
        raise sortition.LeximinUnavailable("LEXIMIN wurde nach 1 Sekunden nicht fertig.")

    monkeypatch.setattr(sortition_select, "leximin_by_types", too_slow)
    draw = select_panel(pool, quotas, 12, seed=5, fallback="nash")
    assert (draw.algorithm_requested, draw.algorithm_used) == ("leximin", "nash")
    assert "nicht fertig" in draw.fallback_reason


def test_infeasible_quotas_german_message():
    pool, quotas = skewed_pool()
    quotas["Alter"] = {"16-29": (9, 10), "30-64": (0, 6), "65+": (0, 4)}
    with pytest.raises(SortitionError, match="verlangt mindestens 9 Personen, im Pool sind aber nur 8"):
        select_panel(pool, quotas, 12, seed=1)


def test_jointly_infeasible_quotas():
    """Each quota alone can be met, together they cannot: 5 young seats, but only young women
    are left in the pool and at most 4 women may sit on the panel."""
    pool, quotas = skewed_pool()
    pool = [p for p in pool if not (p.features["Alter"] == "16-29" and p.features["Geschlecht"] == "m")]
    quotas["Alter"] = {"16-29": (5, 5), "30-64": (5, 5), "65+": (2, 2)}
    quotas["Geschlecht"] = {"w": (4, 4), "m": (8, 8)}
    with pytest.raises(SortitionError, match="kein Bürgerrat bilden"):
        select_panel(pool, quotas, 12, seed=1)


def test_replacement_quotas():
    pool, quotas = skewed_pool()
    draw = select_panel(pool, quotas, 12, seed=9)
    panel = [p for p in pool if p.id in draw.selected]
    dropped = [panel[0].id, panel[1].id]
    new_quotas, seats = replacement_quotas(quotas, panel, dropped)
    assert seats == 2
    rest_pool = [p for p in pool if p.id not in draw.selected]
    refill = select_panel(rest_pool, new_quotas, 2, seed=10)
    final = [pid for pid in draw.selected if pid not in dropped] + refill.selected
    assert_quotas_met(pool, quotas, final, 12)


def test_quotas_csv_errors_name_row_and_column():
    with pytest.raises(SortitionError, match="Zeile 3, Spalte Max: „viele“ ist keine ganze Zahl"):
        read_quotas_csv("Merkmal;Ausprägung;Min;Max\nAlter;16-29;2;4\nAlter;30-64;2;viele\n")
    with pytest.raises(SortitionError, match="Es fehlen die Spalten Max"):
        read_quotas_csv("Merkmal;Ausprägung;Min\nAlter;16-29;2\n")
    # "²" is a digit to str.isdigit(), not to int() (was a ValueError, a 500 on upload).
    with pytest.raises(SortitionError, match="Zeile 2, Spalte Min: „²“ ist keine ganze Zahl"):
        read_quotas_csv("Merkmal;Ausprägung;Min;Max\nAlter;16-29;²;4\n")
    with pytest.raises(SortitionError, match="Zeile 2: Min \\(5\\) ist größer als Max \\(4\\)"):
        read_quotas_csv("Merkmal;Ausprägung;Min;Max\nAlter;16-29;5;4\n")
    # an unclosed quote makes the rest one field, over the csv module's limit: a German message, no csv.Error
    with pytest.raises(
        SortitionError, match=r"^Quotendatei, Zeile 2: Ein Feld ist länger als 131\.072 Zeichen"
    ):
        read_quotas_csv('Merkmal;Ausprägung;Min;Max\n"Alter;16-29;2;4\n' + "Alter;30-64;2;4\n" * 20_000)


def test_pool_csv_errors_and_age_bands():
    quotas = read_quotas_csv(
        "Merkmal;Ausprägung;Min;Max\nAlter;16-29;1;2\nAlter;30+;1;2\nGeschlecht;w;1;2\nGeschlecht;m;1;2\n"
    )
    pool = read_pool_csv("Kennung;Alter;Geschlecht\nA1;17;w\nA2;45;m\nA3;30+;w\n", quotas)
    assert [p.features["Alter"] for p in pool] == ["16-29", "30+", "30+"]
    with pytest.raises(SortitionError, match="Zeile 3, Spalte Geschlecht: „x“ ist keiner der Werte"):
        read_pool_csv("Kennung;Alter;Geschlecht\nA1;17;w\nA2;45;x\n", quotas)
    with pytest.raises(SortitionError, match="Zeile 3: Die Kennung „A1“ steht schon in Zeile 2"):
        read_pool_csv("Kennung;Alter;Geschlecht\nA1;17;w\nA1;45;m\n", quotas)
    with pytest.raises(SortitionError, match="Die Spalte „Geschlecht“ fehlt"):
        read_pool_csv("Kennung;Alter\nA1;17\n", quotas)
    with pytest.raises(SortitionError, match="Zeile 2, Spalte Alter: „12“"):
        read_pool_csv("Kennung;Alter;Geschlecht\nA1;12;w\n", quotas)


def test_leximin_equals_library_leximin_with_gurobi():
    """Our open LEXIMIN over types gives the same sorted probability vector as the library's
    LEXIMIN (which needs Gurobi; its free licence is enough for this small pool)."""
    pytest.importorskip("gurobipy")
    import contextlib
    import io

    from sortition_algorithms.committee_generation import find_distribution_leximin, standardize_distribution

    pool, quotas = skewed_pool()
    features, people, _ = sortition_library._library_objects(pool, quotas, 12, False)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            committees, weights, _ = find_distribution_leximin(features, people, 12, [])
    except Exception as exc:  # gurobipy present but unlicensed/too large here
        pytest.skip(f"library LEXIMIN not available: {exc}")
    committees, weights = standardize_distribution(committees, weights)
    library = Counter()
    for committee, weight in zip(committees, weights, strict=True):
        for pid in committee:
            library[pid] += weight
    ours = select_panel(pool, quotas, 12, seed=1).probabilities
    old = [p.id for p in pool if p.features["Alter"] != "16-29"]
    young = [p.id for p in pool if p.features["Alter"] == "16-29"]
    # The 92 people outside the scarce group: same leximin values.
    assert sorted(ours[i] for i in old) == pytest.approx(sorted(library[i] for i in old), abs=1e-4)
    # The 8 young people must fill at least 4 seats, so each has at least 4/8 = 50 %. Ours is exact;
    # the library's LEXIMIN (Gurobi, free licence) varies between runs in this top group and was
    # seen at 48.6 % and 39.6 % – below what the quota forces – so only ours is held to the floor.
    assert min(ours[i] for i in young) >= 0.5 - 1e-6
