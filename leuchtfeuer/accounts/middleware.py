"""Every staff role must use two-factor login (TOTP)."""

from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from leuchtfeuer.accounts.roles import has_staff_role

# Paths a staff member without TOTP may still open: set-up, logout, health and static files.
_OPEN_PREFIXES = ("/konto/", "/static/", "/healthz", "/media/", "/favicon")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not self._session_used_mfa(request, user)
            and has_staff_role(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "Ihre Rolle gibt Zugriff auf interne Inhalte einer Kommune. Bitte richten Sie zuerst "
                "die Zwei-Faktor-Anmeldung mit einer Authenticator-App ein.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _session_used_mfa(request, user) -> bool:
        return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))
