"""Settings shared by every environment; the only module that reads environment variables.

The environment-specific modules (local, test, production) set their defaults with
``os.environ.setdefault`` before importing this module, so every variable is read here, once.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .keys import configured_nik_keys

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it in the environment "
            "(see the configuration table in README.md)."
        )
    return value


def _database_from_url(url: str) -> dict:
    try:
        config: dict[str, Any] = environ.Env.db_url_config(url)
    except Exception as error:  # django-environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database URL ({error}); "
            "expected e.g. postgres://user:password@127.0.0.1:5432/sicaker or sqlite:///db.sqlite3"
        ) from error
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"DATABASE_URL uses an unsupported scheme: {url.split(':', 1)[0]!r}; "
            "use postgres:// or sqlite://"
        )
    if engine.endswith("postgresql"):
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", 5))
        # PostgreSQL's JIT compiles the office's grouped counts over 300k rows for ~0.2 s each
        # (benchmarks/web.py, office step) and never pays it back on queries this size.
        config["OPTIONS"].setdefault("options", "-c jit=off")
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    else:
        # SQLite has no row locks (select_for_update is a no-op there): every transaction takes
        # the write lock when it begins, so concurrent requests of the threaded server queue up
        # (for up to `timeout` seconds) instead of failing with "database is locked" or
        # overwriting each other; WAL lets readers go on while one request writes.
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
        config["OPTIONS"].setdefault("timeout", env.int("DATABASE_SQLITE_TIMEOUT", 20))
        config["OPTIONS"].setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        )
    return config


SECRET_KEY = _required("DJANGO_SECRET_KEY")
# Rotation of the secret key (docs/operations.md): the new key in DJANGO_SECRET_KEY, the old ones
# here (comma-separated) until sessions, password-reset links and other signed values made
# with them have expired. API tokens are signed with SECRET_KEY alone and end with a rotation.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[]) if key.strip()
]
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with its sign-in behind the same rate limit and lock as the API's.
    "accounts.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "sicaker",
    "accounts",
    # The privacy notice, consents per purpose, accounts opened by an officer (UU PDP).
    "consents",
    "jobs",
    "seekers",
    "applications",
    "search",
    "notifications",
    "demo",
    # The shared layout of the web pages (base template, static files, error pages).
    "web",
    # The labor office's pages (dashboard, applications, verification, trainings).
    "office",
    # Running it: doctor, metrics, backups (docs/operations.md).
    "sicaker.operations",
]

MIDDLEWARE = [
    # First: times every request and counts its status by view (/metrics, docs/operations.md).
    "sicaker.operations.metrics.RequestMetricsMiddleware",
    # The request id in every log line, and in the headers of the Celery tasks it enqueues.
    "sicaker.operations.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside the locale (messages in the request's language), outside CommonMiddleware (whose
    # APPEND_SLASH redirect comes first): unknown /api/ addresses get the JSON 404, DEBUG or not.
    "sicaker.api.errors.ApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Domain errors raised under a web page (outside /api/) become the app's own pages.
    "web.errors.WebErrorMiddleware",
    # Last, so its process_exception sees a view's database errors first (503, no traceback).
    "sicaker.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "sicaker.urls"
WSGI_APPLICATION = "sicaker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.layout",
            ],
        },
    },
]

DATABASES = {"default": _database_from_url(_required("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.WhitespacePasswordValidator"},
]

# The web pages sign in with a session (the API with bearer tokens); one account serves both.
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
# A password-reset link works this long (Django's own reset views).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=3 * 3600)

# Indonesian is the default language; English is chosen with the switch on every page (a
# cookie) or with Accept-Language.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://sicaker"),
}

# Personal data: the NIK is stored encrypted with Fernet keys (urlsafe base64, 32 bytes).
# NIK_ENCRYPTION_KEYS lists several, newest first, during a rotation (docs/operations.md): the
# newest encrypts, every one decrypts. A single NIK_ENCRYPTION_KEY is the one-key form.
NIK_ENCRYPTION_KEYS = configured_nik_keys(os.environ) or [_required("NIK_ENCRYPTION_KEY")]
NIK_ENCRYPTION_KEY = NIK_ENCRYPTION_KEYS[0]  # the newest; kept for code reading the old name

# The API takes bearer tokens only: a browser session (the admin's, or the web pages' to come)
# never authenticates an API request, so no API request can be forged across sites (CSRF).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "sicaker.api.parsers.JSONParser",  # DRF's, with a bound on nesting
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "sicaker.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "sicaker.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "sicaker.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("AUTH_THROTTLE_RATE", default="20/min"),
        # Attempts to set a new NIK on a profile, per account and per client address.
        "nik_user": env.str("NIK_THROTTLE_RATE_USER", default="5/hour"),
        "nik_client": env.str("NIK_THROTTLE_RATE_CLIENT", default="30/hour"),
        # The open data (stream, snapshot), per client address.
        "open_data": env.str("OPEN_DATA_THROTTLE_RATE", default="120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # How many proxies sit in front of the app; 0 = ignore X-Forwarded-For (it can be forged),
    # so the auth rate limit counts the real client address.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=30)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "SIGNING_KEY": SECRET_KEY,
    # A refresh token works once: refreshing returns a new one and blacklists the old.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Tokens carry a digest of the password hash; a new password ends every older token.
    "CHECK_REVOKE_TOKEN": True,
    "UPDATE_LAST_LOGIN": False,
}

# Repeated failed sign-ins for one email from one client lock that pair (not the account) for a
# while: an attacker elsewhere cannot lock the owner out.
LOGIN_MAX_FAILED_ATTEMPTS = env.int("LOGIN_MAX_FAILED_ATTEMPTS", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Sign in with an email or an Indonesian mobile number (accounts.services.sign_in_name).
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrPhoneBackend"]
# One-time codes by SMS/WhatsApp (proving a mobile number, resetting a password): 6 digits,
# valid 10 minutes, dead after 5 wrong guesses; per number one send a minute, 5 an hour and 10 a
# day; per client 10 sends and 30 wrong guesses an hour. (10^6 codes and at most 50 guesses a day
# per number: a day of trying finds one in about 20,000.)
PHONE_CODE_LENGTH = 6
PHONE_CODE_TTL_SECONDS = env.int("PHONE_CODE_TTL_SECONDS", default=600)
PHONE_CODE_MAX_ATTEMPTS = env.int("PHONE_CODE_MAX_ATTEMPTS", default=5)
PHONE_CODE_RESEND_SECONDS = env.int("PHONE_CODE_RESEND_SECONDS", default=60)
PHONE_CODE_SENDS_PER_NUMBER_HOUR = env.int("PHONE_CODE_SENDS_PER_NUMBER_HOUR", default=5)
PHONE_CODE_SENDS_PER_NUMBER_DAY = env.int("PHONE_CODE_SENDS_PER_NUMBER_DAY", default=10)
PHONE_CODE_SENDS_PER_CLIENT_HOUR = env.int("PHONE_CODE_SENDS_PER_CLIENT_HOUR", default=10)
PHONE_CODE_GUESSES_PER_CLIENT_HOUR = env.int("PHONE_CODE_GUESSES_PER_CLIENT_HOUR", default=30)

# Where Django's admin is served; a path nobody guesses keeps it out of scanners' way.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_URL must be a relative path ending in '/', e.g. 'office-admin/', "
        f"not {ADMIN_URL!r}"
    )

# /healthz answers 200/503 to anyone; the per-service detail only to staff or to a request with
# "Authorization: Bearer <HEALTHZ_TOKEN>" (a monitoring system). Empty = staff only.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# Operations (docs/operations.md). /metrics answers only "Authorization: Bearer <METRICS_TOKEN>";
# empty = /metrics is off (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# `manage.py doctor` calls these a problem (the Prometheus alert rules in deploy/ use the same).
INDEX_LAG_LIMIT_SECONDS = env.int("INDEX_LAG_LIMIT_SECONDS", default=600)
OUTBOX_DELAY_LIMIT_SECONDS = env.int("OUTBOX_DELAY_LIMIT_SECONDS", default=900)
HEARTBEAT_LIMIT_SECONDS = env.int("HEARTBEAT_LIMIT_SECONDS", default=300)
QUEUE_DEPTH_LIMIT = env.int("QUEUE_DEPTH_LIMIT", default=1000)

SPECTACULAR_SETTINGS = {
    "TITLE": "Si-Caker API",
    "DESCRIPTION": (
        "Sistem Pencari Kerja: vacancies, job seekers with trained skills, and the applications "
        "received, for city labor offices."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sicaker.api.schema.add_error_responses",  # the error answers every operation refers to
    ],
    # Swagger UI served from this app, not a CDN: offices with a poor connection still get docs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, shared by every serializer that uses it.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "VacancyStatusEnum": "jobs.models.VacancyStatus",
        "WorkTypeEnum": "jobs.models.WorkType",
        "WeekdayEnum": "jobs.models.Weekday",
        "EducationLevelEnum": "jobs.models.EducationLevel",
        "EmployerKindEnum": "jobs.models.EmployerKind",
        "RoleEnum": "accounts.models.Role",
        "NotificationKindEnum": "notifications.models.Kind",
        "DeliveryStatusEnum": "notifications.models.DeliveryStatus",
    },
}

# Celery: without a broker URL, tasks run in-process (the embedded default of `make run`).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "search.*": {"queue": "search"},
    "notifications.*": {"queue": "notifications"},
}
CELERY_TIMEZONE = TIME_ZONE

# Search: "database" (embedded, no extra service) or "elasticsearch".
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be 'database' or 'elasticsearch', not {SEARCH_BACKEND!r}"
    )
# How often a process asks the database whether the skill taxonomy changed (search.taxonomy);
# a change made in the same process is seen at once.
SEARCH_TAXONOMY_RECHECK_SECONDS = env.float("SEARCH_TAXONOMY_RECHECK_SECONDS", default=2.0)
# How long the process that asked trusts Elasticsearch's answer that a typed word needs no
# correction (0: ask on every search). A typo is asked about every time; only a "did you mean"
# towards a word a new vacancy brings can lag by this much.
SEARCH_CORRECTION_MEMO_SECONDS = env.float("SEARCH_CORRECTION_MEMO_SECONDS", default=60.0)
ELASTICSEARCH_URLS = env.list("ELASTICSEARCH_URL", default=["http://127.0.0.1:9200"])
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="sicaker")
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=10.0)
# A node that refuses or drops a request is marked dead for a while and the request goes to the
# next node of ELASTICSEARCH_URL (connection errors, timeouts and 429/502/503/504 answers): with
# three nodes, two retries reach every node once.
ELASTICSEARCH_MAX_RETRIES = env.int("ELASTICSEARCH_MAX_RETRIES", default=2)
ELASTICSEARCH_USERNAME = env.str("ELASTICSEARCH_USERNAME", default="")
ELASTICSEARCH_PASSWORD = env.str("ELASTICSEARCH_PASSWORD", default="")
SEARCH_SWEEP_INTERVAL_SECONDS = env.int("SEARCH_SWEEP_INTERVAL_SECONDS", default=60)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Si-Caker <noreply@sicaker.local>")

# LOG_FORMAT=json: one JSON object per line (for a log collector); "plain" for people. Every line
# carries the request id of the HTTP request that caused it, also in the Celery tasks it enqueued
# (sicaker.operations.logs; docs/operations.md).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sicaker.operations.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(task_name)s]: "
            "%(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_name)s "
            "%(task_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "ERROR"},
        "celery.app.trace": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="WARNING")},
        "elasticsearch": {"level": "WARNING"},
    },
}

# A broker outage must not hold a web request for long: publishing gives up quickly and the
# periodic sweeps (search index, notification outbox) deliver what was committed.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}

# Notifications: SMS and WhatsApp go through one HTTP gateway interface; empty URL = log only.
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
WHATSAPP_GATEWAY_URL = env.str("WHATSAPP_GATEWAY_URL", default="")
WHATSAPP_GATEWAY_TOKEN = env.str("WHATSAPP_GATEWAY_TOKEN", default="")
NOTIFICATION_GATEWAY_TIMEOUT = env.float("NOTIFICATION_GATEWAY_TIMEOUT", default=10.0)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
NOTIFICATION_FAN_OUT_CHUNK = env.int("NOTIFICATION_FAN_OUT_CHUNK", default=500)
NOTIFICATION_DIGEST_HOUR = env.int("NOTIFICATION_DIGEST_HOUR", default=7)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The open data (jobs.open_data, README "Open data"): where the snapshot files are written, how
# long the change log keeps entries that no longer describe the present (a cursor older than
# that is refused with 410: take the snapshot again), and the stream's rate limit per client.
OPEN_DATA_DIR = env.path("OPEN_DATA_DIR", default=BASE_DIR / "media" / "open-data")
OPEN_DATA_RETENTION_DAYS = env.int("OPEN_DATA_RETENTION_DAYS", default=30)
# -- her rights over her data (UU PDP) and the AK/1 card (accounts.privacy, seekers.ak1) --------
# The office that issues AK/1 cards and whose officers look at NIKs (shown in her access log).
OFFICE_NAME = env.str("OFFICE_NAME", default="Disnaker Kota Madiun")
# The BPS code of the office's city: the first part of an AK/1 number (3577 = Kota Madiun).
AK1_CITY_CODE = env.str("AK1_CITY_CODE", default="3577")
# Applications closed (accepted, rejected, withdrawn) for longer than this are anonymised.
RETENTION_CLOSED_APPLICATION_DAYS = env.int("RETENTION_CLOSED_APPLICATION_DAYS", default=730)
# Seeker accounts nobody signed in to for longer than this are anonymised, after a warning
# sent RETENTION_WARNING_DAYS before.
RETENTION_INACTIVE_ACCOUNT_DAYS = env.int("RETENTION_INACTIVE_ACCOUNT_DAYS", default=1095)
RETENTION_WARNING_DAYS = env.int("RETENTION_WARNING_DAYS", default=30)
