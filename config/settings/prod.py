"""Production. Needs DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE), ALLOWED_HOSTS and usually DATABASE_URL."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, env_str, media_storage


def _secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY")
    key_file = env_str("DJANGO_SECRET_KEY_FILE")
    if not key and key_file:
        key = Path(key_file).read_text(encoding="utf-8").strip()
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY oder DJANGO_SECRET_KEY_FILE muss gesetzt sein "
            "(set DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE)."
        )
    return key


DEBUG = False
SECRET_KEY = _secret_key()
# Key rotation the Django way: the previous key(s), comma-separated, keep sessions, signed links
# and the sealed ballots of a running vote (participation/ballots.py) readable.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
DEMO_CONTENT_ALLOWED = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
