"""URLs of this part; included at the site root, so every path here is complete."""

app_name = "portal"

urlpatterns: list = []
