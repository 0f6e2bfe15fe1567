from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from leuchtfeuer.funding.models import Call, CallItem, Criterion, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programm-{n}")
    name = factory.Sequence(lambda n: f"Programm {n}")


class CallFactory(factory.django.DjangoModelFactory):
    """A published call for municipalities, open for 30 more days, with the ZWK budget caps."""

    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"aufruf-{n}")
    title = factory.Sequence(lambda n: f"Aufruf {n}")
    status = Call.Status.PUBLISHED
    applicant_types = factory.LazyFunction(lambda: ["kommune"])
    budget = Decimal("200000")
    max_request = Decimal("80000")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    consulting_cap = Decimal("30000")
    material_cap = Decimal("10000")
    first_year = factory.LazyFunction(lambda: timezone.localdate().year)
    last_year = factory.LazyFunction(lambda: timezone.localdate().year + 1)


def configure(call: Call) -> Call:
    """One item of each kind and two weighted criteria."""
    CallItem.objects.create(
        call=call,
        kind=CallItem.Kind.PREREQUISITE,
        label="Ratsbeschluss",
        help_text="Beschluss des Gemeinderats",
    )
    CallItem.objects.create(call=call, kind=CallItem.Kind.FAVOURABLE, label="GRW-Gebiet", required=False)
    CallItem.objects.create(call=call, kind=CallItem.Kind.QUESTION, label="Wie zeigt sich der Wandel?")
    CallItem.objects.create(
        call=call, kind=CallItem.Kind.DATASHEET, label="Einwohner:innen", profile_key="population"
    )
    CallItem.objects.create(
        call=call,
        kind=CallItem.Kind.DATASHEET,
        label="Vorausberechnung",
        profile_key="projection",
        required=False,
    )
    CallItem.objects.create(
        call=call, kind=CallItem.Kind.ATTACHMENT, label="Beschluss als PDF", required=False
    )
    Criterion.objects.create(call=call, label="Voraussetzungen", weight=Decimal("3"), order=1)
    Criterion.objects.create(call=call, label="Übertragbarkeit", weight=Decimal("1"), order=2)
    return call
