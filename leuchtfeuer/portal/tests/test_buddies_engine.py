"""The buddy engine: scoring by hand, ranking, capacity, and the anonymous pairing counts."""

from __future__ import annotations

from datetime import date

from leuchtfeuer.portal.engine.buddies import (
    BuddyInfo,
    Newcomer,
    PairingRecord,
    languages,
    median_weeks,
    quarter_key,
    score,
    suggest,
    summarise_pairings,
)

LABELS = {"sport": "Sport und Bewegung", "musik": "Musik und Gesang", "natur": "Natur"}
NEW = Newcomer(
    life_phase="junge-familie",
    life_phase_label="Junge Familie",
    ortsteil_id=7,
    ortsteil_name="Raumland",
    languages=("Englisch", "Arabisch"),
    interests=("sport", "musik"),
)


def buddy(id, **kw):
    base = {"id": id, "name": f"P{id}", "capacity": 2, "open_pairings": 0}
    base.update(kw)
    return BuddyInfo(**base)


def test_languages_are_split_and_named_once():
    assert languages("deutsch, Englisch und Polnisch / englisch") == ("Deutsch", "Englisch", "Polnisch")
    assert languages("") == ()


def test_score_adds_every_shared_trait_with_its_reason():
    # Same Ortsteil 3 + two shared languages 2×2 + same life phase 2 + two shared interests 2×1 = 11
    b = buddy(
        1,
        ortsteil_id=7,
        ortsteil_name="Raumland",
        languages=("Deutsch", "englisch", "Arabisch"),
        life_phase="junge-familie",
        interests=("musik", "sport", "natur"),
    )
    s = score(NEW, b, LABELS)
    assert s.score == 3 + 4 + 2 + 2
    assert s.reasons == [
        "wohnt im gewünschten Ortsteil Raumland",
        "spricht englisch, Arabisch",
        "gleiche Lebensphase (Junge Familie)",
        "gemeinsame Interessen: Musik und Gesang, Sport und Bewegung",
    ]


def test_nothing_in_common_scores_zero_without_reasons():
    s = score(NEW, buddy(2, ortsteil_id=8, languages=("Deutsch",), life_phase="ruhestand"), LABELS)
    assert (s.score, s.reasons) == (0, [])


def test_ranking_skips_full_and_excluded_buddies_and_prefers_more_free_places_on_ties():
    full = buddy(1, ortsteil_id=7, capacity=1, open_pairings=1)  # would score 3, but no place
    one_free = buddy(2, interests=("sport",), capacity=2, open_pairings=1)  # 1 point, 1 free
    two_free = buddy(3, interests=("musik",), capacity=3, open_pairings=1)  # 1 point, 2 free
    best = buddy(4, life_phase="junge-familie")  # 2 points
    declined = buddy(5, ortsteil_id=7, languages=("Englisch",))  # 5 points but declined before
    ranked = suggest(NEW, [full, one_free, two_free, best, declined], interest_labels=LABELS, exclude=[5])
    assert [(s.buddy_id, s.score, s.free) for s in ranked] == [(4, 2, 2), (3, 1, 2), (2, 1, 1)]


def test_quarters_and_median():
    assert quarter_key(date(2026, 3, 1)) == "2026-Q1"
    assert quarter_key(date(2026, 10, 1)) == "2026-Q4"
    assert median_weeks([4, 10, 6, 8]) == 7.0  # (6 + 8) / 2
    assert median_weeks([]) is None


def test_pairing_counts_suppress_small_cells():
    # 2026: 6 pairings in Q1 (4 with check-in done, 5 ended after 4,5,6,8,12 weeks), 2 in Q2.
    rows = [
        PairingRecord(date(2026, 1, 1), i < 4, i < 5, [4, 5, 6, 8, 12][i] if i < 5 else None)
        for i in range(6)
    ]
    rows += [PairingRecord(date(2026, 4, 1), True, False, None) for _ in range(2)]
    summary = summarise_pairings(rows)
    assert summary.total.count == 8
    # check-in done 6 of 8, but the complement (2) is under 5: no share shown.
    assert summary.checkin_percent is None
    assert summary.median_weeks == 6.0  # median of 4, 5, 6, 8, 12
    year, quarter = summary.tables
    assert [(c.label, c.count) for c in year.cells] == [("2026", 8)]
    # Q1 = 6 would reveal Q2 + Q3 + Q4 = 2 from the year's 8: hidden as well.
    assert [(c.label, c.count) for c in quarter.cells] == [
        ("2026, Quartal 1", None),
        ("2026, Quartal 2", None),
        ("2026, Quartal 3", None),
        ("2026, Quartal 4", None),
    ]


def test_quarters_are_shown_when_their_year_allows_it():
    rows = [PairingRecord(date(2025, 2, 1), False, False, None) for _ in range(5)]
    rows += [PairingRecord(date(2025, 11, 1), False, False, None) for _ in range(6)]
    rows += [PairingRecord(date(2024, 6, 1), False, False, None) for _ in range(3)]
    year, quarter = summarise_pairings(rows).tables
    # 2024 has 3: hidden, and 2025's 11 would reveal it from the total 14: hidden too.
    assert [(c.label, c.count) for c in year.cells] == [("2024", None), ("2025", None)]
    assert all(c.count is None for c in quarter.cells)
    rows += [PairingRecord(date(2024, 6, 1), False, False, None) for _ in range(2)]  # 2024 now 5
    year, quarter = summarise_pairings(rows).tables
    assert [(c.label, c.count) for c in year.cells] == [("2024", 5), ("2025", 11)]
    assert [c.count for c in quarter.cells] == [None, 5, None, None, 5, None, None, 6]


def test_checkin_share_when_every_count_reaches_five():
    rows = [PairingRecord(date(2025, 5, 1), i < 5, False, None) for i in range(12)]
    summary = summarise_pairings(rows)
    assert summary.checkin_percent == 41.7  # 5 / 12 = 0.41666…
    assert summary.median_weeks is None  # no ended pairing


def test_fewer_than_five_pairings_show_nothing():
    rows = [PairingRecord(date(2025, 5, 1), True, True, 6) for _ in range(4)]
    summary = summarise_pairings(rows)
    assert summary.total.count is None and summary.median_weeks is None
    assert [c.count for c in summary.tables[0].cells] == [None]
