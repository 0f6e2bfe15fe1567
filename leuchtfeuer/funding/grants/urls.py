"""URLs of grants and expense claims; the office's decisions, export and reports (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.grants import views

urlpatterns = [
    path("foerderung/zuwendungen/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("foerderung/belege/<int:pk>/", views.claim_receipt, name="claim-receipt"),
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
