from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "leuchtfeuer.portal"
    label = "portal"
    verbose_name = "Bleiben, Zurückkommen, Ankommen"
