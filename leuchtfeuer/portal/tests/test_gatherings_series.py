"""Recurring events (issue 21): the dates of a series (pure engine, hand-checked calendars) and
the service that creates and updates occurrences idempotently."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.belonging.gatherings import services
from leuchtfeuer.portal.belonging.gatherings.engine.series import (
    SeriesError,
    occurrence_dates,
    shift_months,
)
from leuchtfeuer.portal.models import Event
from leuchtfeuer.portal.tests.factories import ConsentFactory

BERLIN = ZoneInfo("Europe/Berlin")


def _days(dates):
    return [d.strftime("%d.%m.%Y %H:%M %z") for d in dates]


def test_monthly_from_31_january_falls_on_each_month_end_in_a_leap_year():
    first = datetime(2028, 1, 31, 18, 0, tzinfo=BERLIN)
    dates = occurrence_dates(first, "monatlich", count=5)
    # 2028 is a leap year (divisible by 4, not by 100): February has 29 days.
    # 31 March 2028 is after the change to summer time (26 March): +0200.
    assert _days(dates) == [
        "31.01.2028 18:00 +0100",
        "29.02.2028 18:00 +0100",
        "31.03.2028 18:00 +0200",
        "30.04.2028 18:00 +0200",
        "31.05.2028 18:00 +0200",
    ]


def test_monthly_from_31_january_in_a_common_year_and_rule_counts_from_the_first_date():
    dates = occurrence_dates(
        datetime(2027, 1, 31, 10, 0, tzinfo=BERLIN), "monatlich", until=date(2027, 3, 31)
    )
    # Not 28 Feb → 28 Mar: every date is counted from the first, so March is the 31st again.
    assert [d.date() for d in dates] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]


def test_quarterly_and_yearly_rhythms():
    quarterly = occurrence_dates(datetime(2027, 11, 30, 17, tzinfo=BERLIN), "vierteljaehrlich", count=3)
    assert [d.date() for d in quarterly] == [date(2027, 11, 30), date(2028, 2, 29), date(2028, 5, 30)]
    yearly = occurrence_dates(datetime(2028, 2, 29, 17, tzinfo=BERLIN), "jaehrlich", until=date(2032, 3, 1))
    assert [d.date() for d in yearly] == [
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]
    assert shift_months(datetime(2027, 12, 15, tzinfo=BERLIN), 1).date() == date(2028, 1, 15)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"count": 25}, "repeat_count", "Höchstens 24 Termine"),
        ({"count": 1}, "repeat_count", "mindestens 2 Termine"),
        ({"until": date(2027, 12, 31)}, "repeat_until", "vor dem ersten Termin"),
        ({"until": date(2030, 2, 1)}, "repeat_until", "mehr als 24 Termine"),
        ({}, "repeat_count", "wie oft oder bis wann"),
        ({"count": 3, "until": date(2028, 6, 1)}, "repeat_count", "nicht beides"),
    ],
)
def test_refusals_in_german(kwargs, field, message):
    with pytest.raises(SeriesError) as exc:
        occurrence_dates(datetime(2028, 1, 10, 18, tzinfo=BERLIN), "monatlich", **kwargs)
    assert exc.value.field == field and message in exc.value.message


def test_24_monthly_dates_are_allowed_up_to_the_limit():
    # 10 Jan 2028 + 23 months = 10 Dec 2029: exactly 24 dates.
    dates = occurrence_dates(datetime(2028, 1, 10, 18, tzinfo=BERLIN), "monatlich", until=date(2029, 12, 10))
    assert len(dates) == 24 and dates[-1].date() == date(2029, 12, 10)


# ---------------------------------------------------------------------------------------------
# Service
# ---------------------------------------------------------------------------------------------


def _data(**extra):
    start = timezone.make_aware(datetime(2028, 1, 31, 18, 0))
    return {
        "kind": Event.Kind.RETURNEE_DAY,
        "title": "Rückkehrertag",
        "description": "",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Rathaus",
        "capacity": 20,
        "is_published": True,
        **extra,
    }


@pytest.fixture
def manager(role_user, municipality):
    return role_user(Role.LOTSE, municipality)


@pytest.mark.django_db
def test_series_creates_occurrences_idempotently(manager, municipality):
    head = services.event_series_save(
        actor=manager, municipality=municipality, data=_data(repeat="monatlich", repeat_count=4)
    )
    occurrences = list(head.occurrences.order_by("starts_at"))
    assert [timezone.localtime(o.starts_at).strftime("%d.%m.%Y %H:%M") for o in occurrences] == [
        "29.02.2028 18:00",
        "31.03.2028 18:00",
        "30.04.2028 18:00",
    ]
    assert all(o.ends_at - o.starts_at == timedelta(hours=2) and o.capacity == 20 for o in occurrences)
    pks = [o.pk for o in occurrences]
    # Saving again with the same data changes nothing.
    services.event_series_save(
        actor=manager, municipality=municipality, data=_data(repeat="monatlich", repeat_count=4), event=head
    )
    assert list(head.occurrences.order_by("starts_at").values_list("pk", flat=True)) == pks
    assert Event.objects.count() == 4


@pytest.mark.django_db
def test_editing_the_series_updates_only_future_dates_without_registrations(manager, municipality):
    head = services.event_series_save(
        actor=manager, municipality=municipality, data=_data(repeat="monatlich", repeat_count=4)
    )
    february, march, april = head.occurrences.order_by("starts_at")
    march.registrations.create(
        name="Ria", email="ria@example.org", persons=1, consent=ConsentFactory(email="ria@example.org")
    )
    head = services.event_series_save(
        actor=manager,
        municipality=municipality,
        data=_data(repeat="monatlich", repeat_count=3, place="Bürgerhaus", capacity=25),
        event=head,
    )
    march.refresh_from_db()
    assert march.place == "Rathaus" and march.capacity == 20  # has a registration: untouched
    left = list(head.occurrences.order_by("starts_at"))
    assert [o.pk for o in left] == [february.pk, march.pk]  # April removed (3 dates now)
    assert left[0].place == "Bürgerhaus" and left[0].capacity == 25
    assert not Event.objects.filter(pk=april.pk).exists()


@pytest.mark.django_db
def test_refused_series_writes_nothing(manager, municipality):
    with pytest.raises(ValidationError) as exc:
        services.event_series_save(
            actor=manager, municipality=municipality, data=_data(repeat="monatlich", repeat_count=30)
        )
    assert "Höchstens 24 Termine" in str(exc.value)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_only_the_town_may_save_events(role_user, municipality, other_municipality):
    outsider = role_user(Role.LOTSE, other_municipality)
    with pytest.raises(Exception) as exc:
        services.event_series_save(
            actor=outsider, municipality=municipality, data=_data(repeat="monatlich", repeat_count=2)
        )
    assert exc.type.__name__ == "PermissionDenied"
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_demo_series_is_idempotent_and_marked(municipality):
    from leuchtfeuer.portal.belonging.gatherings import demo
    from leuchtfeuer.portal.tests.factories import PortalFactory

    PortalFactory(municipality=municipality)
    demo.load({"demo": municipality}, {})
    first = sorted(Event.objects.values_list("pk", "starts_at"))
    demo.load({"demo": municipality}, {})
    assert sorted(Event.objects.values_list("pk", "starts_at")) == first
    stammtisch = Event.objects.get(title="Rückkehrer-Stammtisch (Demo)", series=None)
    assert stammtisch.repeat == "monatlich" and stammtisch.occurrences.count() == 5
    assert Event.objects.count() == 6 + 4
    assert all(e.is_demo and "(Demo)" in e.title for e in Event.objects.all())
