"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.knowledge import views

app_name = "knowledge"

urlpatterns = [
    # Praxisbeispiele: public search and detail, editorial workflow.
    path("wissen/", views.example_search, name="example-search"),
    path("wissen/beispiele/neu/", views.example_create, name="example-create"),
    path("wissen/meine-beispiele/", views.example_mine, name="example-mine"),
    path("wissen/redaktion/", views.review_queue, name="review-queue"),
    path("wissen/beispiele/<slug:slug>/", views.example_detail, name="example-detail"),
    path("wissen/beispiele/<slug:slug>/bearbeiten/", views.example_update, name="example-update"),
    path("wissen/beispiele/<slug:slug>/einreichen/", views.example_submit, name="example-submit"),
    path("wissen/beispiele/<slug:slug>/pruefen/", views.example_review, name="example-review"),
    path("wissen/beispiele/<slug:slug>/kommentar/", views.example_comment, name="example-comment"),
    path("wissen/beispiele/<slug:slug>/bilder/", views.example_images, name="example-images"),
    path("wissen/beispiele/<slug:slug>/bilder/<int:pk>/", views.example_image, name="example-image"),
    path("wissen/beispiele/<slug:slug>/versionen/", views.example_versions, name="example-versions"),
    # Umsetzungshilfen.
    path("wissen/umsetzungshilfen/", views.document_list, name="document-list"),
    path("wissen/umsetzungshilfen/neu/", views.document_upload, name="document-upload"),
    path("wissen/umsetzungshilfen/<slug:slug>/download/", views.document_download, name="document-download"),
    # Network.
    path("netzwerk/", views.network_directory, name="network-directory"),
    path("netzwerk/kommunen/<slug:slug>/", views.network_profile_edit, name="network-profile"),
    path("netzwerk/tandems/", views.tandem_list, name="tandem-list"),
    path("netzwerk/hospitationen/", views.hospitation_list, name="hospitation-list"),
    path("netzwerk/hospitationen/<int:pk>/antworten/", views.hospitation_answer, name="hospitation-answer"),
    path("netzwerk/veranstaltungen/", views.event_list, name="event-list"),
    path("netzwerk/veranstaltungen/neu/", views.event_create, name="event-create"),
    path("netzwerk/veranstaltungen/<int:pk>/anmeldung/", views.event_register, name="event-register"),
    # Recommendations of one municipality (internal, like its dashboard).
    path("kommunen/<slug:slug>/empfehlungen/", views.recommendations, name="recommendations"),
]
