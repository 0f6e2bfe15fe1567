from django.apps import AppConfig


class WerkstattConfig(AppConfig):
    name = "leuchtfeuer.werkstatt"
    label = "werkstatt"
    verbose_name = "Werkstatt-Prozess"
