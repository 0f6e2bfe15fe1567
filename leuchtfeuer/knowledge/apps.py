from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "leuchtfeuer.knowledge"
    label = "knowledge"
    verbose_name = "Wissen und Netzwerk"

    def ready(self) -> None:
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.knowledge.panels import recommendations_panel

        register(Panel("knowledge", 40, "knowledge/_dashboard_panel.html", recommendations_panel))
