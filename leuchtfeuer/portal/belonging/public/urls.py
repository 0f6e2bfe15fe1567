"""URLs of belonging/public; included by portal/urls.py under the portal namespace."""

from django.urls import path

from leuchtfeuer.portal.belonging.public import views

urlpatterns = [
    path("ankommen/<slug:slug>/mitmachen/", views.mitmachen, name="mitmachen"),
]
