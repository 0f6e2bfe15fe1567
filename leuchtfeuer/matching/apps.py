from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "leuchtfeuer.matching"
    label = "matching"
    verbose_name = "Matching-Agentur"
