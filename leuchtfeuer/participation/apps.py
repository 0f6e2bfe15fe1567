from django.apps import AppConfig


def participation_panel_context(request, municipality) -> dict | None:
    """Dashboard panel: open moderation work, the projects with their phase, the Bürgerräte."""
    user = request.user
    if not user.has_perm("participation.manage_project", municipality):
        return None
    from leuchtfeuer.participation.selectors import dashboard_panel

    return dashboard_panel(
        municipality, with_assemblies=user.has_perm("participation.view_assembly", municipality)
    )


class ParticipationConfig(AppConfig):
    name = "leuchtfeuer.participation"
    label = "participation"
    verbose_name = "Beteiligung"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register, register_personal
        from leuchtfeuer.participation.selectors import personal_panel_context

        register(
            Panel("participation", 40, "participation/_dashboard_panel.html", participation_panel_context)
        )
        register_personal(
            Panel("participation", 20, "participation/_personal_panel.html", personal_panel_context)
        )
