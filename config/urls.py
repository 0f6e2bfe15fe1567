from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from leuchtfeuer.accounts.views import LoginView
from leuchtfeuer.api import api
from leuchtfeuer.core.health import healthz
from leuchtfeuer.core.observability import metrics

admin.site.site_header = "Leuchtfeuer – Verwaltung"
# The admin has no login of its own: it sends to the allauth login (rate limits, second factor);
# StaffTwoFactorMiddleware keeps a session without a verified second factor out of every page.
admin.site.login = secure_admin_login(admin.site.login)
# TOTP secrets and recovery codes are nobody's business but their owner's.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.METRICS_PATH, metrics, name="metrics"),
    path("konto/login/", LoginView.as_view(), name="account_login"),
    path("konto/", include("allauth.urls")),
    path("api/", api.urls),
    path("", include("leuchtfeuer.places.urls")),
    path("", include("leuchtfeuer.projections.urls")),
    path("", include("leuchtfeuer.werkstatt.urls")),
    path("", include("leuchtfeuer.werkstatt.reports.urls")),
    path("", include("leuchtfeuer.knowledge.urls")),
    path("", include("leuchtfeuer.portal.urls")),
    path("", include("leuchtfeuer.participation.urls")),
    path("", include("leuchtfeuer.funding.urls")),
    path("", include("leuchtfeuer.matching.urls")),
    path("", include("leuchtfeuer.finance.urls")),
    path("verwaltung/", admin.site.urls),
    path("", include("leuchtfeuer.home.urls")),
]

handler403 = "leuchtfeuer.core.errors.forbidden"
handler404 = "leuchtfeuer.core.errors.not_found"
handler500 = "leuchtfeuer.core.errors.server_error"
