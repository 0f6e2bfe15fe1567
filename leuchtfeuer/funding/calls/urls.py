"""URLs of the public call page and the office's set-up of a call (part of ``funding.urls``, app namespace ``funding``)."""

from django.urls import path

from leuchtfeuer.funding.calls import views

urlpatterns = [
    path("foerderung/aufrufe/<slug:slug>/", views.call_detail, name="call-detail"),
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
]
