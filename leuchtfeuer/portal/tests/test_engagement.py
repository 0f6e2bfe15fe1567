"""Engagement offers (issue 21): partners publish through moderation, the Lots:in suggests an
offer on a case, the person decides, and only her yes passes her contact to the offer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.belonging.engagement import selectors, services
from leuchtfeuer.portal.models import Consent, EngagementDetails, EngagementIntroduction, Offer
from leuchtfeuer.portal.offers import services as offer_services
from leuchtfeuer.portal.tests.factories import CaseFactory, OfferFactory

DETAILS = {
    "area": "verein",
    "interests": ["musik"],
    "sought": "Stimmen für Sopran und Bass",
    "skills": "Freude am Singen",
    "hours_per_month": 4,
    "min_age": 16,
    "max_age": None,
    "schedule": "dienstags ab 19 Uhr",
    "newcomers_welcome": True,
}


def offer_data(**extra):
    return {
        "kind": "engagement",
        "title": "Gemischter Chor Harmonie",
        "contact_name": "Clara Chor",
        "contact_email": "chor@example.org",
        **extra,
    }


def engagement_offer(municipality, *, interests=("musik",), **kwargs) -> Offer:
    offer = OfferFactory(
        municipality=municipality,
        kind="engagement",
        job_field="",
        contact_name="Clara Chor",
        contact_email="chor@example.org",
        **kwargs,
    )
    EngagementDetails.objects.create(offer=offer, area="verein", interests=list(interests), hours_per_month=4)
    return offer


# --- offers with details ---------------------------------------------------------------------


def test_partner_submits_engagement_offer_and_the_town_publishes_it(role_user, municipality, lotse):
    verein = role_user(Role.PARTNER, municipality)
    offer = services.offer_save(actor=verein, municipality=municipality, data=offer_data(), details=DETAILS)
    assert offer.status == Offer.Status.SUBMITTED and offer.organisation is not None
    details = EngagementDetails.objects.get(offer=offer)
    assert (details.area, details.interests, details.hours_per_month, details.schedule) == (
        "verein",
        ["musik"],
        4,
        "dienstags ab 19 Uhr",
    )
    offer_services.offer_moderate(actor=lotse, offer=offer, decision="publish")
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PUBLISHED
    # A partner's change goes back to moderation, details included.
    services.offer_save(
        actor=verein,
        municipality=municipality,
        offer=Offer.objects.get(pk=offer.pk),
        data=offer_data(),
        details=DETAILS | {"hours_per_month": 6},
    )
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SUBMITTED
    assert EngagementDetails.objects.get(offer=offer).hours_per_month == 6


@pytest.mark.parametrize(
    ("details", "data", "field", "words"),
    [
        (DETAILS | {"area": ""}, {}, "area", "Bereich"),
        (DETAILS | {"interests": []}, {}, "interests", "mindestens ein Interesse"),
        (DETAILS | {"interests": ["golf"]}, {}, "interests", "nur Interessen aus der Liste"),
        (DETAILS | {"min_age": 30, "max_age": 18}, {}, "max_age", "unter dem Mindestalter"),
        (DETAILS | {"hours_per_month": 500}, {}, "hours_per_month", "1 bis 200 Stunden"),
        (DETAILS, {"contact_email": ""}, "contact_email", "Kontakt-E-Mail"),
    ],
)
def test_bad_engagement_details_are_refused_in_german_and_nothing_is_saved(
    lotse, municipality, details, data, field, words
):
    with pytest.raises(ValidationError) as err:
        services.offer_save(actor=lotse, municipality=municipality, data=offer_data(**data), details=details)
    assert words in " ".join(err.value.message_dict[field])
    assert not Offer.objects.exists() and not EngagementDetails.objects.exists()


def test_database_refuses_reversed_ages_and_contact_without_consent(municipality, case):
    offer = engagement_offer(municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementDetails.objects.filter(offer=offer).update(min_age=40, max_age=20)
    intro = EngagementIntroduction.objects.create(case=case, offer=offer, token="t" * 40)
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementIntroduction.objects.filter(pk=intro.pk).update(contact_sent_at=timezone.now())


def test_changing_the_kind_removes_the_engagement_details(lotse, municipality):
    offer = services.offer_save(
        actor=lotse, municipality=municipality, data=offer_data(), details=DETAILS, publish=True
    )
    services.offer_save(
        actor=lotse,
        municipality=municipality,
        offer=offer,
        data=offer_data(kind="job", job_field="handwerk"),
        details={},
    )
    assert not EngagementDetails.objects.filter(offer=offer).exists()


# --- matching on the case ------------------------------------------------------------------


def test_case_sees_engagement_offers_matching_her_interests_with_reasons(municipality, lotse):
    nord = Ortsteil.objects.create(municipality=municipality, name="Nord")
    case = CaseFactory(
        inquiry__municipality=municipality,
        inquiry__interests=["musik", "sport"],
        inquiry__ortsteil=nord,
        lotse=lotse,
    )
    choir = engagement_offer(municipality, ortsteil=nord)
    engagement_offer(municipality, interests=("kochen",), title="Kochtreff")
    engagement_offer(municipality, status=Offer.Status.SUBMITTED, title="Noch nicht geprüft")
    engagement_offer(municipality, ends_on=timezone.localdate() - timedelta(days=1), title="Abgelaufen")
    [(offer, match)] = selectors.case_engagement_matches(case)
    assert offer == choir
    assert match.reasons == [
        "passt zu Ihren Interessen: Musik und Gesang",
        "im Wunsch-Ortsteil Nord",
        "offen für Neue ohne Vorkenntnisse",
        "ca. 4 Stunden im Monat",
    ]


# --- suggestion and consent ------------------------------------------------------------------


def test_suggestion_mails_the_person_and_only_her_yes_passes_the_contact(
    municipality, case, lotse, django_capture_on_commit_callbacks
):
    case.inquiry.interests = ["musik"]
    case.inquiry.save()
    offer = engagement_offer(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="https://x.test")
    [to_person] = mail.outbox
    assert to_person.to == [case.inquiry.email] and to_person.reply_to == [lotse.email]
    assert f"https://x.test/ankommen/mitmachen/vorschlag/{intro.token}/" in to_person.body
    assert "passt zu Ihren Interessen: Musik und Gesang" in to_person.body
    assert intro.contact_sent_at is None and "chor@example.org" not in to_person.body
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_answer(token=intro.token, accept=True)
    to_contact = mail.outbox[-1]
    assert to_contact.to == ["chor@example.org"] and to_contact.reply_to == [case.inquiry.email]
    assert case.inquiry.name in to_contact.body and case.inquiry.email in to_contact.body
    intro.refresh_from_db()
    assert intro.accepted_at and intro.contact_sent_at
    with pytest.raises(ValidationError, match="schon geantwortet"):
        services.introduction_answer(token=intro.token, accept=False)


def test_suggestion_in_english_for_who_used_the_english_pages(
    municipality, case, lotse, django_capture_on_commit_callbacks
):
    Consent.objects.filter(pk=case.inquiry.consent_id).update(language="en")
    case.inquiry.refresh_from_db()
    case.inquiry.interests = ["musik"]
    case.inquiry.save()
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.introduction_propose(
            actor=lotse, case=case, offer=engagement_offer(municipality), base_url="https://x.test"
        )
    [to_person] = mail.outbox
    assert to_person.subject.endswith(f"A suggestion to get involved in {municipality.display_name}")
    assert to_person.body.startswith(f"Hello {case.inquiry.name},")
    assert "Only when you choose “Yes, put us in touch” there" in to_person.body
    assert f"https://x.test/ankommen/mitmachen/vorschlag/{intro.token}/" in to_person.body
    assert "Guten Tag" not in to_person.body


def test_no_thanks_passes_nothing(municipality, case, lotse, django_capture_on_commit_callbacks):
    offer = engagement_offer(municipality)
    intro = services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_answer(token=intro.token, accept=False)
    intro.refresh_from_db()
    assert intro.declined_at and intro.contact_sent_at is None
    # Only the Lots:in hears of it (without the person's name or address); the offer hears nothing.
    [notice] = mail.outbox
    assert notice.to == [lotse.email] and "möchte keinen Kontakt" in notice.body
    assert case.inquiry.name not in notice.body and case.inquiry.email not in notice.body


def test_suggestion_refusals_in_german(municipality, municipality_factory, case, lotse, role_user):
    offer = engagement_offer(municipality)
    services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="")
    with pytest.raises(ValidationError, match="schon vorgeschlagen"):
        services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="")
    # Another Kreis (towns of the same Kreis share their offers, as in the case's other matches).
    elsewhere = engagement_offer(municipality_factory(region__ags="12345678"))
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Kommune"):
        services.introduction_propose(actor=lotse, case=case, offer=elsewhere, base_url="")
    job = OfferFactory(municipality=municipality)
    with pytest.raises(ValidationError, match="nicht \\(mehr\\) veröffentlicht"):
        services.introduction_propose(actor=lotse, case=case, offer=job, base_url="")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.introduction_propose(
            actor=role_user(Role.TEAM, municipality),
            case=case,
            offer=engagement_offer(municipality),
            base_url="",
        )
    assert EngagementIntroduction.objects.count() == 1


def test_old_suggestion_and_withdrawn_offer_pass_nothing(municipality, case, lotse):
    offer = engagement_offer(municipality)
    intro = services.introduction_propose(actor=lotse, case=case, offer=offer, base_url="")
    EngagementIntroduction.objects.filter(pk=intro.pk).update(proposed_at=timezone.now() - timedelta(days=61))
    with pytest.raises(ValidationError, match="älter als 60 Tage"):
        services.introduction_answer(token=intro.token, accept=True)
    EngagementIntroduction.objects.filter(pk=intro.pk).update(proposed_at=timezone.now())
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DRAFT)
    with pytest.raises(ValidationError, match="nicht mehr ausgeschrieben"):
        services.introduction_answer(token=intro.token, accept=True)
    assert EngagementIntroduction.objects.get(pk=intro.pk).contact_sent_at is None


# --- role matrix ------------------------------------------------------------------------------

MATRIX = {"portal.suggest_engagement": ({"koordination", "lotse"}, "town")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)


# --- demo ------------------------------------------------------------------------------------


def test_demo_engagement_is_idempotent_marked_and_publishable(db):
    from leuchtfeuer.places.tests.factories import MunicipalityFactory
    from leuchtfeuer.portal import demo
    from leuchtfeuer.portal.models import Portal, SharedLivingDetails

    towns = {slug: MunicipalityFactory(slug=slug) for slug in ("bad-berleburg", "malchin")}
    demo.load(municipalities=towns, users={})
    counts = (Offer.objects.count(), EngagementDetails.objects.count(), SharedLivingDetails.objects.count())
    demo.load(municipalities=towns, users={})
    assert counts == (
        Offer.objects.count(),
        EngagementDetails.objects.count(),
        SharedLivingDetails.objects.count(),
    )
    engagement = Offer.objects.filter(kind="engagement")
    assert engagement.count() == 6 and all(o.is_demo and "(Demo)" in o.title for o in engagement)
    assert {d.area for d in EngagementDetails.objects.all()} == {"verein", "feuerwehr", "dritter-ort"}
    assert (
        sorted(SharedLivingDetails.objects.values_list("form", flat=True))
        == ["azubi-wg"] * 2 + ["homesharing"] * 2
    )
    assert all("Demo" in p.shared_living_note for p in Portal.objects.all())
