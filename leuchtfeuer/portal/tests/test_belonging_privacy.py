"""DSGVO for belonging: Meine Daten exports and deletes buddies, pairings and engagement
introductions; purge-expired removes them after their retention; anonymous counts remain."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from leuchtfeuer.portal import services as portal_services
from leuchtfeuer.portal.belonging.buddies import pairings, services
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing, EngagementIntroduction, PairingStat
from leuchtfeuer.portal.models import Case, Consent
from leuchtfeuer.portal.selectors import person_export
from leuchtfeuer.portal.tests.factories import CaseFactory, OfferFactory


def new_offer(municipality: Any) -> Any:
    return OfferFactory(municipality=municipality)


def a_case(**kwargs: Any) -> Any:
    return CaseFactory(**kwargs)


def make_buddy(municipality, lotse, email="paula@example.org", confirm=True):
    buddy = services.buddy_signup(
        municipality=municipality,
        email=email,
        data={"name": "Paula Pate", "languages": "Deutsch", "capacity": 3, "about": "Chor"},
        consent_given=True,
        base_url="",
    )
    if not confirm:
        return buddy
    Consent.objects.filter(pk=buddy.consent_id).update(confirmed_at=timezone.now())
    return services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")


def started(case, buddy, lotse):
    pairing = pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
    pairings.pairing_respond(token=pairing.buddy_token, accept=True)
    return pairings.pairing_respond(token=pairing.newcomer_token, accept=True)


def test_export_holds_the_buddy_signup_with_her_pairings(municipality, lotse, case):
    buddy = make_buddy(municipality, lotse)
    started(case, buddy, lotse)
    data = person_export("paula@example.org")
    (signup,) = data["buddy_signups"]
    assert (signup["name"], signup["about"], signup["capacity"], signup["status"]) == (
        "Paula Pate",
        "Chor",
        3,
        "aktiv",
    )
    assert [p["status"] for p in signup["pairings"]] == ["aktiv"]
    assert [c["purpose"] for c in data["consents"]] == ["buddy"]
    assert data["buddy_pairings_as_newcomer"] == []


def test_export_of_the_newcomer_holds_her_pairing_and_introductions(municipality, lotse, case):
    started(case, make_buddy(municipality, lotse), lotse)
    EngagementIntroduction.objects.create(case=case, offer=new_offer(municipality), token="t1")
    data = person_export(case.inquiry.email)
    assert [(p["case"], p["status"]) for p in data["buddy_pairings_as_newcomer"]] == [(case.pk, "aktiv")]
    assert [i["case"] for i in data["engagement_introductions"]] == [case.pk]
    assert "Paula Pate" not in str(data)  # nothing of the buddy in the newcomer's export


def test_buddy_deleting_her_data_removes_her_row_and_pairings_but_not_the_count(municipality, lotse, case):
    started(case, make_buddy(municipality, lotse), lotse)
    counts = portal_services.my_data_delete(email="paula@example.org")
    assert counts["Willkommenspatenschaften"] == 1 and counts["Patenschaften als Pat:in"] == 1
    assert not Buddy.objects.exists() and not BuddyPairing.objects.exists()
    assert not Consent.objects.filter(email="paula@example.org").exists()
    stat = PairingStat.objects.get()
    assert stat.pairing_id is None and stat.municipality == municipality
    assert Case.objects.filter(pk=case.pk).exists()  # the newcomer's case stays


def test_newcomer_deleting_her_data_removes_pairing_and_introductions_buddy_stays(municipality, lotse, case):
    buddy = make_buddy(municipality, lotse)
    started(case, buddy, lotse)
    EngagementIntroduction.objects.create(case=case, offer=new_offer(municipality), token="t2")
    portal_services.my_data_delete(email=case.inquiry.email)
    assert not BuddyPairing.objects.exists() and not EngagementIntroduction.objects.exists()
    assert Buddy.objects.filter(pk=buddy.pk).exists() and PairingStat.objects.count() == 1


def test_unconfirmed_signup_is_purged_after_seven_days(municipality, lotse):
    buddy = make_buddy(municipality, lotse, confirm=False)
    assert portal_services.purge_expired(now=timezone.now() + timedelta(days=6)) == []
    removed = portal_services.purge_expired(now=timezone.now() + timedelta(days=8))
    assert [(r.kind, r.pk) for r in removed] == [("Willkommenspat:in (unbestätigt)", buddy.pk)]
    assert not Buddy.objects.exists() and not Consent.objects.exists()


def test_buddy_is_kept_while_paired_and_purged_24_months_after_her_last_pairing(municipality, lotse):
    buddy = make_buddy(municipality, lotse)
    case = a_case(inquiry__municipality=municipality, retain_until=timezone.now() + timedelta(days=3000))
    pairing = started(case, buddy, lotse)
    later = timezone.now() + timedelta(days=800)  # more than 24 months after the sign-up
    assert portal_services.purge_expired(now=later) == []  # the pairing is running
    pairing = pairings.pairing_end(actor=lotse, pairing=pairing, reason="Gut angekommen")
    BuddyPairing.objects.filter(pk=pairing.pk).update(ended_on=timezone.localdate() + timedelta(days=300))
    # ended 300 days from now: retained until 24 months after that
    assert portal_services.purge_expired(now=later) == []
    much_later = timezone.now() + timedelta(days=300 + 740)
    removed = portal_services.purge_expired(now=much_later)
    assert {r.kind for r in removed} >= {"Willkommenspat:in"}
    assert not Buddy.objects.exists() and not BuddyPairing.objects.exists()
    assert PairingStat.objects.get().weeks is not None
    assert portal_services.purge_expired(now=much_later) == []  # idempotent


def test_an_ended_pairing_of_a_remaining_buddy_is_purged_after_the_retention(municipality, lotse):
    buddy = make_buddy(municipality, lotse)
    old_case = a_case(inquiry__municipality=municipality, retain_until=timezone.now() + timedelta(days=3000))
    new_case = a_case(inquiry__municipality=municipality, retain_until=timezone.now() + timedelta(days=3000))
    old = pairings.pairing_end(actor=lotse, pairing=started(old_case, buddy, lotse), reason="Umzug")
    started(new_case, buddy, lotse)  # keeps the buddy
    removed = portal_services.purge_expired(now=timezone.now() + timedelta(days=740))
    assert [(r.kind, r.pk) for r in removed] == [("Patenschaft (beendet)", old.pk)]
    assert list(BuddyPairing.objects.values_list("case_id", flat=True)) == [new_case.pk]


@pytest.mark.parametrize("field", ["pairings", "introductions"])
def test_case_purge_takes_its_pairings_and_introductions(municipality, lotse, field):
    case = a_case(inquiry__municipality=municipality, retain_until=timezone.now() - timedelta(days=1))
    if field == "pairings":
        started(case, make_buddy(municipality, lotse), lotse)
    else:
        EngagementIntroduction.objects.create(case=case, offer=new_offer(municipality), token="t3")
    portal_services.purge_expired()
    assert not getattr(case, field).model.objects.exists()


def test_my_data_page_shows_the_buddy_signup(client, municipality, lotse):
    from leuchtfeuer.portal.privacy.services import my_data_token

    make_buddy(municipality, lotse)
    page = client.get(f"/meine-daten/{my_data_token('paula@example.org')}/").content.decode()
    assert "Willkommenspatenschaften" in page and "Paula Pate" in page and "Chor" in page
    assert "Anmeldung als Willkommenspat:in" in page  # the consent, named in words


def test_signup_while_logged_in_links_the_account(municipality, user_factory):
    user = user_factory(email="paula@example.org")
    buddy = services.buddy_signup(
        municipality=municipality,
        email="paula@example.org",
        data={"name": "Paula", "languages": "Deutsch", "capacity": 1},
        consent_given=True,
        base_url="",
        user=user,
    )
    assert buddy.user == user
