from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "leuchtfeuer.places"
    label = "places"
    verbose_name = "Orte und amtliche Statistik"
