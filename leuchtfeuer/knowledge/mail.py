"""Who the knowledge part writes to, and how: through core.mail after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.places.models import Municipality


def send_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """One message (subject with the platform prefix) to the distinct addresses, sorted."""
    mail_on_commit(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, sorted({r for r in recipients if r})
    )


def town_staff_emails(municipality: Municipality | None) -> list[str]:
    """Coordinators and team of a town, plus its contact address."""
    if municipality is None:
        return []
    emails = list(
        Membership.objects.filter(municipality=municipality, role__in=[Role.KOORDINATION, Role.TEAM])
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if municipality.contact_email:
        emails.append(municipality.contact_email)
    return emails


def office_emails() -> list[str]:
    return list(User.objects.filter(is_programme_office=True, is_active=True).values_list("email", flat=True))
