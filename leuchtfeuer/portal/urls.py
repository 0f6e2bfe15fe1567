"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.portal import views
from leuchtfeuer.portal.belonging.gatherings import views as gatherings
from leuchtfeuer.portal.belonging.urls import urlpatterns as belonging_urls
from leuchtfeuer.portal.cases import views as cases
from leuchtfeuer.portal.offers import views as offers
from leuchtfeuer.portal.public import views as public
from leuchtfeuer.portal.statistics import views as statistics
from leuchtfeuer.portal.trial_living import views as trial_living

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
    path("ankommen/<slug:slug>/veranstaltungen/", gatherings.event_list, name="event-list"),
    path("ankommen/<slug:slug>/veranstaltungen/<int:pk>/", gatherings.event_detail, name="event-detail"),
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
    # The Lots:in's workspace (each sub-domain's views.py).
    path(LOTSE, cases.home, name="lotse-home"),
    path(LOTSE + "faelle/<int:pk>/", cases.case_detail, name="case-detail"),
    path(LOTSE + "faelle/<int:pk>/<str:action>/", cases.case_action, name="case-action"),
    path(LOTSE + "faelle/<int:pk>/aufgaben/<int:task_pk>/erledigt/", cases.task_done, name="task-done"),
    path(LOTSE + "angebote/", offers.offers, name="offers"),
    path(LOTSE + "angebote/neu/", offers.offer_edit, name="offer-create"),
    path(LOTSE + "angebote/import/", offers.offer_import, name="offer-import"),
    path(LOTSE + "angebote/<int:pk>/", offers.offer_edit, name="offer-edit"),
    path(LOTSE + "angebote/<int:pk>/moderation/", offers.offer_moderate, name="offer-moderate"),
    path(LOTSE + "portal/", public.portal_edit, name="portal-edit"),
    path(LOTSE + "geschichten/", public.stories, name="stories"),
    path(LOTSE + "geschichten/neu/", public.story_edit, name="story-create"),
    path(LOTSE + "geschichten/<int:pk>/", public.story_edit, name="story-edit"),
    path(LOTSE + "geschichten/<int:pk>/widerruf/", public.story_withdraw, name="story-withdraw"),
    path(LOTSE + "veranstaltungen/", public.events, name="events"),
    path(LOTSE + "veranstaltungen/neu/", gatherings.event_edit, name="event-create"),
    path(LOTSE + "veranstaltungen/<int:pk>/", gatherings.event_edit, name="event-edit"),
    path(LOTSE + "willkommensbox/", public.welcome_boxes, name="welcome-boxes"),
    path(LOTSE + "willkommensbox/<int:pk>/uebergeben/", public.welcome_box_sent, name="welcome-box-sent"),
    path(LOTSE + "probewohnen/", trial_living.apartments, name="apartments"),
    path(LOTSE + "probewohnen/neu/", trial_living.apartment_edit, name="apartment-create"),
    path(LOTSE + "probewohnen/<int:pk>/", trial_living.apartment_edit, name="apartment-edit"),
    path(
        LOTSE + "probewohnen/<int:pk>/belegung/", trial_living.apartment_bookings, name="apartment-bookings"
    ),
    path(
        LOTSE + "probewohnen/<int:pk>/bewerbungen/<int:app_pk>/",
        trial_living.application_decide,
        name="application-decide",
    ),
    path(LOTSE + "statistik/", statistics.statistics, name="statistics"),
    path(LOTSE + "statistik.<str:fmt>", statistics.statistics_export, name="statistics-export"),
    # Belonging (issue 21): engagement, shared living, welcome buddies, events, Mitmachen.
    *belonging_urls,
]
