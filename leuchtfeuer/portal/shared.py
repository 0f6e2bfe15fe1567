"""What the portal's writes share: e-mail addresses, consent records, e-mails after commit,
signed links and uploaded images.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from leuchtfeuer.accounts.models import Membership, Role
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import consent as consent_texts
from leuchtfeuer.portal.models import Consent


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def clean_email(email: str, field: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({field: _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    return email


def send(subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> None:
    message = EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=to,
        reply_to=reply_to or None,
    )
    message.send()


def mail_language(consent: Consent | None):
    """`with mail_language(consent):` — a mail to a person in the language she used on the portal
    (recorded with her consent: English or German; Leichte Sprache pages are German)."""
    return translation.override("en" if consent is not None and consent.language == "en" else "de")


def notify_lotsen(municipality: Municipality, subject: str, text: str) -> None:
    """Tell the town's Lotsen about something new, without personal data in the e-mail."""
    recipients = sorted(
        set(
            Membership.objects.filter(municipality=municipality, role=Role.LOTSE).values_list(
                "user__email", flat=True
            )
        )
    )
    if recipients:
        send_on_commit(
            f"{subject} in {municipality.display_name}",
            f"Guten Tag,\n\n{text}\n\n(Aus Datenschutzgründen stehen keine persönlichen Angaben in dieser E-Mail.)\n",
            recipients,
        )


def send_on_commit(subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> None:
    transaction.on_commit(lambda: send(subject, body, to, reply_to))


def consent_record(*, email: str, text: consent_texts.ConsentText, given: bool) -> Consent:
    if not given:
        raise ValidationError(
            {"consent": _("Ohne Ihre Einwilligung können wir die Angaben nicht speichern.")}
        )
    return Consent.objects.create(
        email=email,
        purpose=text.purpose,
        version=text.version,
        text=str(text.text),  # exactly as shown, in the language shown
        language=translation.get_language() or "de",
        retention_months=text.retention_months,
    )


def load_signed(token: str, *, salt: str, max_age: timedelta, expired: str, invalid: str) -> dict:
    """The payload of a signed link, or a ValidationError saying plainly what is wrong with it."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(expired) from exc
    except signing.BadSignature as exc:
        raise ValidationError(invalid) from exc
