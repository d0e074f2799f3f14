"""Production: everything from the environment; refuses to start without
the settings that keep it safe (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL)."""

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_int, env_list, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY", "a long random value that is never committed.")
# Earlier keys, newest first, while staff sessions signed with them run out
# (README, "Rotating SECRET_KEY"). E-mailed status and survey links are never
# checked against these: they stop working when the key changes.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
env_required("ALLOWED_HOSTS", "the host names the site answers to, comma-separated.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
env_required("DATABASE_URL", "for example postgres://user:password@host:5432/dbname.")
assert "default" in DATABASES

# Compressed (gzip + Brotli), content-hashed static files served by
# WhiteNoise with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS. Behind a proxy that terminates TLS, it must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health checks are probed over plain HTTP inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# X_FRAME_OPTIONS is SAMEORIGIN rather than DENY on purpose: Wagtail's page
# preview shows the page in a same-origin frame. Everything else in
# `manage.py check --deploy` is satisfied (tested).
SILENCED_SYSTEM_CHECKS = ["security.W019"]
