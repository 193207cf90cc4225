"""Settings for OTOP Select, read from the environment (see .env.example and docs/adr/0001)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from otop_site.env import envbool, envint, envlist, envsecret
from otop_site.storage import upload_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) in the environment, "
            "or set DEBUG=true for local development."
        )
    # Local development only: a key kept beside the code, never committed.
    from django.core.management.utils import get_random_secret_key

    _key_file = BASE_DIR / ".dev-secret-key"
    if not _key_file.exists():
        _key_file.write_text(get_random_secret_key(), encoding="utf-8")
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets the site's Thai 403 page (otop_site/views.py), not Django's bare one.
CSRF_FAILURE_VIEW = "otop_site.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "django_tasks_db",
    "axes",
    # Our apps, lowest layer first: imports only go down this list.
    "changelog",
    "registry",
    "accounts",
    "selection",
    "allocations",
    "nominations",
    "documents",
    "opc",
    # Opening and closing rounds: calls the checks and effects of the apps listed before it.
    "lifecycle",
    # Demo and seed data (fixtures/): the top layer, imported by no app.
    "demo",
]

MIDDLEWARE = [
    # First: a production request that bypassed the proxies TRUSTED_PROXY_COUNT claims is
    # refused before anything else (otop_site/client_ip.py).
    "otop_site.client_ip.ProxyHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a login refused by django-axes into the Thai lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "otop_site.urls"
WSGI_APPLICATION = "otop_site.wsgi.application"

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
            "builtins": ["registry.templatetags.thai"],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name), SQLite file by default.
_default_sqlite = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        envsecret("DATABASE_URL") or _default_sqlite,
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a task worker share the file: WAL and a busy timeout keep them
    # from failing each other with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off on every connection (as docs/deploy.md's ALTER DATABASE does on a server):
    # the engine's queries are short but their per-row subqueries push the planner's
    # cost estimate over jit_above_cost, and compiling took 80-280 ms for 30-50 ms of
    # work (bench/candidates.py, EXPLAIN ANALYZE of the province query).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes first: it refuses a locked-out username+IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2 first (Django's recommendation; one lane: accounts/hashers.py), about 0.55× the
# CPU of PBKDF2's 1.5 million iterations per login. Older PBKDF2 hashes still verify and
# are rehashed with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first, English second; Buddhist Era years are formatted by registry.thai.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(envsecret("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
# Uploads (registry files between preview and confirm, error workbooks) go through
# default_storage only, so web machines keep no files: UPLOAD_STORAGE=s3 puts them in an
# S3-compatible bucket (django-storages), for more than one web/worker machine.
UPLOAD_STORAGE = (envsecret("UPLOAD_STORAGE") or "local").strip().lower()
# Built in otop_site/storage.py, so tests/test_storage_s3.py uses the same configuration.
STORAGES["default"] = upload_storage(UPLOAD_STORAGE, envsecret)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (registry imports): tasks live in the database, run by `manage.py db_worker`.
# TASKS_IMMEDIATE=true runs them inline, for the embedded default and tests.
if envbool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Uploads: the registry import limit (bytes), checked before a file is parsed.
IMPORT_MAX_UPLOAD_BYTES = envint("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# A sheet's grid (rows × columns from A1) and its cells, checked before it is parsed.
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", 4_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Production hardening; all of it is on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database (stateless web workers); they end after SESSION_COOKIE_AGE
# seconds without a request (8 h idle by default): accounts.middleware pushes the expiry
# on at most every SESSION_REFRESH_SECONDS (so not one UPDATE per page).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 5 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's own middleware): only the app's own scripts, styles,
# images and fonts; no inline script, no framing. Bootstrap's CSS draws icons from data:
# SVGs. htmx's injected indicator <style> is switched off in base.html (htmx-config) and
# its rules live in static/css/site.css. style-src-attr allows style="" attributes only
# (never <style> elements): a few templates still set widths that way; see
# docs/adr/0011-content-security-policy.md before tightening it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# Login rate limiting (django-axes): 5 failures for one username from one address lock
# that pair out, and 20 failures from one address over any usernames lock the address out
# (accounts/lockout.py), for 15 minutes after the last failure (HTTP 429, Thai page).
# Behind nginx, TRUSTED_PROXY_COUNT=1 makes the client address the one nginx appended to
# X-Forwarded-For; set without a proxy in front, that header is the client's to forge, so
# production refuses requests without it (otop_site/client_ip.py, docs/deploy.md).
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.AddressLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "otop_site.client_ip.client_ip"
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or more")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envsecret("LOG_LEVEL") or "WARNING"},
}

# Documents: the official Garuda emblem image an office supplies (PNG or SVG, on disk).
# Unset, letters carry a clearly marked placeholder (static/documents/garuda-placeholder.svg).
GARUDA_EMBLEM_PATH = envsecret("GARUDA_EMBLEM_PATH") or ""
