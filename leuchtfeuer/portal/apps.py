from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "leuchtfeuer.portal"
    label = "portal"
    verbose_name = "Bleiben, Zurückkommen, Ankommen"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register, register_personal
        from leuchtfeuer.portal.personal import personal_panel_context
        from leuchtfeuer.portal.selectors import dashboard_panel_context

        register(Panel("portal", 40, "portal/_dashboard_panel.html", dashboard_panel_context))
        register_personal(Panel("portal", 10, "portal/_personal_panel.html", personal_panel_context))
