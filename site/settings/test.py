"""Tests: real PostgreSQL (embedded unless DATABASE_URL is set), mail kept in memory."""

from agency_site import embedded_postgres

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_str

DEBUG = False
SECRET_KEY = "django-insecure-tests-only"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

if "default" not in DATABASES:
    DATABASES["default"] = embedded_postgres.database_settings()

# In memory; the browser tests' server process writes files instead
# (EMAIL_BACKEND / EMAIL_FILE_PATH from its environment) for the tests to read.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
# SMS in memory (services.requests.sms.locmem.outbox, emptied before each test).
SMS_BACKEND = env_str("SMS_BACKEND", "services.requests.sms.locmem.SmsBackend")
# Tasks run inline so a test sees their effect without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Rate-limit counts in the database even when REDIS_URL is set: each test's
# transaction is rolled back, and its counts with it.
RATE_LIMIT_STORE = "database"
# Off unless PAGE_CACHE=1: tests that render a page twice want it rendered
# twice. tests/site/test_page_cache.py turns it on for itself.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)

# Static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every page save runs Wagtail's tasks inline; their INFO lines drown a failure's output.
LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}  # noqa: F405
