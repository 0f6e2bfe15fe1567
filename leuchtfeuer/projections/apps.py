from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    """Population projections for every Gemeinde: engine (pure numpy), backtests, scenarios."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leuchtfeuer.projections"
    label = "projections"
    verbose_name = "Bevölkerungsvorausberechnung"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.places.profile_sections import register as register_profile_section
        from leuchtfeuer.projections.presenters import profile_projection_context

        register(Panel("projections", 30, "projections/_dashboard_panel.html", dashboard_panel_context))
        # the population outlook on every Kommunalprofil (places imports no other part)
        register_profile_section(profile_projection_context)


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
