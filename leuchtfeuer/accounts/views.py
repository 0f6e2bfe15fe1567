"""The login page: allauth's, answering a locked account with HTTP 429 like every other limit."""

from __future__ import annotations

from allauth.account.views import LoginView as AllauthLoginView
from django.forms.forms import NON_FIELD_ERRORS


class LoginView(AllauthLoginView):
    """Too many wrong passwords for one account: the German message with status 429, so that the
    per-account lockout answers like the per-address limit (and as the README says)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = 429
        return response
