from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "leuchtfeuer.accounts"
    label = "accounts"
    verbose_name = "Konten und Rollen"

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.signals import authenticator_added

        from leuchtfeuer.accounts.services import record_second_factor_on_setup

        # allauth announces a new TOTP device only through this signal; setting one up proves
        # the second factor (the person typed a valid code), so the session counts as verified.
        authenticator_added.connect(
            record_second_factor_on_setup, sender=Authenticator, dispatch_uid="lf-mfa-setup"
        )
