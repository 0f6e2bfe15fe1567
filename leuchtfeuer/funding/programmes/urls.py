"""URLs of the office's programme form (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.programmes import views

urlpatterns = [
    path(
        "geschaeftsstelle/foerderung/programme/neu/",
        views.office_programme_edit,
        name="office-programme-create",
    ),
    path(
        "geschaeftsstelle/foerderung/programme/<slug:slug>/",
        views.office_programme_edit,
        name="office-programme-edit",
    ),
]
