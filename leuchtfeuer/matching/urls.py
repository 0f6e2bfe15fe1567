"""URLs of the matching agency; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.matching import views

app_name = "matching"

urlpatterns = [
    path("matching/", views.index, name="index"),
]
