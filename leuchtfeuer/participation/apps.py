from django.apps import AppConfig


def participation_panel_context(request, municipality) -> dict | None:
    """Dashboard panel: open moderation work and the participation projects (bounded queries)."""
    user = request.user
    if not user.has_perm("participation.manage_project", municipality):
        return None
    from leuchtfeuer.participation.models import Appeal, ContentReport, Idea, Project

    return {
        "municipality": municipality,
        "projects": list(Project.objects.filter(municipality=municipality).order_by("-created_at")[:5]),
        "reports": ContentReport.objects.filter(
            resolved_at__isnull=True, idea__project__municipality=municipality
        ).count()
        + ContentReport.objects.filter(
            resolved_at__isnull=True, comment__idea__project__municipality=municipality
        ).count(),
        "appeals": Appeal.objects.filter(outcome="offen", idea__project__municipality=municipality).count()
        + Appeal.objects.filter(outcome="offen", comment__idea__project__municipality=municipality).count(),
        "unanswered": Idea.objects.filter(
            project__municipality=municipality, official_answer="", moderation="visible"
        ).count(),
    }


class ParticipationConfig(AppConfig):
    name = "leuchtfeuer.participation"
    label = "participation"
    verbose_name = "Beteiligung"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register

        register(
            Panel("participation", 40, "participation/_dashboard_panel.html", participation_panel_context)
        )
