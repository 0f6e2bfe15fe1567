from django.urls import path

from leuchtfeuer.places import views

app_name = "places"

urlpatterns = [
    path("neu/", views.municipality_register, name="municipality-register"),
    path("<slug:slug>/", views.municipality_dashboard, name="municipality-dashboard"),
    path("<slug:slug>/kontakt/", views.contact_update, name="municipality-contact"),
    path("<slug:slug>/ortsteile/neu/", views.ortsteil_create, name="ortsteil-create"),
    path("<slug:slug>/ortsteile/<int:pk>/loeschen/", views.ortsteil_delete, name="ortsteil-delete"),
    path("<slug:slug>/rollen/neu/", views.membership_create, name="membership-create"),
    path("<slug:slug>/rollen/<int:pk>/entfernen/", views.membership_delete, name="membership-delete"),
    path("<slug:slug>/protokoll/", views.audit_log, name="audit-log"),
]
