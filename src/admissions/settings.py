"""One settings module for every environment, driven by environment variables.

``ADMISSIONS_ENV=development`` (the default) gives safe defaults for a local run: an
embedded SQLite database under ``var/``, mail printed to the console, files in a private
local folder, tasks in the database. ``ADMISSIONS_ENV=production`` refuses to start with
unsafe values (debug on, a missing or default secret key, no allowed hosts) and turns on
every transport-security setting that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from admissions.config import (
    env_bool,
    env_choice,
    env_datetime,
    env_https_url,
    env_int,
    env_list,
    env_rate,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("ADMISSIONS_ENV", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105  # nosec B105  # refused when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when ADMISSIONS_ENV=production.")
if not DEBUG and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing, the development default, or too weak (under 50 characters or "
        "fewer than 5 different characters), and "
        "DEBUG is off. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, for example "
        "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SCHOOL_NAME = env_str("SCHOOL_NAME", "École d'ingénieurs — Admissions")
SCHOOL_LOGO = env_str("SCHOOL_LOGO", "img/logo.svg")
DEFAULT_TIME_ZONE_FOR_PROGRAMMES = env_str("PROGRAMME_TIME_ZONE", "Europe/Paris")

# --- Privacy notice (portal/views/privacy.py, docs/security.md) -------------------------------
# The notice's version: raise it when the text changes; each account records the version it
# accepted at sign-up and when. The data protection officer's contact is shown on the notice.
PRIVACY_NOTICE_VERSION = env_str("PRIVACY_NOTICE_VERSION", "2026-12")
DPO_NAME = env_str("DPO_NAME", "Data protection officer")
DPO_EMAIL = env_str("DPO_EMAIL", "dpo@example.org")
DPO_POSTAL_ADDRESS = env_str("DPO_POSTAL_ADDRESS", "")
# How long an application's data is kept after its intake ends, in months.
RETENTION_MONTHS_AFTER_INTAKE = env_int("RETENTION_MONTHS_AFTER_INTAKE", 24)
if RETENTION_MONTHS_AFTER_INTAKE < 1:
    raise ImproperlyConfigured(
        "RETENTION_MONTHS_AFTER_INTAKE must be a whole number of at least 1."
    )

# SQLite cannot make "one committee per intake, round and entry level" a constraint when round
# or entry level is empty (NULLS NOT DISTINCT); review.committees.create_committee checks it
# under a row lock, and PostgreSQL enforces it too.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

INSTALLED_APPS = [
    "admissions.accounts.admin_site.AdmissionsAdminConfig",
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
    "django_htmx",
    # django-ninja's templates and static files: the API docs serve its bundled Swagger UI.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "admissions.core",
    "admissions.accounts",
    "admissions.notifications",
    "admissions.catalogue",
    "admissions.applicants",
    "admissions.applications",
    "admissions.documents",
    "admissions.eligibility",
    "admissions.finance",
    "admissions.review",
    "admissions.decisions",
    "admissions.workflows",
    "admissions.reports",
    "admissions.portal",
    "admissions.backoffice",
    "admissions.api",
    "admissions.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "admissions.core.middleware.PermissionsPolicyMiddleware",
    # A view that cannot reach the database answers 503 with Retry-After (core/outage.py).
    "admissions.core.outage.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the request edge, so that its refusals carry the security headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # ?lang=fr: a shared link chooses the language (sets the cookie LocaleMiddleware reads).
    "admissions.core.middleware.LanguageFromQueryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a body (CSRF, the views): oversized, mistyped or hostile requests
    # get the one answer of the table in docs/security.md; after the locale, for its page.
    "admissions.core.edge.RequestEdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "admissions.accounts.middleware.SessionLimitsMiddleware",
    "admissions.accounts.middleware.StaffTwoFactorMiddleware",
    "admissions.core.middleware.DomainNotFoundMiddleware",
    # GET and HEAD pages read the applicant's profile and an intake's rounds once, however
    # many of their parts ask (core/memo.py).
    "admissions.core.memo.RequestMemoMiddleware",
]

ROOT_URLCONF = "admissions.urls"
WSGI_APPLICATION = "admissions.wsgi.application"

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
                "admissions.core.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ folder yet: SQLite creates the file but not its folder.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the worker read while the other writes; IMMEDIATE
    # transactions take the write lock up front so two writers queue instead of failing
    # half-way with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", None)}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions --------------------------------------------------------------------
# Failed sign-ins, password-reset requests, API throttles and the two-factor codes already
# used are counted in the cache. A per-process cache ("local") gives each gunicorn worker its
# own counts, so four workers allow four times the limit and accept one code four times:
# production refuses it and needs a cache every process shares, Redis (REDIS_URL) or the
# database ("database", after `manage.py createcachetable`).
REDIS_URL = env_str("REDIS_URL")
CACHE_BACKEND = env_choice(
    "CACHE_BACKEND", ("redis", "database", "local"), "redis" if REDIS_URL else "local"
)
if CACHE_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured(
        "CACHE_BACKEND=redis needs REDIS_URL, for example redis://127.0.0.1:6379/0."
    )
if PRODUCTION and CACHE_BACKEND == "local":
    raise ImproperlyConfigured(
        "Production needs a cache shared by every process: with a per-process cache each "
        "worker keeps its own count of failed sign-ins and used two-factor codes, so limits "
        "multiply and a code can be replayed. Set REDIS_URL (for example "
        "redis://127.0.0.1:6379/0), or CACHE_BACKEND=database and run "
        "`python manage.py createcachetable` once."
    )
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "admissions_cache",
            # Past this many rows a write first deletes the expired ones, then a third of the
            # rest: high enough that live counters are not culled, low enough that the
            # COUNT(*) each write runs stays cheap.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after-login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", ("mandatory", "optional", "none"), "mandatory"
)
ACCOUNT_UNIQUE_EMAIL = True
# Confirming in the browser one signed up in signs the person in and continues to the page
# they came from (allauth checks that the signing-up person is in the session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "admissions.portal.adapter.AccountAdapter"
# The sign-up form asks the person to accept the privacy notice (portal/forms/accounts.py).
ACCOUNT_SIGNUP_FORM_CLASS = "admissions.portal.forms.accounts.SignupForm"
# How many proxies (load balancer, TLS terminator) stand in front of the site and append the
# client's address to X-Forwarded-For: 0 reads the connection's own address. Production
# assumes one TLS proxy (it already trusts X-Forwarded-Proto). Too few and every person
# shares the proxy's address; too many and a client can choose its own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
# Failed sign-ins: a strict limit per account *and* address together (a stranger's failures
# never lock the owner out from another address, nor another account out from this one), and
# a much higher ceiling per address alone (accounts/limits.py).
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 5)
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = env_int("LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 50)
if (
    min(
        LOGIN_FAILURE_WINDOW_MINUTES,
        LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        LOGIN_FAILURES_PER_ADDRESS,
    )
    < 1
):
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_WINDOW_MINUTES, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS and "
        "LOGIN_FAILURES_PER_ADDRESS must be whole numbers of at least 1."
    )
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOGIN_FAILURES_PER_ADDRESS}/{LOGIN_FAILURE_WINDOW_MINUTES}m/ip,"
        f"{LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS}/{LOGIN_FAILURE_WINDOW_MINUTES}m/key"
    ),
    "signup": "20/h/ip",
    # Password-reset requests: 3 an hour per account and address together ("key"), 20 an
    # hour per address, and (portal.views.accounts) 10 a day to one mailbox, whatever the
    # address, so the reset form cannot flood someone's inbox.
    "reset_password": "20/h/ip,3/h/key",  # nosec B105  # a rate, not a password
    "reset_password_mailbox": "10/d/key",
    "confirm_email": "3/10m/key",
    # Opening a committee invitation's link (backoffice.views.committees.join), per address.
    "committee_join": "30/h/ip",
}
# Sessions (accounts/sessions.py): staff sessions end 12 hours after sign-in and after 30
# minutes without a request; an applicant's after an hour without one, unless they ticked
# "Remember me", which keeps them signed in until REMEMBER_ME_DAYS pass without a visit.
STAFF_SESSION_MAX_AGE_MINUTES = env_int("STAFF_SESSION_MAX_AGE_MINUTES", 12 * 60)
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
APPLICANT_SESSION_IDLE_MINUTES = env_int("APPLICANT_SESSION_IDLE_MINUTES", 60)
REMEMBER_ME_DAYS = env_int("REMEMBER_ME_DAYS", 14)
SESSION_COOKIE_AGE = REMEMBER_ME_DAYS * 24 * 3600
# Sensitive staff actions (refunds, waiver decisions, deferrals, exports of personal data,
# later releasing decisions) need a two-factor code typed within this many minutes
# (accounts/reauthentication.py); allauth's own sensitive pages use the same window.
REAUTHENTICATION_MINUTES = env_int("REAUTHENTICATION_MINUTES", 10)
ACCOUNT_REAUTHENTICATION_TIMEOUT = REAUTHENTICATION_MINUTES * 60
if (
    min(
        STAFF_SESSION_MAX_AGE_MINUTES,
        STAFF_SESSION_IDLE_MINUTES,
        APPLICANT_SESSION_IDLE_MINUTES,
        REMEMBER_ME_DAYS,
        REAUTHENTICATION_MINUTES,
    )
    < 1
):
    raise ImproperlyConfigured(
        "STAFF_SESSION_MAX_AGE_MINUTES, STAFF_SESSION_IDLE_MINUTES, "
        "APPLICANT_SESSION_IDLE_MINUTES, REMEMBER_ME_DAYS and REAUTHENTICATION_MINUTES must be "
        "whole numbers of at least 1."
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SCHOOL_NAME

# --- Études en France -----------------------------------------------------------------------
# Countries of residence covered by Campus France's "Études en France" procedure (ISO 3166
# codes): a non-EEA, non-Swiss, non-Monégasque, non-Andorran applicant living in one of them
# applies through it (applicants/etudes_en_france.py). The list is Campus France's, as
# published on campusfrance.org ("Procédure Études en France") when this was written; it
# changes from year to year, so schools check it each campaign and update it here.
ETUDES_EN_FRANCE_COUNTRIES = [
    "AE",
    "AR",
    "AZ",
    "BF",
    "BI",
    "BJ",
    "BR",
    "CD",
    "CF",
    "CG",
    "CI",
    "CL",
    "CM",
    "CN",
    "CO",
    "DJ",
    "DZ",
    "EG",
    "GA",
    "GE",
    "GH",
    "GN",
    "HT",
    "ID",
    "IN",
    "IR",
    "JP",
    "KE",
    "KM",
    "KR",
    "KW",
    "KZ",
    "LB",
    "MA",
    "MG",
    "ML",
    "MR",
    "MU",
    "MX",
    "MY",
    "NE",
    "NG",
    "PE",
    "PK",
    "RU",
    "SA",
    "SG",
    "SN",
    "SY",
    "TD",
    "TG",
    "TH",
    "TN",
    "TR",
    "TW",
    "UA",
    "US",
    "VN",
]

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

# --- Static and uploaded files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files are private: there is no MEDIA_URL route. They are served only through
# permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
STORAGE_BACKEND = env_choice("STORAGE_BACKEND", ("local", "s3"), "local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
# The request edge (core/edge.py) answers 413 to a body over these, from its Content-Length,
# before anything reads it: JSON and form bodies, and the multipart bodies of the views that
# take files (a document may be up to 100 MB, the most a programme's YAML can set, plus the
# form around it).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 256 * 1024)
UPLOAD_BODY_MAX_BYTES = env_int("UPLOAD_BODY_MAX_BYTES", 101 * 1024 * 1024)
# The fields of a multipart body other than its files.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
# Virus scanning of uploads with clamd (ClamAV): unix:///run/clamav/clamd.ctl or
# tcp://127.0.0.1:3310. Empty: off. When set and clamd does not answer, uploads are refused.
CLAMAV_URL = env_str("CLAMAV_URL", "")
# How long a referee's link to upload a recommendation letter stays valid.
REFEREE_LINK_DAYS = env_int("REFEREE_LINK_DAYS", 21)
# Each referee invitation mails an address the applicant chose: an application sends at most
# this many invitations (new referees and replacements) in any 24 hours, and in all.
REFEREE_INVITATIONS_PER_DAY = env_int("REFEREE_INVITATIONS_PER_DAY", 3)
REFEREE_INVITATIONS_IN_ALL = env_int("REFEREE_INVITATIONS_IN_ALL", 10)
if REFEREE_INVITATIONS_PER_DAY < 1 or REFEREE_INVITATIONS_IN_ALL < 1:
    raise ImproperlyConfigured(
        "REFEREE_INVITATIONS_PER_DAY and REFEREE_INVITATIONS_IN_ALL must be at least 1."
    )

# --- Personal data (workflows/privacy) ---------------------------------------------------------
# Days between an applicant's erasure request (their account is closed at once) and the
# erasure itself, during which an administrator may cancel it.
ERASURE_GRACE_DAYS = env_int("ERASURE_GRACE_DAYS", 30)
# (RETENTION_MONTHS_AFTER_INTAKE, above with the privacy notice, is how long after an intake
# ends, its ``ends_on`` or else a year after classes start, ``manage.py purge_expired`` waits.)
if ERASURE_GRACE_DAYS < 0:
    raise ImproperlyConfigured("ERASURE_GRACE_DAYS must be 0 or more.")

# A fixed "now" for browser tests, whose live server runs in another thread than the test
# (core/clock.py). Production refuses it: a real server's clock never stops.
CLOCK_FROZEN_AT = env_str("CLOCK_FROZEN_AT") or None
if PRODUCTION and CLOCK_FROZEN_AT:
    raise ImproperlyConfigured("CLOCK_FROZEN_AT is for tests and is refused in production.")

# --- Application fees and card payments (owned by finance) ---------------------------------
# The card provider: "simulator" (a provider inside the site, signing its webhooks like the
# real one; the development and demo default), "hosted" (a hosted-checkout provider with
# Stripe Checkout's API and webhook signatures) or "none" (card payments off: bank transfer
# only; the production default until a provider is configured).
PAYMENT_PROVIDER = env_choice(
    "PAYMENT_PROVIDER", ("simulator", "hosted", "none"), "none" if PRODUCTION else "simulator"
)
# The simulator takes no money: production refuses it unless this says it is on purpose
# (a staging site that runs with ADMISSIONS_ENV=production).
PAYMENT_SIMULATOR_ALLOWED = env_bool("PAYMENT_SIMULATOR_ALLOWED", False)
if PRODUCTION and PAYMENT_PROVIDER == "simulator" and not PAYMENT_SIMULATOR_ALLOWED:
    raise ImproperlyConfigured(
        "PAYMENT_PROVIDER=simulator takes no real money and is refused in production. Set "
        "PAYMENT_PROVIDER=hosted (or none), or PAYMENT_SIMULATOR_ALLOWED=true on a staging site."
    )
DEVELOPMENT_PAYMENT_WEBHOOK_SECRET = "development-only-payment-webhook-secret"  # noqa: S105  # nosec B105  # refused in production
# The secret webhooks are signed with (HMAC-SHA256); the provider's dashboard shows it.
PAYMENT_WEBHOOK_SECRET = env_str("PAYMENT_WEBHOOK_SECRET") or (
    "" if PRODUCTION else DEVELOPMENT_PAYMENT_WEBHOOK_SECRET
)
if (
    PRODUCTION
    and PAYMENT_PROVIDER != "none"
    and (
        PAYMENT_WEBHOOK_SECRET == DEVELOPMENT_PAYMENT_WEBHOOK_SECRET
        or len(PAYMENT_WEBHOOK_SECRET) < 24
    )
):
    raise ImproperlyConfigured(
        "PAYMENT_WEBHOOK_SECRET is missing, the development default, or under 24 characters, "
        f"and PAYMENT_PROVIDER={PAYMENT_PROVIDER}. Set PAYMENT_WEBHOOK_SECRET (or "
        "PAYMENT_WEBHOOK_SECRET_FILE) to the signing secret of the provider's webhook endpoint."
    )
# Anyone can post to the webhook endpoint: per source address, at most this many posts, and
# far fewer that we refuse (unsigned or badly signed: a real provider never sends one). Over
# either, the answer is 429 with Retry-After, which a provider honours by retrying later.
# (Per address: read through TRUSTED_PROXY_COUNT proxies, set with the sign-in limits above.)
PAYMENT_WEBHOOK_RATE = env_rate("PAYMENT_WEBHOOK_RATE", "300/min")
PAYMENT_WEBHOOK_REJECTED_RATE = env_rate("PAYMENT_WEBHOOK_REJECTED_RATE", "10/min")
# The staff API's tokens (api/auth.py): calls per token, token calls per address, and
# unknown, expired or revoked tokens per address (so that secrets cannot be guessed). Over
# any: 429 with Retry-After. Counted in the shared cache, like the sign-in limits.
API_TOKEN_RATE = env_rate("API_TOKEN_RATE", "600/min")
API_ADDRESS_RATE = env_rate("API_ADDRESS_RATE", "1200/min")
API_TOKEN_FAILURE_RATE = env_rate("API_TOKEN_FAILURE_RATE", "20/min")
# The hosted provider's API (Stripe Checkout's shape) and its secret key.
# The API key travels with every call: https only (http to localhost outside production).
PAYMENT_API_URL = env_https_url("PAYMENT_API_URL", "https://api.stripe.com", production=PRODUCTION)
PAYMENT_API_KEY = env_str("PAYMENT_API_KEY", "")
if PRODUCTION and PAYMENT_PROVIDER == "hosted" and not PAYMENT_API_KEY:
    raise ImproperlyConfigured(
        "PAYMENT_PROVIDER=hosted needs PAYMENT_API_KEY (or PAYMENT_API_KEY_FILE): the "
        "provider's secret API key."
    )
# Where applicants send a bank transfer of the fee (shown with the fee's creditor reference).
# The defaults are the standard example IBAN: a demo shows them, a school sets its own.
FEE_BANK_IBAN = env_str("FEE_BANK_IBAN") or "FR76 3000 6000 0112 3456 7890 189"
FEE_BANK_BIC = env_str("FEE_BANK_BIC") or "BNPAFRPPXXX"
FEE_BANK_HOLDER = env_str("FEE_BANK_HOLDER") or SCHOOL_NAME

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[
    # Outside production (the demo, a laptop) mail goes to files under var/mail/, one per
    # message, where a person can read it: printed to the console, the demo's mail buried
    # the address and the logins under thousands of lines.
    env_choice(
        "EMAIL_BACKEND", ("console", "smtp", "file", "locmem"), "smtp" if PRODUCTION else "file"
    )
]
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH") or VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "admissions@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Reporting vulnerabilities: /.well-known/security.txt (RFC 9116) and SECURITY.md ---------
# Where researchers report a vulnerability: URIs (mailto:, https:, tel:), comma-separated.
SECURITY_CONTACTS = env_list(
    "SECURITY_CONTACT",
    [
        "mailto:security@"
        + (parseaddr(DEFAULT_FROM_EMAIL or "")[1].rpartition("@")[2] or "example.org")
    ],
)
if not all(c.startswith(("mailto:", "https://", "tel:")) for c in SECURITY_CONTACTS):
    raise ImproperlyConfigured(
        f"SECURITY_CONTACT={','.join(SECURITY_CONTACTS)!r} must list URIs: "
        "mailto:security@your-school.example, https://… or tel:…, separated by commas."
    )
# The file's expiry (ISO 8601 date and time with its offset). Empty: a year after each read.
SECURITY_TXT_EXPIRES = env_datetime("SECURITY_TXT_EXPIRES")
# The school's disclosure policy, when it publishes one.
SECURITY_POLICY_URL = env_str("SECURITY_POLICY_URL", "")

# --- Background tasks ----------------------------------------------------------------------
# Django's tasks API (django-tasks backport; built into Django 6). The database backend
# ("database", the default) needs nothing extra and lets workers on several machines share
# one PostgreSQL queue. "rq" puts the queues on Redis (django-tasks-rq, on RQ): the production
# choice when many workers consume them, each started with `manage.py rqworker --job-class
# django_tasks_rq.Job default mail documents`. Neither schedules periodic work: `manage.py
# tick`, run by a scheduler, does.
TASKS_BACKEND = env_choice("TASKS_BACKEND", ("database", "rq", "immediate"), "database")
TASK_QUEUES = ["default", "mail", "documents"]
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured(
        "TASKS_BACKEND=rq needs REDIS_URL, for example redis://127.0.0.1:6379/0."
    )
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": TASK_QUEUES,
    }
}
# The RQ queues (read only with TASKS_BACKEND=rq), on the Redis of REDIS_URL. A job may run
# for up to RQ_JOB_TIMEOUT seconds (a merged PDF of a large file is the longest).
RQ_JOB_TIMEOUT = env_int("RQ_JOB_TIMEOUT", 600)
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT}
    for name in TASK_QUEUES
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive alone changes nothing until the domain is submitted to the list.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

from csp.constants import NONE, SELF  # noqa: E402

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
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Browser features no page uses, turned off for every response (an empty list: no origin may
# use it); see core.middleware.PermissionsPolicyMiddleware.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Notifications (owned by notifications) ---
# Outbox delivery: a failed send is retried after base * 2**(attempts - 1) seconds (capped,
# with a little jitter), and dead-lettered after OUTBOX_MAX_ATTEMPTS failures.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_BACKOFF_BASE_SECONDS = env_int("OUTBOX_BACKOFF_BASE_SECONDS", 60)
OUTBOX_BACKOFF_MAX_SECONDS = env_int("OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 200)
# A claimed message not yet being sent is released after this long (its worker died).
OUTBOX_CLAIM_LEASE_SECONDS = env_int("OUTBOX_CLAIM_LEASE_SECONDS", 300)
# A message still "sending" after this long is marked "uncertain", never resent blindly.
OUTBOX_SENDING_LEASE_SECONDS = env_int("OUTBOX_SENDING_LEASE_SECONDS", 900)
# Local hour (TIME_ZONE) from which each staff member's daily digest goes out.
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)
_reminder_days = env_list("REMINDER_DAYS_BEFORE_DEADLINE", ["7", "1"])
try:
    REMINDER_DAYS_BEFORE_DEADLINE = sorted({int(day) for day in _reminder_days}, reverse=True)
except ValueError as _exc:
    raise ImproperlyConfigured(
        f"REMINDER_DAYS_BEFORE_DEADLINE={','.join(_reminder_days)!r} must list whole numbers of "
        "days separated by commas, for example 7,1."
    ) from _exc
if any(day <= 0 for day in REMINDER_DAYS_BEFORE_DEADLINE):
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE_DEADLINE must list positive numbers of days.")
# Days after a referee's invitation when a referee who has not answered is reminded (empty: never).
_referee_reminder_days = env_list("REFEREE_REMINDER_DAYS", ["7", "14"])
try:
    REFEREE_REMINDER_DAYS = sorted({int(day) for day in _referee_reminder_days})
except ValueError as _exc:
    raise ImproperlyConfigured(
        f"REFEREE_REMINDER_DAYS={','.join(_referee_reminder_days)!r} must list whole numbers of "
        "days separated by commas, for example 7,14."
    ) from _exc
if any(day <= 0 for day in REFEREE_REMINDER_DAYS):
    raise ImproperlyConfigured("REFEREE_REMINDER_DAYS must list positive numbers of days.")
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 12)
WEBHOOK_BACKOFF_BASE_SECONDS = env_int("WEBHOOK_BACKOFF_BASE_SECONDS", 30)
WEBHOOK_BACKOFF_MAX_SECONDS = env_int("WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)
