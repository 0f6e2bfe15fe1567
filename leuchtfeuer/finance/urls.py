"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.finance import views

app_name = "finance"

urlpatterns = [
    path("finanzen/", views.index, name="index"),
    path("finanzen/vergleich/", views.compare, name="compare"),
    path("finanzen/szenarien/<int:pk>/", views.scenario_open, name="scenario"),
    path("finanzen/szenarien/<int:pk>/loeschen/", views.ScenarioDelete.as_view(), name="scenario-delete"),
    path("finanzen/gemeinden/<str:ags>/", views.town, name="town"),
    path("finanzen/laender/<str:land>/", views.builder, name="builder"),
    path("finanzen/laender/<str:land>/speichern/", views.ScenarioSave.as_view(), name="scenario-save"),
    path("finanzen/laender/<str:land>/export.<str:fmt>", views.export, name="export"),
    path("finanzen/laender/<str:land>/kriterien/", views.criteria_page, name="criteria"),
    path(
        "finanzen/laender/<str:land>/kriterien/hochladen/",
        views.CriteriaUpload.as_view(),
        name="criteria-upload",
    ),
]
