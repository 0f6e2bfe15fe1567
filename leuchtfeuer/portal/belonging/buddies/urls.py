"""URLs of belonging/buddies; included by portal/urls.py under the portal namespace."""

from django.urls import URLPattern, path

from leuchtfeuer.portal.belonging.buddies import views

LOTSE = "kommunen/<slug:slug>/lotse/"

urlpatterns: list[URLPattern] = [
    # Public: sign-up (no login), e-mail confirmation, each side's personal link.
    path("ankommen/<slug:slug>/willkommenspate/", views.buddy_signup, name="buddy-signup"),
    path("ankommen/<slug:slug>/willkommenspate/gesendet/", views.buddy_signup_sent, name="buddy-signup-sent"),
    path("ankommen/pate-bestaetigen/<str:token>/", views.buddy_confirm, name="buddy-confirm"),
    path("ankommen/patenschaft/<str:token>/", views.pairing_respond, name="pairing-respond"),
    # The Lots:in's workspace.
    path(LOTSE + "willkommenspaten/", views.buddies, name="buddies"),
    path(LOTSE + "willkommenspaten/<int:pk>/stand/", views.buddy_status, name="buddy-status"),
    path(LOTSE + "faelle/<int:pk>/patenschaft/vorschlagen/", views.pairing_propose, name="pairing-propose"),
    path(
        LOTSE + "faelle/<int:pk>/patenschaft/<int:pairing_pk>/beenden/", views.pairing_end, name="pairing-end"
    ),
    path(
        LOTSE + "faelle/<int:pk>/patenschaft/<int:pairing_pk>/nachfrage/",
        views.pairing_checkin,
        name="pairing-checkin",
    ),
]
