"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.knowledge.documents import views as documents
from leuchtfeuer.knowledge.examples import views as examples
from leuchtfeuer.knowledge.network import views as network

app_name = "knowledge"

urlpatterns = [
    # Praxisbeispiele: public search and detail, editorial workflow.
    path("wissen/", examples.example_search, name="example-search"),
    path("wissen/beispiele/neu/", examples.example_create, name="example-create"),
    path("wissen/meine-beispiele/", examples.example_mine, name="example-mine"),
    path("wissen/redaktion/", examples.review_queue, name="review-queue"),
    path("wissen/beispiele/<slug:slug>/", examples.example_detail, name="example-detail"),
    path("wissen/beispiele/<slug:slug>/bearbeiten/", examples.example_update, name="example-update"),
    path("wissen/beispiele/<slug:slug>/einreichen/", examples.example_submit, name="example-submit"),
    path("wissen/beispiele/<slug:slug>/pruefen/", examples.example_review, name="example-review"),
    path("wissen/beispiele/<slug:slug>/kommentar/", examples.example_comment, name="example-comment"),
    path("wissen/beispiele/<slug:slug>/bilder/", examples.example_images, name="example-images"),
    path("wissen/beispiele/<slug:slug>/bilder/<int:pk>/", examples.example_image, name="example-image"),
    path("wissen/beispiele/<slug:slug>/versionen/", examples.example_versions, name="example-versions"),
    # Umsetzungshilfen.
    path("wissen/umsetzungshilfen/", documents.document_list, name="document-list"),
    path("wissen/umsetzungshilfen/neu/", documents.document_upload, name="document-upload"),
    path(
        "wissen/umsetzungshilfen/<slug:slug>/download/", documents.document_download, name="document-download"
    ),
    # Network.
    path("netzwerk/", network.network_directory, name="network-directory"),
    path("netzwerk/kommunen/<slug:slug>/", network.network_profile_edit, name="network-profile"),
    path("netzwerk/tandems/", network.tandem_list, name="tandem-list"),
    path("netzwerk/hospitationen/", network.hospitation_list, name="hospitation-list"),
    path("netzwerk/hospitationen/<int:pk>/antworten/", network.hospitation_answer, name="hospitation-answer"),
    path("netzwerk/veranstaltungen/", network.event_list, name="event-list"),
    path("netzwerk/veranstaltungen/neu/", network.event_create, name="event-create"),
    path("netzwerk/veranstaltungen/<int:pk>/anmeldung/", network.event_register, name="event-register"),
    # Recommendations of one municipality (internal, like its dashboard).
    path("kommunen/<slug:slug>/empfehlungen/", examples.recommendations, name="recommendations"),
]
