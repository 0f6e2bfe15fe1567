"""URLs of belonging; included by portal/urls.py (names live in the portal namespace)."""

from leuchtfeuer.portal.belonging.buddies.urls import urlpatterns as buddies
from leuchtfeuer.portal.belonging.engagement.urls import urlpatterns as engagement
from leuchtfeuer.portal.belonging.gatherings.urls import urlpatterns as gatherings
from leuchtfeuer.portal.belonging.public.urls import urlpatterns as public

urlpatterns = [*engagement, *buddies, *gatherings, *public]
