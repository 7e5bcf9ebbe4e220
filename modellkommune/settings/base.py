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
    "modellkommune.participation",
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
    # Anonymous visitors of marked views are answered from the cache before sessions, CSRF and auth run.
    "modellkommune.core.page_cache.PageCacheMiddleware",
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
# Anonymous HTML pages from that cache (core/page_cache.py): seconds a page may be served after the last change
# that bypassed the signals (QuerySet.update, time passing); pages with live sensor values use the shorter one.
# 0 = off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=120)
PAGE_CACHE_LIVE_SECONDS = env.int("PAGE_CACHE_LIVE_SECONDS", default=30)
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=1024 * 1024)

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
    # Per account first; per client IP only as a slower second line, so one shared IP (a proxy, a school,
    # a mobile carrier's NAT) cannot lock the town out. The IP comes from core.ratelimit.client_ip.
    "login_failed": "5/5m/key,60/30m/ip",
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
# Only the built files the templates use are served; test-only packages (axe-core) stay off /static/.
NODE_MODULES_DIR = BASE_DIR / "node_modules"
VENDOR_STATIC = ["htmx.org/dist", "leaflet/dist"]
for _vendor in VENDOR_STATIC:
    if (NODE_MODULES_DIR / _vendor).exists():
        STATICFILES_DIRS.append((f"vendor/{_vendor}", NODE_MODULES_DIR / _vendor))
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

# Identity, payment, proxies and sessions (issue 11): safe by default, demos only when switched on.
# The demo BundID and demo payment provider (no real check, no money): dev settings and `make run` only;
# `manage.py check --deploy` reports them as an error when DEBUG is off.
DEMO_PROVIDERS = env.bool("DEMO_PROVIDERS", default=False)
IDENTITY_PROVIDERS = env.list("IDENTITY_PROVIDERS", default=[])  # dotted paths of real identity providers
PAYMENT_PROVIDERS = env.list("PAYMENT_PROVIDERS", default=[])  # dotted paths; the first is the default
# Addresses/networks of the reverse proxies whose X-Forwarded-For / X-Real-IP headers are believed.
# Empty: the client IP is REMOTE_ADDR and forwarded headers are ignored (they could be forged).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Back-office sessions end after this many seconds without activity; citizens keep Django's 14 days.
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=8 * 3600)
# Contact form: messages per client IP and per sender address and hour.
CONTACT_RATE_PER_IP = env.int("CONTACT_RATE_PER_IP", default=20)
CONTACT_RATE_PER_EMAIL = env.int("CONTACT_RATE_PER_EMAIL", default=5)
# Name of the site in e-mails (allauth greets "from" it); default: the municipality's name.
SITE_NAME = env("SITE_NAME", default="")

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
    "egov-artefacts-recover": {"task": "modellkommune.egov.tasks.artefacts_recover", "schedule": 300},
    "appointments-reminders": {"task": "modellkommune.egov.appointments.tasks.reminders_send", "schedule": 3600},
    "opendata-sync": {"task": "modellkommune.opendata.tasks.catalogue_sync", "schedule": 3600},
    "programme-indicators": {"task": "modellkommune.programme.tasks.indicators_snapshot", "schedule": 24 * 3600},
    "reports-retention": {"task": "modellkommune.egov.reports.tasks.retention_enforce", "schedule": 24 * 3600},
    "participation-retention": {"task": "modellkommune.participation.tasks.retention_enforce", "schedule": 24 * 3600},
    "appointments-anonymise": {
        "task": "modellkommune.egov.appointments.tasks.bookings_anonymise_task",
        "schedule": 24 * 3600,
    },
}

