"""Sigap settings: one module, every difference between the embedded demo and production
comes from environment variables (see docs/deploy.md for the full list).

With nothing set, Sigap runs as the embedded demo: DEBUG on, SQLite and a filesystem Celery
broker in ./var, platform base URLs pointing at the fake platform on 127.0.0.1:8001.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env.str("SIGAP_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)
TESTING = env.bool("SIGAP_TESTING", default=False)

_DEMO_SECRET_KEY = "sigap-embedded-demo-key-not-for-production-use-0123456789abcdef"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEMO_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and SECRET_KEY == _DEMO_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the demo key; set a real one for production.")
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# Salt for the key that encrypts platform tokens at rest (django-fernet-encrypted-fields
# derives the key from SECRET_KEY + SALT_KEY; old keys stay readable via the fallbacks).
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT", default=["sigap-platform-tokens"])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "portal",
    "accounts",
    "agencies",
    "platforms",
    "complaints",
    "rankings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.RegionLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.sigap",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite (the embedded default) runs in WAL mode with IMMEDIATE transactions and a busy
# timeout, so that the web server, the Celery worker and beat share one file without
# "database is locked".
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'sigap.sqlite3'}"
_db = env.db_url_config(DATABASE_URL)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {**SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
else:
    _db["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sigap",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The test suite runs tasks in-process; the stack tests start real workers instead.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = TESTING
SIGAP_POLL_SECONDS = env.int("SIGAP_POLL_SECONDS", default=120)
#: The portal's public address, for links in e-mails and WhatsApp messages.
SIGAP_SITE_URL = env.str("SIGAP_SITE_URL", default="http://127.0.0.1:8000")
# How often an open inbox asks for complaints that arrived since it was shown.
SIGAP_INBOX_POLL_SECONDS = env.int("SIGAP_INBOX_POLL_SECONDS", default=15)
#: The approved WhatsApp template that tags an agency head (body: number, agency, excerpt;
#: two quick-reply buttons: "Siap, tindak lanjuti" / "Bukan wewenang kami").
SIGAP_WHATSAPP_TAG_TEMPLATE = env.str("SIGAP_WHATSAPP_TAG_TEMPLATE", default="sigap_tag_kepala")
SIGAP_WHATSAPP_REMINDER_TEMPLATE = env.str("SIGAP_WHATSAPP_REMINDER_TEMPLATE", default="sigap_pengingat")
SIGAP_WHATSAPP_DIGEST_TEMPLATE = env.str("SIGAP_WHATSAPP_DIGEST_TEMPLATE", default="sigap_ringkasan_harian")
CELERY_BEAT_SCHEDULE = {
    "poll-due-accounts": {"task": "platforms.tasks.poll_due_accounts", "schedule": 30.0},
    "requeue-stale-items": {"task": "platforms.tasks.requeue_stale_items", "schedule": 60.0},
    # X user access lasts 2 hours: renewed when less than 15 minutes are left.
    "refresh-expiring-tokens": {"task": "platforms.tasks.refresh_expiring_tokens", "schedule": 300.0},
    "scheduler-heartbeat": {
        "task": "portal.tasks.record_heartbeat",
        "schedule": env.float("SIGAP_HEARTBEAT_SECONDS", default=30.0),
    },
}

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sigap"
# Leaders, the communications office and superusers must have TOTP in production; the
# embedded demo (DEBUG on) does not require it and says so on the login page.
SIGAP_REQUIRE_MFA = env.bool("SIGAP_REQUIRE_MFA", default=not DEBUG)

# --- Internationalisation and region --------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("SIGAP_TIME_ZONE", default="Asia/Jakarta")
_TZ_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                     "Asia/Jayapura": "WIT"}
if TIME_ZONE not in _TZ_ABBREVIATIONS:
    raise ImproperlyConfigured(
        f"SIGAP_TIME_ZONE={TIME_ZONE!r}: use Asia/Jakarta (WIB), Asia/Pontianak (WIB), "
        "Asia/Makassar (WITA) or Asia/Jayapura (WIT)."
    )
SIGAP_TIME_ZONE_LABEL = _TZ_ABBREVIATIONS[TIME_ZONE]
# Daily metric snapshots at 01:00 region time, then catch-up runs every six hours for the
# accounts still without one that day (Indonesia keeps no daylight saving: a fixed offset).
_REGION_UTC_HOURS = int(datetime.now(ZoneInfo(TIME_ZONE)).utcoffset().total_seconds() // 3600)
CELERY_BEAT_SCHEDULE["snapshot-metrics"] = {
    "task": "platforms.tasks.snapshot_due_accounts",
    "schedule": crontab(minute=0, hour=",".join(str((h - _REGION_UTC_HOURS) % 24) for h in (1, 7, 13, 19))),
}
# The response loop: reminders and overdue notices every few minutes; the digest to the
# mayor's office at 07:00 region time.
CELERY_BEAT_SCHEDULE["escalate"] = {
    "task": "complaints.tasks.escalate", "schedule": env.float("SIGAP_ESCALATION_SECONDS", default=300.0),
}
CELERY_BEAT_SCHEDULE["daily-digest"] = {
    "task": "complaints.tasks.daily_digest", "schedule": crontab(minute=0, hour=(7 - _REGION_UTC_HOURS) % 24),
}
# The leaderboard's rollups are refreshed after every change; once an hour the last three
# days are recomputed anyway (a worker lost between the commit and the refresh).
CELERY_BEAT_SCHEDULE["rebuild-recent-rollups"] = {
    "task": "rankings.tasks.rebuild_recent_rollups", "schedule": crontab(minute=17),
}
CELERY_BEAT_SCHEDULE["weekly-summary"] = {
    "task": "rankings.tasks.weekly_summary",
    # Monday 07:00 region time is Sunday evening in UTC for regions east of UTC+7.
    "schedule": crontab(minute=0, hour=(7 - _REGION_UTC_HOURS) % 24, day_of_week=1 if _REGION_UTC_HOURS <= 7 else 0),
}
SIGAP_REGION_NAME = env.str("SIGAP_REGION_NAME", default="Pemerintah Kota Bengkulu")
SIGAP_COMMS_OFFICE_NAME = env.str(
    "SIGAP_COMMS_OFFICE_NAME", default="Dinas Komunikasi dan Informatika Kota Bengkulu"
)
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
os.makedirs(STATIC_ROOT, exist_ok=True)  # WhiteNoise warns on every request otherwise
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sigap <sigap@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production defaults when DEBUG is off) ---------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("SIGAP_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# /healthz is probed over plain HTTP by the container healthcheck and load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
    if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
        # HSTS preload is a one-way commitment for the whole domain; a region opts in.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an anonymous call then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sigap API",
    "DESCRIPTION": "Agencies, official accounts, citizens' complaints and response figures.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlatformEnum": "agencies.models.Platform",
        "AgencyKindEnum": "agencies.models.AgencyKind",
        "ConnectionStatusEnum": "agencies.models.ConnectionStatus",
    },
}

# --- Audit log ------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Platforms ------------------------------------------------------------------------
FAKE_PLATFORM_URL = env.str("FAKE_PLATFORM_URL", default="http://127.0.0.1:8001")
X_API_BASE_URL = env.str("X_API_BASE_URL", default=FAKE_PLATFORM_URL if DEBUG else "https://api.x.com")
META_GRAPH_BASE_URL = env.str(
    "META_GRAPH_BASE_URL",
    default=FAKE_PLATFORM_URL if DEBUG else "https://graph.facebook.com/v24.0",
)
YOUTUBE_API_BASE_URL = env.str(
    "YOUTUBE_API_BASE_URL",
    default=FAKE_PLATFORM_URL if DEBUG else "https://www.googleapis.com/youtube/v3",
)
WHATSAPP_API_BASE_URL = env.str(
    "WHATSAPP_API_BASE_URL",
    default=FAKE_PLATFORM_URL if DEBUG else "https://graph.facebook.com/v24.0",
)
X_CONSUMER_SECRET = env.str("X_CONSUMER_SECRET", default="sigap-x-consumer-secret" if DEBUG else "")
META_APP_SECRET = env.str("META_APP_SECRET", default="sigap-meta-app-secret" if DEBUG else "")
META_VERIFY_TOKEN = env.str("META_VERIFY_TOKEN", default="sigap-meta-verify-token" if DEBUG else "")
# Connecting official accounts ("Hubungkan", platforms/oauth/): the apps' client ids and the
# platforms' sign-in pages. In DEBUG they are the fake platform's (its demo app credentials);
# the token endpoints live under X_API_BASE_URL (/2/oauth2/token) and META_GRAPH_BASE_URL
# (/oauth/access_token), Google's has its own host.
X_CLIENT_ID = env.str("X_CLIENT_ID", default="sigap-x-client-id" if DEBUG else "")
X_CLIENT_SECRET = env.str("X_CLIENT_SECRET", default="sigap-x-client-secret" if DEBUG else "")
X_OAUTH_AUTHORIZE_URL = env.str(
    "X_OAUTH_AUTHORIZE_URL",
    default=f"{FAKE_PLATFORM_URL}/i/oauth2/authorize" if DEBUG else "https://x.com/i/oauth2/authorize",
)
META_APP_ID = env.str("META_APP_ID", default="sigap-meta-app-id" if DEBUG else "")
META_OAUTH_DIALOG_URL = env.str(
    "META_OAUTH_DIALOG_URL",
    default=f"{FAKE_PLATFORM_URL}/dialog/oauth" if DEBUG else "https://www.facebook.com/v24.0/dialog/oauth",
)
#: Facebook Login for Business: the configuration (permissions) made in the app dashboard;
#: without one the dialog asks for the permissions by scope.
META_LOGIN_CONFIG_ID = env.str("META_LOGIN_CONFIG_ID", default="")
GOOGLE_CLIENT_ID = env.str(
    "GOOGLE_CLIENT_ID", default="sigap-google-client-id.apps.googleusercontent.com" if DEBUG else ""
)
GOOGLE_CLIENT_SECRET = env.str("GOOGLE_CLIENT_SECRET", default="sigap-google-client-secret" if DEBUG else "")
GOOGLE_OAUTH_AUTHORIZE_URL = env.str(
    "GOOGLE_OAUTH_AUTHORIZE_URL",
    default=f"{FAKE_PLATFORM_URL}/o/oauth2/v2/auth" if DEBUG else "https://accounts.google.com/o/oauth2/v2/auth",
)
GOOGLE_OAUTH_TOKEN_URL = env.str(
    "GOOGLE_OAUTH_TOKEN_URL",
    default=f"{FAKE_PLATFORM_URL}/token" if DEBUG else "https://oauth2.googleapis.com/token",
)

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}


def _check_broker_url(url: str) -> None:
    scheme = urlparse(url).scheme
    if scheme not in {"filesystem", "redis", "rediss", "memory"}:
        raise ImproperlyConfigured(f"Unsupported Celery broker URL scheme {scheme!r}.")


_check_broker_url(CELERY_BROKER_URL)
os.makedirs(VAR_DIR, exist_ok=True)
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        os.makedirs(BROKER_DIR / _folder, exist_ok=True)
