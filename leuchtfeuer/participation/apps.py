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
        from django.db.models.signals import post_delete, post_save

        from leuchtfeuer.core.generated import register_builder
        from leuchtfeuer.core.panels import Panel, register, register_personal
        from leuchtfeuer.participation.budgets.letters import KIND, LETTERS_KEEP, letters_build
        from leuchtfeuer.participation.pages import clear_page_cache
        from leuchtfeuer.participation.selectors import personal_panel_context

        register(
            Panel("participation", 40, "participation/_dashboard_panel.html", participation_panel_context)
        )
        register_personal(
            Panel("participation", 20, "participation/_personal_panel.html", personal_panel_context)
        )
        register_builder(KIND, letters_build, keep=LETTERS_KEEP)
        # the vote page's short-lived copy (pages.ballot_page_or_404) follows every saved change
        for model in (
            "participation.Project",
            "participation.Phase",
            "participation.Budget",
            "participation.Proposal",
            "places.Municipality",
            "places.Ortsteil",
        ):
            post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pages-{model}-save")
            post_delete.connect(clear_page_cache, sender=model, dispatch_uid=f"pages-{model}-delete")
