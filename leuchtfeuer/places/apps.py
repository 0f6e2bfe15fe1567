from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "leuchtfeuer.places"
    label = "places"
    verbose_name = "Orte und amtliche Statistik"

    def ready(self) -> None:
        from leuchtfeuer.core.generated import register_builder
        from leuchtfeuer.places.public_views import PROFILE_PDF_BUILDER, build_profile_pdf

        # the Kommunalprofil PDF, built by a worker (the request may leave the outlook to it)
        register_builder(PROFILE_PDF_BUILDER, build_profile_pdf)
