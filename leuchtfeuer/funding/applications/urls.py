"""URLs of the short form, a person's and a town's applications, attachments (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.applications import views

urlpatterns = [
    path(
        "foerderung/aufrufe/<slug:slug>/kurzantrag/",
        views.short_application_create,
        name="short-application",
    ),
    path("foerderung/meine-antraege/", views.my_applications, name="my-applications"),
    path("foerderung/antraege/<int:pk>/", views.my_application, name="my-application"),
    path(
        "foerderung/antraege/<int:pk>/speichern/",
        views.my_application_save,
        name="my-application-save",
    ),
    path(
        "foerderung/antraege/<int:pk>/einreichen/",
        views.application_submit,
        name="application-submit",
    ),
    path(
        "foerderung/antraege/<int:pk>/zurueckziehen/",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path("foerderung/antraege/<int:pk>/antrag.pdf", views.application_pdf, name="application-pdf"),
    path("foerderung/antraege/<int:pk>/anlagen/", views.attachment_upload, name="attachment-upload"),
    path(
        "foerderung/antraege/<int:pk>/anlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        "foerderung/antraege/<int:pk>/anlagen/<int:attachment_pk>/entfernen/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path(
        "kommunen/<slug:slug>/foerderung/aufrufe/<slug:call_slug>/antrag/",
        views.TownApplicationStart.as_view(),
        name="town-application-start",
    ),
    path(
        "kommunen/<slug:slug>/foerderung/antraege/<int:pk>/",
        views.town_application,
        name="town-application",
    ),
]
