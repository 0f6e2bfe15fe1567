from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "leuchtfeuer.home"
    label = "home"
    verbose_name = "Startseite und Mein Bereich"
