"""URLs of the matching agency; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.matching import views, views_agency, views_regional

app_name = "matching"

urlpatterns = [
    # Public counts, registering, one's own entries and proposals.
    path("matching/", views.index, name="index"),
    path("matching/raum-anbieten/", views.space_create, name="space-create"),
    path("matching/suche-eintragen/", views.seeker_create, name="seeker-create"),
    path("matching/mein-bereich/", views.mine, name="mine"),
    path("matching/raeume/<int:pk>/", views.space_detail, name="space-detail"),
    path("matching/raeume/<int:pk>/einwilligung/", views.space_consent, name="space-consent"),
    path("matching/raeume/<int:pk>/fotos/", views.space_photo, name="space-photo"),
    path("matching/raeume/<int:pk>/fotos/<int:photo_pk>/", views.photo_file, name="photo-file"),
    path("matching/raeume/<int:pk>/beenden/", views.space_close, name="space-close"),
    path("matching/raeume/<int:pk>/bearbeiten/", views.space_edit, name="space-edit"),
    path("matching/suchen/<int:pk>/beenden/", views.seeker_close, name="seeker-close"),
    path("matching/eintraege/<str:kind>/<int:pk>/verlaengern/", views.entry_renew, name="entry-renew"),
    path("matching/vorschlaege/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("matching/vorschlaege/<int:pk>/antwort/<str:side>/", views.proposal_decide, name="proposal-decide"),
    path("matching/vorschlaege/<int:pk>/ergebnis/", views.proposal_close, name="proposal-close"),
    # Agency.
    path("matching/agentur/", views_agency.agency, name="agency"),
    path(
        "matching/agentur/pruefen/<str:kind>/<int:pk>/", views_agency.agency_moderate, name="agency-moderate"
    ),
    path("matching/agentur/vorschlagen/", views_agency.agency_propose, name="agency-propose"),
    path("matching/agentur/programme/", views_agency.agency_programme, name="agency-programme"),
    path("matching/agentur/vorschlaege.<str:fmt>", views_agency.agency_export, name="agency-export"),
    # A town's matching area.
    path("kommunen/<slug:slug>/matching/", views.town, name="town"),
    path("kommunen/<slug:slug>/matching/standort/", views.town_facts, name="town-facts"),
    path("kommunen/<slug:slug>/matching/gemeinsame-stelle/", views.town_verbund, name="town-verbund"),
    # Regional tools (views_regional).
    path("matching/region/ausgleich/", views_regional.compensation, name="regional-compensation"),
    path("matching/region/verbund/", views_regional.verbund, name="regional-verbund"),
]
