"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.funding import views
from leuchtfeuer.funding.applications import views as application_views
from leuchtfeuer.funding.calls import views as call_views
from leuchtfeuer.funding.grants import views as grant_views
from leuchtfeuer.funding.programmes import views as programme_views
from leuchtfeuer.funding.review import views as review_views
from leuchtfeuer.funding.selection import views as selection_views

app_name = "funding"

urlpatterns = [
    # Public catalogue and calls.
    path("foerderung/", views.catalogue, name="catalogue"),
    path("foerderung/programme/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("foerderung/aufrufe/<slug:slug>/", call_views.call_detail, name="call-detail"),
    path(
        "foerderung/aufrufe/<slug:slug>/kurzantrag/",
        application_views.short_application_create,
        name="short-application",
    ),
    # Applications of a person or association (and shared actions on any application).
    path("foerderung/meine-antraege/", application_views.my_applications, name="my-applications"),
    path("foerderung/antraege/<int:pk>/", application_views.my_application, name="my-application"),
    path(
        "foerderung/antraege/<int:pk>/speichern/",
        application_views.my_application_save,
        name="my-application-save",
    ),
    path(
        "foerderung/antraege/<int:pk>/einreichen/",
        application_views.application_submit,
        name="application-submit",
    ),
    path(
        "foerderung/antraege/<int:pk>/zurueckziehen/",
        application_views.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "foerderung/antraege/<int:pk>/antrag.pdf", application_views.application_pdf, name="application-pdf"
    ),
    path(
        "foerderung/antraege/<int:pk>/anlagen/", application_views.attachment_upload, name="attachment-upload"
    ),
    path(
        "foerderung/antraege/<int:pk>/anlagen/<int:attachment_pk>/",
        application_views.attachment_download,
        name="attachment-download",
    ),
    path(
        "foerderung/antraege/<int:pk>/anlagen/<int:attachment_pk>/entfernen/",
        application_views.attachment_delete,
        name="attachment-delete",
    ),
    path("foerderung/zuwendungen/<int:pk>/", grant_views.grant_detail, name="grant-detail"),
    path("foerderung/belege/<int:pk>/", grant_views.claim_receipt, name="claim-receipt"),
    # Review.
    path("foerderung/begutachtung/", review_views.review_list, name="review-list"),
    path(
        "foerderung/begutachtung/antraege/<int:pk>/",
        review_views.review_application,
        name="review-application",
    ),
    path(
        "foerderung/begutachtung/antraege/<int:pk>/befangen/",
        review_views.review_conflict,
        name="review-conflict",
    ),
    # A town's funding area.
    path("kommunen/<slug:slug>/foerderung/", views.town_overview, name="town-overview"),
    path(
        "kommunen/<slug:slug>/foerderung/aufrufe/<slug:call_slug>/antrag/",
        application_views.TownApplicationStart.as_view(),
        name="town-application-start",
    ),
    path(
        "kommunen/<slug:slug>/foerderung/antraege/<int:pk>/",
        application_views.town_application,
        name="town-application",
    ),
    # Programme office.
    path("geschaeftsstelle/foerderung/", views.office_overview, name="office"),
    path(
        "geschaeftsstelle/foerderung/programme/neu/",
        programme_views.office_programme_edit,
        name="office-programme-create",
    ),
    path(
        "geschaeftsstelle/foerderung/programme/<slug:slug>/",
        programme_views.office_programme_edit,
        name="office-programme-edit",
    ),
    path("geschaeftsstelle/foerderung/aufrufe/neu/", call_views.office_call_edit, name="office-call-create"),
    path("geschaeftsstelle/foerderung/aufrufe/<slug:slug>/", call_views.office_call, name="office-call"),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/bearbeiten/",
        call_views.office_call_edit,
        name="office-call-edit",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/",
        call_views.office_call_item_add,
        name="office-call-item-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/<int:pk>/",
        call_views.office_call_item_edit,
        name="office-call-item-edit",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/elemente/<int:pk>/entfernen/",
        call_views.office_call_item_delete,
        name="office-call-item-delete",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/kriterien/",
        call_views.office_criterion_add,
        name="office-criterion-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/kriterien/<int:pk>/entfernen/",
        call_views.office_criterion_delete,
        name="office-criterion-delete",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/gutachter/",
        review_views.office_reviewer_add,
        name="office-reviewer-add",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/gutachter/<int:pk>/entfernen/",
        review_views.office_reviewer_remove,
        name="office-reviewer-remove",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/antraege/",
        review_views.office_applications,
        name="office-applications",
    ),
    path(
        "geschaeftsstelle/foerderung/aufrufe/<slug:slug>/auswahl/",
        selection_views.office_selection,
        name="office-selection",
    ),
    path(
        "geschaeftsstelle/foerderung/antraege/<int:pk>/",
        review_views.office_application,
        name="office-application",
    ),
    path("geschaeftsstelle/foerderung/zuwendungen/", grant_views.office_grants, name="office-grants"),
    path(
        "geschaeftsstelle/foerderung/zuwendungen/<int:pk>/budget/",
        grant_views.office_grant_budget,
        name="office-grant-budget",
    ),
    path(
        "geschaeftsstelle/foerderung/mittelabrufe.<str:fmt>",
        grant_views.office_claims_export,
        name="office-claims-export",
    ),
    path("geschaeftsstelle/foerderung/berichte/", grant_views.office_reports, name="office-reports"),
]