# MQTT broker for SensorThings; empty means MQTT is off and the HTTP API still works.
MQTT_URL = env("MQTT_URL", default="")
# Only when the broker itself authenticates publishers (ACLs): MQTT writes are then trusted without a token.
STA_MQTT_TRUST_BROKER = env.bool("STA_MQTT_TRUST_BROKER", default=False)
# MQTT in production (docs/sensors.md, "MQTT"): Mosquitto's dynamic-security plugin, managed by the platform
# with these admin credentials (mqtt://admin:password@host:1883); empty = the platform manages no broker clients.
MQTT_DYNSEC_ADMIN_URL = env("MQTT_DYNSEC_ADMIN_URL", default="")
# The listener's persistent MQTT session: a stable client id (one per consumer), how long the broker keeps
# queueing for it while it is down, and the shared-subscription group of all consumers (empty = no $share).
MQTT_LISTENER_CLIENT_ID = env("MQTT_LISTENER_CLIENT_ID", default="modellkommune-listener")
MQTT_SESSION_EXPIRY = env.int("MQTT_SESSION_EXPIRY", default=86400)
MQTT_SHARE_GROUP = env("MQTT_SHARE_GROUP", default="modellkommune")
# Repairs the broker's clients and ACLs after admin edits or a broker outage (no-op without MQTT_DYNSEC_ADMIN_URL).
CELERY_BEAT_SCHEDULE["sensors-mqtt-dynsec-sync"] = {"task": "modellkommune.sensors.tasks.dynsec_sync", "schedule": 900}
# SensorThings $select topics served besides entity, navigation and property topics (STA 1.1, 14.2.4),
# separated by spaces, e.g. "v1.1/Things?$select=name,description v1.1/Observations?$select=result"
STA_MQTT_SELECT_TOPICS = env("STA_MQTT_SELECT_TOPICS", default="").split()
STA_BASE_URL = env("STA_BASE_URL", default="")  # default: SITE_URL + /sta/v1.1
STA_DEFAULT_SECTOR = env("STA_DEFAULT_SECTOR", default="lebensqualitaet")
# Legal pages (imprint, privacy statement, accessibility statement); empty values fall back to the town's data.
LEGAL_REPRESENTATIVE = env("LEGAL_REPRESENTATIVE", default="")  # who represents the town, e.g. the mayor
LEGAL_CONTENT_RESPONSIBLE = env("LEGAL_CONTENT_RESPONSIBLE", default="")  # § 18 Abs. 2 MStV
DATA_PROTECTION_OFFICER = env("DATA_PROTECTION_OFFICER", default="")  # name or office and postal address
DATA_PROTECTION_OFFICER_EMAIL = env("DATA_PROTECTION_OFFICER_EMAIL", default="")
DATA_PROTECTION_AUTHORITY = env(
    "DATA_PROTECTION_AUTHORITY",
    default="Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
    "Kavalleriestraße 2–4, 40213 Düsseldorf, https://www.ldi.nrw.de",
)
ACCESSIBILITY_STATEMENT_DATE = env("ACCESSIBILITY_STATEMENT_DATE", default="2026-11-24")
SERVER_LOG_RETENTION_DAYS = env.int("SERVER_LOG_RETENTION_DAYS", default=7)
# The town's logo in the page header: a path under the static files or a full URL.
SITE_LOGO = env("SITE_LOGO", default="img/logo.svg")
MAP_TILE_URL = env("MAP_TILE_URL", default="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")

# Geocoding for the Mängelmelder (address search, street names for map clicks): offline street list by
# default; modellkommune.contrib.geocoding.http.NominatimGeocoder or .PhotonGeocoder with GEOCODER_URL.
GEOCODER = env("GEOCODER", default="modellkommune.contrib.geocoding.offline.StreetListGeocoder")
GEOCODER_URL = env("GEOCODER_URL", default="")
GEOCODER_STREETS_FILE = env("GEOCODER_STREETS_FILE", default="")  # CSV name,district,lat,lon
GEOCODER_TOWN = env("GEOCODER_TOWN", default="Iserlohn")

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
# GovData contributor URI (http://dcat-ap.de/def/contributors/…); empty: the Land portal of the AGS (docs/opendata.md)
OPENDATA_CONTRIBUTOR_ID = env("OPENDATA_CONTRIBUTOR_ID", default="")
OPENDATA_CONTACT_EMAIL = env("OPENDATA_CONTACT_EMAIL", default="")  # default: the municipality's address
PARTICIPATION_RETENTION_DAYS = env.int("PARTICIPATION_RETENTION_DAYS", default=365)
# Einwohnerantrag (§ 25 Abs. 3 GO NRW): "kreisangehoerig" (5 %, at most 4,000) or "kreisfrei" (4 %, at most 8,000);
# a fixed quorum overrides the law's (0 = by law); days to collect; identity level a supporter needs.
PARTICIPATION_MUNICIPALITY_KIND = env("PARTICIPATION_MUNICIPALITY_KIND", default="kreisangehoerig")
PARTICIPATION_MOTION_QUORUM = env.int("PARTICIPATION_MOTION_QUORUM", default=0)
PARTICIPATION_SUPPORT_DAYS = env.int("PARTICIPATION_SUPPORT_DAYS", default=180)
PARTICIPATION_SUPPORT_LEVEL = env("PARTICIPATION_SUPPORT_LEVEL", default="substantial")
# Consultations: comments are checked before they are published (false: published at once, moderated after)
PARTICIPATION_PREMODERATION = env.bool("PARTICIPATION_PREMODERATION", default=True)
# Surveys: results (page, chart, open data) only from this many responses, so no answer points to a person
PARTICIPATION_SURVEY_MIN_RESPONSES = env.int("PARTICIPATION_SURVEY_MIN_RESPONSES", default=5)
# Open data: also write the DCAT-AP.de 2.0 dcatde:politicalGeocodingURI/LevelURI (deprecated in 3.0; dct:spatial always)
OPENDATA_DCATDE_2_GEOCODING = env.bool("OPENDATA_DCATDE_2_GEOCODING", default=True)
# Open data: public MQTT endpoint of the SensorThings API for the catalogue (mqtt://host:1883); empty = not listed
OPENDATA_STA_MQTT_URL = env("OPENDATA_STA_MQTT_URL", default="")
DB_OUTAGE_RETRY_AFTER = env.int("DB_OUTAGE_RETRY_AFTER", default=30)

