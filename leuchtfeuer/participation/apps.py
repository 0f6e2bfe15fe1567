from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "leuchtfeuer.participation"
    label = "participation"
    verbose_name = "Beteiligung"
