"""Registration for a Rückkehrertag (issue 21): the opt-in to the Lots:in opens a case in her
pipeline once the person clicks the confirmation link (double opt-in, as the Erhebungsbogen);
without the click or without the opt-in nothing reaches the pipeline. Pages: the event list shows a series once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.belonging.gatherings import services
from leuchtfeuer.portal.cases.services import confirm_token, inquiry_confirm, inquiry_for_token
from leuchtfeuer.portal.models import Case, Consent, Event, EventRegistration, Inquiry, InquiryStat
from leuchtfeuer.portal.tests.factories import CaseFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(portal):
    return EventFactory(
        municipality=portal.municipality, title="Rückkehrertag", kind=Event.Kind.RETURNEE_DAY, capacity=5
    )


def _url(portal, event):
    return f"/ankommen/{portal.municipality.slug}/veranstaltungen/{event.pk}/"


BASE = {"name": "Rita Rück", "email": "rita@example.org", "persons": 2, "consent": "on"}
ASKED = {"life_phase": "junge-familie", "timeframe": "0-3", "origin": "11"}


def _link(message) -> str:
    return re.search(r"https?://\S+|/ankommen/\S+", message.body).group(0)


def test_opt_in_opens_a_case_only_after_the_click(
    client, portal, event, lotse, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(portal, event), BASE | ASKED | {"is_returnee": "on", "contact_opt_in": "on"}, follow=True
        )
    page = response.content.decode()
    assert "Erst nach Ihrem Klick meldet sich die Lots:in bei Ihnen." in page
    registration = EventRegistration.objects.get()
    assert registration.is_returnee and registration.contact_opt_in and registration.case is None
    assert not Case.objects.exists() and not InquiryStat.objects.exists()
    inquiry = Inquiry.objects.get()
    assert inquiry.confirmed_at is None and inquiry.email == "rita@example.org"
    confirm = [m for m in mail.outbox if "Kontaktwunsch" in m.subject]
    assert len(confirm) == 1 and confirm[0].to == ["rita@example.org"]
    assert "Erst nach Ihrem Klick sieht die Lots:in Ihre Angaben" in confirm[0].body
    assert not any("Neuer Fall" in m.subject for m in mail.outbox)  # the Lots:in hears nothing yet
    # The click: the same confirmation page as the Erhebungsbogen's.
    link = _link(confirm[0])
    # the Erhebungsbogen's link (its signed token carries a time stamp, so compare what it opens)
    path = link[link.index("/ankommen/") :]
    token = path.removeprefix("/ankommen/bestaetigen/").strip("/")
    assert path.startswith("/ankommen/bestaetigen/") and inquiry_for_token(token) == inquiry
    assert "von Ihnen stammt" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    registration.refresh_from_db()
    case = Case.objects.get()
    assert registration.case == case
    assert case.lotse == lotse and case.inquiry == inquiry and case.inquiry.is_returnee
    assert case.inquiry.consent.purpose == "event_contact" and case.inquiry.consent.retention_months == 12
    # Retention: 12 months after opening (the opt-in consent's period).
    assert 360 <= (case.retain_until - case.opened_at).days <= 366
    assert InquiryStat.objects.get(case=case).is_returnee
    subjects = [m.subject for m in mail.outbox]
    assert any(f"Neuer Fall #{case.pk}" in s for s in subjects)  # now the Lots:in is told
    # The Lots:in finds the case and where it came from.
    page = _lotse_page(client, lotse, f"/kommunen/{portal.municipality.slug}/lotse/faelle/{case.pk}/")
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
    assert f"über Veranstaltung: Rückkehrertag am {when}" in page
    home = client.get(f"/kommunen/{portal.municipality.slug}/lotse/").content.decode()
    assert f"Fall #{case.pk}: Rita Rück" in home and f"über Veranstaltung: Rückkehrertag am {when}" in home


def test_without_the_click_no_case_and_the_unconfirmed_inquiry_is_purged(portal, event, lotse):
    from leuchtfeuer.portal.privacy.services import purge_expired

    registration = services.registration_submit(
        event=event,
        name="Rita",
        email="rita@example.org",
        persons=1,
        consent_given=True,
        contact_opt_in=True,
        **ASKED,
    )
    assert registration.case is None and not Case.objects.exists()
    inquiry = Inquiry.objects.get()
    assert inquiry.confirmed_at is None
    # Within the 7 days nothing is purged; after them the waiting inquiry goes like any other.
    assert [e.kind for e in purge_expired(now=timezone.now() + timedelta(days=6))] == []
    expired = purge_expired(now=timezone.now() + timedelta(days=8))
    assert [(e.kind, e.pk) for e in expired] == [("Erhebungsbogen (unbestätigt)", inquiry.pk)]
    assert not Inquiry.objects.exists() and not Case.objects.exists()
    registration.refresh_from_db()
    assert registration.case is None  # the registration for the event itself stays


def test_a_second_opt_in_waits_on_the_same_inquiry(portal, event, lotse):
    other = EventFactory(municipality=portal.municipality, title="Stammtisch", capacity=5)
    for e in (event, other):
        services.registration_submit(
            event=e,
            name="Rita",
            email="Rita@Example.org",
            persons=1,
            consent_given=True,
            contact_opt_in=True,
            **ASKED,
        )
    inquiry = Inquiry.objects.get()
    assert "Rückkehrertag" in inquiry.message and "Stammtisch" in inquiry.message
    case = inquiry_confirm(token=confirm_token(inquiry))
    assert set(EventRegistration.objects.values_list("case", flat=True)) == {case.pk}
    assert Case.objects.count() == 1


def _lotse_page(client, user, url):
    from leuchtfeuer.accounts import totp

    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    return client.get(url).content.decode()


def test_without_opt_in_nothing_reaches_the_pipeline(client, portal, event):
    response = client.post(_url(portal, event), BASE | {"is_returnee": "on"})
    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.is_returnee and not registration.contact_opt_in and registration.case is None
    assert not Case.objects.exists() and not Inquiry.objects.exists() and not InquiryStat.objects.exists()
    assert list(Consent.objects.values_list("purpose", flat=True)) == ["event"]


def test_opt_in_without_the_three_answers_is_refused_in_german(client, portal, event):
    response = client.post(_url(portal, event), BASE | {"contact_opt_in": "on", "origin": "11"})
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "Bitte wählen Sie Ihre Lebensphase" in page and "Bitte wählen Sie, wann Sie kommen möchten." in page
    )
    assert not EventRegistration.objects.exists() and not Case.objects.exists()


def test_full_event_refuses_and_opens_no_case(client, portal, event):
    for i in range(2):
        services.registration_submit(
            event=event, name=f"P{i}", email=f"p{i}@example.org", persons=2, consent_given=True
        )
    response = client.post(_url(portal, event), BASE | ASKED | {"contact_opt_in": "on"})
    assert response.status_code == 422
    assert "es sind nur noch 1 Plätze frei" in response.content.decode()
    assert not Case.objects.exists() and not Inquiry.objects.exists()


def test_an_open_case_of_the_same_person_is_not_touched_before_the_click(portal, event, lotse):
    case = CaseFactory(
        inquiry__municipality=portal.municipality, inquiry__email="rita@example.org", lotse=lotse
    )
    registration = services.registration_submit(
        event=event,
        name="Rita",
        email="Rita@Example.org",
        persons=1,
        consent_given=True,
        contact_opt_in=True,
        **ASKED,
    )
    # An unverified registration must not attach itself to somebody's case.
    assert registration.case is None and Case.objects.count() == 1
    assert not case.event_registrations.exists()


def test_event_list_shows_a_series_once_with_its_rhythm_and_further_dates(
    client, portal, role_user, django_assert_max_num_queries
):
    manager = role_user(Role.LOTSE, portal.municipality)
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    head = services.event_series_save(
        actor=manager,
        municipality=portal.municipality,
        data={
            "kind": Event.Kind.RETURNEE_DAY,
            "title": "Rückkehrerstammtisch",
            "starts_at": start,
            "place": "Gasthof",
            "capacity": 30,
            "is_published": True,
            "repeat": "monatlich",
            "repeat_count": 4,
        },
    )
    EventFactory(municipality=portal.municipality, title="Stadtführung", capacity=8)
    url = f"/ankommen/{portal.municipality.slug}/veranstaltungen/"
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count("Rückkehrerstammtisch") == 1 and "Stadtführung" in page
    assert "findet monatlich statt" in page
    later = [
        timezone.localtime(o.starts_at).strftime("%d.%m.%Y") for o in head.occurrences.order_by("starts_at")
    ]
    assert len(later) == 3 and all(d in page for d in later)
    detail = client.get(f"/ankommen/{portal.municipality.slug}/veranstaltungen/{head.pk}/").content.decode()
    assert "findet monatlich statt" in detail and "Weitere Termine" in detail


def test_workspace_form_creates_a_series_and_refuses_bad_input(client, portal, lotse):
    from leuchtfeuer.accounts import totp

    totp.activate(lotse, totp.generate_totp_secret())
    client.force_login(lotse)
    url = f"/kommunen/{portal.municipality.slug}/lotse/veranstaltungen/neu/"
    form = {
        "kind": "rueckkehrertag",
        "title": "Rückkehrertag",
        "starts_at": "2028-01-31T18:00",
        "place": "Rathaus",
        "capacity": "20",
        "is_published": "on",
        "repeat": "monatlich",
    }
    assert "Wiederholung" in client.get(url).content.decode()
    too_many = client.post(url, form | {"repeat_count": "30"})
    assert too_many.status_code == 422 and "Höchstens 24 Termine" in too_many.content.decode()
    before = client.post(url, form | {"repeat_until": "2027-12-01"})
    assert (
        before.status_code == 422
        and "Das Ende der Reihe liegt vor dem ersten Termin." in before.content.decode()
    )
    assert not Event.objects.exists()
    assert client.post(url, form | {"repeat_until": "2028-04-30"}).status_code == 302
    head = Event.objects.get(series__isnull=True)
    assert head.repeat == "monatlich"
    assert [
        timezone.localtime(o.starts_at).date().isoformat() for o in head.occurrences.order_by("starts_at")
    ] == [
        "2028-02-29",
        "2028-03-31",
        "2028-04-30",
    ]


def test_meine_daten_delete_removes_registration_case_and_consents(portal, event, lotse):
    from leuchtfeuer.portal.privacy.services import my_data_delete

    services.registration_submit(
        event=event,
        name="Rita",
        email="rita@example.org",
        persons=1,
        consent_given=True,
        is_returnee=True,
        contact_opt_in=True,
        **ASKED,
    )
    inquiry_confirm(token=confirm_token(Inquiry.objects.get()))
    counts = my_data_delete(email="rita@example.org")
    assert (counts["Fälle"], counts["Anmeldungen"], counts["Einwilligungen"]) == (1, 1, 2)
    assert not Case.objects.exists() and not Inquiry.objects.exists() and not Consent.objects.exists()
    assert InquiryStat.objects.get().case is None  # only the anonymous count remains
