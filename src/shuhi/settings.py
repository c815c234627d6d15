"""Django settings for shuhi, all from environment variables with defaults that run locally.

Production: set SHUHI_ENV=production (turns DEBUG off and HTTPS hardening on), SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL. See docs/deploy.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from shuhi.email_url import email_settings
from shuhi.paths import data_dir, installation_secret

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("SHUHI_ENV", "development") == "production"
DEBUG = env_bool("SHUHI_DEBUG", default=False)
# A per-installation key kept in the data dir, so a local install never runs on a known key.
SECRET_KEY = os.environ.get("SECRET_KEY") or installation_secret("secret_key").decode()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_q",
    "django_htmx",
    "csp",
    "shuhi.core",
    "shuhi.core.audit",
    "shuhi.accounts",
    "shuhi.jobs",
    "shuhi.ledger",
    "shuhi.suppliers",
    "shuhi.disclosures",
    "shuhi.people",
    "shuhi.training",
    "shuhi.incidents",
    "shuhi.scans",
    "shuhi.reviews",
    "shuhi.notifications",
    "shuhi.risks",
    "shuhi.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every download (Content-Disposition: attachment) is Cache-Control: private, no-store.
    "shuhi.core.downloads.PrivateDownloadMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # PostgreSQL cannot hold NUL in text: such requests get 400 on every database, never a 500.
    "shuhi.core.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shuhi.accounts.middleware.UserLanguageMiddleware",
    "shuhi.accounts.middleware.TwoFactorMiddleware",
    "shuhi.core.audit.middleware.AuditSourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the outcome of authentication for lock-out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shuhi.urls"
WSGI_APPLICATION = "shuhi.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Every template lives in its app (core holds the shell: base.html and includes/).
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "shuhi.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'shuhi.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; busy_timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failures, per account and address, released after a cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("SHUHI_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SHUHI_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shuhi.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("SHUHI_AXES", default=True)

# Idle sessions expire; every request slides the window.
SESSION_COOKIE_AGE = int(os.environ.get("SHUHI_SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "shuhi"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serves files straight from the app folders so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shuhi.core.rest.permissions.IsVerifiedUser"],
    "DEFAULT_PAGINATION_CLASS": "shuhi.core.rest.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "shuhi.core.rest.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("SHUHI_TOKEN_DAYS", "90"))),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "shuhi API",
    "DESCRIPTION": "守秘 — trade-secret protection across the supply chain. Errors always have the shape "
    '{"error": {"code", "message", "fields"}}.',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "shuhi.suppliers.models.Assessment.Status",
        # One name for the ledger's categories wherever a list of them appears (assets, NDA scopes).
        "AssetCategoryEnum": "shuhi.ledger.models.InformationAsset.Category",
        "DisclosureChannelEnum": "shuhi.disclosures.models.Disclosure.Channel",
        "ManagementMessageChannelEnum": "shuhi.people.models_more.ManagementMessage.Channel",
        "ReportCategoryEnum": "shuhi.incidents.models.Report.Category",
        "PrincipleEnum": "shuhi.risks.models.Principle",
        "FollowUpCaseStatusEnum": "shuhi.reviews.models.FollowUpCase.Status",
        "FrameworkKindEnum": "shuhi.suppliers.models.Framework.Kind",
        "ImprovementItemStatusEnum": "shuhi.suppliers.models.ImprovementItem.Status",
        # Also the status of a document scan run, which has the same four values.
        "JobStatusEnum": "shuhi.jobs.models.Job.Status",
        "LogSourceKindEnum": "shuhi.reviews.models.LogSource.Kind",
        "OrganisationKindEnum": "shuhi.core.models.Organisation.Kind",
        "ReminderKindEnum": "shuhi.suppliers.models.Reminder.Kind",
        "ReviewCycleStatusEnum": "shuhi.reviews.models.ReviewCycle.Status",
        "ScanFindingKindEnum": "shuhi.scans.models.ScanFinding.Kind",
        "StorageLocationKindEnum": "shuhi.ledger.models.StorageLocation.Kind",
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
# Jobs run in django-q2's daemonic worker processes, where multiprocessing refuses to start
# children: the document engine forks its scan workers itself (documents/workers.py), and
# tests/test_serve.py runs a scan through this very worker rather than in the test process.
Q_CLUSTER = {
    "name": "shuhi",
    "workers": int(os.environ.get("SHUHI_WORKERS", "1")),
    "timeout": 3600,
    "retry": 3700,
    "max_attempts": 1,
    "catch_up": False,
    "label": _("Background jobs"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
SHUHI_SYNC_JOBS = env_bool("SHUHI_SYNC_JOBS", default=False)

# E-mail: EMAIL_URL (smtp://user:password@host:587, smtps://…:465, file:///path, console://); without
# it, messages are written as files under SHUHI_DATA_DIR/mail/ (see docs/notifications.md).
MAIL_DIR = DATA_DIR / "mail"
globals().update(email_settings(os.environ.get("EMAIL_URL", ""), MAIL_DIR))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shuhi <shuhi@localhost>")
# The address of this installation as its users reach it: e-mails link to pages under it.
SHUHI_BASE_URL = os.environ.get("SHUHI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Content Security Policy: nothing is loaded from outside; htmx and styles are vendored.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

HTTPS = env_bool("SHUHI_HTTPS", default=PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SHUHI_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
