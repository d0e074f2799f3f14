"""Development: `make run`. Embedded PostgreSQL unless DATABASE_URL is set."""

from agency_site import embedded_postgres

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_list, env_str

DEBUG = True
# Not a secret: only ever used on a developer's own machine.
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]

if "default" not in DATABASES:
    DATABASES["default"] = embedded_postgres.database_settings()

# Mail is printed to the console unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMS too, unless SMS_BACKEND says otherwise.
SMS_BACKEND = env_str("SMS_BACKEND", "services.requests.sms.console.SmsBackend")

# No page cache unless PAGE_CACHE=1: a changed template shows on the next reload.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)

# Static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
