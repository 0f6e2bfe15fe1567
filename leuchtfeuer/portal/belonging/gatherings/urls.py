"""URLs of belonging/gatherings; included by portal/urls.py under the portal namespace.

The portal's event pages (event-list, event-detail, event-create, event-edit) are routed to
gatherings.views by portal/urls.py itself (their paths come first there)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
