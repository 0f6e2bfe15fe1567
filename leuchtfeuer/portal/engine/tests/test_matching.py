"""Offer matching: by need, place and date, with the reason shown."""

from __future__ import annotations

from datetime import date

from leuchtfeuer.portal.engine.matching import Needs, OfferInfo, match_offers

TODAY = date(2026, 11, 23)
ARRIVAL = date(2027, 2, 1)


def needs(**kw):
    base = {
        "life_phase": "junge-familie",
        "job_field": "gesundheit",
        "job_field_label": "Gesundheit und Pflege",
        "housing_kind": "wohnung",
        "housing_label": "Mietwohnung",
        "kita": True,
        "ortsteil_id": 7,
        "ortsteil_name": "Altstadt",
        "arrival": ARRIVAL,
    }
    base.update(kw)
    return Needs(**base)


def test_job_in_the_wished_field_matches_with_reasons():
    offers = [
        OfferInfo(1, "job", "Pflege", job_field="gesundheit", ortsteil_id=7, starts_on=date(2027, 1, 1))
    ]
    [m] = match_offers(needs(), offers, today=TODAY)
    assert m.offer_id == 1
    assert m.reasons == [
        "Berufsfeld „Gesundheit und Pflege“ wie gewünscht",
        "verfügbar zur geplanten Ankunft ab 01.02.2027",
        "im gewünschten Ortsteil Altstadt",
    ]
    assert m.score == 50 + 10 + 15


def test_other_fields_and_unwanted_kinds_do_not_match():
    offers = [
        OfferInfo(1, "job", "IT", job_field="it"),
        OfferInfo(2, "haus", "Haus"),
        OfferInfo(3, "schule", "Schule"),
        OfferInfo(4, "coworking", "Cowork"),
    ]
    assert match_offers(needs(), offers, today=TODAY) == []


def test_partner_job_matches_too():
    offers = [OfferInfo(1, "job", "IT", job_field="it")]
    [m] = match_offers(
        needs(partner_job_field="it", partner_job_field_label="IT und Digitales"), offers, today=TODAY
    )
    assert "Partnerin / den Partner" in m.reasons[0]


def test_offer_ending_before_arrival_is_left_out_and_later_start_scores_lower():
    offers = [
        OfferInfo(1, "wohnung", "weg", ends_on=date(2027, 1, 31)),
        OfferInfo(2, "wohnung", "bald", starts_on=date(2027, 3, 1)),
        OfferInfo(3, "wohnung", "sofort", starts_on=date(2026, 12, 1)),
        OfferInfo(4, "wohnung", "spät", starts_on=date(2027, 9, 1)),
    ]
    result = match_offers(needs(), offers, today=TODAY)
    assert [m.offer_id for m in result] == [3, 2, 4]
    assert result[1].reasons[-1] == "verfügbar ab 01.03.2027, kurz nach der geplanten Ankunft"
    assert result[2].reasons[-1] == "erst ab 01.09.2027 verfügbar"


def test_kita_and_trial_living_are_needs_too():
    offers = [OfferInfo(1, "kita", "Kita"), OfferInfo(2, "probewohnen", "Probe")]
    assert [m.offer_id for m in match_offers(needs(), offers, today=TODAY)] == [1]
    assert [m.offer_id for m in match_offers(needs(trial=True), offers, today=TODAY)] == [1, 2]
