"""Local development and the demo served by `make run`."""

from .base import *  # noqa: F403
from .base import env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-not-for-production-use-0123456789")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEMO_CONTENT_ALLOWED = True
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
