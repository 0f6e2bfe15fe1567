"""URLs of the Werkstatt reports (Zwischenbilanz PDF, Kurzbericht, office overview, method kits).

Included at the site root beside werkstatt/urls.py (config/urls.py), so every path here is complete.
"""

from django.urls import path

from leuchtfeuer.werkstatt.reports import views

app_name = "werkstatt_reports"

P = "kommunen/<slug:slug>/werkstatt/"

urlpatterns = [
    # Zwischenbilanz as a document.
    path(P + "zwischenbilanz/bericht/", views.zwischenbilanz_document, name="zwischenbilanz"),
    path(
        P + "zwischenbilanz/bericht.<str:fmt>", views.zwischenbilanz_download, name="zwischenbilanz-download"
    ),
    # Yearly Kurzbericht.
    path(P + "kurzbericht/", views.report_list, name="reports"),
    path(P + "kurzbericht/<int:year>/", views.report_detail, name="report"),
    path(P + "kurzbericht/<int:year>/einreichen/", views.report_submit, name="report-submit"),
    path(P + "kurzbericht/<int:year>/rueckmeldung/", views.report_review, name="report-review"),
    path(P + "kurzbericht/<int:year>/bericht.<str:fmt>", views.report_download, name="report-download"),
    # Method kits: the town's filled-in version and the blank public ones.
    path(P + "methodenkoffer/<slug:key>.<str:fmt>", views.town_kit_download, name="town-kit"),
    path("werkstatt/methodenkoffer/", views.kit_list, name="kits"),
    path("werkstatt/methodenkoffer/<slug:key>.<str:fmt>", views.kit_download, name="kit"),
    # The programme office.
    path("geschaeftsstelle/werkstatt/", views.office, name="office"),
    path("geschaeftsstelle/werkstatt/auswertung.<str:fmt>", views.office_export, name="office-export"),
]
