"""Every staff role must use two-factor login (TOTP), whatever path the session came in by."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from leuchtfeuer.accounts.roles import has_staff_role

# Paths any session may open: health and static files.
_ALWAYS_OPEN = ("/static/", "/healthz", "/favicon")
# A staff member who has no second factor yet may use the account pages to set one up.
_SETUP_OPEN = ("/konto/",)


# Set when a TOTP device is set up in this session (the person typed a valid code); allauth's own
# records cover logins. Django's logout flushes the session, so the mark cannot outlive it.
SECOND_FACTOR_SESSION_KEY = "leuchtfeuer_second_factor_user"


def session_used_second_factor(request, user) -> bool:
    """True when this session's login (or a TOTP set-up in it) proved the second factor."""
    if request.session.get(SECOND_FACTOR_SESSION_KEY) == str(user.pk):
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def mark_second_factor(request, user) -> None:
    request.session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)


def needs_second_factor(user) -> bool:
    return bool(user.is_staff or has_staff_role(user))


class StaffTwoFactorMiddleware:
    """A staff session reaches nothing until its second factor is verified in this session.

    Having a TOTP device is not enough: a session opened by any other way (the Django admin's own
    login form, an old session from before the device was set up, a password-only login) is logged
    out and sent to the allauth login, which applies the rate limits and asks for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path.startswith(_ALWAYS_OPEN)
            or not needs_second_factor(user)
            or session_used_second_factor(request, user)
        ):
            return self.get_response(request)
        is_api = request.path.startswith("/api/")
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            # Has a second factor but did not use it in this session: not even the account
            # pages (password or e-mail change) are open to it.
            logout(request)
            if is_api:
                return JsonResponse({"detail": "Anmeldung mit zweitem Faktor erforderlich."}, status=401)
            messages.warning(
                request,
                "Bitte melden Sie sich mit E-Mail-Adresse, Passwort und dem Code Ihrer Authenticator-App an.",
            )
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if request.path.startswith(_SETUP_OPEN):
            return self.get_response(request)
        if is_api:
            return JsonResponse({"detail": "Richten Sie zuerst die Zwei-Faktor-Anmeldung ein."}, status=403)
        messages.warning(
            request,
            "Ihre Rolle gibt Zugriff auf interne Inhalte einer Kommune. Bitte richten Sie zuerst "
            "die Zwei-Faktor-Anmeldung mit einer Authenticator-App ein.",
        )
        return redirect(reverse("mfa_activate_totp"))
