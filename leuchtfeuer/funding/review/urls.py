"""URLs of the reviewer's queue and form; the office's reviewers and scores (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.review import views

urlpatterns = [
    path("foerderung/begutachtung/", views.review_list, name="review-list"),
    path(
        "foerderung/begutachtung/antraege/<int:pk>/",
        views.review_application,
        name="review-application",
    ),
    path(
        "foerderung/begutachtung/antraege/<int:pk>/befangen/",
        views.review_conflict,
        name="review-conflict",
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
        "geschaeftsstelle/foerderung/antraege/<int:pk>/",
        views.office_application,
        name="office-application",
    ),
]
