from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "leuchtfeuer.finance"
    label = "finance"
    verbose_name = "Finanz-Simulator"
