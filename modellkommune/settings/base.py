"""Settings shared by every environment; everything a town changes comes from the environment.

`.env.example` lists every variable. dev.py and test.py only set defaults.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "modellkommune.core",
    "modellkommune.accounts",
    "modellkommune.council",
    "modellkommune.egov",
    "modellkommune.egov.appointments",
    "modellkommune.egov.reports",
    "modellkommune.sensors",
    "modellkommune.opendata",
    "modellkommune.programme",
    "modellkommune.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database unreachable: a friendly 503 page with Retry-After instead of a crash; recovers by itself.
    "modellkommune.core.middleware_db.DatabaseOutageMiddleware",
    # With DATABASE_REPLICA_URL: decides per request whether reads may use the replica (core/db_router.py).
    "modellkommune.core.db_router.ReplicaRoutingMiddleware",
    "modellkommune.core.middleware.RequestIdMiddleware",
    "modellkommune.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "modellkommune.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "modellkommune.accounts.middleware.StaffMfaRequiredMiddleware",
    "modellkommune.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "modellkommune.urls"
WSGI_APPLICATION = "modellkommune.wsgi.application"
ASGI_APPLICATION = "modellkommune.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "modellkommune" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "modellkommune.core.context_processors.municipality",
            ],
        },
    },
]

# An empty DATABASE_URL means the embedded default, so `DATABASE_URL= make ...` picks SQLite.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'modellkommune.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Optional PostgreSQL streaming replica: anonymous public GETs read from it, everything else uses the
# primary, and a client stays on the primary for a few seconds after a write (core/db_router.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=15)
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["modellkommune.core.db_router.PrimaryReplicaRouter"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://modellkommune")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
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
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail is the login, confirmed before the account can apply for anything.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_ADAPTER = "modellkommune.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Modellkommune")

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
# Overrides first: formal "Sie" for libraries (django-allauth) whose German addresses users as "du".
LOCALE_PATHS = [BASE_DIR / "modellkommune" / "locale_overrides", BASE_DIR / "modellkommune" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "modellkommune" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Front-end libraries are installed from npm into node_modules at install time (never committed).
NODE_MODULES_DIR = BASE_DIR / "node_modules"
if NODE_MODULES_DIR.exists():
    STATICFILES_DIRS.append(("vendor", NODE_MODULES_DIR))
# Uploaded files go through core.views_media (permission check); behind nginx it answers with
# X-Accel-Redirect and nginx sends the bytes from its internal /_protected/ location (deploy/nginx/).
MEDIA_ACCEL_REDIRECT = env.bool("MEDIA_ACCEL_REDIRECT", default=False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Stadt Iserlohn <noreply@iserlohn.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = env("CONTACT_EMAIL", default="barrierefreiheit@iserlohn.example")

# Security: strict by default, relaxed only in dev.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; img-src 'self' data: https://*.tile.openstreetmap.org; "
        "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
)

# Background work: Celery on Redis in production; eager (in-process) when no broker is set.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, one line each; every task lives in its app's tasks.py under exactly this name.
CELERY_BEAT_SCHEDULE: dict = {
    "council-saved-searches": {"task": "modellkommune.council.tasks.saved_searches_notify", "schedule": 24 * 3600},
    "egov-retention": {"task": "modellkommune.egov.tasks.retention_enforce", "schedule": 24 * 3600},
    "appointments-reminders": {"task": "modellkommune.egov.appointments.tasks.reminders_send", "schedule": 3600},
    "opendata-sync": {"task": "modellkommune.opendata.tasks.catalogue_sync", "schedule": 3600},
    "programme-indicators": {"task": "modellkommune.programme.tasks.indicators_snapshot", "schedule": 24 * 3600},
    "reports-retention": {"task": "modellkommune.egov.reports.tasks.retention_enforce", "schedule": 24 * 3600},
    "appointments-anonymise": {
        "task": "modellkommune.egov.appointments.tasks.bookings_anonymise_task",
        "schedule": 24 * 3600,
    },
}

# MQTT broker for SensorThings; empty means MQTT is off and the HTTP API still works.
MQTT_URL = env("MQTT_URL", default="")
# Only when the broker itself authenticates publishers (ACLs): MQTT writes are then trusted without a token.
STA_MQTT_TRUST_BROKER = env.bool("STA_MQTT_TRUST_BROKER", default=False)
STA_BASE_URL = env("STA_BASE_URL", default="")  # default: SITE_URL + /sta/v1.1
STA_DEFAULT_SECTOR = env("STA_DEFAULT_SECTOR", default="lebensqualitaet")
MAP_TILE_URL = env("MAP_TILE_URL", default="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")

# Domain settings a town may change; each app has the same defaults built in.
OPEN311_JURISDICTION_ID = env("OPEN311_JURISDICTION_ID", default="")
REPORTS_RETENTION_DAYS = env.int("REPORTS_RETENTION_DAYS", default=90)
APPOINTMENTS_CONFIRM_MINUTES = env.int("APPOINTMENTS_CONFIRM_MINUTES", default=60)
APPOINTMENTS_MAX_SERVICES = env.int("APPOINTMENTS_MAX_SERVICES", default=4)
APPOINTMENTS_MAX_ACTIVE_PER_EMAIL = env.int("APPOINTMENTS_MAX_ACTIVE_PER_EMAIL", default=3)
APPOINTMENTS_RATE_PER_EMAIL = env.int("APPOINTMENTS_RATE_PER_EMAIL", default=5)
APPOINTMENTS_RATE_PER_IP = env.int("APPOINTMENTS_RATE_PER_IP", default=20)
APPOINTMENTS_RETENTION_DAYS = env.int("APPOINTMENTS_RETENTION_DAYS", default=90)
OPENDATA_RDF_PAGE_SIZE = env.int("OPENDATA_RDF_PAGE_SIZE", default=100)
OPENDATA_CONTRIBUTOR_ID = env("OPENDATA_CONTRIBUTOR_ID", default="")  # GovData contributor URI
OPENDATA_CONTACT_EMAIL = env("OPENDATA_CONTACT_EMAIL", default="")  # default: the municipality's address
DB_OUTAGE_RETRY_AFTER = env.int("DB_OUTAGE_RETRY_AFTER", default=30)

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")  # json or console
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "modellkommune.core.logging.StructuredFormatter", "fmt": LOG_FORMAT},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if LOG_FORMAT == "json" else "INFO"},
    },
}
