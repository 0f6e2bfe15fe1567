from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "leuchtfeuer.funding"
    label = "funding"
    verbose_name = "Förderung"
