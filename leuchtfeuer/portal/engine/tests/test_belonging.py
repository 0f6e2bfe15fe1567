"""Belonging matches: engagement offers by interests and shared living for trainees.

Expected scores are worked out by hand from the documented weights (30 per shared interest,
15 for the wished Ortsteil, 5 for the named life phase, 5 for a welcome to newcomers; shared
living: 50 when wished, 30 for trainees, 20 for young returnees).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from leuchtfeuer.portal.engine.belonging import (
    PHASE_AGES,
    EngagementInfo,
    LivingInfo,
    Person,
    age_fits,
    match_engagement,
    match_shared_living,
)

LABELS = {"musik": "Musik und Gesang", "sport": "Sport und Bewegung", "natur": "Natur, Garten und Umwelt"}


def person(**kwargs) -> Person:
    base = {"life_phase": "fachkraft", "interests": ("musik",), "interest_labels": LABELS}
    return Person(**(base | kwargs))


def test_shared_interest_in_wished_ortsteil_with_hours_in_words():
    p = person(interests=("musik", "sport"), ortsteil_id=7, ortsteil_name="Altstadt")
    choir = EngagementInfo(
        id=1, interests=("musik",), ortsteil_id=7, hours_per_month=4, newcomers_welcome=True
    )
    [match] = match_engagement(p, [choir])
    # 30 (music) + 15 (Ortsteil) + 5 (newcomers) = 50
    assert match.score == 50
    assert match.reasons == [
        "passt zu Ihren Interessen: Musik und Gesang",
        "im Wunsch-Ortsteil Altstadt",
        "offen für Neue ohne Vorkenntnisse",
        "ca. 4 Stunden im Monat",
    ]


def test_two_shared_interests_rank_above_one_and_no_shared_interest_is_no_match():
    p = person(interests=("musik", "sport", "natur"))
    both = EngagementInfo(id=5, interests=("sport", "musik"))
    one = EngagementInfo(id=2, interests=("natur",), newcomers_welcome=True)
    none = EngagementInfo(id=3, interests=("kochen",))
    found = match_engagement(p, [one, none, both])
    # both: 2 × 30 = 60; one: 30 + 5 = 35; none: excluded.
    assert [(m.offer_id, m.score) for m in found] == [(5, 60), (2, 35)]
    assert found[0].reasons[0] == "passt zu Ihren Interessen: Musik und Gesang, Sport und Bewegung"


def test_age_limit_the_life_phase_cannot_meet_excludes_the_offer():
    # A youth fire brigade (10–17) does not fit someone in retirement (60–99), but fits "jugend" (14–21).
    youth = EngagementInfo(id=1, interests=("musik",), min_age=10, max_age=17)
    assert match_engagement(person(life_phase="ruhestand"), [youth]) == []
    assert [m.offer_id for m in match_engagement(person(life_phase="jugend"), [youth])] == [1]
    # "ab 18" does not fit a 14–21 band entirely, but overlaps it: kept.
    assert age_fits("jugend", 18, None) and not age_fits("jugend", 22, None)


def test_no_interests_given_matches_nothing():
    assert match_engagement(person(interests=()), [EngagementInfo(id=1, interests=("musik",))]) == []


def test_shared_living_for_trainees_young_returnees_and_who_asked():
    wg = LivingInfo(id=1, kind="azubi-wg", for_trainees=True, max_age=27, ortsteil_id=3)
    home = LivingInfo(id=2, kind="homesharing", help_hours_per_month=8)
    trainee = person(life_phase="nach-ausbildung", is_returnee=True, ortsteil_id=3, ortsteil_name="Nord")
    found = match_shared_living(trainee, [home, wg])
    # wg: 30 (trainee) + 20 (young returnee) + 15 (Ortsteil) = 65; home: 20 (young returnee).
    assert [(m.offer_id, m.score) for m in found] == [(1, 65), (2, 20)]
    assert found[0].reasons == [
        "für Auszubildende gedacht",
        "für junge Rückkehrende",
        "im Wunsch-Ortsteil Nord",
    ]
    assert found[1].reasons == ["für junge Rückkehrende", "dafür ca. 8 Stunden Mithilfe im Monat"]


def test_shared_living_for_someone_who_asked_and_not_for_others():
    home = LivingInfo(id=2, kind="homesharing", help_hours_per_month=8)
    asked = person(life_phase="fachkraft", housing_kind="homesharing", housing_label="Wohnen für Hilfe")
    [match] = match_shared_living(asked, [home])
    assert match.score == 50 and match.reasons[0] == "Wohnform „Wohnen für Hilfe“ wie gewünscht"
    # A Fachkraft who asked for a flat is no trainee and no young returnee: nothing.
    assert match_shared_living(person(life_phase="fachkraft", housing_kind="wohnung"), [home]) == []
    # An apprenticeship matched to her makes her a trainee even outside the young life phases.
    wg = LivingInfo(id=1, kind="azubi-wg")
    assert [
        m.score for m in match_shared_living(person(life_phase="zuwanderung", apprenticeship=True), [wg])
    ] == [30]
    # A room for people up to 25 does not fit someone in retirement.
    young_only = LivingInfo(id=3, kind="azubi-wg", max_age=25)
    assert match_shared_living(person(life_phase="ruhestand", housing_kind="azubi-wg"), [young_only]) == []


interest_keys = st.lists(st.sampled_from(["musik", "sport", "natur", "kochen"]), unique=True, max_size=4)


@given(
    wanted=interest_keys,
    offers=st.lists(
        st.tuples(interest_keys, st.none() | st.integers(0, 99), st.none() | st.integers(0, 99)), max_size=8
    ),
    phase=st.sampled_from(sorted(PHASE_AGES)),
)
def test_every_engagement_match_shares_an_interest_and_order_is_by_score(wanted, offers, phase):
    infos = [
        EngagementInfo(id=i + 1, interests=tuple(k), min_age=lo, max_age=hi)
        for i, (k, lo, hi) in enumerate(offers)
    ]
    found = match_engagement(Person(life_phase=phase, interests=tuple(wanted)), infos, limit=100)
    by_id = {o.id: o for o in infos}
    for m in found:
        offer = by_id[m.offer_id]
        assert set(offer.interests) & set(wanted)
        assert m.score >= 30 * len(set(offer.interests) & set(wanted))
        assert age_fits(phase, offer.min_age, offer.max_age)
    assert [(-m.score, m.offer_id) for m in found] == sorted((-m.score, m.offer_id) for m in found)
    # Nothing that shares an interest and fits the age is left out.
    expected = {
        o.id for o in infos if set(o.interests) & set(wanted) and age_fits(phase, o.min_age, o.max_age)
    }
    assert {m.offer_id for m in found} == expected
