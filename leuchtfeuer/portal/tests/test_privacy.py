"""Meine Daten: see, export (JSON, PDF) and delete via a signed, expiring e-mailed link;
purge-expired removes exactly the expired records; only anonymous counts remain."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from leuchtfeuer.portal import services
from leuchtfeuer.portal.models import (
    Case,
    CaseEmail,
    CaseNote,
    Consent,
    EventRegistration,
    Inquiry,
    InquiryStat,
    TrialApplication,
    TrialNight,
    WelcomeBoxRequest,
)
from leuchtfeuer.portal.tests.factories import (
    CaseFactory,
    EventFactory,
    InquiryFactory,
    TrialApartmentFactory,
    TrialApplicationFactory,
)

LINK = re.compile(r"http://testserver(/meine-daten/[^/\s]+/)")
EMAIL = "rita@example.org"


@pytest.fixture
def rita(municipality, lotse, django_capture_on_commit_callbacks):
    """Everything a person can leave behind: a case with note, task and e-mail, a trial booking,
    an event registration and a welcome-box request."""
    case = CaseFactory(
        inquiry__municipality=municipality, inquiry__email=EMAIL, inquiry__name="Rita Rückkehr", lotse=lotse
    )
    services.case_add_note(actor=lotse, case=case, text="Sucht Pflegestelle, zwei Kinder.")
    services.case_add_task(actor=lotse, case=case, title="Anrufen", due_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        services.case_send_email(actor=lotse, case=case, subject="Hallo Rita", body="Wir freuen uns.")
    application = TrialApplicationFactory(
        apartment__municipality=municipality, email=EMAIL, name="Rita Rückkehr"
    )
    services.trial_accept(actor=lotse, application=application)
    event = EventFactory(municipality=municipality, capacity=10)
    services.event_register(event=event, name="Rita Rückkehr", email=EMAIL, persons=2, consent_given=True)
    services.welcome_box_request(
        municipality=municipality,
        name="Rita Rückkehr",
        email=EMAIL,
        address="Markt 1, 17139 Malchin",
        moved_in_on=None,
        household=3,
        consent_given=True,
    )
    # Someone else's data must survive Rita's deletion.
    other = CaseFactory(inquiry__municipality=municipality, inquiry__email="otto@example.org")
    mail.outbox.clear()
    return case, other


def request_link(client, email=EMAIL, capture=None) -> str:
    with capture(execute=True):
        response = client.post("/meine-daten/", {"email": email})
    assert response.status_code == 200
    return LINK.search(mail.outbox[-1].body).group(1)


def test_link_is_mailed_and_the_page_does_not_reveal_whether_data_exists(
    client, rita, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/meine-daten/", {"email": EMAIL}).content.decode()
        unknown = client.post("/meine-daten/", {"email": "niemand@example.org"}).content.decode()
    assert "ist jetzt eine E-Mail mit einem Link unterwegs" in known
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert [m.to for m in mail.outbox] == [[EMAIL], ["niemand@example.org"]]


def test_person_sees_all_her_data(client, rita, django_capture_on_commit_callbacks):
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]  # never kept by a shared cache or the browser
    page = response.content.decode()
    for text in (
        "Rita Rückkehr",
        "Sucht Pflegestelle, zwei Kinder.",
        "Hallo Rita",
        "Markt 1, 17139 Malchin",
        "Probewohnung",
    ):
        assert text in page
    assert "otto@example.org" not in page


def test_json_export_holds_everything_and_nothing_of_others(client, rita, django_capture_on_commit_callbacks):
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    response = client.get(path + "daten.json")
    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.json"'
    data = json.loads(response.content)
    assert data["email"] == EMAIL
    assert [i["name"] for i in data["inquiries"]] == ["Rita Rückkehr"]
    case = data["cases"][0]
    assert case["notes"][0]["text"] == "Sucht Pflegestelle, zwei Kinder."
    assert case["tasks"][0]["title"] == "Anrufen"
    assert case["emails"][0]["subject"] == "Hallo Rita"
    assert data["trial_applications"][0]["status"] == "angenommen"
    assert data["event_registrations"][0]["persons"] == 2
    assert data["welcome_boxes"][0]["address"] == "Markt 1, 17139 Malchin"
    assert {c["purpose"] for c in data["consents"]} == {"inquiry", "trial", "event", "welcome_box"}
    assert "otto" not in response.content.decode()


def test_pdf_export(client, rita, django_capture_on_commit_callbacks):
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    response = client.get(path + "daten.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def _rows_mentioning(email: str) -> list[str]:
    """Every row of every portal model that still holds the address (or the name)."""
    found = []
    for model in apps.get_app_config("portal").get_models():
        for obj in model.objects.all():
            values = " ".join(str(getattr(obj, f.attname, "")) for f in model._meta.concrete_fields)
            if email in values or "Rita" in values:
                found.append(f"{model.__name__} #{obj.pk}")
    return found


def test_delete_leaves_only_anonymous_counts(client, rita, django_capture_on_commit_callbacks):
    case, other = rita
    stats_before = InquiryStat.objects.count()
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    assert "Alle Daten löschen?" in client.get(path + "loeschen/").content.decode()
    response = client.post(path + "loeschen/")
    assert "Ihre Daten sind gelöscht" in response.content.decode()
    assert _rows_mentioning(EMAIL) == []
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseNote.objects.exists() and not CaseEmail.objects.filter(case_id=case.pk).exists()
    assert not TrialNight.objects.exists()  # the booked nights are free again
    # The anonymous counts remain, unlinked; the other person's case is untouched.
    assert InquiryStat.objects.count() == stats_before
    assert InquiryStat.objects.filter(case__isnull=True).count() == 1
    assert Case.objects.filter(pk=other.pk).exists()
    assert Consent.objects.filter(email="otto@example.org").exists()


def test_link_expires_after_24_hours(client, rita, monkeypatch, django_capture_on_commit_callbacks):
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    later = time.time() + 25 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(path + "loeschen/")
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert Inquiry.objects.filter(email=EMAIL).exists()


def test_forged_link_is_refused(client, rita):
    response = client.get("/meine-daten/" + signing.dumps({"e": EMAIL}, salt="falsch") + "/")
    assert response.status_code == 400
    assert Inquiry.objects.filter(email=EMAIL).exists()


# --- purge-expired --------------------------------------------------------------------------


@pytest.fixture
def mixed(municipality):
    now = timezone.now()
    expired = [
        CaseFactory(inquiry__municipality=municipality, retain_until=now - timedelta(days=d))
        for d in (1, 400)
    ]
    kept = [
        CaseFactory(inquiry__municipality=municipality, retain_until=now + timedelta(days=d))
        for d in (1, 700)
    ]
    stale = InquiryFactory(municipality=municipality, created_at=now - timedelta(days=8))  # never confirmed
    fresh = InquiryFactory(municipality=municipality, created_at=now - timedelta(days=6))
    apartment = TrialApartmentFactory(municipality=municipality)
    old_app = TrialApplicationFactory(
        apartment=apartment,
        arrival=timezone.localdate() - timedelta(days=400),
        departure=timezone.localdate() - timedelta(days=393),
        created_at=now - timedelta(days=420),
    )
    new_app = TrialApplicationFactory(apartment=apartment)
    return {
        "expired": expired,
        "kept": kept,
        "stale": stale,
        "fresh": fresh,
        "old_app": old_app,
        "new_app": new_app,
    }


def test_purge_removes_exactly_the_expired_records(mixed):
    stats_before = InquiryStat.objects.count()
    removed = services.purge_expired()
    assert {(i.kind, i.pk) for i in removed} == {
        ("Fall", mixed["expired"][0].pk),
        ("Fall", mixed["expired"][1].pk),
        ("Erhebungsbogen (unbestätigt)", mixed["stale"].pk),
        ("Bewerbung Probewohnen", mixed["old_app"].pk),
    }
    assert set(Case.objects.values_list("pk", flat=True)) == {c.pk for c in mixed["kept"]}
    remaining_inquiries = set(Inquiry.objects.values_list("pk", flat=True))
    assert remaining_inquiries == {c.inquiry_id for c in mixed["kept"]} | {mixed["fresh"].pk}
    assert set(TrialApplication.objects.values_list("pk", flat=True)) == {mixed["new_app"].pk}
    # Consents of deleted records are gone, those still in use stay.
    used = {i.consent_id for i in Inquiry.objects.all()} | {
        a.consent_id for a in TrialApplication.objects.all()
    }
    assert set(Consent.objects.values_list("pk", flat=True)) == used
    assert InquiryStat.objects.count() == stats_before  # anonymous counts remain


def test_purge_is_idempotent(mixed):
    assert len(services.purge_expired()) == 4
    assert services.purge_expired() == []


def test_dry_run_lists_and_deletes_nothing(mixed):
    out = StringIO()
    call_command("purge-expired", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"würde gelöscht: Fall #{mixed['expired'][0].pk}" in text
    assert "4 Datensätze würde gelöscht." in text
    assert Case.objects.count() == 4 and Inquiry.objects.count() == 6
    out = StringIO()
    call_command("purge-expired", stdout=out)
    assert "4 Datensätze gelöscht." in out.getvalue()
    out = StringIO()
    call_command("purge-expired", stdout=out)
    assert "Nichts abgelaufen" in out.getvalue()


def test_activity_extends_the_retention(case, lotse):
    case.retain_until = timezone.now() + timedelta(days=1)
    case.save()
    services.case_add_note(actor=lotse, case=case, text="Telefonat")
    case.refresh_from_db()
    assert case.retain_until > timezone.now() + timedelta(days=700)


def test_event_registrations_and_welcome_boxes_expire(municipality):
    now = timezone.now()
    event = EventFactory(municipality=municipality, capacity=5)
    services.event_register(event=event, name="A", email="a@example.org", persons=1, consent_given=True)
    box = services.welcome_box_request(
        municipality=municipality,
        name="B",
        email="b@example.org",
        address="X",
        moved_in_on=None,
        household=1,
        consent_given=True,
    )
    assert services.purge_expired(now=now) == []
    removed = services.purge_expired(now=now + timedelta(days=200))
    assert {i.kind for i in removed} == {"Anmeldung", "Willkommensbox-Anfrage"}
    assert not EventRegistration.objects.exists() and not WelcomeBoxRequest.objects.filter(pk=box.pk).exists()


def test_link_requests_are_rate_limited_without_telling(client, rita, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8):
            response = client.post("/meine-daten/", {"email": EMAIL})
            assert "ist jetzt eine E-Mail mit einem Link unterwegs" in response.content.decode()
    assert len(mail.outbox) == 5  # five links per address and hour; the page looks the same


def test_inquiry_form_is_rate_limited(client, portal):
    data = {"name": "X", "life_phase": "fachkraft", "timeframe": "0-3", "origin": "11", "consent": "on"}
    statuses = [
        client.post(
            f"/ankommen/{portal.municipality.slug}/erhebungsbogen/", data | {"email": f"x{i}@example.org"}
        ).status_code
        for i in range(12)
    ]
    assert statuses == [302] * 10 + [429] * 2
    assert Inquiry.objects.count() == 10


def test_pdf_shows_german_labels_and_dates_not_field_names(
    client, rita, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = {}

    def fake_pdf(html: str) -> bytes:
        rendered["html"] = html
        return b"%PDF-fake"

    monkeypatch.setattr("leuchtfeuer.portal.views.html_to_pdf", fake_pdf)
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    client.get(path + "daten.pdf")
    html = rendered["html"]
    for code in ("life_phase", "is_returnee", "exported_at", "welcome_box ·", ">inquiry<"):
        assert code not in html
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", html)  # no ISO timestamps
    assert "Lebensphase" in html and "Früher hier gelebt" in html
    assert "Anmeldung zu einer Veranstaltung" in html  # consent purpose in words
    assert "Sucht Pflegestelle, zwei Kinder." in html


def test_web_view_shows_every_answer_and_consents_in_words(client, rita, django_capture_on_commit_callbacks):
    inquiry = rita[0].inquiry
    inquiry.needs_kita = True
    inquiry.save()
    path = request_link(client, capture=django_capture_on_commit_callbacks)
    page = client.get(path).content.decode()
    for label in ("Kita-Platz gesucht", "Schule gesucht", "Interesse am Probewohnen", "Früher hier gelebt"):
        assert label in page
    assert "Willkommensbox" in page and "Bewerbung zum Probewohnen" in page
    assert "welcome_box ·" not in page and "inquiry ·" not in page
    assert "Aufgaben" in page and "Anrufen" in page
