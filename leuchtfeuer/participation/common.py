"""What the services of every sub-domain share: login and phase checks, e-mail after commit, text cleaning."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leuchtfeuer.core.mail import mail_on_commit
from leuchtfeuer.participation.phases import PHASE_BY_KEY, allows, current_phase
from leuchtfeuer.participation.projects.models import Project


def require_login(actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Bitte melden Sie sich dafür an.")


def require_phase(project: Project, action: str, *, now: datetime | None = None):
    now = now or timezone.now()
    phase = current_phase(project.phases.all(), now)
    if not project.is_published or not allows(phase, action):
        label = {
            "propose": "Vorschläge einreichen",
            "comment": "kommentieren",
            "rate": "bewerten",
            "vote": "abstimmen",
        }.get(action, action)
        when = ""
        for candidate in project.phases.all():
            if action in PHASE_BY_KEY[candidate.kind].allows:
                start = timezone.localtime(candidate.starts_at).strftime("%d.%m.%Y %H:%M")
                end = timezone.localtime(candidate.ends_at).strftime("%d.%m.%Y %H:%M")
                when = f" Das ist möglich vom {start} bis {end} Uhr."
        raise ValidationError(f"In „{project.title}“ kann man gerade nicht {label}.{when}")
    return phase


def notify(user, subject: str, body: str) -> None:
    """E-mail after the transaction commits (never for users without an address)."""
    if user is None:
        return
    mail_on_commit(f"[Leuchtfeuer] {subject}", body, [getattr(user, "email", "")], fail_silently=True)


def clean_text(value: str, field: str, label: str, *, max_length: int | None = None, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label}: Bitte ausfüllen."})
    if max_length and len(value) > max_length:
        raise ValidationError({field: f"{label}: höchstens {max_length} Zeichen (jetzt {len(value)})."})
    return value
