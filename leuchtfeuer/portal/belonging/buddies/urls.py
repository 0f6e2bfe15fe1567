"""URLs of belonging/buddies; included by portal/urls.py under the portal namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
