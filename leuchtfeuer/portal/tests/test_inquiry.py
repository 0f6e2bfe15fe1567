"""Erhebungsbogen → case: explicit consent with purpose and retention, double opt-in by signed link."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal import services
from leuchtfeuer.portal.models import Case, Consent, Inquiry, InquiryStat

LINK = re.compile(r"http://testserver(/ankommen/bestaetigen/[^/\s]+/)")

FORM = {
    "name": "Rita Rückkehr",
    "email": "Rita@Example.org",
    "life_phase": "junge-familie",
    "is_returnee": "on",
    "job_field": "gesundheit",
    "housing_type": "wohnung",
    "needs_kita": "on",
    "timeframe": "0-3",
    "origin": "11",
    "origin_place": "Berlin",
    "consent": "on",
}


def post_form(client, portal, **changes):
    data = {k: v for k, v in (FORM | changes).items() if v is not None}
    return client.post(f"/ankommen/{portal.municipality.slug}/erhebungsbogen/", data)


def test_without_consent_nothing_is_stored_and_the_form_says_why(
    client, portal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, portal, consent=None)
    assert response.status_code == 422
    assert "Ohne Ihre Einwilligung können wir die Angaben nicht speichern." in response.content.decode()
    assert not Inquiry.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []


def test_service_refuses_without_consent(portal):
    with pytest.raises(ValidationError) as info:
        services.inquiry_submit(
            municipality=portal.municipality,
            email="a@example.org",
            data={"name": "A", "life_phase": "fachkraft", "timeframe": "0-3", "origin": "11"},
            consent_given=False,
            base_url="",
        )
    assert "consent" in info.value.message_dict
    assert not Inquiry.objects.exists()


def test_submit_stores_consent_text_and_mails_a_link_but_opens_no_case(
    client, portal, lotse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, portal)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.email == "rita@example.org"
    assert inquiry.confirmed_at is None
    consent = inquiry.consent
    assert consent.purpose == "inquiry" and consent.version == consent_texts.INQUIRY.version
    assert consent.retention_months == 24
    assert "24 Monate" in consent.text and "Art. 6" in consent.text  # purpose, retention and basis, as shown
    assert consent.language == "de" and consent.confirmed_at is None
    assert not Case.objects.exists()  # the Lotse sees nothing before the double opt-in
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@example.org"]
    assert LINK.search(message.body)


def test_confirmation_opens_exactly_one_case_for_the_lotse(
    client, portal, lotse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, portal)
    path = LINK.search(mail.outbox[0].body).group(1)
    # GET only asks (mail scanners follow links); POST confirms.
    assert "Ja, Anfrage bestätigen" in client.get(path).content.decode()
    assert not Case.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert "Ihre Anfrage ist bestätigt" in response.content.decode()
    case = Case.objects.get()
    assert case.lotse == lotse and case.stage == "neu"
    assert case.inquiry.confirmed_at is not None and case.inquiry.consent.confirmed_at is not None
    stat = InquiryStat.objects.get()
    assert stat.case == case and stat.needs == ["job", "housing", "kita"] and stat.origin == "11"
    # The Lotse is told, without personal data in the mail.
    notice = mail.outbox[-1]
    assert notice.to == [lotse.email] and f"Fall #{case.pk}" in notice.subject
    assert "Rita" not in notice.body and "rita@example.org" not in notice.body
    # Confirming again changes nothing.
    client.post(path)
    assert Case.objects.count() == 1 and InquiryStat.objects.count() == 1
    assert AuditEntry.objects.filter(action="case.open").count() == 1


def test_tampered_link_is_refused(client, portal):
    response = client.post("/ankommen/bestaetigen/abc:def/")
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    assert not Case.objects.exists()


def test_link_expires_after_seven_days(client, portal, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, portal)
    path = LINK.search(mail.outbox[0].body).group(1)
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(path)
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert not Case.objects.exists()


def test_link_of_another_salt_is_refused(portal):
    inquiry = services.inquiry_submit(
        municipality=portal.municipality,
        email="b@example.org",
        data={"name": "B", "life_phase": "fachkraft", "timeframe": "0-3", "origin": "11"},
        consent_given=True,
        base_url="",
    )
    # A "Meine Daten" token is signed too, but must not confirm an inquiry.
    with pytest.raises(ValidationError):
        services.inquiry_confirm(token=services.my_data_token(inquiry.email))


def test_english_form_stores_the_english_consent_text(client, portal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ankommen/{portal.municipality.slug}/erhebungsbogen/?lang=en", FORM)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.language == "en"
    assert "24 months" in consent.text
    assert "Please confirm your inquiry" in mail.outbox[-1].subject  # e-mails follow her language


def test_case_pipeline_stage_change_updates_the_anonymous_count(case, lotse):
    services.case_set_stage(actor=lotse, case=case, stage="gespraech")
    services.case_set_stage(actor=lotse, case=case, stage="zugezogen", note="Hat eine Wohnung gefunden.")
    case.refresh_from_db()
    assert case.decided_at is not None
    stat = InquiryStat.objects.get(case=case)
    assert stat.outcome == "zugezogen" and stat.days_to_decision == 0
    assert case.notes.get().text == "Hat eine Wohnung gefunden."


def test_only_lotse_or_coordinator_changes_a_case(case, role_user):
    team = role_user(Role.TEAM, case.municipality)
    with pytest.raises(Exception, match="Berechtigung"):
        services.case_set_stage(actor=team, case=case, stage="gespraech")


def test_email_to_the_person_goes_out_with_reply_to_the_lotse(
    case, lotse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_send_email(actor=lotse, case=case, subject="Ihr Besuch", body="Wann passt es Ihnen?")
    message = mail.outbox[-1]
    assert message.to == [case.inquiry.email] and message.reply_to == [lotse.email]
    assert "Wann passt es Ihnen?" in message.body
    assert case.emails.get().subject == "Ihr Besuch"


def test_due_task_reminders_are_mailed_once(case, lotse, django_capture_on_commit_callbacks):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    services.case_add_task(actor=lotse, case=case, title="Rückruf", due_on=timezone.localdate())
    services.case_add_task(
        actor=lotse, case=case, title="Später", due_on=timezone.localdate() + timedelta(days=3)
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("portal-reminders", stdout=out)
    assert "1 Erinnerungen verschickt." in out.getvalue()
    assert mail.outbox[-1].to == [lotse.email] and "Rückruf" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("portal-reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
