"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.funding import views

app_name = "funding"

urlpatterns = [
    # Public catalogue and calls.
    path("foerderung/", views.catalogue, name="catalogue"),
    path("foerderung/programme/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("foerderung/aufrufe/<slug:slug>/", views.call_detail, name="call-detail"),
    path(
        "foerderung/aufrufe/<slug:slug>/kurzantrag/", views.short_application_create, name="short-application"
    ),
    # Applications of a person or association (and shared actions on any application).
    path("foerderung/meine-antraege/", views.my_applications, name="my-applications"),
    path("foerderung/antraege/<int:pk>/", views.my_application, name="my-application"),
    path("foerderung/antraege/<int:pk>/speichern/", views.my_application_save, name="my-application-save"),
    path("foerderung/antraege/<int:pk>/einreichen/", views.application_submit, name="application-submit"),
    path(
        "foerderung/antraege/<int:pk>/zurueckziehen/", views.application_withdraw, name="application-withdraw"
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
    path("foerderung/zuwendungen/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("foerderung/belege/<int:pk>/", views.claim_receipt, name="claim-receipt"),
    # Review.
    path("foerderung/begutachtung/", views.review_list, name="review-list"),
    path("foerderung/begutachtung/antraege/<int:pk>/", views.review_application, name="review-application"),
    path(
        "foerderung/begutachtung/antraege/<int:pk>/befangen/", views.review_conflict, name="review-conflict"
    ),
    # A town's funding area.
    path("kommunen/<slug:slug>/foerderung/", views.town_overview, name="town-overview"),
    path(
        "kommunen/<slug:slug>/foerderung/aufrufe/<slug:call_slug>/antrag/",
        views.town_application_start,
        name="town-application-start",
    ),
    path(
        "kommunen/<slug:slug>/foerderung/antraege/<int:pk>/", views.town_application, name="town-application"
    ),
    # Programme office.
    path("geschaeftsstelle/foerderung/", views.office_overview, name="office"),
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
    path("geschaeftsstelle/foerderung/aufrufe/neu/", views.office_call_edit, name="office-call-create"),
    path("geschaeftsstelle/foerderung/aufrufe/<slug:slug>/", views.office_call, name="office-call"),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/bearbeiten/",
        views.office_call_edit,
        name="office-call-edit",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/",
        views.office_call_item_add,
        name="office-call-item-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/<int:pk>/",
        views.office_call_item_edit,
        name="office-call-item-edit",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/<int:pk>/entfernen/",
        views.office_call_item_delete,
        name="office-call-item-delete",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/kriterien/",
        views.office_criterion_add,
        name="office-criterion-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/kriterien/<int:pk>/entfernen/",
        views.office_criterion_delete,
        name="office-criterion-delete",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/gutachter/",
        views.office_reviewer_add,
        name="office-reviewer-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/gutachter/<int:pk>/entfernen/",
        views.office_reviewer_remove,
        name="office-reviewer-remove",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/antraege/",
        views.office_applications,
        name="office-applications",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/auswahl/",
        views.office_selection,
        name="office-selection",
    ),
    path(
        "geschaeftsstelle/foerderung/antraege/<int:pk>/", views.office_application, name="office-application"
    ),
    path("geschaeftsstelle/foerderung/zuwendungen/", views.office_grants, name="office-grants"),
    path(
        "geschaeftsstelle/foerderung/zuwendungen/<int:pk>/budget/",
        views.office_grant_budget,
        name="office-grant-budget",
    ),
    path(
        "geschaeftsstelle/foerderung/mittelabrufe.<str:fmt>",
        views.office_claims_export,
        name="office-claims-export",
    ),
    path("geschaeftsstelle/foerderung/berichte/", views.office_reports, name="office-reports"),
]