# Programme PDFs (portfolio export, gap report): rendered once per content version and kept in the cache;
# renders (not cache hits) are limited per client (6 a minute) and for all clients together.
PROGRAMME_PDF_CACHE_SECONDS = env.int("PROGRAMME_PDF_CACHE_SECONDS", default=24 * 3600)
PROGRAMME_PDF_RENDERS_PER_MINUTE = env.int("PROGRAMME_PDF_RENDERS_PER_MINUTE", default=30)
# Uploaded images: refused above this many pixels, read from the header before decoding (decompression bombs).
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Privacy: approved/rejected applications nobody closes are closed (then anonymised) after this many idle days.
EGOV_DECIDED_CLOSE_DAYS = env.int("EGOV_DECIDED_CLOSE_DAYS", default=90)
# Bescheid (decision PDF): the administrative court named in the notice of legal remedy, with its address
# (e.g. "Verwaltungsgericht Arnsberg, Jägerstraße 1, 59821 Arnsberg"); empty = "örtlich zuständiges Verwaltungsgericht".
EGOV_DECISION_COURT = env.str("EGOV_DECISION_COURT", default="")
# API cost limits (issue 11.3): PostgreSQL statement_timeout for API requests (STA, OParl and Open311 reads;
# 0 = off; answered with 503 + Retry-After), entities per SensorThings response, requests per STA $batch.
API_STATEMENT_TIMEOUT_MS = env.int("API_STATEMENT_TIMEOUT_MS", default=10000)
# The limit is a session setting kept on the connection between API requests (core/db_timeout.py). Behind a
# transaction-pooling proxy (PgBouncer pool_mode=transaction) set this, so it is set in every request's transaction;
# it also turns off the server-side prepared statements of the OParl and SensorThings pages, which such a proxy
# would not keep with the session.
API_STATEMENT_TIMEOUT_PER_TRANSACTION = env.bool("API_STATEMENT_TIMEOUT_PER_TRANSACTION", default=False)
STA_MAX_RESPONSE_ENTITIES = env.int("STA_MAX_RESPONSE_ENTITIES", default=10000)
STA_BATCH_MAX_REQUESTS = env.int("STA_BATCH_MAX_REQUESTS", default=100)
# $count=true: "full" counts exactly; "estimate" (PostgreSQL) takes the planner's row estimate and counts exactly
# only below STA_COUNT_ESTIMATE_THRESHOLD (FROST's ESTIMATE_LIMIT), for tables of many millions of observations.
STA_COUNT_MODE = env("STA_COUNT_MODE", default="full")
STA_COUNT_ESTIMATE_THRESHOLD = env.int("STA_COUNT_ESTIMATE_THRESHOLD", default=1_000_000)
# CORS of the SensorThings API (issue 12.6): every origin may read; browser pages on these origins (space- or
# comma-separated, e.g. "https://dashboard.iserlohn.de") may also write with their token. Empty: none.
STA_CORS_WRITE_ORIGINS = env("STA_CORS_WRITE_ORIGINS", default="").replace(",", " ").split()

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

# Council: a department's report to the council (Stellungnahme, Mitteilung, Beschlussvorlage) is published only
# after a second person of the department has released it (four-eyes principle); False lets the author publish.
COUNCIL_REPORT_FOUR_EYES = env.bool("COUNCIL_REPORT_FOUR_EYES", default=True)
