"""The eligibility rules as a pure function (no database)."""

from datetime import date
from decimal import Decimal

from leuchtfeuer.funding.engine.eligibility import ApplicantFacts, EligibilityRules, evaluate

TODAY = date(2026, 5, 1)
TOWN = ApplicantFacts(
    name="Musterstadt",
    land_code="13",
    population=4000,
    size_class="Landgemeinde",
    degurba=3,
    topics=("jugend",),
)


def test_minimum_population_not_met_gives_reason():
    eligible, reasons, missing = evaluate(EligibilityRules(min_population=5000), TOWN, today=TODAY)
    assert eligible is False
    assert "Mindestens 5.000 Einwohner:innen verlangt; Musterstadt hat 4.000." in reasons
    assert missing == []


def test_every_rule_met_is_eligible_with_a_reason_per_rule():
    rules = EligibilityRules(
        lands=("13", "14"),
        size_classes=("Landgemeinde",),
        max_population=5000,
        degurba=(3,),
        applicant_types=("kommune",),
        own_contribution_percent=Decimal("0"),
        deadline=date(2026, 5, 1),
        topics=("jugend", "wohnen"),
    )
    eligible, reasons, missing = evaluate(rules, TOWN, today=TODAY)
    assert eligible is True
    assert len(reasons) == 8
    assert missing == []


def test_wrong_land_and_applicant_type_both_reported():
    rules = EligibilityRules(lands=("16",), applicant_types=("verein", "person"))
    eligible, reasons, _ = evaluate(rules, TOWN, today=TODAY)
    assert eligible is False
    assert any("nur in: Thüringen; Musterstadt liegt in Mecklenburg-Vorpommern" in r for r in reasons)
    assert any("Antragsberechtigt sind nur" in r for r in reasons)


def test_deadline_passed_the_day_after():
    rules = EligibilityRules(deadline=date(2026, 4, 30))
    assert evaluate(rules, TOWN, today=TODAY)[0] is False
    assert evaluate(rules, TOWN, today=date(2026, 4, 30))[0] is True


def test_unknown_facts_are_missing_not_failed():
    rules = EligibilityRules(own_contribution_percent=Decimal("10"), topics=("wohnen",))
    facts = ApplicantFacts(name="Ohnedaten")
    eligible, _reasons, missing = evaluate(rules, facts, today=TODAY)
    assert eligible is None
    assert len(missing) == 2
    assert "Eigenanteil von 10 %" in missing[0]


def test_own_contribution_too_high():
    rules = EligibilityRules(own_contribution_percent=Decimal("20"))
    facts = ApplicantFacts(name="Klamm", own_contribution_capacity_percent=Decimal("10"))
    eligible, reasons, _ = evaluate(rules, facts, today=TODAY)
    assert eligible is False
    assert reasons == ["Eigenanteil von 20 % verlangt; Klamm kann 10 % aufbringen."]


def test_no_topic_in_common_fails():
    eligible, _, _ = evaluate(EligibilityRules(topics=("wohnen",)), TOWN, today=TODAY)
    assert eligible is False


def test_programme_without_rules_is_open_and_says_so():
    eligible, reasons, missing = evaluate(EligibilityRules(), TOWN, today=TODAY)
    assert eligible is None
    assert reasons == []
    assert "von der Geschäftsstelle zu vervollständigen" in missing[0]
