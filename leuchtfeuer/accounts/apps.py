from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "leuchtfeuer.accounts"
    label = "accounts"
    verbose_name = "Konten und Rollen"
