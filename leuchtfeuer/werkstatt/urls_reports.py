"""URLs of the Werkstatt reports (Zwischenbilanz PDF, Kurzbericht, office overview, method kits).

Included at the site root beside werkstatt/urls.py, so every path here is complete.
"""

app_name = "werkstatt_reports"

urlpatterns: list = []
