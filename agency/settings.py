"""Accountable settings: one module, read from the environment.

With nothing set, everything runs on one machine: SQLite under var/, Celery on
a filesystem broker under var/, email kept in the outbox. DATABASE_URL,
REDIS_URL and EMAIL_URL switch to PostgreSQL, Redis and SMTP. Malformed values
stop the process at start-up instead of surprising anyone later.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()


def env_bool(name, default):
    """Only clear yes/no values: a typo must not silently turn a safety switch off."""
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (refused when DEBUG is off)
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a random value of at least 50 characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS to the host names this site answers to.")

# Every link in every email is built from SITE_URL, never from the request's Host header. Unset, it is the
# address `make run` serves (bin/run: http://127.0.0.1:$PORT), so links work whatever port was chosen.
SITE_URL = env.url("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").geturl().rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SITE_URL must start with http:// or https://")

INSTALLED_APPS = [
    "agency.core",
    "accounts",
    "briefs",
    "media",
    "evaluations",
    "agency.site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agency.core.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "agency.core.middleware.RequestSizeLimitMiddleware",
]

# Benchmarks switch on a bare reference page and a query-count header (see bench/).
BENCH_PAGES = env_bool("BENCH_PAGES", default=False)
if BENCH_PAGES:
    MIDDLEWARE.insert(0, "agency.core.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "agency.urls"
WSGI_APPLICATION = "agency.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
    {
        # Plain text (email subjects and bodies, the status report's text): nothing is HTML-escaped, so
        # "R&D O'Brien" reads as written. Used by name: render_to_string(..., using="text").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'accountable.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process, worker and beat share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the pages' queries are short, and PostgreSQL compiles any query its planner costs
    # high (correlated subqueries over many rows), which took longer than running it (the homes: 45 ms
    # of JIT for a 40 ms query, 800 ms for the budget at risk).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agency.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force throttling: five failures per username and address lock for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: English, Simplified and Traditional Chinese from the start.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One unambiguous date format per language: 12 Jun 2026, 2026年6月12日 (agency/core/formats/).
FORMAT_MODULE_PATH = ["agency.core.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except Exception as exc:
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone.") from exc

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/files/"  # never served directly: attachments go through views that check access
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "files"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest attachment (key visual, storyboard, finished ad) accepted, in bytes.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
# Largest upload of each kind, read from the content, in bytes (never more than UPLOAD_MAX_BYTES).
UPLOAD_LIMITS = {
    "image": env.int("UPLOAD_MAX_IMAGE_BYTES", default=30 * 1024 * 1024),
    "video": env.int("UPLOAD_MAX_VIDEO_BYTES", default=200 * 1024 * 1024),
    "audio": env.int("UPLOAD_MAX_AUDIO_BYTES", default=50 * 1024 * 1024),
    "pdf": env.int("UPLOAD_MAX_PDF_BYTES", default=50 * 1024 * 1024),
    "spreadsheet": env.int("UPLOAD_MAX_SPREADSHEET_BYTES", default=5 * 1024 * 1024),
}
# An image may hold at most this many pixels (width x height): a small file that unpacks into gigabytes
# of pixels (a decompression bomb) is refused before it is decoded. 80 megapixels is a 10000 x 8000 print file.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=80_000_000)

# Spreadsheet imports (agency/core/spreadsheets.py): what a workbook may unpack to before it is read at all,
# then how much of its first sheet is read. A 5,000-line media plan unpacks to about 3.5 MB, packed about 13 to 1.
IMPORT_XLSX_MAX_UNCOMPRESSED = env.int("IMPORT_XLSX_MAX_UNCOMPRESSED", default=60 * 1024 * 1024)
IMPORT_XLSX_MAX_MEMBER = env.int("IMPORT_XLSX_MAX_MEMBER", default=40 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
IMPORT_XLSX_MAX_MEMBERS = env.int("IMPORT_XLSX_MAX_MEMBERS", default=200)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=60)
# An import of more rows than this runs in the background, with a progress page.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=500)
# An export of more rows than this (a media plan: of more lines) is written in the background, with a progress
# page; its file is kept under EXPORT_ROOT (never served as media; share it between machines as MEDIA_ROOT)
# for EXPORT_KEEP_DAYS, for the person who asked only (docs/practice.md, "Long exports in the background").
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=2000)
EXPORT_BACKGROUND_PLAN_LINES = env.int("EXPORT_BACKGROUND_PLAN_LINES", default=500)
EXPORT_ROOT = env.path("EXPORT_ROOT", default=str(VAR_DIR / "exports"))
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email. Without EMAIL_URL messages stay in the outbox (readable in the app) and are not sent.
EMAIL_URL = env.str("EMAIL_URL", default="")
EMAIL_DELIVERY_ENABLED = bool(EMAIL_URL)
# Without a mail server each email, as its recipient would receive it (client links included), is written
# here as an .eml file; the Outbox shows every message but never a client's private link.
DEV_MAIL_DIR = env.path("DEV_MAIL_DIR", default=str(VAR_DIR / "mail"))
if EMAIL_URL:
    globals().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Accountable <accountable@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 15
# Outbox delivery: attempts and the wait before each retry, in seconds.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_DELAYS = [60, 300, 900, 3600, 4 * 3600]
# Seconds a message stays with the worker that started sending it; after that another may send it.
OUTBOX_SENDING_LEASE = env.int("OUTBOX_SENDING_LEASE", default=600)

# Webhooks to outside systems (agency/core/webhooks.py). Short timeouts: a slow receiver holds a worker.
WEBHOOK_TIMEOUT = env.int("WEBHOOK_TIMEOUT", default=5)  # seconds to connect and to read the answer
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
# Seconds before each retry: exponential, the last repeated.
try:
    WEBHOOK_RETRY_DELAYS = [int(s) for s in env.str("WEBHOOK_RETRY_DELAYS", default="30,120,600,1800,7200").split(",")]
except ValueError:
    raise ImproperlyConfigured("WEBHOOK_RETRY_DELAYS is a comma-separated list of seconds, e.g. 30,120,600.") from None
# Failed attempts in a row after which an endpoint is disabled and its owner told.
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=15)
# Plain http is for a receiver on this machine; elsewhere only when allowed (always while DEBUG).
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
if WEBHOOK_TIMEOUT < 1 or WEBHOOK_MAX_ATTEMPTS < 1 or WEBHOOK_DISABLE_AFTER_FAILURES < 1 or not WEBHOOK_RETRY_DELAYS:
    raise ImproperlyConfigured("WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_DISABLE_AFTER_FAILURES must be >= 1.")

# Celery. Redis when REDIS_URL is set; otherwise a filesystem broker under var/.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task whose worker died unacknowledged is delivered again after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "socket_connect_timeout": 3,
    }
else:
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
# Cache: Redis when REDIS_URL is set (shared by every web process, so throttles hold across them),
# otherwise local memory for a single-machine run.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Client decisions by emailed link.
DECISION_LINK_DAYS = env.int("DECISION_LINK_DAYS", default=14)
DECISION_CODE_MINUTES = env.int("DECISION_CODE_MINUTES", default=15)
DECISION_CODE_ATTEMPTS = env.int("DECISION_CODE_ATTEMPTS", default=5)
# Unknown or tampered links from one address within the window before it is refused for a while.
DECISION_BAD_TOKEN_LIMIT = env.int("DECISION_BAD_TOKEN_LIMIT", default=10)
DECISION_BAD_TOKEN_WINDOW = 15 * 60  # seconds
if DECISION_LINK_DAYS < 1 or DECISION_CODE_MINUTES < 1 or DECISION_CODE_ATTEMPTS < 1:
    raise ImproperlyConfigured("DECISION_LINK_DAYS, DECISION_CODE_MINUTES and DECISION_CODE_ATTEMPTS must be >= 1.")

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A broker that is down must not hold up the request that queued the task:
# the outbox row is already saved and the periodic sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

# Production hardening, on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The app's own pages load scripts and styles only from here: no inline code, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its small icons as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [SITE_URL]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No log line carries a client link's token (agency/core/logs.py).
    "filters": {"hide_tokens": {"()": "agency.core.logs.HideTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["hide_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The agency's working calendar: business days and public holidays for SLA clocks and reminders.
AGENCY_HOLIDAY_COUNTRY = env.str("AGENCY_HOLIDAY_COUNTRY", default="CN")

# An overdue checklist step is chased with its owner first; after this many business days overdue the
# lead AE's manager (AM/AD) hears once (briefs/reminders.py).
CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS = env.int("CHECKLIST_ESCALATE_AFTER_BUSINESS_DAYS", default=2)

# Where a complaint is routed, per department (agency.core.models.Department). Override one address with
# e.g. AGENCY_DEPARTMENT_EMAILS="media=media-desk@agency.example,creative=studio@agency.example".
AGENCY_DEPARTMENT_EMAILS = {
    "client_service": "client-service@agency.example",
    "planning": "planning@agency.example",
    "creative": "creative@agency.example",
    "media": "media@agency.example",
    "production": "production@agency.example",
    "finance": "finance@agency.example",
    "management": "management@agency.example",
    **env.dict("AGENCY_DEPARTMENT_EMAILS", default={}),
}
if bad := [k for k, v in AGENCY_DEPARTMENT_EMAILS.items() if "@" not in v]:
    raise ImproperlyConfigured(f"AGENCY_DEPARTMENT_EMAILS has no valid address for {bad}.")
# Complaint clocks per class of problem (docs/practice.md, "Complaint answer clocks"): (kind, hours), kind
# "clock" (clock hours, day and night) or "working" (the agency's working hours, 9 a working day).
# The first answer to the client:
COMPLAINT_CLOCKS = {
    "urgent": ("clock", 24),
    "complex": ("clock", 48),
    "basic": ("working", 18),
    "long_term": ("working", 45),
}
# A handling plan (what will be done, by whom, by when); a class not named here needs none.
COMPLAINT_PLAN_CLOCKS = {"complex": ("clock", 48)}
for _clocks in (COMPLAINT_CLOCKS, COMPLAINT_PLAN_CLOCKS):
    if bad := [k for k, (kind, hours) in _clocks.items() if kind not in ("clock", "working") or hours <= 0]:
        raise ImproperlyConfigured(f"Complaint clocks need a kind 'clock' or 'working' and hours > 0: {bad}.")
# A satisfaction survey or status report link works this many days.
CLIENT_LINK_DAYS = env.int("CLIENT_LINK_DAYS", default=30)

# ── The REST API (agency/site/api/) ─────────────────────────────────────────────────────────────────
# Other systems of the agency read and write with a person's API token (their API tokens page), with
# exactly that person's rights. Its reference is /api/docs/ (served from here: no third-party scripts).
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "agency.site.api.auth.BearerTokenAuthentication",  # first: its challenge makes a missing login a 401
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["agency.site.api.auth.PerTokenThrottle"],
    "DEFAULT_FILTER_BACKENDS": [
        "agency.site.api.conventions.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "agency.site.api.conventions.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "agency.site.api.conventions.problem_response",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per signed-in person in the browser) and hour, e.g. "2000/hour".
API_RATE = env.str("API_RATE", default="2000/hour")
if not __import__("re").fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_RATE):
    raise ImproperlyConfigured(f"API_RATE={API_RATE!r}: write a number of requests per second, minute, hour or day.")
SPECTACULAR_SETTINGS = {
    "TITLE": "Accountable API",
    "DESCRIPTION": "Clients, campaigns, documents, media and decisions, with the rights of the token's owner.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models name a field "status" or "stage": each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ClientStageEnum": "accounts.models.Client.Stage",
        "CampaignStageEnum": "briefs.models.Stage",
        "DocumentStatusEnum": "briefs.models.ClientStatus",
        "BriefStatusEnum": "briefs.models.BriefVersion.Status",
        "BookingStatusEnum": "media.models.Booking.Status",
        "ComplaintStatusEnum": "accounts.models.Complaint.Status",
        "DecisionRequestStatusEnum": "agency.core.models.DecisionRequest.Status",
    },
}
