"""E-mail from services: handed to the task queue after the transaction commits, never for a
rolled-back change. A worker sends it (core.tasks.send_mail_task) and retries with backoff when
the mail server is unreachable; a message that fails for good is visible to the platform admin
(Verwaltung → Task results)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

logger = logging.getLogger(__name__)


def mail_on_commit(
    subject: str,
    body: str,
    recipients: Iterable[str | None],
    *,
    from_email: str | None = None,
    fail_silently: bool = True,
) -> None:
    """Enqueue one message to the distinct, non-empty ``recipients`` (in their order) after commit.

    ``fail_silently``: if even the enqueueing fails, log it instead of raising — a decision already
    committed must not turn into an error page; the change is in the audit log either way.
    """
    from leuchtfeuer.core.tasks import send_mail_task

    to = list(dict.fromkeys(r for r in recipients if r))
    if not to:
        return

    def enqueue() -> None:
        try:
            send_mail_task.enqueue(subject, body, to, from_email)
        except Exception:
            if not fail_silently:
                raise
            logger.exception("could not enqueue e-mail %r", subject)

    transaction.on_commit(enqueue)
