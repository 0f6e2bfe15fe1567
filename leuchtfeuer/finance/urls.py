"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.finance import views

app_name = "finance"

urlpatterns = [
    path("finanzen/", views.index, name="index"),
]
