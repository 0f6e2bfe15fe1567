from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "leuchtfeuer.portal"
    label = "portal"
    verbose_name = "Bleiben, Zurückkommen, Ankommen"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.portal.selectors import dashboard_panel_context

        register(Panel("portal", 40, "portal/_dashboard_panel.html", dashboard_panel_context))
