"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.projections import views

app_name = "projections"

urlpatterns = [
    # Public: the projection section of a Kommunalprofil (loaded by htmx, or as its own page).
    path("orte/<str:key>/vorausberechnung/", views.profile_section, name="profile-section"),
    path("kommunen/<slug:slug>/szenarien/", views.scenario_list, name="scenario-list"),
    path("kommunen/<slug:slug>/szenarien/neu/", views.scenario_create, name="scenario-create"),
    path("kommunen/<slug:slug>/szenarien/<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path(
        "kommunen/<slug:slug>/szenarien/<int:pk>/bearbeiten/", views.scenario_update, name="scenario-update"
    ),
    path("kommunen/<slug:slug>/szenarien/<int:pk>/loeschen/", views.scenario_delete, name="scenario-delete"),
]
