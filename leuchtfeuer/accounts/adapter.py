from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from leuchtfeuer.core.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up for Bürger:innen; roles are granted by coordinators and the programme office."""

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_SIGNUP_OPEN", True)

    def get_client_ip(self, request) -> str:
        # One rule for the whole platform (allauth's login limits and the portal's form limits):
        # behind TRUSTED_PROXY_COUNT proxies the client is taken from X-Forwarded-For.
        return client_ip(request)
