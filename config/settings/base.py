"""Settings shared by every environment. Environment variables are read in config/env.py only."""

from __future__ import annotations

from csp.constants import NONE, SELF

from config.env import BASE_DIR, database_config, env_bool, env_list, env_str, media_storage  # noqa: F401

VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")  # overridden per environment
DEBUG = False
ALLOWED_HOSTS: list[str] = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "csp",
    # django-ninja's templates and static files: the API docs (/api/docs) load Swagger UI from
    # this host instead of a CDN that the Content-Security-Policy would block.
    "ninja",
    # Background tasks: the Django Tasks API (backport; on Django 6 `django.tasks`) with its
    # database backend – one queue table, claimed with SELECT … FOR UPDATE SKIP LOCKED.
    "django_tasks",
    "django_tasks_db",
    "leuchtfeuer.core",
    "leuchtfeuer.home",
    "leuchtfeuer.accounts",
    "leuchtfeuer.places",
    "leuchtfeuer.projections",
    "leuchtfeuer.werkstatt",
    "leuchtfeuer.knowledge",
    "leuchtfeuer.portal",
    "leuchtfeuer.participation",
    "leuchtfeuer.funding",
    "leuchtfeuer.matching",
    "leuchtfeuer.finance",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "leuchtfeuer.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "leuchtfeuer.accounts.middleware.StaffTwoFactorMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "leuchtfeuer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leuchtfeuer.home.context_processors.site",
            ],
        },
    }
]

DATABASES = {"default": database_config(VAR_DIR / "leuchtfeuer.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The platform's public address (scheme + host, no trailing slash): links in e-mails that no request
# triggers (the periodic reminders run in a worker). `--base-url` of a command overrides it.
SITE_URL = env_str("SITE_URL", "").rstrip("/")

# Background tasks (core/tasks.py, docs/operations.md): stored in the database, run by
# `leuchtfeuer worker` (any number of them, on any machine that reaches the database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic jobs: management command → cron expression (Europe/Berlin). `leuchtfeuer worker`
# schedules them with APScheduler; each slot is enqueued once however many workers run.
PERIODIC_COMMANDS = {
    "purge-expired": "15 3 * * *",
    "send-reminders": "0 7 * * *",
    "portal-reminders": "5 7 * * *",
    "funding-remind": "10 7 * * *",
    "matching-remind": "15 7 * * *",
    # generated documents (core.generated) nobody asked for in 30 days, with their files
    "purge-documents": "45 3 * * *",
    # finished and failed task rows older than 14 days (django-tasks-db), Sundays
    "prune_db_task_results": "30 3 * * 0",
}
# Further commands a task may run on demand (e.g. after an import).
TASK_COMMANDS = ["warm-projections"]

CACHES = {
    # A database cache is shared by all server processes, so login rate limits hold across them;
    # its counters lock their row (core/cache.py). Measured and compared: docs/operations.md.
    "default": {
        "BACKEND": "leuchtfeuer.core.cache.LockingDatabaseCache",
        "LOCATION": "leuchtfeuer_cache",
        # Rate-limit keys name IP and e-mail addresses: stored as keyed hashes only.
        "KEY_FUNCTION": "leuchtfeuer.core.ratelimit.cache_key",
    },
    # Per process, for a few seconds: the data of hot public pages that every visitor of a vote
    # reads alike (participation/pages.py, ballot_page_or_404). Cleared in this process on any
    # change of a project, phase, budget or proposal; other processes follow within TIMEOUT.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "leuchtfeuer-pages",
        "TIMEOUT": 5,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "home:home"

# django-allauth: e-mail login, mandatory verification, rate limits, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leuchtfeuer] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account in five minutes, or twenty from one address per
    # minute, block further attempts; both are answered with HTTP 429 and a German message
    # (accounts.views.LoginView). Allauth stores the account key only as a SHA-256 hash.
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "leuchtfeuer.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leuchtfeuer"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# Accept the code of the previous and the next 30-second step as well: an officer who types the
# code just as the app changes it must not fail. A used code is still refused a second time.
MFA_TOTP_TOLERANCE = 1

# Reverse proxies in front of the application that append to X-Forwarded-For (nginx, a load
# balancer): the client address for rate limits is the TRUSTED_PROXY_COUNT-th entry from the right.
# 0 ignores the header (direct exposure, development).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0") or 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Our own catalogue wins over the apps' ones: allauth's German says "du", ours "Sie".
LOCALE_PATHS = [BASE_DIR / "leuchtfeuer" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "leuchtfeuer" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploads: local disk by default, an S3-compatible bucket with MEDIA_STORAGE=s3 (config/env.py).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Official data shipped with the project (licence dl-de/by-2-0, see data/official/README.md).
OFFICIAL_DATA_DIR = BASE_DIR / "data" / "official"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Leuchtfeuer <noreply@leuchtfeuer.example>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") == "1"

# Strict Content-Security-Policy: everything from our own host, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Demo accounts and content are created only where this is True (dev and test, never prod).
DEMO_CONTENT_ALLOWED = False

# Prometheus metrics (core/observability.py) at METRICS_PATH, only with
# "Authorization: Bearer $METRICS_TOKEN"; without a token the path answers 404.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_PATH = env_str("METRICS_PATH", "metrics").strip("/") or "metrics"

# Logs on stderr, one line per record with the request id; LOG_FORMAT=json (default in
# production) writes JSON objects for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "leuchtfeuer.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
