from django.apps import AppConfig


class ProjectionsConfig(AppConfig):
    """Population projections for every Gemeinde: engine (pure numpy), backtests, scenarios."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leuchtfeuer.projections"
    label = "projections"
    verbose_name = "Bevölkerungsvorausberechnung"
