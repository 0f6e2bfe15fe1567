"""Willkommenspat:innen: sign-up, confirmation, pairing with both acceptances, capacity, check-in."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from leuchtfeuer.portal.belonging.buddies import pairings, services
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing, PairingStat
from leuchtfeuer.portal.models import CaseTask, Consent
from leuchtfeuer.portal.tests.factories import CaseFactory

BASE = "https://leuchtfeuer.example"


def signup(municipality, email="paula@example.org", **data):
    values = {"name": "Paula Pate", "languages": "Deutsch, Englisch", "capacity": 2, "interests": ["sport"]}
    values.update(data)
    return services.buddy_signup(
        municipality=municipality, email=email, data=values, consent_given=True, base_url=BASE
    )


@pytest.fixture
def active_buddy(municipality, lotse):
    def make(email="paula@example.org", **data):
        buddy = signup(municipality, email=email, **data)
        Consent.objects.filter(pk=buddy.consent_id).update(confirmed_at=timezone.now())
        return services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")

    return make


def test_signup_stores_consent_and_mails_a_confirmation_link(
    municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        buddy = signup(municipality)
    assert buddy.status == "angemeldet"
    assert buddy.consent.purpose == "buddy" and buddy.consent.retention_months == 24
    assert buddy.consent.confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["paula@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/ankommen/pate-bestaetigen/" in line)
    token = link.rsplit("/pate-bestaetigen/", 1)[1].strip("/")
    services.buddy_confirm_email(token=token)
    buddy.consent.refresh_from_db()
    assert buddy.consent.confirmed_at is not None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"capacity": 0}, "capacity", "1 bis 5"),
        ({"capacity": 6}, "capacity", "1 bis 5"),
        ({"capacity": None}, "capacity", "1 bis 5"),
        ({"name": " "}, "name", "Bitte geben Sie Ihren Namen an."),
        ({"languages": ""}, "languages", "mindestens eine Sprache"),
        ({"interests": ["schach"]}, "interests", "aus der Liste"),
    ],
)
def test_bad_signups_are_refused_per_field_and_nothing_is_stored(municipality, data, field, message):
    with pytest.raises(ValidationError) as info:
        signup(municipality, **data)
    assert message in " ".join(info.value.message_dict[field])
    assert not Buddy.objects.exists() and not Consent.objects.exists()


def test_missing_consent_and_double_signup_are_refused(municipality):
    with pytest.raises(ValidationError) as info:
        services.buddy_signup(
            municipality=municipality,
            email="a@example.org",
            data={"name": "A", "languages": "Deutsch", "capacity": 1},
            consent_given=False,
            base_url=BASE,
        )
    assert "Einwilligung" in info.value.message_dict["consent"][0]
    signup(municipality, email="Paula@Example.org")
    with pytest.raises(ValidationError) as info:
        signup(municipality, email="paula@example.org")
    assert info.value.message_dict["email"] == [
        "Mit dieser E-Mail-Adresse ist hier schon eine Patenschaft angemeldet."
    ]
    assert Buddy.objects.count() == 1


def test_confirmation_needs_the_email_confirmed_and_the_right_role(municipality, lotse, role_user):
    buddy = signup(municipality)
    with pytest.raises(ValidationError) as info:
        services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")
    assert "noch nicht bestätigt" in info.value.message_dict["status"][0]
    Consent.objects.filter(pk=buddy.consent_id).update(confirmed_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.buddy_set_status(actor=role_user("team", municipality), buddy=buddy, status="aktiv")
    buddy = services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")
    assert (buddy.status, buddy.approved_by) == ("aktiv", lotse)
    assert services.buddy_set_status(actor=lotse, buddy=buddy, status="pausiert").status == "pausiert"


def proposed(case, buddy, lotse, **kw):
    return pairings.pairing_propose(actor=lotse, case=case, buddy=buddy, base_url=BASE, **kw)


def test_contact_details_flow_only_after_both_accepted(
    municipality, lotse, case, active_buddy, django_capture_on_commit_callbacks
):
    buddy = active_buddy(phone="0151 000")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = proposed(case, buddy, lotse)
    to_buddy, to_newcomer = mail.outbox
    assert to_buddy.to == [buddy.email] and pairing.buddy_token in to_buddy.body
    assert to_newcomer.to == [case.inquiry.email] and pairing.newcomer_token in to_newcomer.body
    assert case.inquiry.email not in to_buddy.body and buddy.email not in to_newcomer.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = pairings.pairing_respond(token=pairing.buddy_token, accept=True)
    assert pairing.status == "vorgeschlagen" and not pairing.contact_shared
    assert all(case.inquiry.email not in m.body and buddy.email not in m.body for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = pairings.pairing_respond(token=pairing.newcomer_token, accept=True)
    today = timezone.localdate()
    assert (pairing.status, pairing.started_on, pairing.checkin_due_on) == (
        "aktiv",
        today,
        today + timedelta(days=28),
    )
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert case.inquiry.email in bodies[buddy.email]
    assert buddy.email in bodies[case.inquiry.email] and "0151 000" in bodies[case.inquiry.email]
    stat = PairingStat.objects.get()
    assert (stat.month, stat.checkin_done, stat.ended) == (today.replace(day=1), False, False)


def test_a_decline_closes_the_proposal_without_sharing_anything(lotse, case, active_buddy):
    pairing = proposed(case, active_buddy(), lotse)
    pairing = pairings.pairing_respond(token=pairing.newcomer_token, accept=False)
    assert (pairing.status, pairing.declined_by) == ("abgelehnt", "person")
    with pytest.raises(ValidationError, match="nicht mehr offen"):
        pairings.pairing_respond(token=pairing.buddy_token, accept=True)
    assert not PairingStat.objects.exists()


def test_capacity_and_one_open_pairing_per_case(municipality, lotse, active_buddy):
    buddy = active_buddy(capacity=1)
    first, second = (
        CaseFactory(inquiry__municipality=municipality),
        CaseFactory(inquiry__municipality=municipality),
    )
    proposed(first, buddy, lotse)
    with pytest.raises(ValidationError) as info:
        proposed(second, buddy, lotse)
    assert info.value.message_dict["buddy"] == [
        "Paula Pate begleitet schon 1 von höchstens 1 Menschen – kein Platz frei."
    ]
    other = active_buddy(email="otto@example.org", name="Otto")
    with pytest.raises(ValidationError, match="schon eine vorgeschlagene oder laufende"):
        proposed(first, other, lotse)
    assert BuddyPairing.objects.count() == 1


def test_paused_buddy_cannot_be_proposed(lotse, case, active_buddy):
    buddy = services.buddy_set_status(actor=lotse, buddy=active_buddy(), status="pausiert")
    with pytest.raises(ValidationError, match="nicht aktiv"):
        proposed(case, buddy, lotse)


def start(case, buddy, lotse):
    pairing = proposed(case, buddy, lotse)
    pairings.pairing_respond(token=pairing.buddy_token, accept=True)
    return pairings.pairing_respond(token=pairing.newcomer_token, accept=True)


def test_checkin_reminder_is_sent_once_on_the_due_day(
    lotse, case, active_buddy, django_capture_on_commit_callbacks
):
    pairing = start(case, active_buddy(), lotse)
    due = pairing.checkin_due_on
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert pairings.send_checkin_reminders(today=due - timedelta(days=1)) == 0
        assert pairings.send_checkin_reminders(today=due) == 1
        assert pairings.send_checkin_reminders(today=due + timedelta(days=3)) == 0
    task = CaseTask.objects.get(case=case)
    assert (task.title, task.due_on, task.assignee) == ("Nachfrage Patenschaft", due, lotse)
    assert [m.to for m in mail.outbox] == [[lotse.email]]
    assert case.inquiry.email not in mail.outbox[0].body
    pairing = pairings.pairing_record_checkin(actor=lotse, pairing=pairing, note="Läuft gut, Chor zusammen.")
    task.refresh_from_db()
    assert task.done_at is not None and PairingStat.objects.get().checkin_done


def test_portal_reminders_command_takes_a_date(lotse, case, active_buddy):
    pairing = start(case, active_buddy(), lotse)
    call_command("portal-reminders", "--date", pairing.checkin_due_on.isoformat())
    pairing.refresh_from_db()
    assert pairing.checkin_sent_at is not None
    assert CaseTask.objects.filter(case=case, title="Nachfrage Patenschaft").count() == 1


def test_end_needs_a_reason_and_keeps_the_weeks_in_the_anonymous_count(lotse, case, active_buddy):
    pairing = start(case, active_buddy(), lotse)
    with pytest.raises(ValidationError) as info:
        pairings.pairing_end(actor=lotse, pairing=pairing, reason=" ")
    assert "Grund" in info.value.message_dict["end_reason"][0]
    BuddyPairing.objects.filter(pk=pairing.pk).update(started_on=timezone.localdate() - timedelta(days=44))
    pairing = pairings.pairing_end(actor=lotse, pairing=pairing, reason="Umgezogen")
    assert (pairing.status, pairing.ended_on) == ("beendet", timezone.localdate())
    stat = PairingStat.objects.get()
    assert (stat.ended, stat.weeks) == (True, 6)  # 44 days = 6 full weeks


def test_ending_a_buddy_with_an_open_pairing_is_refused(lotse, case, active_buddy):
    buddy = active_buddy()
    proposed(case, buddy, lotse)
    with pytest.raises(ValidationError, match="Beenden Sie diese zuerst"):
        services.buddy_set_status(actor=lotse, buddy=buddy, status="beendet")


PARALLEL = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
    reason="Concurrency needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises all writers.",
)
def test_parallel_proposals_never_overbook_a_buddy(municipality, role_user):
    from leuchtfeuer.accounts.models import Role

    assert connection.vendor == "postgresql"
    lotse = role_user(Role.LOTSE, municipality)
    buddy = signup(municipality, capacity=2)
    Consent.objects.filter(pk=buddy.consent_id).update(confirmed_at=timezone.now())
    buddy = services.buddy_set_status(actor=lotse, buddy=buddy, status="aktiv")
    cases = [CaseFactory(inquiry__municipality=municipality) for _ in range(PARALLEL)]
    barrier = threading.Barrier(PARALLEL)
    results: list[str] = []
    lock = threading.Lock()

    def worker(case):
        try:
            barrier.wait()
            pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
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

    threads = [threading.Thread(target=worker, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("ok") == 2, results
    assert all("kein Platz frei" in r for r in results if r != "ok"), results
    assert BuddyPairing.objects.filter(buddy=buddy).count() == 2


def test_each_side_gets_the_mails_in_the_language_it_used(
    municipality, lotse, case, active_buddy, django_capture_on_commit_callbacks
):
    """A buddy who signed up on the English pages gets the proposal and the contact mail in English;
    the newcomer who filed the German Erhebungsbogen gets them in German."""
    buddy = active_buddy(phone="0151 000")
    Consent.objects.filter(pk=buddy.consent_id).update(language="en")
    buddy.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = proposed(case, buddy, lotse, message="Sie mögen beide Musik.")
    to_buddy, to_newcomer = mail.outbox
    assert to_buddy.subject.endswith(f"Proposal: a welcome buddy pairing in {municipality.display_name}")
    assert (
        to_buddy.body.startswith(f"Hello {buddy.name},")
        and "Message from the guide (Lotse):" in to_buddy.body
    )
    assert "Sie mögen beide Musik." in to_buddy.body  # the Lots:in's own words, as written
    assert to_newcomer.body.startswith(f"Guten Tag {case.inquiry.name},")
    assert "Nachricht der Lotsin oder des Lotsen:" in to_newcomer.body
    with django_capture_on_commit_callbacks(execute=True):
        pairings.pairing_respond(token=pairing.buddy_token, accept=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairings.pairing_respond(token=pairing.newcomer_token, accept=True)
    english = next(m for m in mail.outbox if m.to == [buddy.email])
    german = next(m for m in mail.outbox if m.to == [case.inquiry.email])
    assert (
        "This is how to reach the person" in english.body and "E-mail: " + case.inquiry.email in english.body
    )
    assert "So erreichen Sie Ihre Patin oder Ihren Paten" in german.body
    assert "E-Mail: " + buddy.email in german.body and "Telefon: 0151 000" in german.body
