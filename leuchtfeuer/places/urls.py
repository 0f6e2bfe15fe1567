from django.urls import path

from leuchtfeuer.places import public_views, views

app_name = "places"

urlpatterns = [
    # Public: search and the Kommunalprofil of every region.
    path("orte/", public_views.region_search, name="region-search"),
    path("orte/<str:key>/", public_views.profile, name="profile"),
    path("orte/<str:key>/kommunalprofil.<str:fmt>", public_views.profile_export, name="profile-export"),
    # Internal workspace of a municipality.
    path("kommunen/neu/", views.municipality_register, name="municipality-register"),
    path("kommunen/<slug:slug>/", views.municipality_dashboard, name="municipality-dashboard"),
    path("kommunen/<slug:slug>/kontakt/", views.contact_update, name="municipality-contact"),
    path("kommunen/<slug:slug>/ortsteile/neu/", views.ortsteil_create, name="ortsteil-create"),
    path("kommunen/<slug:slug>/ortsteile/daten/", views.ortsteil_data_upload, name="ortsteil-data-upload"),
    path("kommunen/<slug:slug>/ortsteile/<int:pk>/loeschen/", views.ortsteil_delete, name="ortsteil-delete"),
    path("kommunen/<slug:slug>/rollen/neu/", views.membership_create, name="membership-create"),
    path(
        "kommunen/<slug:slug>/rollen/<int:pk>/entfernen/", views.membership_delete, name="membership-delete"
    ),
    path("kommunen/<slug:slug>/protokoll/", views.audit_log, name="audit-log"),
]
