"""URLs of the office's selection of a call (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.selection import views

urlpatterns = [
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/auswahl/",
        views.office_selection,
        name="office-selection",
    ),
]
