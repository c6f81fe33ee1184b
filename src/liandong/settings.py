"""Settings, read from the environment.

The embedded default is SQLite under ``var/`` and needs no server. ``LIANDONG_ENV=production``
switches on the deployment settings (HTTPS-only cookies, HSTS, a required secret key); see
docs/operations.md for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent


def _default_var_dir() -> Path:
    # A source checkout keeps its data beside the code; an installed package uses the working dir.
    if (SOURCE_ROOT / "pyproject.toml").exists():
        return SOURCE_ROOT / "var"
    return Path.cwd() / "var"


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("LIANDONG_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
VAR_DIR = Path(os.environ.get("LIANDONG_VAR_DIR", _default_var_dir()))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_flag("LIANDONG_DEBUG", default=False)


def _read_or_create_secret(path: Path, nbytes: int) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(nbytes)
    path.write_text(value)
    path.chmod(0o600)
    return value


SECRET_KEY = os.environ.get("LIANDONG_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("LIANDONG_SECRET_KEY must be set when LIANDONG_ENV=production")
    SECRET_KEY = _read_or_create_secret(VAR_DIR / "keys" / "secret_key", 50)

# SM4 key (32 hex digits) that encrypts secrets at rest (TOTP seeds, later ID numbers).
# Kept outside the database: environment or key file.
SM4_KEY_HEX = os.environ.get("LIANDONG_SM4_KEY", "")
if not SM4_KEY_HEX:
    key_file = os.environ.get("LIANDONG_SM4_KEY_FILE")
    if key_file:
        SM4_KEY_HEX = Path(key_file).read_text().strip()
    elif PRODUCTION:
        raise ImproperlyConfigured(
            "LIANDONG_SM4_KEY or LIANDONG_SM4_KEY_FILE must be set when LIANDONG_ENV=production"
        )
    else:
        SM4_KEY_HEX = _read_or_create_secret(VAR_DIR / "keys" / "sm4.key", 16)

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("LIANDONG_ALLOWED_HOSTS", "").split(",") if h.strip()
] or (["localhost", "127.0.0.1", "[::1]"] if not PRODUCTION else [])
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("LIANDONG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
    "liandong.core",
    "liandong.audit",
    "liandong.organizations",
    "liandong.notifications",
    "liandong.documents",
    "liandong.deadlines",
    "liandong.cases",
    "liandong.evidence",
    "liandong.consultations",
    "liandong.assistance",
    "liandong.transfers",
    "liandong.complaints",
    "liandong.sharing",
    "liandong.meetings",
    "liandong.credit",
    "liandong.publicity",
    "liandong.reports",
    "liandong.screening",
    "liandong.procuratorate",
    "liandong.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "liandong.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liandong.organizations.middleware.IdleTimeoutMiddleware",
    "liandong.organizations.middleware.PasswordChangeRequiredMiddleware",
    "liandong.organizations.middleware.ExternalGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "liandong.urls"
WSGI_APPLICATION = "liandong.wsgi.application"

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
                "liandong.core.navigation.context_processor",
            ],
        },
    },
]

# Databases: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so.
SQLITE_PATH = VAR_DIR / "liandong.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Take the write lock when a transaction starts, so concurrent writers queue instead of
        # failing with "database is locked" half-way through an action.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
LOGIN_URL = "organizations:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "organizations:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "liandong.organizations.validators.MinimumLengthValidator"},
    {"NAME": "liandong.organizations.validators.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sessions live in the database so that any web process can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60  # an upper bound; the idle limit is enforced by the middleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
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
MEDIA_ROOT = VAR_DIR / "media"

# Evidence files: content-addressed store, chunked uploads, the SM2 key that signs packages.
EVIDENCE_ROOT = Path(os.environ.get("LIANDONG_EVIDENCE_ROOT", VAR_DIR / "evidence"))
EVIDENCE_MAX_BYTES = int(os.environ.get("LIANDONG_EVIDENCE_MAX_MB", str(10 * 1024))) * 1024 * 1024
EVIDENCE_CHUNK_BYTES = 8 * 1024 * 1024  # the browser sends files in pieces of this size
EVIDENCE_UPLOAD_HOURS = 24  # an upload not finished and filed within this time is dropped
# How often each stored file is re-hashed by the integrity sweep, and how much one run reads.
EVIDENCE_SWEEP_DAYS = int(os.environ.get("LIANDONG_EVIDENCE_SWEEP_DAYS", "7"))
EVIDENCE_SWEEP_BYTES = int(os.environ.get("LIANDONG_EVIDENCE_SWEEP_MB", "2048")) * 1024 * 1024
# SM2 private key (64 hex digits) of this deployment; its public key is printed in every package.
SM2_KEY_HEX = os.environ.get("LIANDONG_SM2_KEY", "")
if not SM2_KEY_HEX:
    key_file = os.environ.get("LIANDONG_SM2_KEY_FILE")
    if key_file:
        SM2_KEY_HEX = Path(key_file).read_text().strip()
    elif PRODUCTION:
        raise ImproperlyConfigured(
            "LIANDONG_SM2_KEY or LIANDONG_SM2_KEY_FILE must be set when LIANDONG_ENV=production"
        )
    else:
        SM2_KEY_HEX = _read_or_create_secret(VAR_DIR / "keys" / "sm2.key", 32)
# Outside production WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Official documents are issued as .docx and .pdf (LibreOffice). In production a server without
# LibreOffice refuses to issue them; elsewhere (a developer's machine, the demo) they are issued
# as .docx alone, and `liandong demo` and `liandong check --deploy` say what to install.
DOCUMENTS_PDF_REQUIRED = env_flag("LIANDONG_DOCUMENTS_PDF_REQUIRED", default=PRODUCTION)

# API lists come in pages of 100 (`?limit=&offset=`); a client may ask for at most 500 at a time,
# so that no request makes the server load a whole table.
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500

# Covering indexes (INCLUDE) serve the figures on PostgreSQL; SQLite builds them without the
# included columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The credit platform that reviewed credit records are pushed to (JSON over HTTP POST); empty:
# not configured, pushes wait (and DRC may confirm records entered on the platform by hand).
CREDIT_PUSH_URL = os.environ.get("LIANDONG_CREDIT_PUSH_URL", "")
CREDIT_PUSH_TOKEN = os.environ.get("LIANDONG_CREDIT_PUSH_TOKEN", "")
CREDIT_PUSH_TIMEOUT = float(os.environ.get("LIANDONG_CREDIT_PUSH_TIMEOUT", "10"))

# Email: SMTP, configured from the environment.
EMAIL_HOST = os.environ.get("LIANDONG_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LIANDONG_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("LIANDONG_EMAIL_FROM", "liandong@localhost")
EMAIL_TIMEOUT = int(os.environ.get("LIANDONG_EMAIL_TIMEOUT", "20"))
EMAIL_HOST_USER = os.environ.get("LIANDONG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LIANDONG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("LIANDONG_EMAIL_TLS", default=False)
# Where emails point people to (the address users open in their browser).
SITE_URL = os.environ.get("LIANDONG_SITE_URL", "http://127.0.0.1:8000")

# Content-Security-Policy: everything from this origin, nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("LIANDONG_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("LIANDONG_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("LIANDONG_HSTS_PRELOAD", default=True)

# Client addresses: trust X-Forwarded-For only when a reverse proxy is declared.
TRUST_X_FORWARDED_FOR = env_flag("LIANDONG_TRUST_X_FORWARDED_FOR", default=PRODUCTION)

TOTP_ISSUER = os.environ.get("LIANDONG_TOTP_ISSUER", "联动执法协作平台")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIANDONG_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
