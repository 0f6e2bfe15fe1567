from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "leuchtfeuer.knowledge"
    label = "knowledge"
    verbose_name = "Wissen und Netzwerk"
