"""Factories of the portal (plain factory_boy; fixtures in conftest.py)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import (
    Case,
    Consent,
    Event,
    Inquiry,
    InquiryStat,
    Offer,
    Portal,
    Stage,
    TrialApartment,
    TrialApplication,
)


class PortalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portal

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    title = factory.Sequence(lambda n: f"Ankommen {n}")
    contact_name = "Lotte Lotsin"
    contact_phone = "03994 123456"
    is_published = True


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    kind = "job"
    job_field = "gesundheit"
    title = factory.Sequence(lambda n: f"Angebot {n}")
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    email = factory.Sequence(lambda n: f"mensch{n}@example.org")
    purpose = "inquiry"
    version = consent_texts.INQUIRY.version
    text = "Einwilligungstext"
    retention_months = 24


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Mensch {n}")
    email = factory.Sequence(lambda n: f"mensch{n}@example.org")
    life_phase = "junge-familie"
    timeframe = "0-3"
    origin = "11"
    consent = factory.SubFactory(ConsentFactory, email=factory.SelfAttribute("..email"))


class CaseFactory(factory.django.DjangoModelFactory):
    """A confirmed inquiry with its case and anonymous counting record."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    inquiry = factory.SubFactory(InquiryFactory, confirmed_at=factory.LazyFunction(timezone.now))
    municipality = factory.SelfAttribute("inquiry.municipality")
    stage = Stage.NEW
    retain_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=700))

    @factory.post_generation
    def stat(obj, create, extracted, **kwargs):
        if create:
            InquiryStat.objects.create(
                municipality=obj.municipality,
                case=obj,
                month=timezone.localdate().replace(day=1),
                life_phase=obj.inquiry.life_phase,
                needs=obj.inquiry.needs,
                origin=obj.inquiry.origin,
                outcome=obj.stage,
            )


class TrialApartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialApartment

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Probewohnung {n}")
    min_nights = 2
    max_nights = 31


class TrialApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialApplication

    apartment = factory.SubFactory(TrialApartmentFactory)
    name = factory.Sequence(lambda n: f"Gast {n}")
    email = factory.Sequence(lambda n: f"gast{n}@example.org")
    arrival = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    departure = factory.LazyAttribute(lambda o: o.arrival + timedelta(days=7))
    motivation = "Ich möchte das Leben hier kennenlernen."
    consent = factory.SubFactory(
        ConsentFactory, purpose="trial", retention_months=12, email=factory.SelfAttribute("..email")
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    title = factory.Sequence(lambda n: f"Rückkehrertag {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    place = "Rathaus"
    capacity = 3
