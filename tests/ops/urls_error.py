"""The project's URLs plus one view that fails, to see the error page a visitor gets."""

from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("geheimer Stacktrace-Inhalt: DATABASE_URL=postgres://u:pw@db/x")


urlpatterns = [path("kaputt/", boom), *urlpatterns]
