from django.contrib import admin
from django.urls import include, path

from leuchtfeuer.api import api
from leuchtfeuer.core.views import healthz

admin.site.site_header = "Leuchtfeuer – Verwaltung"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("konto/", include("allauth.urls")),
    path("api/", api.urls),
    path("", include("leuchtfeuer.places.urls")),
    path("", include("leuchtfeuer.projections.urls")),
    path("", include("leuchtfeuer.werkstatt.urls")),
    path("", include("leuchtfeuer.werkstatt.urls_reports")),
    path("", include("leuchtfeuer.knowledge.urls")),
    path("", include("leuchtfeuer.portal.urls")),
    path("", include("leuchtfeuer.participation.urls")),
    path("", include("leuchtfeuer.funding.urls")),
    path("verwaltung/", admin.site.urls),
    path("", include("leuchtfeuer.core.urls")),
]

handler403 = "leuchtfeuer.core.errors.forbidden"
handler404 = "leuchtfeuer.core.errors.not_found"
handler500 = "leuchtfeuer.core.errors.server_error"
