"""WSGI entry point (gunicorn agency_site.wsgi). Production settings by default."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency_site.settings.production")

application = get_wsgi_application()
