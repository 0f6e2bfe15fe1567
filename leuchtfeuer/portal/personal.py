""" "Mein Bereich": what a signed-in person has in the portals (her Erhebungsbögen with their
state, event registrations, Probewohnen applications).

Portal records carry an e-mail address, not an account (people use the portal without one). A
signed-in person sees the records of her *verified* addresses only — the same proof of control of
the address as the link of "Meine Daten", which holds the full data and the deletion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db.models import Q

from leuchtfeuer.portal.models import EventRegistration, Inquiry, TrialApplication


@dataclass
class MyPortal:
    inquiries: list[Inquiry] = field(default_factory=list)
    registrations: list[EventRegistration] = field(default_factory=list)
    trials: list[TrialApplication] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.inquiries or self.registrations or self.trials)


def verified_emails(user) -> list[str]:
    return list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))


def _email_q(emails: list[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(email__iexact=email)
    return q


def my_portal(user) -> MyPortal:
    """The person's portal records (four queries)."""
    emails = verified_emails(user)
    if not emails:
        return MyPortal()
    q = _email_q(emails)
    return MyPortal(
        inquiries=list(
            Inquiry.objects.filter(q).select_related("municipality", "case").order_by("-created_at")
        ),
        registrations=list(
            EventRegistration.objects.filter(q)
            .select_related("event", "event__municipality")
            .order_by("-event__starts_at")
        ),
        trials=list(
            TrialApplication.objects.filter(q)
            .select_related("apartment", "apartment__municipality")
            .order_by("-arrival")
        ),
    )


def personal_panel_context(request) -> dict | None:
    mine = my_portal(request.user)
    return {"mine": mine} if mine else None
