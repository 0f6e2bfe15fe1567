"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.portal import views
from leuchtfeuer.portal import workspace_views as ws

app_name = "portal"

LOTSE = "kommunen/<slug:slug>/lotse/"

urlpatterns = [
    # Public portal (no login, no JavaScript needed; ?lang=en for English).
    path("ankommen/", views.portal_index, name="index"),
    path("ankommen/bestaetigen/<str:token>/", views.inquiry_confirm, name="inquiry-confirm"),
    path("ankommen/<slug:slug>/", views.portal_home, name="start"),
    path("ankommen/<slug:slug>/ansprechperson/foto", views.contact_photo, name="contact-photo"),
    path("ankommen/<slug:slug>/geschichten/<int:pk>/bild", views.story_image, name="story-image"),
    path("ankommen/<slug:slug>/lebensphase/<slug:phase>/", views.phase_path, name="phase"),
    path("ankommen/<slug:slug>/angebote/", views.offer_list, name="offer-list"),
    path("ankommen/<slug:slug>/angebote/<int:pk>/", views.offer_detail, name="offer-detail"),
    path("ankommen/<slug:slug>/geschichten/", views.story_list, name="story-list"),
    path("ankommen/<slug:slug>/geschichten/<int:pk>/", views.story_detail, name="story-detail"),
    path("ankommen/<slug:slug>/veranstaltungen/", views.event_list, name="event-list"),
    path("ankommen/<slug:slug>/veranstaltungen/<int:pk>/", views.event_detail, name="event-detail"),
    path("ankommen/<slug:slug>/probewohnen/", views.trial_list, name="trial-list"),
    path("ankommen/<slug:slug>/probewohnen/<int:pk>/", views.trial_detail, name="trial-detail"),
    path("ankommen/<slug:slug>/erhebungsbogen/", views.inquiry_create, name="inquiry-create"),
    path("ankommen/<slug:slug>/erhebungsbogen/gesendet/", views.inquiry_sent, name="inquiry-sent"),
    path("ankommen/<slug:slug>/willkommensbox/", views.welcome_box, name="welcome-box"),
    # The person's own data (signed, expiring link by e-mail).
    path("meine-daten/", views.my_data, name="my-data"),
    path("meine-daten/<str:token>/", views.my_data_view, name="my-data-view"),
    path("meine-daten/<str:token>/daten.<str:fmt>", views.my_data_export, name="my-data-export"),
    path("meine-daten/<str:token>/loeschen/", views.my_data_delete, name="my-data-delete"),
    # The Lotse's workspace.
    path(LOTSE, ws.home, name="lotse-home"),
    path(LOTSE + "faelle/<int:pk>/", ws.case_detail, name="case-detail"),
    path(LOTSE + "faelle/<int:pk>/<str:action>/", ws.case_action, name="case-action"),
    path(LOTSE + "faelle/<int:pk>/aufgaben/<int:task_pk>/erledigt/", ws.task_done, name="task-done"),
    path(LOTSE + "angebote/", ws.offers, name="offers"),
    path(LOTSE + "angebote/neu/", ws.offer_edit, name="offer-create"),
    path(LOTSE + "angebote/import/", ws.offer_import, name="offer-import"),
    path(LOTSE + "angebote/<int:pk>/", ws.offer_edit, name="offer-edit"),
    path(LOTSE + "angebote/<int:pk>/moderation/", ws.offer_moderate, name="offer-moderate"),
    path(LOTSE + "portal/", ws.portal_edit, name="portal-edit"),
    path(LOTSE + "geschichten/", ws.stories, name="stories"),
    path(LOTSE + "geschichten/neu/", ws.story_edit, name="story-create"),
    path(LOTSE + "geschichten/<int:pk>/", ws.story_edit, name="story-edit"),
    path(LOTSE + "geschichten/<int:pk>/widerruf/", ws.story_withdraw, name="story-withdraw"),
    path(LOTSE + "veranstaltungen/", ws.events, name="events"),
    path(LOTSE + "veranstaltungen/neu/", ws.event_edit, name="event-create"),
    path(LOTSE + "veranstaltungen/<int:pk>/", ws.event_edit, name="event-edit"),
    path(LOTSE + "willkommensbox/", ws.welcome_boxes, name="welcome-boxes"),
    path(LOTSE + "willkommensbox/<int:pk>/uebergeben/", ws.welcome_box_sent, name="welcome-box-sent"),
    path(LOTSE + "probewohnen/", ws.apartments, name="apartments"),
    path(LOTSE + "probewohnen/neu/", ws.apartment_edit, name="apartment-create"),
    path(LOTSE + "probewohnen/<int:pk>/", ws.apartment_edit, name="apartment-edit"),
    path(LOTSE + "probewohnen/<int:pk>/belegung/", ws.apartment_bookings, name="apartment-bookings"),
    path(
        LOTSE + "probewohnen/<int:pk>/bewerbungen/<int:app_pk>/",
        ws.application_decide,
        name="application-decide",
    ),
    path(LOTSE + "statistik/", ws.statistics, name="statistics"),
    path(LOTSE + "statistik.<str:fmt>", ws.statistics_export, name="statistics-export"),
]
