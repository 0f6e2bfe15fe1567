from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "leuchtfeuer.funding"
    label = "funding"
    verbose_name = "Förderung"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.funding.panels import fit_panel_context

        register(Panel("funding", 40, "funding/_dashboard_panel.html", fit_panel_context))
