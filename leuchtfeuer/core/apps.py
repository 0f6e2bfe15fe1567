from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leuchtfeuer.core"
    label = "core"
    verbose_name = "Kern"
