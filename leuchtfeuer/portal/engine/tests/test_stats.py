"""Small-cell suppression: no shown cell below 5, and no hidden cell recoverable from the total."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.portal.engine.stats import THRESHOLD, Record, summarise, suppress_table

PHASES = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
NEEDS = [("job", "Arbeit"), ("housing", "Wohnen"), ("kita", "Kita")]
ORIGINS = [("11", "Berlin"), ("ausland", "Ausland")]
MONTHS = [date(2026, 10, 1), date(2026, 11, 1)]


def rec(phase="a", needs=("job",), origin="11", outcome="neu", days=None, month=MONTHS[1]):
    return Record(month, phase, tuple(needs), origin, outcome, days)


def test_counts_below_five_are_suppressed_including_zero():
    table = suppress_table("t", "T", "X", {"a": 12, "b": 5, "c": 4}, PHASES, disjoint=False, total=None)
    assert [c.display for c in table.cells] == ["12", "5", "<5", "<5"]


def test_single_hidden_cell_gets_a_second_one_so_the_total_does_not_reveal_it():
    # 12 + 9 + 3 = 24: showing 12, 9 and the total would reveal the 3.
    table = suppress_table("t", "T", "X", {"a": 12, "b": 9, "c": 3}, PHASES[:3], disjoint=True, total=24)
    assert [c.display for c in table.cells] == ["12", "<5", "<5"]
    assert table.total.display == "24"


def test_hidden_zero_alone_needs_no_second_suppression():
    table = suppress_table("t", "T", "X", {"a": 12, "b": 9}, PHASES[:3], disjoint=True, total=21)
    assert [c.display for c in table.cells] == ["12", "9", "<5"]


def test_small_total_is_suppressed():
    summary = summarise(
        [rec()] * 4, phase_labels=PHASES, need_labels=NEEDS, origin_labels=ORIGINS, months=MONTHS
    )
    assert summary.total.display == "<5"
    assert all(c.count is None for t in summary.tables for c in t.cells)


def test_conversion_and_mean_only_with_enough_people_on_both_sides():
    moved = [rec(outcome="zugezogen", days=30)] * 6
    not_moved = [rec(outcome="nicht_zugezogen", days=60)] * 4
    s = summarise(
        moved + not_moved, phase_labels=PHASES, need_labels=NEEDS, origin_labels=ORIGINS, months=MONTHS
    )
    assert s.conversion_percent is None  # 4 "nicht zugezogen" would be recoverable from the rate
    assert s.mean_days_to_decision == 42.0  # (6·30 + 4·60) / 10, from 10 decisions
    s = summarise(
        moved + not_moved + [rec(outcome="nicht_zugezogen", days=60)],
        phase_labels=PHASES,
        need_labels=NEEDS,
        origin_labels=ORIGINS,
        months=MONTHS,
    )
    assert s.conversion_percent == round(100 * 6 / 11, 1)


def test_tables_by_phase_need_origin_and_month():
    records = [rec(phase="a", needs=("job", "kita"))] * 7 + [
        rec(phase="b", needs=("housing",), origin="ausland", month=MONTHS[0])
    ] * 6
    s = summarise(records, phase_labels=PHASES, need_labels=NEEDS, origin_labels=ORIGINS, months=MONTHS)
    tables = {t.key: t for t in s.tables}
    assert [c.display for c in tables["life_phase"].cells] == ["7", "6", "<5", "<5"]
    assert [c.display for c in tables["need"].cells] == ["7", "6", "7"]
    assert [c.display for c in tables["origin"].cells] == ["7", "6"]
    assert [c.display for c in tables["month"].cells] == ["6", "7"]
    assert s.total.display == "13"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([k for k, _ in PHASES]), st.integers(min_value=0, max_value=40)))
def test_property_no_shown_cell_below_five_and_hidden_sum_never_small(counts):
    total = sum(counts.values())
    table = suppress_table("t", "T", "X", counts, PHASES, disjoint=True, total=total)
    for cell in table.cells:
        assert cell.count is None or cell.count >= THRESHOLD
    assert table.total.count is None or table.total.count >= THRESHOLD
    if table.total.count is not None:
        hidden = sum(counts.get(c.key, 0) for c in table.cells if c.count is None)
        assert hidden == 0 or hidden >= THRESHOLD
