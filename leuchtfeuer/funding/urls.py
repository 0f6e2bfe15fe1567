"""URLs of this part; included at the site root, so every path here is complete.

The overview pages are here; each sub-domain names its own pages in its ``urls.py``.
"""

from django.urls import path

from leuchtfeuer.funding import views
from leuchtfeuer.funding.applications import urls as applications_urls
from leuchtfeuer.funding.calls import urls as calls_urls
from leuchtfeuer.funding.grants import urls as grants_urls
from leuchtfeuer.funding.programmes import urls as programmes_urls
from leuchtfeuer.funding.review import urls as review_urls
from leuchtfeuer.funding.selection import urls as selection_urls

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.catalogue, name="catalogue"),
    path("foerderung/programme/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("kommunen/<slug:slug>/foerderung/", views.town_overview, name="town-overview"),
    path("geschaeftsstelle/foerderung/", views.office_overview, name="office"),
    *programmes_urls.urlpatterns,
    *calls_urls.urlpatterns,
    *applications_urls.urlpatterns,
    *review_urls.urlpatterns,
    *selection_urls.urlpatterns,
    *grants_urls.urlpatterns,
]
