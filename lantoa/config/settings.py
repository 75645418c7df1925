"""Lan Tỏa settings, read from the environment (`.env.example` lists every variable).

Defaults serve a developer or the demo: SQLite, no external service. Production sets
`LANTOA_ENV=production`, which turns on every protection that `check --deploy` asks for.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "lantoa"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

LANTOA_ENV = env.str("LANTOA_ENV", default="development")  # development | test | production
PRODUCTION = LANTOA_ENV == "production"
DEMO = env.bool("LANTOA_DEMO", default=False)
# The demo's published content and its files (lantoa.content.demo): made by `lantoa demo`, not when a test
# turns DEMO on (a test that needs them loads them itself).
DEMO_PUBLISHED = DEMO

SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else "lantoa-development-key-not-for-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How many reverse proxies (nginx…) stand in front and append to X-Forwarded-For: 0 reads REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    # Lan Tỏa, first so that its templates and translations win.
    "lantoa.core",
    "lantoa.audit",
    "lantoa.org",
    "lantoa.accounts",
    "lantoa.notify",
    "lantoa.plans",
    "lantoa.assignments",
    "lantoa.reporting",
    "lantoa.content",
    "lantoa.console",
    "lantoa.api",
    "lantoa.portal",
    # Wagtail: the CMS and the shell of the staff console.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Sign-in.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # API and background work.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lantoa.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lantoa.accounts.middleware.UserLanguageMiddleware",
    "lantoa.core.guards.InputGuardMiddleware",
    "lantoa.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantoa.core.security.SecurityHeadersMiddleware",  # django-csp's, with per-path allowances
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lantoa.config.urls"
WSGI_APPLICATION = "lantoa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lantoa.core.context_processors.lantoa",
            ],
        },
    },
]

# Data: SQLite (WAL) by default, so the demo needs no server; PostgreSQL in production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'lantoa.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lantoa"}
    )
}

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# People and sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "lantoa.accounts.backends.RoleBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "lantoa.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lan Tỏa] "
# Lockout after repeated failures: per account and address, so that one flood of
# wrong passwords from a shared office network does not lock everybody out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="10/m/ip,5/15m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lan Tỏa"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# Roles whose holders must use two-factor authentication (not enforced in demo mode).
LANTOA_TWO_FACTOR_ROLES = ("administrator", "coordinator", "approver")
LANTOA_TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEMO)
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)

# Wagtail: the CMS and the staff console.
WAGTAIL_SITE_NAME = "Lan Tỏa"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request leaves the building to draw an avatar
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth resets passwords
WAGTAILADMIN_USER_LOGIN_FORM = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploads that a browser cannot run: documents only in the formats the campaign uses (no HTML, SVG or
# script), served as attachments except PDF, always with nosniff and `Content-Security-Policy:
# default-src 'none'` (Wagtail's WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT); images without SVG.
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "txt",
    "csv",
    "zip",
    "mp3",
    "mp4",
    "jpg",
    "jpeg",
    "png",
]
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# The content hub's media library (lantoa.content.media_files): per kind, the largest file in bytes and the
# types accepted, as their bytes show them (the name must agree). Documents: the campaign's office formats
# among WAGTAILDOCS_EXTENSIONS; images: as large as Wagtail's own image uploads.
CONTENT_MEDIA_LIMITS = {
    "image": {"max_bytes": WAGTAILIMAGES_MAX_UPLOAD_SIZE, "types": ["jpg", "png", "webp", "gif"]},
    "audio": {"max_bytes": 50 * 1024 * 1024, "types": ["mp3", "ogg", "wav", "m4a"]},
    "document": {
        "max_bytes": 20 * 1024 * 1024,
        "types": [e for e in ("pdf", "docx", "xlsx", "pptx", "odt", "ods") if e in WAGTAILDOCS_EXTENSIONS],
    },
}

# Language and time: Vietnamese first, English complete.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "lantoa_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True  # 1.234.567,5 in Vietnamese, 1,234,567.5 in English
FORMAT_MODULE_PATH = ["lantoa.core.formats"]

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LANTOA_UNIT_FILE_MAX_BYTES = 5 * 1024 * 1024
# Evidence files and attachments of tasks (lantoa.assignments): the largest file accepted, in MB.
ASSIGNMENT_EVIDENCE_MAX_MB = env.int("ASSIGNMENT_EVIDENCE_MAX_MB", default=20)

# Mail.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://127.0.0.1:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lan Tỏa <no-reply@lantoa.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders (lantoa.notify): no reminder goes out in the quiet hours (Asia/Ho_Chi_Minh; "off" for none),
# and the channels the reminders and the weekly digest use (docs/notify.md).
NOTIFY_QUIET_HOURS = env.str("NOTIFY_QUIET_HOURS", default="21:00-07:00")
NOTIFY_TRANSPORTS = env.list("NOTIFY_TRANSPORTS", default=["inapp", "email"])

# Security. Production turns everything on; development keeps plain HTTP working.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: scripts and styles from Lan Tỏa's own static files only, nothing inline,
# on every page but the exceptions in CSP_ALLOWANCES (lantoa.core.security; docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CSP_ALLOWANCES = [
    {
        # Measured in Chromium: Wagtail 8's admin starts its date fields, choosers and inline panels with
        # inline <script> elements (wagtailadmin/widgets/date_input.html, panels/inline_panel.html,
        # widgets/chooser.py), in pages and in forms it inserts later. It needs no inline style. Inline
        # event handlers stay refused (script-src-attr 'none'), and Lan Tỏa's own console views
        # (URL namespace "console") stay strict.
        "path": "/console/",
        "except_url_namespaces": ["console"],
        "add": {"script-src": ["'unsafe-inline'"], "script-src-attr": ["'none'"]},
        "reason": "Wagtail's admin initialises widgets with inline scripts",
    },
]
# Browser features no page of Lan Tỏa uses, turned off for every page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

NINJA_PAGINATION_MAX_LIMIT = 500
# Requests a minute that one client address may make to the public API (units, audiences).
PUBLIC_API_RATE = env.int("PUBLIC_API_RATE", default=300)

# Text to speech: the `http` engine of lantoa/content/speech.py (the default engine, espeak-ng, needs none).
TTS_HTTP_URL = env.str("TTS_HTTP_URL", default="")
TTS_HTTP_KEY = env.str("TTS_HTTP_KEY", default="")
TTS_HTTP_KEY_HEADER = env.str("TTS_HTTP_KEY_HEADER", default="api-key")
TTS_HTTP_VOICE = env.str("TTS_HTTP_VOICE", default="")

LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"},
    },
    "filters": {"request_id": {"()": "lantoa.core.middleware.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "INFO"},
    },
}
