from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "leuchtfeuer.funding"
    label = "funding"
    verbose_name = "Förderung"

    def ready(self) -> None:
        from leuchtfeuer.core.generated import register_builder
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.funding.panels import fit_panel_context
        from leuchtfeuer.funding.selection.services import SELECTION_JOB, selection_build

        register(Panel("funding", 40, "funding/_dashboard_panel.html", fit_panel_context))
        # the selection of a large call is computed by a worker
        register_builder(SELECTION_JOB, selection_build)
