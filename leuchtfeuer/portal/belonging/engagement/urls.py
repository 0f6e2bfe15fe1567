"""URLs of belonging/engagement; included by portal/urls.py under the portal namespace."""

from django.urls import URLPattern, path

from leuchtfeuer.portal.belonging.engagement import views

urlpatterns: list[URLPattern] = [
    path(
        "kommunen/<slug:slug>/lotse/faelle/<int:pk>/mitmachen/<int:offer_pk>/vorschlagen/",
        views.propose,
        name="engagement-propose",
    ),
    path("ankommen/mitmachen/vorschlag/<str:token>/", views.answer, name="engagement-answer"),
]
