"""Trial living: applications, waiting list, and no double booking — also under concurrency."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from leuchtfeuer.portal import services
from leuchtfeuer.portal.models import TrialApplication, TrialNight
from leuchtfeuer.portal.tests.factories import TrialApartmentFactory, TrialApplicationFactory


def day(n: int):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def apartment(municipality):
    return TrialApartmentFactory(municipality=municipality, min_nights=2, max_nights=31)


def apply(apartment, arrival, departure, email="gast@example.org"):
    return services.trial_apply(
        apartment=apartment,
        name="Gast",
        email=email,
        arrival=arrival,
        departure=departure,
        persons=2,
        motivation="Kennenlernen",
        consent_given=True,
    )


def test_accept_books_every_night(apartment, lotse):
    application = apply(apartment, day(10), day(17))
    services.trial_accept(actor=lotse, application=application)
    assert list(TrialNight.objects.values_list("night", flat=True)) == [day(n) for n in range(10, 17)]
    assert TrialApplication.objects.get().status == "angenommen"


def test_overlapping_accept_is_refused_with_a_clear_message_and_nothing_changes(apartment, lotse):
    first = apply(apartment, day(10), day(17), "a@example.org")
    second = apply(apartment, day(15), day(20), "b@example.org")
    services.trial_accept(actor=lotse, application=first)
    with pytest.raises(ValidationError) as info:
        services.trial_accept(actor=lotse, application=second)
    assert info.value.messages == [
        f"„{apartment.name}“ ist im Zeitraum {day(15):%d.%m.%Y}–{day(17):%d.%m.%Y} bereits vergeben – die Bewerbung "
        "wurde nicht angenommen. Setzen Sie sie auf die Warteliste oder schlagen Sie andere Daten vor."
    ]
    assert TrialNight.objects.count() == 7
    second.refresh_from_db()
    assert second.status == "eingegangen"  # unchanged: the Lotse can put it on the waiting list


def test_departure_day_is_free_for_the_next_guest(apartment, lotse):
    services.trial_accept(actor=lotse, application=apply(apartment, day(10), day(17), "a@example.org"))
    services.trial_accept(actor=lotse, application=apply(apartment, day(17), day(20), "b@example.org"))
    assert TrialNight.objects.count() == 10


def test_application_for_taken_dates_goes_to_the_waiting_list(apartment, lotse):
    services.trial_accept(actor=lotse, application=apply(apartment, day(10), day(17), "a@example.org"))
    waiting = apply(apartment, day(12), day(14), "b@example.org")
    assert waiting.status == "warteliste"
    # The first guest cancels: the waiting guest can now be accepted.
    services.trial_decline(actor=lotse, application=TrialApplication.objects.get(email="a@example.org"))
    services.trial_accept(actor=lotse, application=waiting)
    assert list(TrialNight.objects.values_list("night", flat=True)) == [day(12), day(13)]


@pytest.mark.parametrize(
    ("arrival", "departure", "field"),
    [(0, 3, "arrival"), (5, 5, "departure"), (5, 6, "departure"), (5, 60, "departure")],
)
def test_bad_dates_are_refused(apartment, arrival, departure, field):
    with pytest.raises(ValidationError) as info:
        apply(apartment, day(arrival), day(departure))
    assert field in info.value.message_dict
    assert not TrialApplication.objects.exists()


def test_database_refuses_a_double_night_even_without_the_service(apartment):
    from django.db import IntegrityError, transaction

    a = TrialApplicationFactory(apartment=apartment)
    TrialNight.objects.create(apartment=apartment, night=day(3), application=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrialNight.objects.create(apartment=apartment, night=day(3), application=a)


PARALLEL = 12


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
    reason="Concurrency needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises all writers, "
    "so parallel requests cannot race there.",
)
def test_parallel_accepts_of_overlapping_dates_book_exactly_once(municipality, role_user):
    from leuchtfeuer.accounts.models import Role

    assert connection.vendor == "postgresql"
    lotse = role_user(Role.LOTSE, municipality)
    apartment = TrialApartmentFactory(municipality=municipality)
    applications = [
        TrialApplicationFactory(apartment=apartment, arrival=day(20 + i % 3), departure=day(27 + i % 3))
        for i in range(PARALLEL)
    ]
    barrier = threading.Barrier(PARALLEL)
    results: list[str] = []
    lock = threading.Lock()

    def worker(application):
        try:
            barrier.wait()
            services.trial_accept(actor=lotse, application=application)
            outcome = "ok"
        except ValidationError as exc:
            outcome = exc.messages[0]
        except Exception as exc:  # anything else is a bug: record it
            outcome = f"FEHLER {type(exc).__name__}: {exc}"
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == PARALLEL
    assert results.count("ok") == 1, results
    refused = [r for r in results if r != "ok"]
    assert all("bereits vergeben" in r for r in refused), refused
    accepted = TrialApplication.objects.get(status="angenommen")
    assert TrialNight.objects.count() == accepted.nights == 7


def test_applicant_gets_a_receipt_in_her_language(client, apartment, django_capture_on_commit_callbacks):
    from django.core import mail

    from leuchtfeuer.portal.tests.factories import PortalFactory

    PortalFactory(municipality=apartment.municipality)
    url = f"/ankommen/{apartment.municipality.slug}/probewohnen/{apartment.pk}/?lang=en"
    data = {
        "name": "Jane",
        "email": "jane@example.org",
        "arrival": str(day(10)),
        "departure": str(day(17)),
        "persons": 1,
        "motivation": "Trying it out",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert mail.outbox[-1].to == ["jane@example.org"]
    assert mail.outbox[-1].subject.endswith(f"Your trial-living application: {apartment.name}")
    assert "The guide (Lotse) will get in touch with you." in mail.outbox[-1].body


def test_lotsen_hear_of_a_new_application_without_personal_data(
    apartment, lotse, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        apply(apartment, day(10), day(17), "geheim@example.org")
    notice = mail.outbox[-1]
    assert notice.to == [lotse.email] and "Neue Bewerbung zum Probewohnen" in notice.subject
    assert "geheim" not in notice.body and "Gast" not in notice.body
