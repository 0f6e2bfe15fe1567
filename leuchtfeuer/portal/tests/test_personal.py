""" "Mein Bereich" shows a signed-in person her portal records – of her verified addresses only."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from leuchtfeuer.portal.models import EventRegistration, Stage
from leuchtfeuer.portal.tests.factories import (
    CaseFactory,
    ConsentFactory,
    EventFactory,
    InquiryFactory,
    TrialApplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(user_factory):
    return user_factory(email="rueckkehrerin@example.org")  # with a verified address


def test_mein_bereich_lists_inquiry_state_registration_and_trial_booking(client, citizen, municipality):
    case = CaseFactory(
        inquiry__municipality=municipality, inquiry__email="Rueckkehrerin@example.org", stage=Stage.TALKING
    )
    event = EventFactory(municipality=municipality, title="Rückkehrertag im Advent")
    EventRegistration.objects.create(
        event=event,
        name="R.",
        email=citizen.email,
        persons=2,
        consent=ConsentFactory(email=citizen.email, purpose="event"),
    )
    TrialApplicationFactory(
        apartment__municipality=municipality, apartment__name="Turmzimmer", email=citizen.email
    )
    InquiryFactory(email="jemand.anderes@example.org", municipality=municipality)

    client.force_login(citizen)
    html = client.get(reverse("home:dashboard")).content.decode()
    assert "Meine Erhebungsbögen" in html
    assert "Stand: im Gespräch" in html  # the case's stage in words, e-mail matched case-insensitively
    assert case.inquiry.created_at.strftime("%Y") in html
    assert "Rückkehrertag im Advent" in html and "2 Personen" in html
    assert "Turmzimmer" in html and "eingegangen" in html
    assert "jemand.anderes" not in html
    assert reverse("portal:my-data") in html


def test_unverified_address_shows_nothing_of_the_portal(client, user_factory, municipality):
    user = user_factory(email="unbestaetigt@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    InquiryFactory(email=user.email, municipality=municipality)
    client.force_login(user)
    html = client.get(reverse("home:dashboard")).content.decode()
    assert "Meine Erhebungsbögen" not in html
    assert "Bisher ist hier nichts" in html
