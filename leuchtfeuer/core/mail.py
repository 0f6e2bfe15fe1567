"""E-mail from services: sent after the transaction commits, never for a rolled-back change."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction


def mail_on_commit(
    subject: str,
    body: str,
    recipients: Iterable[str | None],
    *,
    from_email: str | None = None,
    fail_silently: bool = True,
) -> None:
    """Send one message to the distinct, non-empty ``recipients`` (in their order) after commit.

    ``fail_silently``: a mail server that is down must not undo a decision already committed;
    the change is in the audit log and visible on the page either way.
    """
    to = list(dict.fromkeys(r for r in recipients if r))
    if not to:
        return

    def send() -> None:
        send_mail(subject, body, from_email, to, fail_silently=fail_silently)

    transaction.on_commit(send)
