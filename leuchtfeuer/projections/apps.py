from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    """Population projections for every Gemeinde: engine (pure numpy), backtests, scenarios."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leuchtfeuer.projections"
    label = "projections"
    verbose_name = "Bevölkerungsvorausberechnung"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register

        register(Panel("projections", 30, "projections/_dashboard_panel.html", dashboard_panel_context))


def dashboard_panel_context(request, municipality) -> dict | None:
    """The scenario panel on /kommunen/<slug>/ for those who may read scenarios (one query)."""
    user = request.user
    if not user.has_perm("projections.view_scenario", municipality):
        return None
    return {
        "municipality": municipality,
        "count": municipality.scenarios.count(),
        "can_add": user.has_perm("projections.add_scenario", municipality),
    }
